/**
 * The few statistics the group tables need, written out so the numbers can be checked
 * line by line against a textbook: Student's t distribution (CDF and quantile through
 * the regularized incomplete beta function), a metric's mean / sample standard
 * deviation / t-interval, and Welch's unequal-variance t-test. Pure maths, no Node and
 * no dependencies: the renderer imports it too, and a statistics library would be a
 * large dependency for five functions. Reference values from SciPy are in the tests.
 */
import type { Interval, MetricSummary } from './groupTypes';

/** Lanczos approximation (g = 7, 9 terms), relative error ~1e-15 for x > 0. */
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0; the reflection formula covers 0 < x < 0.5, where the series is poor. */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

const TINY = 1e-300;
const EPS = 1e-15;

/** The continued fraction of I_x(a, b) (Numerical Recipes' betacf), by the modified Lentz method. */
function betaContinuedFraction(x: number, a: number, b: number): number {
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  const step = (coef: number): number => {
    d = 1 + coef * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + coef / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    return d * c;
  };
  for (let m = 1; m <= 500; m++) {
    const m2 = 2 * m;
    h *= step((m * (b - m) * x) / ((a + m2 - 1) * (a + m2)));
    const delta = step((-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1)));
    h *= delta;
    if (Math.abs(delta - 1) < EPS) return h;
  }
  return h;
}

/**
 * I_x(a, b) with y = 1 − x passed separately, so a caller who knows y exactly (the t
 * distribution near t = 0) loses no digits to 1 − x. The fraction converges fast only for
 * x < (a + 1)/(a + b + 2); past that, the symmetry I_x(a, b) = 1 − I_y(b, a) is used.
 */
function incompleteBeta(x: number, y: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (y <= 0) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(y));
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(y, b, a)) / b;
}

/** The regularized incomplete beta function I_x(a, b), 0 ≤ x ≤ 1, a, b > 0. */
export function regularizedBeta(x: number, a: number, b: number): number {
  return incompleteBeta(x, 1 - x, a, b);
}

/** P(T > t) for t ≥ 0: half of I_{df/(df+t²)}(df/2, 1/2), with 1 − x computed as t²/(df+t²). */
function upperTail(t: number, df: number): number {
  const t2 = t * t;
  return 0.5 * incompleteBeta(df / (df + t2), t2 / (df + t2), df / 2, 0.5);
}

/** Student's t cumulative distribution P(T ≤ t) with `df` (> 0, not necessarily integer) degrees of freedom. */
export function tCdf(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN;
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  return t >= 0 ? 1 - upperTail(t, df) : upperTail(-t, df);
}

function tDensity(t: number, df: number): number {
  return Math.exp(logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI) - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/**
 * The t with P(T ≤ t) = p. Solved on the upper tail (q = 1 − p for p > ½), so 0.9995 does
 * not lose digits near 1: a bracket is doubled until it holds the root, then Newton steps
 * that fall outside the bracket are replaced by bisection. Converges to ~1e-13 relative.
 */
export function tQuantile(p: number, df: number): number {
  if (!(p >= 0 && p <= 1) || !(df > 0)) return NaN;
  if (p === 0.5) return 0;
  if (p < 0.5) return -tQuantile(1 - p, df);
  if (p === 1) return Infinity;
  const q = 1 - p;
  let lo = 0;
  let hi = 1;
  while (upperTail(hi, df) > q) {
    lo = hi;
    hi *= 2;
    if (hi > 1e300) return Infinity;
  }
  let t = (lo + hi) / 2;
  for (let i = 0; i < 300; i++) {
    const f = upperTail(t, df) - q;
    if (f > 0) lo = t;
    else hi = t;
    // upperTail decreases in t: its derivative is −density.
    let next = t + f / tDensity(t, df);
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - t) <= 1e-14 * Math.max(1, Math.abs(t)) || hi - lo <= 1e-15 * hi) return next;
    t = next;
  }
  return t;
}

/** The half-width multiplier of a 95 % two-sided t-interval. */
const T95 = (df: number) => tQuantile(0.975, df);

function mean(xs: readonly number[]): number {
  // Equal values have exactly that mean: summing five 0.8667s and dividing can be off by an
  // ulp, which would give a "standard deviation" of 1e-16 instead of 0.
  if (xs.every((x) => x === xs[0])) return xs[0];
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}

/** Sample variance (divisor n − 1), two-pass so that values like 0.9213, 0.9214 do not cancel. */
function sampleVariance(xs: readonly number[], m: number): number {
  return xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
}

/**
 * n, mean, sample standard deviation and the Student-t 95 % interval of the mean. Only
 * finite values count: a diverged run's NaN says the run failed, not that the metric is
 * large, and the caller reports it through n.
 */
export function summarize(values: readonly (number | null | undefined)[]): MetricSummary {
  const xs = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return { n, mean: null, std: null, ci95: null };
  const m = mean(xs);
  if (n < 2) return { n, mean: m, std: null, ci95: null };
  const std = Math.sqrt(sampleVariance(xs, m));
  const half = (T95(n - 1) * std) / Math.sqrt(n);
  return { n, mean: m, std, ci95: { low: m - half, high: m + half } };
}

export interface WelchResult {
  t: number;
  /** Welch–Satterthwaite degrees of freedom (generally not an integer). */
  df: number;
  /** Two-sided p-value. */
  p: number;
  /** mean(a) − mean(b). */
  difference: number;
  /** 95 % interval of the difference, on the same Welch df. */
  ci95: Interval;
}

/**
 * Welch's two-sided t-test of mean(a) = mean(b) without assuming equal variances, and
 * the 95 % interval of mean(a) − mean(b). Non-finite values are dropped; fewer than two
 * values on either side gives null (no variance, no test).
 *
 * When both samples have zero variance (every seed gave the same accuracy, which happens
 * on small data) Welch–Satterthwaite is 0/0. Then df is the pooled n₁ + n₂ − 2 and the
 * answer is the limit of the test: equal means are indistinguishable (t = 0, p = 1),
 * different means are certainly different (t = ±∞, p = 0), and the interval is the
 * difference itself. SciPy answers NaN here; a table that says NaN helps nobody.
 */
export function welchTest(a: readonly number[], b: readonly number[]): WelchResult | null {
  const xa = a.filter(Number.isFinite);
  const xb = b.filter(Number.isFinite);
  if (xa.length < 2 || xb.length < 2) return null;
  const ma = mean(xa);
  const mb = mean(xb);
  const difference = ma - mb;
  const va = sampleVariance(xa, ma) / xa.length;
  const vb = sampleVariance(xb, mb) / xb.length;
  const se2 = va + vb;
  if (se2 === 0) {
    const df = xa.length + xb.length - 2;
    if (difference === 0) return { t: 0, df, p: 1, difference, ci95: { low: 0, high: 0 } };
    return { t: difference > 0 ? Infinity : -Infinity, df, p: 0, difference, ci95: { low: difference, high: difference } };
  }
  const se = Math.sqrt(se2);
  const df = (se2 * se2) / ((va * va) / (xa.length - 1) + (vb * vb) / (xb.length - 1));
  const t = difference / se;
  const p = Math.min(1, 2 * upperTail(Math.abs(t), df));
  const half = T95(df) * se;
  return { t, df, p, difference, ci95: { low: difference - half, high: difference + half } };
}
