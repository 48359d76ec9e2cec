/**
 * Data prep of the analysis views, done once per change of runs (never per frame):
 * the parallel-coordinates positions of every run on every axis in one flat array, the
 * colour bucket of each run, which runs pass the brushes; the slice plots' points; the
 * contour's inverse-distance grid. Pure.
 */
import { numericValue, type AnalysisTrial, type RunRecord } from '../shared';
import { axisPosition, type Axis } from './analysisAxes';
import { bucketOf } from './analysisColor';
import { passesBrushes, type Brushes } from './brush';

export interface ParallelData {
  axes: Axis[];
  runIds: number[];
  /** positions[run * axes + axis]: 0..1, or NaN for a gap. */
  positions: Float64Array;
  /** Colour bucket by objective; −1: no objective value (drawn grey). */
  buckets: Int16Array;
}

/** The run's value on an axis, as the brushes compare it: a param's value, or a metric's latest value. */
export function runValue(run: RunRecord, key: string): unknown {
  return Object.hasOwn(run.params, key) ? run.params[key] : run.metrics[key] ?? null;
}

/** `minimize`: low objective values are the good ones, so they get the better (dark) end of the scale. */
export function parallelData(axes: Axis[], runs: readonly RunRecord[], minimize = false): ParallelData {
  const n = runs.length, d = axes.length;
  const positions = new Float64Array(n * d);
  const buckets = new Int16Array(n);
  runs.forEach((run, r) => {
    axes.forEach((axis, a) => (positions[r * d + a] = axisPosition(axis, runValue(run, axis.key)) ?? Number.NaN));
    const t = positions[r * d + d - 1];
    buckets[r] = Number.isNaN(t) ? -1 : bucketOf(minimize ? 1 - t : t);
  });
  return { axes, runIds: runs.map((r) => r.id), positions, buckets };
}

/** 1 for each run that passes every brush, 0 otherwise. Numeric axes compare a `[37]` width as 37, like the axis draws it. */
export function selectionMask(runs: readonly RunRecord[], brushes: Brushes, out = new Uint8Array(runs.length)): Uint8Array {
  const valueOf = (run: RunRecord, key: string) => {
    const v = runValue(run, key);
    return brushes[key]?.kind === 'range' ? (numericValue(v) ?? v) : v;
  };
  runs.forEach((run, i) => (out[i] = passesBrushes((key) => valueOf(run, key), brushes) ? 1 : 0));
  return out;
}

export interface SlicePoint {
  runId: number;
  /** 0..1 along the parameter's axis (categories jittered within their slot). */
  x: number;
  value: number;
  /** A pruned trial: its best value before it was stopped (a hollow marker). */
  pruned: boolean;
}

/** A stable jitter in −0.5..0.5 from the run id: points do not dance between reloads. */
export function jitter(id: number): number {
  const s = Math.sin(id * 12.9898) * 43758.5453;
  return s - Math.floor(s) - 0.5;
}

/** The trials with a value, placed on one parameter's axis (a trial where it is inactive is left out). */
export function slicePoints(axis: Axis, trials: readonly AnalysisTrial[]): SlicePoint[] {
  const slot = axis.kind === 'categorical' ? 0.6 / Math.max(1, axis.values.length) : 0;
  const out: SlicePoint[] = [];
  for (const t of trials) {
    if (t.value === null || !Number.isFinite(t.value) || (t.status !== 'completed' && t.status !== 'pruned')) continue;
    const x = axisPosition(axis, t.params[axis.key]);
    if (x === null) continue;
    out.push({ runId: t.runId, x: x + slot * jitter(t.runId), value: t.value, pruned: t.status === 'pruned' });
  }
  return out;
}

/** The range of the values, padded a little; [v−1, v+1] for a single value. */
export function valueRange(values: readonly number[]): [number, number] {
  if (!values.length) return [0, 1];
  let [lo, hi] = [Math.min(...values), Math.max(...values)];
  if (lo === hi) return [lo - 1, hi + 1];
  const pad = (hi - lo) * 0.05;
  return [lo - pad, hi + pad];
}

/**
 * The objective on an n×n grid over two axes (cell centres, row 0 at the bottom), by
 * inverse-distance weighting (power 2) of the points in axis coordinates: an honest
 * picture of the trials, not a model. Null values where there are no points.
 */
export function idwGrid(points: readonly { x: number; y: number; value: number }[], n: number): Float64Array {
  const grid = new Float64Array(n * n).fill(Number.NaN);
  if (!points.length) return grid;
  for (let row = 0; row < n; row++)
    for (let col = 0; col < n; col++) {
      const [gx, gy] = [(col + 0.5) / n, (row + 0.5) / n];
      let num = 0, den = 0, exact = Number.NaN;
      for (const p of points) {
        const d2 = (p.x - gx) ** 2 + (p.y - gy) ** 2;
        if (d2 < 1e-12) {
          exact = p.value;
          break;
        }
        num += p.value / d2;
        den += 1 / d2;
      }
      grid[row * n + col] = Number.isNaN(exact) ? num / den : exact;
    }
  return grid;
}
