/** The analysis views' pure model: axis scales and ticks, brushing maths, keyboard steps, data prep. */
import { describe, expect, it } from 'vitest';
import { axisPosition, axisTicks, axisValueAt, buildAxes, objectiveAxis, paramAxis, type Axis } from '../../src-renderer/src/lib/analysisAxes';
import { brushFromSpan, brushSpan, categoryAt, keyBrush, toggleCategory } from '../../src-renderer/src/lib/analysisBrush';
import { BUCKETS, bucketOf, sequentialColor } from '../../src-renderer/src/lib/analysisColor';
import { idwGrid, jitter, parallelData, selectionMask, slicePoints, valueRange } from '../../src-renderer/src/lib/analysisModel';
import { passesBrush } from '../../src-renderer/src/lib/brush';
import type { AnalysisParam } from '../../src-renderer/src/shared';
import { importanceReport } from './fakeApi';
import { runRecord } from './records';

const lr: Axis = paramAxis({ key: 'train.lr', kind: 'numeric', log: true, integer: false, min: 1e-4, max: 1, values: [], conditional: false });
const width: Axis = paramAxis({ key: 'model.hidden', kind: 'numeric', log: false, integer: true, min: 4, max: 64, values: [], conditional: true });
const act: Axis = paramAxis({ key: 'model.activation', kind: 'categorical', log: false, integer: false, min: 0, max: 2, values: ['relu', 'tanh', [10, 5]], conditional: false } as AnalysisParam);

describe('axis scales', () => {
  it('places numbers on log and linear axes and inverts them', () => {
    expect(axisPosition(lr, 1e-2)).toBeCloseTo(0.5, 12);
    expect(axisPosition(lr, 1e-4)).toBe(0);
    expect(axisValueAt(lr, 0.75)).toBeCloseTo(1e-1, 12);
    expect(axisPosition(width, 34)).toBeCloseTo(0.5, 12);
    expect(axisPosition(width, [34])).toBeCloseTo(0.5, 12); // a swept width is recorded as [34]
    expect(axisPosition(width, 1000)).toBe(1); // clamped, never off the canvas
  });

  it('gives no position (a gap, not zero) to a missing value', () => {
    expect(axisPosition(width, undefined)).toBeNull();
    expect(axisPosition(width, null)).toBeNull();
    expect(axisPosition(lr, 0)).toBeNull();
    expect(axisPosition(act, 'sigmoid')).toBeNull();
  });

  it('gives each category its own slot and tick, bottom to top', () => {
    expect([axisPosition(act, 'relu'), axisPosition(act, 'tanh'), axisPosition(act, [10, 5])]).toEqual([1 / 6, 3 / 6, 5 / 6]);
    expect(axisTicks(act)).toEqual([{ t: 1 / 6, label: 'relu' }, { t: 0.5, label: 'tanh' }, { t: 5 / 6, label: '10-5' }]);
  });

  it('ticks a log axis at powers of ten and a linear one evenly', () => {
    expect(axisTicks(lr).map((t) => t.label)).toEqual(['1e-4', '1e-3', '1e-2', '1e-1', '1e0']);
    expect(axisTicks(lr)[2].t).toBeCloseTo(0.5, 12);
    expect(axisTicks(width).map((t) => t.label)).toEqual(['4', '19', '34', '49', '64']);
  });

  it('builds one axis per parameter and the objective last, from the runs’ latest values', () => {
    const axes = buildAxes(importanceReport(12), [runRecord({ id: 1, metrics: { val_acc: 0.6 } }), runRecord({ id: 2, metrics: { val_acc: 0.9 } })]);
    expect(axes.map((a) => [a.key, a.kind, a.log])).toEqual([['train.lr', 'numeric', true], ['train.seed', 'categorical', false], ['val_acc', 'numeric', false]]);
    expect([axes[2].min, axes[2].max]).toEqual([0.6, 0.9]);
    expect(objectiveAxis('val_acc', [null, 0.7])).toMatchObject({ min: 0.7, max: 0.7 });
    expect(axisPosition(objectiveAxis('val_acc', [0.7]), 0.7)).toBe(0.5);
  });
});

describe('brushing maths', () => {
  it('turns a dragged span into a value range in the axis’s own scale, either direction', () => {
    const b = brushFromSpan(lr, 0.75, 0.25)!;
    expect(b.kind).toBe('range');
    if (b.kind !== 'range') return;
    expect(b.min).toBeCloseTo(1e-3, 12);
    expect(b.max).toBeCloseTo(1e-1, 12);
    expect(passesBrush(1e-2, b)).toBe(true);
    expect(passesBrush(0.5, b)).toBe(false);
    expect(brushSpan(lr, b)![0]).toBeCloseTo(0.25, 12);
    expect(brushSpan(lr, b)![1]).toBeCloseTo(0.75, 12);
  });

  it('turns a span on a categorical axis into the categories it covers', () => {
    expect(brushFromSpan(act, 0.1, 0.55)).toEqual({ kind: 'values', values: ['relu', 'tanh'] });
    expect(brushFromSpan(act, 0.2, 0.3)).toBeNull();
    expect(brushSpan(act, { kind: 'values', values: ['tanh'] })).toEqual([1 / 3, 2 / 3]);
    expect(categoryAt(act, 0.9)).toBe('[10,5]');
    expect(passesBrush([10, 5], brushFromSpan(act, 0.7, 1)!)).toBe(true);
  });

  it('toggles categories on click', () => {
    const one = toggleCategory(undefined, 'relu');
    expect(one).toEqual({ kind: 'values', values: ['relu'] });
    expect(toggleCategory(one, 'tanh')).toEqual({ kind: 'values', values: ['relu', 'tanh'] });
    expect(toggleCategory(one, 'relu')).toBeUndefined();
  });

  it('steps brushes from the keyboard: start, move, resize, clear', () => {
    const start = keyBrush(lr, undefined, 'ArrowUp')!;
    expect(brushSpan(lr, start)!.map((t) => +t.toFixed(6))).toEqual([0.25, 0.75]);
    const up = keyBrush(lr, start, 'ArrowUp')!;
    expect(brushSpan(lr, up)!.map((t) => +t.toFixed(6))).toEqual([0.3, 0.8]);
    const wider = keyBrush(lr, up, 'ArrowUp', true)!;
    expect(brushSpan(lr, wider)!.map((t) => +t.toFixed(6))).toEqual([0.25, 0.85]);
    const top = [1, 2, 3, 4, 5].reduce((b) => keyBrush(lr, b, 'ArrowUp')!, wider);
    expect(brushSpan(lr, top)![1]).toBeCloseTo(1, 9); // stops at the top, keeps its width
    expect(keyBrush(lr, up, 'Escape')).toBeUndefined();
    expect(keyBrush(lr, up, 'a')).toBeNull();
    expect(keyBrush(act, undefined, 'ArrowUp')).toEqual({ kind: 'values', values: ['relu'] });
    expect(keyBrush(act, { kind: 'values', values: ['relu'] }, 'ArrowUp')).toEqual({ kind: 'values', values: ['tanh'] });
    expect(keyBrush(act, { kind: 'values', values: ['relu'] }, 'ArrowDown')).toEqual({ kind: 'values', values: ['relu'] });
  });
});

describe('data prep', () => {
  const runs = [
    runRecord({ id: 1, params: { 'train.lr': 1e-2, 'model.hidden': [34] }, metrics: { val_acc: 0.5 } }),
    runRecord({ id: 2, params: { 'train.lr': 1e-1 }, metrics: { val_acc: 1 } }),
    runRecord({ id: 3, params: { 'train.lr': 1e-3, 'model.hidden': [4] }, metrics: {} }),
  ];
  const axes = [lr, width, objectiveAxis('val_acc', [0.5, 1])];

  it('lays every run on every axis in one flat array, NaN for a gap, bucketed by objective', () => {
    const d = parallelData(axes, runs);
    expect(Array.from(d.positions.slice(0, 3))).toEqual([0.5, 0.5, 0]);
    expect(Number.isNaN(d.positions[4])).toBe(true); // run 2 has no width: a gap
    expect(Number.isNaN(d.positions[8])).toBe(true); // run 3 has no objective yet
    expect(Array.from(d.buckets)).toEqual([0, BUCKETS - 1, -1]);
    // Minimising: the low (good) objective gets the better (dark) end.
    expect(Array.from(parallelData(axes, runs, true).buckets)).toEqual([BUCKETS - 1, 0, -1]);
  });

  it('selects the runs that pass every brush', () => {
    expect(Array.from(selectionMask(runs, {}))).toEqual([1, 1, 1]);
    expect(Array.from(selectionMask(runs, { 'train.lr': { kind: 'range', min: 5e-3, max: 0.5 } }))).toEqual([1, 1, 0]);
    expect(Array.from(selectionMask(runs, { 'train.lr': { kind: 'range', min: 5e-3, max: 0.5 }, val_acc: { kind: 'range', min: 0.9, max: 1 } }))).toEqual([0, 1, 0]);
    expect(Array.from(selectionMask(runs, { 'model.hidden': { kind: 'range', min: 0, max: 100 } }))).toEqual([1, 0, 1]); // the inactive one fails
  });

  it('places finished trials on a slice, pruned ones marked, running ones left out, categories jittered in their slot', () => {
    const report = importanceReport(10);
    report.trials[0] = { ...report.trials[0], status: 'running' };
    const pts = slicePoints(paramAxis(report.params[0]), report.trials);
    expect(pts).toHaveLength(9);
    expect(pts.filter((p) => p.pruned).map((p) => p.runId)).toEqual([5, 10]);
    const strip = slicePoints(paramAxis(report.params[1]), report.trials);
    for (const p of strip) expect(Math.abs(p.x - axisPosition(paramAxis(report.params[1]), report.trials[p.runId - 1].params['train.seed'])!)).toBeLessThanOrEqual(0.1);
    expect(jitter(7)).toBe(jitter(7));
  });

  it('interpolates a grid by inverse distance, exact at the trials', () => {
    const grid = idwGrid([{ x: 0.25, y: 0.25, value: 0 }, { x: 0.75, y: 0.75, value: 1 }], 2);
    expect(Array.from(grid)).toEqual([0, 0.5, 0.5, 1]);
    expect(Number.isNaN(idwGrid([], 2)[0])).toBe(true);
    expect(valueRange([2])).toEqual([1, 3]);
  });

  it('colours along a sequential scale, the better end (1) dark as the curves colour the best runs', () => {
    expect(sequentialColor(1)).toBe('rgb(68, 1, 84)');
    expect(sequentialColor(0)).toBe('rgb(253, 231, 37)');
    expect([bucketOf(0), bucketOf(1), bucketOf(0.5)]).toEqual([0, BUCKETS - 1, BUCKETS / 2]);
  });
});
