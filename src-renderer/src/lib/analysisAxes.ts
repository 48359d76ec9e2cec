/**
 * The axes of the analysis views (parallel coordinates, slices, contour): one per swept
 * parameter and one for the objective. A position t runs from 0 (bottom, or left) to 1
 * (top, or right): linear or log for numbers, one evenly spaced slot per value for
 * categories. A run without a value on an axis (an inactive conditional parameter, a
 * metric not reached) has no position: it is drawn as a gap, never as zero. Pure.
 */
import { formatParamValue, numericValue, type AnalysisParam, type ImportanceReport, type RunRecord } from '../shared';
import { valueKey } from './brush';

export interface Axis {
  /** The runs table's key: a parameter (`train.lr`) or the objective's metric (`val_loss`). */
  key: string;
  label: string;
  kind: 'numeric' | 'categorical';
  log: boolean;
  min: number;
  max: number;
  /** Categorical: each value's key (brush.ts valueKey) and label, bottom to top. */
  values: string[];
  labels: string[];
}

export function paramAxis(p: AnalysisParam): Axis {
  if (p.kind === 'categorical') return { key: p.key, label: p.key, kind: 'categorical', log: false, min: 0, max: p.values.length - 1, values: p.values.map(valueKey), labels: p.values.map((v) => formatParamValue(v)) };
  return { key: p.key, label: p.key, kind: 'numeric', log: p.log, min: p.min, max: p.max, values: [], labels: [] };
}

/** The objective's axis, over the values the runs reached (linear). */
export function objectiveAxis(metric: string, values: readonly (number | null)[]): Axis {
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const [min, max] = finite.length ? [Math.min(...finite), Math.max(...finite)] : [0, 1];
  return { key: metric, label: metric, kind: 'numeric', log: false, min, max, values: [], labels: [] };
}

/** Every parameter's axis, then the objective's (from the runs' latest values, as the table shows them). */
export function buildAxes(report: ImportanceReport, runs: readonly RunRecord[]): Axis[] {
  const metric = report.objective.metric;
  return [...report.params.map(paramAxis), objectiveAxis(metric, runs.map((r) => r.metrics[metric] ?? null))];
}

/** Where `value` sits on the axis, 0..1; null when it has none there. */
export function axisPosition(axis: Axis, value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (axis.kind === 'categorical') {
    const i = axis.values.indexOf(valueKey(value));
    return i < 0 ? null : (i + 0.5) / axis.values.length;
  }
  const v = numericValue(value);
  if (v === null || (axis.log && v <= 0)) return null;
  if (axis.max === axis.min) return 0.5;
  const t = axis.log ? (Math.log(v) - Math.log(axis.min)) / (Math.log(axis.max) - Math.log(axis.min)) : (v - axis.min) / (axis.max - axis.min);
  return Math.min(1, Math.max(0, t));
}

/** The number at position t of a numeric axis. */
export function axisValueAt(axis: Axis, t: number): number {
  if (axis.max === axis.min) return axis.min;
  return axis.log ? Math.exp(Math.log(axis.min) + t * (Math.log(axis.max) - Math.log(axis.min))) : axis.min + t * (axis.max - axis.min);
}

export interface Tick {
  t: number;
  label: string;
}

/** A number in at most three significant digits (ticks, legends). */
export const short = (v: number): string => (Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(0) : String(Number(v.toPrecision(3))));

/** Ticks: one per category; powers of ten on a log axis (or its ends); five on a linear one. */
export function axisTicks(axis: Axis): Tick[] {
  if (axis.kind === 'categorical') return axis.labels.map((label, i) => ({ t: (i + 0.5) / axis.labels.length, label }));
  if (axis.log) {
    const out: Tick[] = [];
    for (let e = Math.ceil(Math.log10(axis.min) - 1e-9); e <= Math.floor(Math.log10(axis.max) + 1e-9); e++) out.push({ t: axisPosition(axis, 10 ** e)!, label: `1e${e}` });
    if (out.length >= 2) return out;
  }
  return Array.from({ length: 5 }, (_, i) => ({ t: i / 4, label: short(axisValueAt(axis, i / 4)) }));
}
