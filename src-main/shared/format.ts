/**
 * How numbers read wherever a person sees them: the GUI, the terminal and the report
 * files. One rule each, so a loss printed by `sweeplab runs` matches the one in the
 * sweep view and in runs.md. Pure (no Node, no DOM): the renderer imports it too.
 *
 * Missing values (null, undefined) read as an em dash; the table exporters decide for
 * themselves what an empty cell is and never pass one in.
 */

const MISSING = '—';

/**
 * Compact but honest: 0.001 stays `0.001` (JavaScript only switches to exponents below
 * 1e-6), integers stay exact, and six significant digits hide float noise such as
 * 0.30000000000000004.
 */
export function formatCompact(v: number): string {
  if (!Number.isFinite(v) || Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(6)));
}

/**
 * Losses and accuracies with `digits` decimals (0.8234). Values so small or large that
 * fixed decimals would show `0.0000` or a wall of digits get `digits` significant
 * digits; NaN and ±Infinity (a diverged run) print as themselves.
 */
export function formatMetric(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined) return MISSING;
  if (!Number.isFinite(v) || v === 0) return v === 0 ? (0).toFixed(digits) : String(v);
  const abs = Math.abs(v);
  return abs >= 10 ** -(digits - 1) && abs < 1e5 ? v.toFixed(digits) : v.toPrecision(digits);
}

/**
 * A duration given in milliseconds (every time Sweeplab records is integer ms):
 * 95 000 → "1 min 35 s", 7 300 000 → "2 h 1 min" (two units at most, the second cut
 * rather than rounded), under half a second "< 1 s".
 */
export function formatDurationMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return MISSING;
  if (ms < 500) return '< 1 s';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
}

/**
 * A swept or configured value as text: layer sizes `[64, 32]` → "64-32", numbers
 * compact, strings as written, anything else as JSON.
 */
export function formatParamValue(v: unknown): string {
  if (Array.isArray(v)) return v.map(formatParamValue).join('-');
  if (typeof v === 'number') return formatCompact(v);
  if (v === null || v === undefined) return MISSING;
  return typeof v === 'string' ? v : JSON.stringify(v);
}
