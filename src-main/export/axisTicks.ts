/**
 * Axis ticks and their labels, one rule for the GUI's charts (a Chart.js tick callback)
 * and the SVG export. On a log axis only 1, 2 and 5 times a power of ten are labelled —
 * and past a few decades only the powers themselves — all in one format: plain decimals
 * (0.001, 0.01, 0.1, 1, 10) while every label stays short, else exponents (1e-5, 1e-4,
 * …). Chart.js's default mixes both and labels 1–9 of every decade, which overlap. Pure.
 */

const SUPER_SHORT = 6;

/** The labels of log-axis tick values: '' for a tick left unlabelled. */
export function logTickLabels(values: readonly number[]): string[] {
  const positive = values.filter((v) => v > 0);
  if (!positive.length) return values.map(() => '');
  const decades = Math.log10(Math.max(...positive)) - Math.log10(Math.min(...positive));
  const mantissas = decades > 3 ? [1] : decades > 1.5 ? [1, 5] : [1, 2, 5];
  const labelled = (v: number) => v > 0 && mantissas.some((m) => Math.abs(v / 10 ** Math.floor(Math.log10(v) + 1e-9) - m) < 1e-6);
  let chosen = values.map(labelled);
  // Less than a decade with no 1-2-5 inside: label what there is rather than nothing.
  if (chosen.filter(Boolean).length < 2) chosen = values.map((v) => v > 0);
  const plain = values.filter((_, i) => chosen[i]).every((v) => plainNumber(v).length <= SUPER_SHORT);
  return values.map((v, i) => (chosen[i] ? (plain ? plainNumber(v) : expNumber(v)) : ''));
}

/** 0.001, 20, 1500: at most three significant digits, no exponent. */
function plainNumber(v: number): string {
  return String(Number(v.toPrecision(3)));
}

/** 1e-5, 2e+3 → 2e3. */
function expNumber(v: number): string {
  return v
    .toExponential(0)
    .replace('e+', 'e');
}

/** About `count` round tick values covering [min, max] (1, 2, 2.5 or 5 × 10^k apart). */
export function linearTicks(min: number, max: number, count = 6): number[] {
  if (!(Number.isFinite(min) && Number.isFinite(max))) return [];
  if (max <= min) return [min];
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  // The round step giving the tick count nearest to `count`.
  const ticksWith = (s: number) => Math.floor(max / s + 1e-9) - Math.ceil(min / s - 1e-9) + 1;
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).reduce((best, s) => (Math.abs(ticksWith(s) - count) < Math.abs(ticksWith(best) - count) ? s : best));
  const out: number[] = [];
  for (let v = Math.ceil(min / step - 1e-9) * step; v <= max + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

/** Tick values of a log axis over [min, max] (min > 0): 1, 2, 5 × 10^k. */
export function logTicks(min: number, max: number): number[] {
  if (!(min > 0 && max > min)) return min > 0 ? [min] : [];
  const out: number[] = [];
  for (let k = Math.floor(Math.log10(min)); k <= Math.ceil(Math.log10(max)); k++) {
    for (const m of [1, 2, 5]) {
      const v = Number((m * 10 ** k).toPrecision(12));
      if (v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9)) out.push(v);
    }
  }
  return out;
}

/** Labels of linear ticks: the fewest decimals that tell them apart, the same for all. */
export function linearTickLabels(values: readonly number[]): string[] {
  for (let d = 0; d <= 8; d++) {
    const labels = values.map((v) => v.toFixed(d));
    if (new Set(labels).size === values.length) return labels.map((l) => (l === '-0' ? '0' : l.replace(/^-0(\.0+)?$/, '0')));
  }
  return values.map((v) => String(v));
}
