/**
 * `pruned` (v4): a tuner stopped the trial early at an epoch end. It is a finished outcome
 * like `completed` — resume leaves it alone, crash recovery never touches it — but its
 * early val_acc is no result, and its reason is kept in `error`.
 */
import { describe, expect, it } from 'vitest';
import { ENV, runToEnd, seedSweep, tempStore } from './helpers';

const REASON = 'stopped at epoch 3: val_acc 0.71 below the median 0.80 of 6 trials';

describe('pruned runs', () => {
  it('finish as pruned with the pruner’s reason, keeping their curves, and cannot be finished again', () => {
    let clock = 10;
    const store = tempStore({ now: () => clock });
    const { runs } = seedSweep(store, 1);
    store.runs.start(runs[0].id, ENV);
    store.metrics.append(runs[0].id, [{ key: 'val_acc', step: 3, value: 0.71, time: 1 }]);
    clock = 20;
    expect(store.runs.finish(runs[0].id, 'pruned', REASON, 'PRUNED')).toBe(true);
    expect(store.runs.get(runs[0].id)).toMatchObject({ status: 'pruned', error: REASON, errorCode: 'PRUNED', finishedAt: 20, metrics: { val_acc: 0.71 } });
    expect(store.runs.finish(runs[0].id, 'failed', 'late')).toBe(false);
    expect(store.runs.get(runs[0].id)!.status).toBe('pruned');
    expect(store.runs.list({ status: ['pruned'] }).map((r) => r.id)).toEqual([runs[0].id]);
  });

  it('are not what --resume runs again', () => {
    const store = tempStore();
    const { sweep, runs } = seedSweep(store, 4);
    runToEnd(store, runs[0].id, 'completed');
    runToEnd(store, runs[1].id, 'pruned');
    runToEnd(store, runs[2].id, 'interrupted');
    expect(store.runs.remainingTrials(sweep.id).map((r) => r.id)).toEqual([runs[2].id, runs[3].id]);
  });

  it('are never touched by crash recovery or by an owner clearing leftovers', () => {
    const store = tempStore();
    const { sweep, runs } = seedSweep(store, 2);
    store.sweeps.setStatus(sweep.id, 'running');
    store.runs.start(runs[0].id, { ...ENV, pid: 111 });
    store.runs.finish(runs[0].id, 'pruned', REASON);
    store.runs.start(runs[1].id, { ...ENV, pid: 111 });

    expect(store.runs.recoverInterrupted({ isAlive: () => false })).toBe(1);
    expect(store.runs.interruptLeftovers(sweep.id)).toBe(0);
    expect(store.runs.get(runs[0].id)).toMatchObject({ status: 'pruned', error: REASON });
    expect(store.runs.get(runs[1].id)!.status).toBe('interrupted');
  });

  it('are counted in the sweep summary, and their early val_acc is never the best', () => {
    const store = tempStore();
    const { sweep, runs } = seedSweep(store, 3);
    const valAcc = (runId: number, value: number) => store.metrics.append(runId, [{ key: 'val_acc', step: 3, value, time: 1 }]);
    runToEnd(store, runs[0].id, 'completed');
    valAcc(runs[0].id, 0.8);
    runToEnd(store, runs[1].id, 'pruned');
    valAcc(runs[1].id, 0.95);
    runToEnd(store, runs[2].id, 'pruned');

    const [summary] = store.sweeps.list();
    expect(summary.id).toBe(sweep.id);
    expect(summary.counts).toEqual({ queued: 0, running: 0, completed: 1, pruned: 2, failed: 0, cancelled: 0, interrupted: 0 });
    expect(summary.bestValAcc).toBe(0.8);
  });
});
