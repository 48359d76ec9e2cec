/**
 * Brushes: ranges (or sets of values) a person drew on the axes of the analysis views
 * (parallel coordinates), each on one key of the runs table — a swept parameter
 * (`train.lr`) or a metric (`val_acc`). A run passes when it passes every brush; a run
 * without a value on a brushed axis (an inactive conditional parameter, a metric not
 * reached) does not. The table, the curves and the analysis views all filter with this
 * one rule. Pure.
 */
export type Brush = { kind: 'range'; min: number; max: number } | { kind: 'values'; values: string[] };
export type Brushes = Record<string, Brush>;

/** The key a categorical value is compared by: JSON, so `[10]` and `"relu"` both work. */
export function valueKey(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export function passesBrush(value: unknown, brush: Brush): boolean {
  if (value === null || value === undefined) return false;
  if (brush.kind === 'values') return brush.values.includes(valueKey(value));
  // One hidden layer's width is stored as [37]: on a range axis it is the number 37.
  const n = Array.isArray(value) && value.length === 1 ? value[0] : value;
  return typeof n === 'number' && Number.isFinite(n) && n >= brush.min && n <= brush.max;
}

/** `valueOf(key)`: the run's value on that axis (a param's value or a metric's). */
export function passesBrushes(valueOf: (key: string) => unknown, brushes: Brushes): boolean {
  for (const [key, brush] of Object.entries(brushes)) if (!passesBrush(valueOf(key), brush)) return false;
  return true;
}
