/**
 * Brushing on the analysis axes: a dragged span → a Brush in the axis's own terms (a
 * range of values, or the categories whose slots it covers), a Brush → the span to draw,
 * and the keyboard's steps. The shared rule of which runs pass lives in brush.ts. Pure.
 */
import { axisPosition, axisValueAt, type Axis } from './analysisAxes';
import type { Brush } from './brush';

/** The brush a drag from t0 to t1 (0..1, either order) draws; null when it covers nothing. */
export function brushFromSpan(axis: Axis, t0: number, t1: number): Brush | null {
  const [lo, hi] = [Math.max(0, Math.min(t0, t1)), Math.min(1, Math.max(t0, t1))];
  if (axis.kind === 'categorical') {
    const values = axis.values.filter((_, i) => {
      const t = (i + 0.5) / axis.values.length;
      return t >= lo && t <= hi;
    });
    return values.length ? { kind: 'values', values } : null;
  }
  return { kind: 'range', min: axisValueAt(axis, lo), max: axisValueAt(axis, hi) };
}

/** The span of a brush on its axis, 0..1 (for a set of categories: from the lowest slot to the highest). */
export function brushSpan(axis: Axis, brush: Brush): [number, number] | null {
  if (brush.kind === 'range') {
    const a = axisPosition(axis, Math.max(brush.min, axis.log ? Number.MIN_VALUE : -Infinity));
    const b = axisPosition(axis, brush.max);
    return a === null || b === null ? null : [a, b];
  }
  const idx = brush.values.map((v) => axis.values.indexOf(v)).filter((i) => i >= 0);
  if (!idx.length) return null;
  const n = axis.values.length;
  return [Math.min(...idx) / n, (Math.max(...idx) + 1) / n];
}

/** The category slot at t. */
export function categoryAt(axis: Axis, t: number): string | null {
  if (axis.kind !== 'categorical' || axis.values.length === 0) return null;
  return axis.values[Math.min(axis.values.length - 1, Math.max(0, Math.floor(t * axis.values.length)))];
}

/** A click on a category: adds it to the brush, or takes it out (no categories left: no brush). */
export function toggleCategory(brush: Brush | undefined, value: string): Brush | undefined {
  const values = brush?.kind === 'values' ? brush.values : [];
  const next = values.includes(value) ? values.filter((v) => v !== value) : [...values, value];
  return next.length ? { kind: 'values', values: next } : undefined;
}

const STEP = 0.05;

/**
 * One key press on a focused axis; returns the new brush (undefined: none), or null when
 * the key means nothing here. Numbers: ↑/↓ move the range, Shift+↑/↓ widen or narrow
 * it, the first press starts with the middle half. Categories: ↑/↓ pick the next value
 * up or down. Escape, Delete or Backspace clear.
 */
export function keyBrush(axis: Axis, brush: Brush | undefined, key: string, shift = false): Brush | undefined | null {
  if (key === 'Escape' || key === 'Delete' || key === 'Backspace') return undefined;
  if (key !== 'ArrowUp' && key !== 'ArrowDown') return null;
  const dir = key === 'ArrowUp' ? 1 : -1;
  if (axis.kind === 'categorical') {
    const n = axis.values.length;
    const current = brush?.kind === 'values' ? axis.values.indexOf(brush.values[brush.values.length - 1]) : -1;
    const next = current < 0 ? (dir > 0 ? 0 : n - 1) : Math.min(n - 1, Math.max(0, current + dir));
    return n ? { kind: 'values', values: [axis.values[next]] } : undefined;
  }
  const span = brush ? brushSpan(axis, brush) : null;
  if (!span) return brushFromSpan(axis, 0.25, 0.75);
  let [lo, hi] = span;
  if (shift) [lo, hi] = [lo - dir * STEP, hi + dir * STEP];
  else {
    const d = dir > 0 ? Math.min(STEP, 1 - hi) : -Math.min(STEP, lo);
    [lo, hi] = [lo + d, hi + d];
  }
  if (hi - lo < STEP / 2) [lo, hi] = [(lo + hi) / 2 - STEP / 4, (lo + hi) / 2 + STEP / 4];
  return brushFromSpan(axis, lo, hi);
}

/** What a brush says, for the axis's accessible name. */
export function brushText(axis: Axis, brush: Brush | undefined, format: (v: number) => string): string {
  if (!brush) return 'no brush';
  if (brush.kind === 'values') return brush.values.map((v) => axis.labels[axis.values.indexOf(v)] ?? v).join(', ');
  return `${format(brush.min)} to ${format(brush.max)}`;
}
