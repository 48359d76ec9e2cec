/**
 * The rules behind curves at scale, as pure functions: history requests in batches the
 * API accepts, the point budget per run, colours by rank (stable, the same in the sweep
 * view and the compare view), the robust y range, the legend order, and the automatic
 * smoothing.
 */
import { describe, expect, it } from 'vitest';
import { chartColors, NOT_CHARTED } from '../../src-renderer/src/lib/chartRuns';
import { decimationSamples, type SeriesSpec } from '../../src-renderer/src/lib/chartConfig';
import { CurveChartModel, historyPointsPerRun, METRICS_RUNS_PER_REQUEST } from '../../src-renderer/src/lib/curveChartModel';
import { robustRange } from '../../src-renderer/src/lib/robustRange';
import { curveStyle, rankColorSlots } from '../../src-renderer/src/shared';
import { autoSmoothing, effectiveSmoothing } from '../../src-renderer/src/stores/chartPrefs';
import { runRecord } from './records';

const spec = (runId: number, key = 'loss', colorIndex = 0): SeriesSpec => ({ id: `${runId}:${key}`, runId, key, label: `run ${runId}`, colorIndex, meta: { stepsPerEpoch: 7, startTime: 0 } });
const noLive = { series: () => null };
const look = { kind: 'iteration', title: 'Loss', yLabel: 'loss', xAxis: 'iteration', smoothing: 0, logY: false } as const;

describe('history in batches', () => {
  it('asks for at most 100 runs a call, one key a call, every run once, in the order listed', () => {
    const model = new CurveChartModel(look, noLive);
    const specs = Array.from({ length: 1000 }, (_, i) => [spec(i + 1), spec(i + 1, 'val_acc')]).flat();
    model.setSeries(specs);
    const reqs = model.historyRequests();
    expect(reqs).toHaveLength(20);
    for (const r of reqs) expect(r.runIds.length).toBeLessThanOrEqual(METRICS_RUNS_PER_REQUEST);
    expect(reqs.filter((r) => r.key === 'loss').flatMap((r) => r.runIds)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(model.historyRequests(specs.slice(0, 6))).toEqual([
      { key: 'loss', runIds: [1, 2, 3] },
      { key: 'val_acc', runIds: [1, 2, 3] },
    ]);
  });

  it('shares a point budget: 2,000 points a run for a few, 100 for a thousand; fewer drawn samples too', () => {
    expect(historyPointsPerRun(5)).toBe(2000);
    expect(historyPointsPerRun(1000)).toBe(100);
    expect(historyPointsPerRun(100_000)).toBe(100);
    expect(decimationSamples(1000, 900)).toBe(40);
    expect(decimationSamples(10, 900)).toBe(900);
  });

  it('lists the export legend best ranked first', () => {
    const model = new CurveChartModel(look, noLive);
    model.setSeries([spec(1, 'loss', 2), spec(2, 'loss', 0), spec(3, 'loss', 1)]);
    model.addHistory([1, 2, 3].map((runId) => ({ runId, key: 'loss', steps: [1], values: [1], times: [0] })));
    expect(model.legendSpecs().map((s) => s.runId)).toEqual([2, 3, 1]);
  });
});

describe('colours by rank', () => {
  const runs = Array.from({ length: 40 }, (_, i) => runRecord({ id: i + 1, metrics: { val_acc: ((i * 7) % 40) / 40, val_loss: 0.5 } }));

  it('best ranked first, categorical up to ten, a sequential scale past that; stable whatever order the runs come in', () => {
    const slots = rankColorSlots(runs);
    const best = [...runs].sort((a, b) => (b.metrics.val_acc ?? 0) - (a.metrics.val_acc ?? 0))[0];
    expect(slots.get(best.id)).toBe(10);
    expect(rankColorSlots([...runs].reverse())).toEqual(slots);
    const colours = new Set([...slots.values()].map((s) => curveStyle(s).color));
    expect(colours.size).toBe(40);
    const few = rankColorSlots(runs.slice(0, 4));
    expect([...few.values()].sort()).toEqual([0, 1, 2, 3]);
    // A failed run, however lucky its metric, ranks after the completed ones.
    const failed = runRecord({ id: 99, status: 'failed', metrics: { val_acc: 1 } });
    expect(rankColorSlots([failed, ...runs.slice(0, 3)]).get(99)).toBe(3);
  });

  it('the sweep view colours the runs it charts as the compare view colours them; the others get none', () => {
    const ticked = [3, 17, 25];
    const sweep = chartColors(runs, ticked);
    const compare = rankColorSlots(runs.filter((r) => ticked.includes(r.id)));
    for (const id of ticked) expect(sweep.get(id)).toBe(compare.get(id));
    expect(sweep.get(4)).toBe(NOT_CHARTED);
  });
});

describe('robustRange', () => {
  const run = (peak: number) => Array.from({ length: 20 }, (_, s) => peak / (s + 1));

  it('clips one diverged run among many, keeping every other run whole', () => {
    const runs = [...Array.from({ length: 70 }, (_, i) => run(1 + i / 100)), Array(20).fill(15)];
    const r = robustRange(runs)!;
    expect(r.above).toBe(1);
    expect(r.below).toBe(0);
    expect(r.max).toBeGreaterThanOrEqual(1.69);
    expect(r.max).toBeLessThan(2);
  });

  it('leaves alone runs that are merely spread out, and too few runs to judge', () => {
    expect(robustRange(Array.from({ length: 30 }, (_, i) => run(1 + i / 10)))).toBeNull();
    expect(robustRange([run(1), run(1), run(15)])).toBeNull();
    expect(robustRange([])).toBeNull();
  });

  it('judges on a log axis in decades, and ignores gaps', () => {
    const runs = [...Array.from({ length: 20 }, (_, i) => [...run(1 + i / 20), NaN]), [1e6]];
    const r = robustRange(runs, true)!;
    expect(r.above).toBe(1);
    expect(r.max).toBeLessThan(10);
  });
});

describe('automatic smoothing', () => {
  it('averages over about an epoch: heavier with more steps per epoch (smaller batches), within 0.6–0.98', () => {
    expect(autoSmoothing(7)).toBe(0.75);
    expect(autoSmoothing(3)).toBe(0.6);
    expect(autoSmoothing(3000)).toBe(0.98);
    expect(autoSmoothing(null)).toBe(0.9);
    expect(effectiveSmoothing({ smoothing: 0.3, smoothingAuto: true }, [7, 7, 100, null])).toBe(0.75);
    expect(effectiveSmoothing({ smoothing: 0.3, smoothingAuto: false }, [7])).toBe(0.3);
  });
});
