import { describe, expect, it } from 'vitest';
import { ENV, runToEnd, seedSweep, sweepConfig, tempStore, trialConfig } from './helpers';

describe('sweeps', () => {
  it('store the validated config and start queued', () => {
    const store = tempStore({ now: () => 42 });
    const sweep = store.sweeps.create({ name: 'lr-grid', config: sweepConfig() });
    expect(sweep).toEqual({ id: sweep.id, name: 'lr-grid', config: sweepConfig(), status: 'queued', createdAt: 42, startedAt: null, finishedAt: null, note: null, tags: [], starred: false });
    expect(store.sweeps.get(sweep.id)).toEqual(sweep);
    expect(store.sweeps.get(sweep.id + 1)).toBeNull();
  });

  it('resolve a numeric reference as an id and a name as its newest sweep', () => {
    let clock = 1;
    const store = tempStore({ now: () => clock++ });
    const older = store.sweeps.create({ name: 'lr-grid', config: sweepConfig() });
    const other = store.sweeps.create({ name: 'widths', config: sweepConfig('widths') });
    const newer = store.sweeps.create({ name: 'lr-grid', config: sweepConfig() });
    expect(store.sweeps.resolve('lr-grid')!.id).toBe(newer.id);
    expect(store.sweeps.resolve(String(older.id))!.id).toBe(older.id);
    expect(store.sweeps.resolve(` ${other.id} `)!.id).toBe(other.id);
    expect(store.sweeps.resolve('widths')!.id).toBe(other.id);
    expect(store.sweeps.resolve('nope')).toBeNull();
    expect(store.sweeps.resolve('999')).toBeNull();
  });

  it('stamp start and finish times, keeping the first start across a resume', () => {
    let clock = 100;
    const store = tempStore({ now: () => clock });
    const { id } = store.sweeps.create({ name: 's', config: sweepConfig() });
    clock = 200;
    expect(store.sweeps.setStatus(id, 'running')).toMatchObject({ status: 'running', startedAt: 200, finishedAt: null });
    clock = 300;
    expect(store.sweeps.setStatus(id, 'interrupted')).toMatchObject({ startedAt: 200, finishedAt: 300 });
    clock = 400;
    expect(store.sweeps.setStatus(id, 'running')).toMatchObject({ startedAt: 200, finishedAt: null });
    clock = 500;
    expect(store.sweeps.setStatus(id, 'completed')).toMatchObject({ status: 'completed', startedAt: 200, finishedAt: 500 });
    expect(() => store.sweeps.setStatus(id + 1, 'running')).toThrow(`no sweep with id ${id + 1}`);
  });

  it('list newest first, counting current attempts only and the best final val_acc of completed ones', () => {
    let clock = 1;
    const store = tempStore({ now: () => clock++ });
    const empty = store.sweeps.create({ name: 'empty', config: sweepConfig() });
    const { sweep, runs } = seedSweep(store, 4);
    const valAcc = (runId: number, value: number, step = 3) => store.metrics.append(runId, [{ key: 'val_acc', step, value, time: 1 }]);

    runToEnd(store, runs[0].id, 'completed');
    valAcc(runs[0].id, 0.7);
    valAcc(runs[0].id, 0.75, 2); // an earlier epoch, not the final value
    // Trial 1: attempt 1 was interrupted with a high val_acc, attempt 2 completed lower.
    store.runs.start(runs[1].id, ENV);
    valAcc(runs[1].id, 0.99);
    store.runs.finish(runs[1].id, 'interrupted');
    const [retry] = store.runs.createQueued(sweep.id, [{ trialIndex: 1, params: {}, config: trialConfig(0.02), seed: 1, attempt: 2 }]);
    runToEnd(store, retry.id, 'completed');
    valAcc(retry.id, 0.8);
    // A failed run's val_acc never counts as the sweep's best.
    runToEnd(store, runs[2].id, 'failed');
    valAcc(runs[2].id, 0.95);
    store.runs.start(runs[3].id, ENV);

    const list = store.sweeps.list();
    expect(list.map((s) => s.id)).toEqual([sweep.id, empty.id]);
    expect(list[0]).toEqual({
      id: sweep.id,
      name: 'lr-grid',
      status: 'queued',
      createdAt: sweep.createdAt,
      startedAt: null,
      finishedAt: null,
      trials: 4,
      counts: { queued: 0, running: 1, completed: 2, pruned: 0, failed: 1, cancelled: 0, interrupted: 0 },
      bestValAcc: 0.8,
      note: null,
      tags: [],
      starred: false,
    });
    expect(list[1]).toMatchObject({ trials: 0, bestValAcc: null, counts: { queued: 0, running: 0, completed: 0, pruned: 0, failed: 0, cancelled: 0, interrupted: 0 } });
  });

  it('delete a sweep with everything its runs recorded, returning their artifact paths', () => {
    const store = tempStore();
    const doomed = seedSweep(store, 2, 'doomed');
    const kept = seedSweep(store, 1, 'kept');
    for (const { runs } of [doomed, kept]) {
      for (const r of runs) {
        runToEnd(store, r.id);
        store.metrics.append(r.id, [{ key: 'loss', step: 0, value: 1, time: 1 }]);
        store.artifacts.add(r.id, 'weights', `run-${r.id}/weights.json`, 10);
      }
    }
    expect(store.sweeps.delete(doomed.sweep.id)).toEqual(doomed.runs.map((r) => `run-${r.id}/weights.json`));

    const count = (table: string) => store.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get();
    for (const table of ['runs', 'params', 'metrics', 'latest_metrics', 'artifacts']) expect(count(table), table).toBe(1);
    expect(store.sweeps.get(doomed.sweep.id)).toBeNull();
    expect(store.runs.get(kept.runs[0].id)!.metrics).toEqual({ loss: 1 });
    expect(store.sweeps.delete(doomed.sweep.id)).toEqual([]);
  });
});
