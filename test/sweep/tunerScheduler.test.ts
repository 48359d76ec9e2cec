/**
 * Adaptive sweeps with real worker processes and a real database file: TPE with ASHA
 * prunes at rungs and keeps every trial index once, the same seed proposes the same
 * trials, a budget stops the search, a conditional architecture grid builds its layers,
 * and the GP runs end to end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src-main/store/store';
import type { RunRecord } from '../../src-main/store/types';
import { validateSweepConfig, type SweepConfigInput } from '../../src-main/sweep/configSchema';
import { SweepScheduler, type SchedulerEvent } from '../../src-main/sweep/scheduler';
import { createSweep, prepareResume } from '../../src-main/sweep/sweepService';
import { processIdentity } from '../../src-main/store/liveness';
import { forkWorker } from '../../src-main/sweep/workerLauncher';

let dir: string;
let store: Store;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sweeplab-tuner-'));
  store = openStore(path.join(dir, 't.db'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const LR = { min: 0.001, max: 0.3, scale: 'log' } as const;
const HIDDEN = { min: 2, max: 64, scale: 'log', integer: true } as const;

/** Records an Iris sweep (105 training rows / 16 = 7 steps an epoch) and returns its id. */
function sweepOf(search: SweepConfigInput['search'], epochs: number, name = 'tuner'): { sweepId: number; trials: number } {
  const r = validateSweepConfig({ name, dataset: { name: 'iris' }, model: { hidden: [8] }, train: { epochs, batchSize: 16, lr: 0.05 }, search });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  const { sweep, trials } = createSweep(store, r.config);
  return { sweepId: sweep.id, trials };
}

async function run(sweepId: number, concurrency: number) {
  const scheduler = new SweepScheduler(store, forkWorker, { artifactsDir: store.artifactsDir });
  const events: SchedulerEvent[] = [];
  scheduler.on((e) => events.push(e));
  const counts = await scheduler.runSweep(sweepId, concurrency);
  return { counts, events };
}

/** Per run id and metric key: the steps recorded. */
function stepsOf(runs: RunRecord[], keys: string[]): Map<string, number[]> {
  return new Map(store.metrics.series(runs.map((r) => r.id), keys).map((s) => [`${s.runId}/${s.key}`, s.steps]));
}

const byIndex = (runs: RunRecord[]) => [...runs].sort((a, b) => a.trialIndex - b.trialIndex);

describe('tpe with an ASHA pruner', () => {
  it('proposes each trial index once, prunes at rungs and keeps the pruned curves up to there', async () => {
    const trials = 14;
    const { sweepId } = sweepOf(
      { strategy: 'tpe', trials, seed: 3, metric: 'val_loss', params: { 'train.lr': LR, 'model.hidden': HIDDEN }, pruner: { type: 'asha', minEpochs: 3, reductionFactor: 3 } },
      27,
    );
    const { counts, events } = await run(sweepId, 2);

    const runs = store.runs.list({ sweepId, includeSuperseded: true });
    expect(runs.map((r) => r.trialIndex).sort((a, b) => a - b)).toEqual(Array.from({ length: trials }, (_, i) => i));
    expect(runs.every((r) => r.attempt === 1)).toBe(true);
    const pruned = runs.filter((r) => r.status === 'pruned');
    const completed = runs.filter((r) => r.status === 'completed');
    expect(pruned.length).toBeGreaterThan(0);
    expect(completed.length).toBeGreaterThan(0);
    expect(pruned.length + completed.length).toBe(trials);
    expect(counts).toEqual({ completed: completed.length, pruned: pruned.length, failed: 0, cancelled: 0 });
    expect(store.sweeps.get(sweepId)?.status).toBe('completed');

    const steps = stepsOf(runs, ['val_acc', 'val_loss', 'epoch_seconds', 'test_acc']);
    for (const r of pruned) {
      expect(r.errorCode).toBe('PRUNED');
      const m = /^stopped at epoch (\d+): val_loss \S+ is not in the top \d+ of \d+ runs at rung (\d+)/.exec(r.error ?? '');
      expect(m, `the reason of run ${r.id}: ${r.error}`).not.toBeNull();
      const epoch = Number(m![1]);
      expect(Number(m![2])).toBe(epoch);
      expect([3, 9]).toContain(epoch); // rungs below the last epoch
      // Trained up to the rung and not one epoch more; no test figures.
      expect(steps.get(`${r.id}/val_acc`)).toEqual(Array.from({ length: epoch }, (_, i) => i + 1));
      expect(steps.get(`${r.id}/val_loss`)?.at(-1)).toBe(epoch);
      expect(steps.get(`${r.id}/epoch_seconds`)).toHaveLength(epoch);
      expect(steps.get(`${r.id}/test_acc`) ?? []).toEqual([]);
      expect(r.metrics.test_acc).toBeUndefined();
    }
    for (const r of completed) {
      expect(steps.get(`${r.id}/val_acc`)).toHaveLength(27);
      expect(steps.get(`${r.id}/test_acc`)).toEqual([27]);
      expect(r.metrics.test_acc).toEqual(expect.any(Number));
    }
    const finished = events.filter((e) => e.type === 'run-finished');
    expect(finished).toHaveLength(trials);
    for (const e of finished) if (e.status === 'pruned') expect(e).toMatchObject({ errorCode: 'PRUNED', error: expect.stringMatching(/at rung/) });
    expect(events.at(-1)).toMatchObject({ type: 'sweep-finished', status: 'completed', counts });
  });
});

describe('tpe determinism', () => {
  it('the same search seed proposes the same trials in the same order; another seed does not', async () => {
    // 12 trials: past TPE's 10 random start-up trials, so the last ones come from its model.
    const search = (seed: number) => ({ strategy: 'tpe', trials: 12, seed, params: { 'train.lr': LR, 'model.hidden': HIDDEN } }) as const;
    const paramsOf = async (seed: number, name: string) => {
      const { sweepId } = sweepOf(search(seed), 4, name);
      const { events } = await run(sweepId, 1);
      // Running out of trials is the normal end: nothing "stopped early".
      expect(events.at(-1)).toMatchObject({ type: 'sweep-finished', status: 'completed' });
      expect(events.at(-1)).not.toHaveProperty('note');
      return byIndex(store.runs.list({ sweepId })).map((r) => ({ index: r.trialIndex, status: r.status, params: r.params }));
    };
    const a = await paramsOf(5, 'a');
    const b = await paramsOf(5, 'b');
    const c = await paramsOf(6, 'c');
    expect(a).toHaveLength(12);
    expect(a.every((t) => t.status === 'completed')).toBe(true);
    expect(b).toEqual(a);
    expect(c.map((t) => t.params)).not.toEqual(a.map((t) => t.params));
    expect(c[0].params).not.toEqual(a[0].params);
  });
});

describe('a budget', () => {
  it('of epochs stops a tpe search: enough epochs trained, fewer trials than asked, said so', async () => {
    const { sweepId } = sweepOf({ strategy: 'tpe', trials: 20, params: { 'train.lr': LR }, budget: { epochs: 12 } }, 5);
    const { counts, events } = await run(sweepId, 1);
    const runs = store.runs.list({ sweepId });
    const trained = store.metrics.series(runs.map((r) => r.id), ['epoch_seconds']).reduce((n, s) => n + s.steps.length, 0);
    expect(trained).toBeGreaterThanOrEqual(12);
    // One lane: trials of 5 epochs until 12 are spent, and not one more.
    expect(runs).toHaveLength(3);
    expect(trained).toBe(15);
    expect(runs.every((r) => r.status === 'completed')).toBe(true);
    expect(counts).toEqual({ completed: 3, pruned: 0, failed: 0, cancelled: 0 });
    expect(store.sweeps.get(sweepId)?.status).toBe('completed');
    expect(events.at(-1)).toMatchObject({ type: 'sweep-finished', status: 'completed', note: 'stopped early: the budget of 12 epochs is spent (15 trained)' });
  });

  it("of epochs leaves a grid's untried trials cancelled with BUDGET", async () => {
    const { sweepId, trials } = sweepOf({ params: { 'train.seed': [1, 2, 3, 4, 5, 6] }, budget: { epochs: 8 } }, 5);
    expect(trials).toBe(6);
    const { counts, events } = await run(sweepId, 1);
    const runs = byIndex(store.runs.list({ sweepId }));
    expect(runs.map((r) => r.status)).toEqual(['completed', 'completed', 'cancelled', 'cancelled', 'cancelled', 'cancelled']);
    for (const r of runs.slice(2)) {
      expect(r.errorCode).toBe('BUDGET');
      expect(r.error).toBe('not started: the budget of 8 epochs is spent (10 trained)');
      expect(r.startedAt).toBeNull();
    }
    expect(counts).toEqual({ completed: 2, pruned: 0, failed: 0, cancelled: 4 });
    expect(store.sweeps.get(sweepId)?.status).toBe('completed');
    expect(events.at(-1)).toMatchObject({ type: 'sweep-finished', note: expect.stringMatching(/^stopped early: the budget of 8 epochs/) });
    // A spent budget stays spent: resuming queues nothing, and adds no empty attempts.
    expect(prepareResume(store, String(sweepId)).queued).toBe(0);
    store.sweeps.release(sweepId, processIdentity());
    expect(store.runs.list({ sweepId, includeSuperseded: true })).toHaveLength(6);
  });
});

describe('a conditional architecture grid', () => {
  it('depth [1, 2] × width.1 [4, 8] × width.2 [16] is 2 + 2 trials with the layers they say', async () => {
    const { sweepId, trials } = sweepOf({ params: { 'model.depth': [1, 2], 'model.width.1': [4, 8], 'model.width.2': [16] } }, 2);
    expect(trials).toBe(4);
    const queued = byIndex(store.runs.list({ sweepId }));
    expect(queued.map((r) => r.params)).toEqual([
      { 'model.depth': 1, 'model.width.1': 4 },
      { 'model.depth': 1, 'model.width.1': 8 },
      { 'model.depth': 2, 'model.width.1': 4, 'model.width.2': 16 },
      { 'model.depth': 2, 'model.width.1': 8, 'model.width.2': 16 },
    ]);
    expect(queued.map((r) => r.config.model.hidden)).toEqual([[4], [8], [4, 16], [8, 16]]);

    const { counts } = await run(sweepId, 2);
    expect(counts.completed).toBe(4);
    const runs = byIndex(store.runs.list({ sweepId }));
    expect(runs.every((r) => r.status === 'completed' && r.metrics.test_acc !== undefined)).toBe(true);
    // The workers trained what the configs said: each saved net is bigger than the one before
    // (4 features → hidden → 3 classes: 35, 67, 151, 235 weights and biases).
    const weights = runs.map((r) => store.artifacts.list(r.id).find((a) => a.kind === 'weights')?.bytes ?? 0);
    expect(weights[0]).toBeGreaterThan(0);
    for (let i = 1; i < weights.length; i++) expect(weights[i]).toBeGreaterThan(weights[i - 1]);
  });
});

describe('bayes', () => {
  it('runs a GP search end to end, past its random start-up trials', async () => {
    const { sweepId, trials } = sweepOf({ strategy: 'bayes', trials: 12, seed: 1, params: { 'train.lr': LR, 'train.momentum': { min: 0, max: 0.95 } } }, 3);
    expect(trials).toBe(12);
    expect(store.runs.list({ sweepId })).toEqual([]); // nothing is known before it runs
    const { counts } = await run(sweepId, 2);
    expect(counts).toEqual({ completed: 12, pruned: 0, failed: 0, cancelled: 0 });
    const runs = byIndex(store.runs.list({ sweepId }));
    expect(runs.map((r) => r.trialIndex)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    for (const r of runs) {
      const lr = r.params['train.lr'] as number;
      const momentum = r.params['train.momentum'] as number;
      expect(lr).toBeGreaterThanOrEqual(0.001);
      expect(lr).toBeLessThanOrEqual(0.3);
      expect(momentum).toBeGreaterThanOrEqual(0);
      expect(momentum).toBeLessThanOrEqual(0.95);
      expect(r.config.train.lr).toBe(lr);
      expect(r.config.train.momentum).toBe(momentum);
    }
    expect(new Set(runs.map((r) => r.params['train.lr'])).size).toBe(12);
  });
});
