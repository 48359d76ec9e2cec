/**
 * The Tuner panel's data: each trial's best objective and the best so far, the pruner's
 * rungs (ASHA's and Hyperband's per bracket), and the budget spent — from hand-made
 * histories (pure) and from a real store through loadSearchHistory and the API.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { TunerView } from '../../src-main/api/contract';
import { bestOf, loadTunerView, tunerView } from '../../src-main/api/tunerView';
import type { Store } from '../../src-main/store/store';
import { runRecord } from '../store/records';
import type { RunRecord, RunStatus } from '../../src-main/store/types';
import { validateSweepConfig, type SweepConfig, type TrialConfig } from '../../src-main/sweep/configSchema';
import type { SearchHistory } from '../../src-main/sweep/tuner';
import { ENV, tempStore } from '../store/helpers';
import { call, failure, openServices, tempDir } from './helpers';

function config(search: Record<string, unknown>, epochs = 27): SweepConfig {
  const r = validateSweepConfig({
    name: 'tuned',
    dataset: { name: 'iris' },
    model: { hidden: [8] },
    train: { epochs, batchSize: 16, lr: 0.05 },
    search: { strategy: 'tpe', trials: 20, params: { 'train.lr': { min: 0.001, max: 0.3, scale: 'log' } }, ...search },
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.config;
}

let nextId = 1;
/** A run record with only what the view reads filled in meaningfully: no times unless given. */
function run(over: Partial<RunRecord> & { trialIndex: number; status: RunStatus }): RunRecord {
  return runRecord({ id: nextId++, startedAt: null, finishedAt: null, params: { 'train.lr': 0.01 * (over.trialIndex + 1) }, ...over });
}

/** A history from runs and their objective curves (epochs trained = the curve's length unless given). */
function history(entries: { run: RunRecord; values: (number | null)[]; epochs?: number; lastEpochAt?: number }[]): SearchHistory {
  return {
    runs: entries.map((e) => e.run),
    objective: new Map(entries.map((e) => [e.run.id, e.values])),
    epochs: new Map(entries.map((e) => [e.run.id, e.epochs ?? e.values.length])),
    lastEpochAt: new Map(entries.flatMap((e) => (e.lastEpochAt === undefined ? [] : [[e.run.id, e.lastEpochAt] as const]))),
  };
}

describe('tunerView (pure)', () => {
  it('takes each trial’s best epoch, and the best so far over finished trials only, by trial index', () => {
    const h = history([
      { run: run({ trialIndex: 2, status: 'completed' }), values: [0.5, 0.93, 0.9] },
      { run: run({ trialIndex: 0, status: 'completed' }), values: [0.6, 0.8, 0.7] },
      { run: run({ trialIndex: 1, status: 'pruned', error: 'stopped at epoch 1: val_acc 0.85 …' }), values: [0.85] },
      { run: run({ trialIndex: 3, status: 'failed' }), values: [0.99] },
      { run: run({ trialIndex: 4, status: 'running' }), values: [0.97] },
      { run: run({ trialIndex: 5, status: 'queued' }), values: [] },
    ]);
    const v = tunerView(1, config({}), h);
    expect(v.trials.map((t) => t.trialIndex)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(v.trials.map((t) => t.value)).toEqual([0.8, 0.85, 0.93, 0.99, 0.97, null]);
    // A pruned trial's early best counts; a failed or unfinished one never does.
    expect(v.trials.map((t) => t.bestSoFar)).toEqual([0.8, 0.85, 0.93, 0.93, 0.93, 0.93]);
    expect(v.trials[1].note).toMatch(/^stopped at epoch 1/);
    expect(v.trials[0].note).toBeNull();
    expect(v.objective).toEqual({ metric: 'val_acc', direction: 'maximize' });
    expect(v.strategy).toBe('tpe');
  });

  it('minimises val_loss, skips NaN epochs, and keeps only the latest attempt of a trial', () => {
    const first = run({ trialIndex: 0, status: 'interrupted', attempt: 1 });
    const h = history([
      { run: first, values: [0.2] },
      { run: run({ trialIndex: 0, status: 'completed', attempt: 2 }), values: [0.9, null, 0.4, 0.5] },
      { run: run({ trialIndex: 1, status: 'completed' }), values: [0.7, 0.6] },
    ]);
    const v = tunerView(1, config({ metric: 'val_loss' }), h);
    expect(v.objective.direction).toBe('minimize');
    expect(v.trials).toHaveLength(2);
    expect(v.trials[0].runId).not.toBe(first.id);
    expect(v.trials.map((t) => [t.value, t.bestSoFar])).toEqual([
      [0.4, 0.4],
      [0.6, 0.4],
    ]);
    // Every attempt's epochs count against the budget.
    expect(v.spent.epochs).toBe(1 + 4 + 2);
    expect(bestOf([null, Number.NaN], 'maximize')).toBeNull();
  });

  it('has ASHA’s rungs (1, 3, 27 → 1, 3, 9, 27), none for the median rule or no pruner', () => {
    expect(tunerView(1, config({ pruner: { type: 'asha', minEpochs: 1, reductionFactor: 3 } }), history([]))).toMatchObject({
      pruner: { type: 'asha', minEpochs: 1, reductionFactor: 3 },
      rungs: [1, 3, 9, 27],
      maxEpochs: 27,
    });
    const median = tunerView(1, config({ pruner: { type: 'median' } }), history([]));
    expect([median.pruner, median.rungs, median.brackets]).toEqual([{ type: 'median' }, [], undefined]);
    const grid = tunerView(1, config({ strategy: 'grid', trials: undefined, params: { 'train.lr': [0.01, 0.1] } }, 5), history([run({ trialIndex: 0, status: 'completed' })].map((r) => ({ run: r, values: [0.5] }))));
    expect(grid).toMatchObject({ strategy: 'grid', pruner: null, rungs: [], budget: null, maxEpochs: 5 });
    expect(grid.trials[0]).toMatchObject({ value: 0.5, bestSoFar: 0.5 });
    expect(grid.trials[0].bracket).toBeUndefined();
  });

  it('has Hyperband’s rungs per bracket, and puts each trial in its bracket', () => {
    const h = history(Array.from({ length: 6 }, (_, i) => ({ run: run({ trialIndex: i, status: 'completed' }), values: [0.5] })));
    const v = tunerView(1, config({ pruner: { type: 'hyperband', minEpochs: 1, reductionFactor: 3 } }), h);
    expect(v.brackets).toEqual([
      { bracket: 0, rungs: [1, 3, 9, 27] },
      { bracket: 1, rungs: [3, 9, 27] },
      { bracket: 2, rungs: [9, 27] },
      { bracket: 3, rungs: [27] },
    ]);
    expect(v.rungs).toEqual([1, 3, 9, 27]);
    // Bracket 0 weighs most (⌈4·27/4⌉ = 27 of 27 + 12 + 6 + 4), so trial 0 lands there.
    expect(v.trials[0].bracket).toBe(0);
    expect(v.trials.every((t) => typeof t.bracket === 'number' && t.bracket >= 0 && t.bracket <= 3)).toBe(true);
  });

  it('counts the minutes spent as the union of the runs’ spans, a running one up to now', () => {
    const minute = 60_000;
    const h = history([
      { run: run({ trialIndex: 0, status: 'completed', startedAt: 0, finishedAt: 2 * minute }), values: [0.5] },
      // Overlaps the first: only the minute past it counts.
      { run: run({ trialIndex: 1, status: 'pruned', startedAt: minute, finishedAt: 3 * minute }), values: [0.4] },
      // After a gap, still running at `now`.
      { run: run({ trialIndex: 2, status: 'running', startedAt: 10 * minute, finishedAt: null }), values: [] },
      // Interrupted: it trained until its last epoch ended, not until the crash was noticed.
      { run: run({ trialIndex: 3, status: 'interrupted', startedAt: 4 * minute, finishedAt: 50 * minute }), values: [0.3], lastEpochAt: 5 * minute },
    ]);
    const v = tunerView(1, config({ budget: { minutes: 30, epochs: 500 } }), h, 12 * minute);
    expect(v.spent.minutes).toBeCloseTo(3 + 2 + 1);
    expect(v.budget).toEqual({ minutes: 30, epochs: 500 });
  });
});

describe('loadTunerView (store)', () => {
  const dirs: { cleanup(): void }[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));

  /** Runs a queued trial through the store: an objective point and an epoch_seconds per epoch, then its end. */
  function train(store: Store, runId: number, valAcc: number[], status: 'completed' | 'pruned' | 'failed', reason?: string) {
    store.runs.start(runId, ENV);
    store.metrics.append(
      runId,
      valAcc.flatMap((value, e) => [
        { key: 'val_acc', step: e + 1, value, time: e },
        { key: 'epoch_seconds', step: e + 1, value: 1, time: e },
      ]),
    );
    store.runs.finish(runId, status, reason);
  }

  it('reads every trial’s curve and epochs from the store', () => {
    let clock = 1_000;
    const store = tempStore({ now: () => clock });
    const cfg = config({ pruner: { type: 'asha', minEpochs: 1, reductionFactor: 3 }, budget: { epochs: 100 } }, 9);
    const sweep = store.sweeps.create({ name: 'tuned', config: cfg });
    const { search: _s, concurrency: _c, ...trial } = cfg;
    const runs = store.runs.createQueued(
      sweep.id,
      [0.01, 0.1, 0.05].map((lr, i) => ({ trialIndex: i, params: { 'train.lr': lr }, config: { ...trial, train: { ...trial.train, lr } } as TrialConfig, seed: i })),
    );
    train(store, runs[0].id, [0.6, 0.7, 0.75, 0.8, 0.82, 0.85, 0.86, 0.9, 0.88], 'completed');
    clock += 60_000;
    train(store, runs[1].id, [0.5, 0.55, 0.6], 'pruned', 'stopped at epoch 3: val_acc 0.6 is not in the top 1 of 3 runs at rung 3');

    const v: TunerView = loadTunerView(store, sweep.id, clock);
    expect(v.rungs).toEqual([1, 3, 9]);
    expect(v.trials.map((t) => [t.status, t.value, t.bestSoFar, t.epochs])).toEqual([
      ['completed', 0.9, 0.9, 9],
      ['pruned', 0.6, 0.9, 3],
      ['queued', null, 0.9, 0],
    ]);
    expect(v.trials[1].note).toMatch(/rung 3/);
    expect(v.trials[2].params).toEqual({ 'train.lr': 0.05 });
    expect(v.spent.epochs).toBe(12);
    expect(() => loadTunerView(store, 999)).toThrow(/no sweep with id 999/);
  });

  it('answers through the API, checking its input', async () => {
    const tmp = tempDir();
    dirs.push(tmp);
    const s = openServices(tmp.dir);
    try {
      expect(await failure(s, 'tunerView', { sweepId: 42 })).toMatchObject({ code: 'NOT_FOUND' });
      expect(await failure(s, 'tunerView', { sweepId: 'x' })).toMatchObject({ code: 'BAD_INPUT' });
      expect(await failure(s, 'tunerView', { sweepId: 1, extra: true })).toMatchObject({ code: 'BAD_INPUT' });
      await expect(call(s, 'tunerView', { sweepId: 1 })).rejects.toThrow(/NOT_FOUND/);
    } finally {
      await s.close();
    }
  });
});
