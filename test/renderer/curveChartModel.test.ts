import { describe, expect, it } from 'vitest';
import { BoundedSeries } from '../../src-renderer/src/lib/boundedSeries';
import type { ChartLook, CurveDataset, SeriesSpec } from '../../src-renderer/src/lib/chartConfig';
import { DatasetReuse } from '../../src-renderer/src/lib/chartJsInternals';
import { CurveChartModel } from '../../src-renderer/src/lib/curveChartModel';

const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
const look: ChartLook = { kind: 'iteration', title: 'Training loss', yLabel: 'loss', xAxis: 'iteration', smoothing: 0, logY: false };
const spec = (runId: number, key = 'loss', over: Partial<SeriesSpec> = {}): SeriesSpec => ({
  id: `${runId}:${key}`,
  runId,
  key,
  label: `run ${runId}`,
  colorIndex: runId - 1,
  meta: { stepsPerEpoch: 10, startTime: null },
  ...over,
});

/** The live store's part the model reads: buffers by run and key. */
function liveSource() {
  const buffers = new Map<string, BoundedSeries>();
  const reads: number[] = [];
  return {
    reads,
    push(runId: number, key: string, steps: number[]) {
      const id = `${runId}:${key}`;
      if (!buffers.has(id)) buffers.set(id, new BoundedSeries());
      for (const s of steps) buffers.get(id)!.push(s, 1 / s, 1000 * s);
    },
    series(runId: number, key: string) {
      const b = buffers.get(`${runId}:${key}`) ?? null;
      // Records where each read would start: the model must never read a buffer from the start again.
      if (b) return new Proxy(b, { get: (t, p, r) => (p === 'indexAfter' ? (step: number) => (reads.push(t.indexAfter(step)), t.indexAfter(step)) : Reflect.get(t, p, r)) });
      return null;
    },
  };
}

const raw = (ds: CurveDataset[], id: string) => ds.find((d) => d._seriesId === id && d._role === 'line')!;

describe('what a live curve chart shows and redraws', () => {
  it('starts new series from the live buffer and asks history only for them', () => {
    const live = liveSource();
    live.push(1, 'loss', range(40, 50));
    const model = new CurveChartModel(look, live);
    expect(model.setSeries([spec(1), spec(2)]).map((s) => s.id)).toEqual(['1:loss', '2:loss']);
    expect(model.historyRequests()).toEqual([{ key: 'loss', runIds: [1, 2] }]);
    expect(model.prepareDraw()).toBe('rebuild');
    expect(raw(model.datasets(), '1:loss').data.map((p) => p.step)).toEqual(range(40, 50));
    // The same series again: nothing new to fetch, nothing to rebuild.
    expect(model.setSeries([spec(1), spec(2)])).toEqual([]);
    expect(model.needsRebuild).toBe(false);
    // A new label (the sweep's swept keys arrived) restyles.
    model.setSeries([spec(1, 'loss', { label: 'run 1: lr=0.1' }), spec(2)]);
    expect(model.needsRebuild).toBe(true);
  });

  it('appends live points to the arrays already drawn, reading only what the curve lacks', () => {
    const live = liveSource();
    const model = new CurveChartModel(look, live);
    model.setSeries([spec(1)]);
    model.addHistory([{ runId: 1, key: 'loss', steps: range(1, 100), values: range(1, 100).map((s) => 1 / s), times: range(1, 100) }]);
    expect(model.prepareDraw()).toBe('rebuild');
    const drawn = raw(model.datasets(), '1:loss').data;

    live.push(1, 'loss', range(1, 130));
    expect(model.noteLive(2, [{ key: 'loss' }])).toBe(false);
    expect(model.noteLive(1, [{ key: 'val_acc' }])).toBe(false);
    expect(model.noteLive(1, [{ key: 'loss' }])).toBe(true);
    expect(model.prepareDraw()).toBe('update');
    expect(drawn.map((p) => p.step)).toEqual(range(1, 130));
    expect(live.reads.at(-1)).toBe(100);
    expect(model.pointCount()).toBe(130);
  });

  it('merges history arriving after live points, and rebuilds', () => {
    const live = liveSource();
    live.push(1, 'loss', [50, 51, 52]);
    const model = new CurveChartModel(look, live);
    model.setSeries([spec(1)]);
    model.prepareDraw();
    model.addHistory([
      { runId: 1, key: 'loss', steps: [1, 10, 51, 60], values: [1, 1, 99, 1], times: [0, 0, 0, 0] },
      // Another chart's series: ignored.
      { runId: 1, key: 'val_acc', steps: [1], values: [0.5], times: [0] },
    ]);
    expect(model.prepareDraw()).toBe('rebuild');
    const points = raw(model.datasets(), '1:loss').data;
    expect(points.map((p) => p.step)).toEqual([1, 10, 50, 51, 52, 60]);
    // The live point of step 51 wins over history's: the same measurement.
    expect(points[3].y).toBeCloseTo(1 / 51);
  });

  it('smooths and re-axes every curve when the look changes, counting smoothed points too', () => {
    const live = liveSource();
    live.push(1, 'loss', range(1, 20));
    const model = new CurveChartModel(look, live);
    model.setSeries([spec(1)]);
    model.prepareDraw();
    model.setLook({ ...look, smoothing: 0.6, xAxis: 'epoch' });
    expect(model.prepareDraw()).toBe('rebuild');
    const ds = model.datasets();
    expect(ds.map((d) => d._role)).toEqual(['line', 'smooth']);
    expect(raw(ds, '1:loss').data[9].x).toBe(1);
    expect(model.pointCount()).toBe(40);
  });
});

describe('re-using the datasets Chart.js already holds', () => {
  const dataset = (id: string, color: string, data: CurveDataset['data']): CurveDataset => ({ _seriesId: id, _role: 'line', borderColor: color, data }) as CurveDataset;

  it('keeps a dataset object whose style is unchanged, binding the new points; replaces a restyled one', () => {
    const reuse = new DatasetReuse();
    const first = dataset('1:loss', '#0173B2', []);
    reuse.reconcile([first]);
    // What the decimation plugin adds to a dataset it holds is not style.
    Object.assign(first, { _decimated: [], _data: [] });
    const points = [{ x: 1, y: 1, step: 1 }];
    const [kept] = reuse.reconcile([dataset('1:loss', '#0173B2', points)]);
    expect(kept).toBe(first);
    expect(kept.data).toBe(points);
    const [restyled] = reuse.reconcile([dataset('1:loss', '#DE8F05', points)]);
    expect(restyled).not.toBe(first);
  });
});
