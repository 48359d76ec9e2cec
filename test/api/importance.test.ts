/**
 * `importance` through the real services on a real database: a random search written
 * straight into the store, whose validation accuracy only the learning rate moves (a
 * swept seed does not matter), with some trials pruned and some not finished; the
 * answer ranks lr first with most of the variance, counts only finished trials, and
 * checks its input.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportanceReport } from '../../src-main/api/contract';
import { createRng } from '../../src-main/engine/random';
import { validateSweepConfig, type TrialConfig } from '../../src-main/sweep/configSchema';
import { expandTrials } from '../../src-main/sweep/searchSpace';
import { ENV, tempStore } from '../store/helpers';
import { call, failure, openServices, tempDir } from './helpers';

const dirs: { cleanup(): void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));

describe('importance (API)', () => {
  it('ranks the learning rate first in a random search where only it matters', async () => {
    const t = tempDir();
    dirs.push(t);
    const v = validateSweepConfig({
      name: 'lr-only',
      dataset: { name: 'iris' },
      model: { hidden: [8] },
      train: { epochs: 6, batchSize: 16, lr: 0.05 },
      search: { strategy: 'random', trials: 64, seed: 3, params: { 'train.lr': { min: 1e-4, max: 1, scale: 'log' }, 'train.seed': [0, 1, 2, 3, 4] } },
    });
    if (!v.ok) throw new Error(JSON.stringify(v.issues));
    const store = tempStore({}, path.join(t.dir, 'sweeplab.db'));
    const sweep = store.sweeps.create({ name: 'lr-only', config: v.config });
    const trials = expandTrials(v.config);
    const runs = store.runs.createQueued(sweep.id, trials.map((tr) => ({ trialIndex: tr.index, params: tr.params, config: tr.config as TrialConfig, seed: tr.index })));
    const noise = createRng(9);
    runs.forEach((run, i) => {
      if (i >= 62) return; // two still queued
      const lr = trials[i].params['train.lr'] as number;
      const peak = 0.95 - 0.08 * (Math.log10(lr) + 2) ** 2;
      const pruned = i % 7 === 0;
      const epochs = pruned ? 2 : 6;
      store.runs.start(run.id, ENV);
      store.metrics.append(run.id, Array.from({ length: epochs }, (_, e) => ({ key: 'val_acc', step: e + 1, value: peak - 0.02 * (6 - e) + 0.002 * noise.normal(), time: e })));
      store.runs.finish(run.id, pruned ? 'pruned' : 'completed', pruned ? 'stopped early' : undefined);
    });
    store.close();

    const s = openServices(t.dir, { watchMs: 0 });
    try {
      const r = await call<ImportanceReport>(s, 'importance', { sweepId: sweep.id });
      expect(r.finished).toBe(62);
      expect(r.trials).toHaveLength(64);
      expect(r.trials.filter((x) => x.status === 'pruned')).toHaveLength(9);
      expect(r.importance!.map((x) => x.key)).toEqual(['train.lr', 'train.seed']);
      const total = r.importance!.reduce((sum, x) => sum + x.importance!, 0);
      expect(r.importance![0].importance! / total).toBeGreaterThan(0.5);
      expect(r.importance![0].importance!).toBeGreaterThan(0.6);
      // Asked again with nothing changed: the same answer.
      expect(await call<ImportanceReport>(s, 'importance', { sweepId: sweep.id })).toEqual(r);
      expect(await failure(s, 'importance', { sweepId: 0 })).toMatchObject({ code: 'BAD_INPUT' });
      expect(await failure(s, 'importance', { sweepId: 999 })).toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      await s.close?.();
    }
  });
});
