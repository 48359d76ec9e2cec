import { describe, expect, it } from 'vitest';
import { seedSweep, tempStore } from './helpers';

function storeWithRun() {
  const store = tempStore({ now: () => 7 });
  const { runs } = seedSweep(store, 2);
  return { store, runId: runs[0].id, otherId: runs[1].id };
}

describe('metrics', () => {
  it('keep the highest step in latest_metrics, whatever order the points arrive in', () => {
    const { store, runId } = storeWithRun();
    store.metrics.append(runId, [
      { key: 'val_loss', step: 2, value: 0.5, time: 1 },
      { key: 'val_loss', step: 5, value: 0.3, time: 2 },
      { key: 'val_loss', step: 4, value: 0.4, time: 3 },
    ]);
    store.metrics.append(runId, [{ key: 'val_loss', step: 3, value: 0.9, time: 4 }]);
    expect(store.metrics.latest(runId)).toEqual({ val_loss: 0.3 });
    // A re-sent point at the latest step replaces it in both tables.
    store.metrics.append(runId, [{ key: 'val_loss', step: 5, value: 0.25, time: 5 }]);
    expect(store.metrics.latest(runId)).toEqual({ val_loss: 0.25 });
    expect(store.metrics.series([runId], ['val_loss'])[0]).toEqual({ runId, key: 'val_loss', steps: [2, 3, 4, 5], values: [0.5, 0.9, 0.4, 0.25], times: [1, 4, 3, 5] });
    expect(store.db.prepare('SELECT step, time FROM latest_metrics').get()).toEqual({ step: 5, time: 5 });
  });

  it('keep a not-a-number point (null) as a row, and refuse NaN or ±Infinity that skipped metricValue', () => {
    const { store, runId } = storeWithRun();
    store.metrics.append(runId, [
      { key: 'loss', step: 0, value: 1.5, time: 1 },
      { key: 'loss', step: 1, value: null, time: 2 },
    ]);
    const types = store.db.prepare(`SELECT typeof(value) FROM metrics WHERE run_id = ? ORDER BY step`).pluck().all(runId);
    expect(types).toEqual(['real', 'null']); // a diverged point is a gap, not a missing row
    expect(store.metrics.series([runId], ['loss'])[0]).toMatchObject({ steps: [0, 1], values: [1.5, null] });
    expect(store.metrics.latest(runId)).toEqual({ loss: null });
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])
      expect(() => store.metrics.append(runId, [{ key: 'loss', step: 2, value: bad, time: 3 }])).toThrow('value must be a finite number or null');
  });

  it('write a batch atomically: one bad point stores none of it', () => {
    const { store, runId } = storeWithRun();
    const good = Array.from({ length: 499 }, (_, step) => ({ key: 'loss', step, value: step, time: 1 }));
    expect(() => store.metrics.append(9999, good)).toThrow(/FOREIGN KEY/);
    expect(() => store.metrics.append(runId, [...good, { key: 'loss', step: 0.5, value: 1, time: 1 }])).toThrow('step must be an integer');
    expect(() => store.metrics.append(runId, [...good, { key: 'loss', step: 1, value: '1' as never, time: 1 }])).toThrow('value must be a finite number');
    expect(() => store.metrics.append(runId, [...good, { key: 'loss', step: 1, value: 1, time: undefined as never }])).toThrow('time must be');
    expect(store.db.prepare('SELECT COUNT(*) FROM metrics').pluck().get()).toBe(0);
    expect(store.metrics.latest(runId)).toEqual({});
    store.metrics.append(runId, [...good, { key: 'loss', step: 499, value: 499, time: 1 }]);
    expect(store.db.prepare('SELECT COUNT(*) FROM metrics').pluck().get()).toBe(500);
    store.metrics.append(runId, []);
  });

  it('return one series per (run, key) asked for, in order, empty where nothing was recorded', () => {
    const { store, runId, otherId } = storeWithRun();
    store.metrics.append(runId, [{ key: 'train_acc', step: 1, value: 0.5, time: 1 }]);
    store.metrics.append(otherId, [{ key: 'val_acc', step: 1, value: 0.6, time: 1 }]);
    const out = store.metrics.series([runId, otherId], ['train_acc', 'val_acc']);
    expect(out.map((s) => [s.runId, s.key, s.values])).toEqual([
      [runId, 'train_acc', [0.5]],
      [runId, 'val_acc', []],
      [otherId, 'train_acc', []],
      [otherId, 'val_acc', [0.6]],
    ]);
  });

  it('downsample each series to maxPoints, keeping the first and last point and a spike', () => {
    const { store, runId } = storeWithRun();
    const n = 5_000;
    const loss = (step: number) => (step === 3_333 ? 50 : 2 * Math.exp(-step / 1_000));
    store.metrics.append(runId, Array.from({ length: n }, (_, step) => ({ key: 'loss', step, value: loss(step), time: 1_000 + step })));

    const [s] = store.metrics.series([runId], ['loss'], { maxPoints: 200 });
    expect(s.steps).toHaveLength(200);
    expect(s.steps[0]).toBe(0);
    expect(s.steps[199]).toBe(n - 1);
    expect(s.steps).toContain(3_333);
    expect(s.steps).toEqual([...s.steps].sort((a, b) => a - b));
    // Columns stay aligned: each kept point is a real (step, value, time) triple.
    s.steps.forEach((step, i) => {
      expect(s.values[i]).toBe(loss(step));
      expect(s.times[i]).toBe(1_000 + step);
    });
    expect(store.metrics.series([runId], ['loss'], { maxPoints: n })[0].steps).toHaveLength(n);
    expect(() => store.metrics.series([runId], ['loss'], { maxPoints: 1 })).toThrow(RangeError);
  });

  it('return only points after sinceStep, for live charts polling for new points', () => {
    const { store, runId } = storeWithRun();
    store.metrics.append(runId, Array.from({ length: 100 }, (_, step) => ({ key: 'loss', step, value: step, time: 1 })));
    expect(store.metrics.series([runId], ['loss'], { sinceStep: 97 })[0].steps).toEqual([98, 99]);
    const [tail] = store.metrics.series([runId], ['loss'], { sinceStep: 49, maxPoints: 10 });
    expect(tail.steps).toHaveLength(10);
    expect([tail.steps[0], tail.steps[9]]).toEqual([50, 99]);
  });
});
