/**
 * The group statistics against independent references: every expected number below was
 * computed with SciPy 1.10.1 (Debian's python3-scipy) by the one-liner in the comment
 * above it, not by this code.
 */
import { describe, expect, it } from 'vitest';
import { logGamma, regularizedBeta, summarize, tCdf, tQuantile, welchTest } from '../../src-main/analysis/statistics';

/** Absolute agreement to `digits` decimals (toBeCloseTo's rule). */
const close = (actual: number | null | undefined, expected: number, digits = 10) => expect(actual).toBeCloseTo(expected, digits);

describe('special functions', () => {
  it('log-gamma matches scipy.special.gammaln', () => {
    // scipy.special.gammaln([0.5, 10.3, 1e-3])
    close(logGamma(0.5), 0.5723649429247, 12);
    close(logGamma(10.3), 13.482036786138359, 11);
    close(logGamma(1e-3), 6.907178885383853, 11);
  });

  it('the regularized incomplete beta matches scipy.special.betainc', () => {
    // scipy.special.betainc(2.5, 3.5, 0.4); betainc(0.5, 7, 0.01); betainc(50, 60, 0.45)
    close(regularizedBeta(0.4, 2.5, 3.5), 0.4869041915261175, 12);
    close(regularizedBeta(0.01, 0.5, 7), 0.2874836298717218, 12);
    close(regularizedBeta(0.45, 50, 60), 0.4642352914306064, 11);
    expect(regularizedBeta(0, 2, 3)).toBe(0);
    expect(regularizedBeta(1, 2, 3)).toBe(1);
  });
});

describe('Student t distribution', () => {
  it('the CDF matches scipy.stats.t.cdf, non-integer df included', () => {
    // scipy.stats.t.cdf(2.0, 5); t.cdf(-1.5, 3.7); t.cdf(0.3, 1); t.cdf(-8, 12); t.cdf(40, 2)
    close(tCdf(2, 5), 0.9490302605850709, 12);
    close(tCdf(-1.5, 3.7), 0.10679908460100665, 12);
    close(tCdf(0.3, 1), 0.5927735790777423, 12);
    expect(tCdf(-8, 12) / 1.8799491123751274e-6).toBeCloseTo(1, 9);
    close(tCdf(40, 2), 0.9996877926639076, 12);
    expect(tCdf(0, 7)).toBe(0.5);
  });

  // SciPy 1.10's t.ppf is only good to ~1e-10 at small df (t.ppf(0.975, 1) = 12.706204736432095,
  // 2.6e-10 above the exact Cauchy quantile), so the references solve SciPy's own survival
  // function to full precision instead:
  //   scipy.optimize.brentq(lambda t: scipy.stats.t.sf(t, df) - (1 - p), 0, 1000, xtol=1e-15, rtol=1e-15)
  it('the quantile matches SciPy to 1e-12 and the closed forms for df = 1, 2', () => {
    const cases: [p: number, df: number, t: number][] = [
      [0.975, 1, 12.706204736174692],
      [0.975, 2, 4.302652729749462],
      [0.975, 9, 2.2621571627982044],
      [0.975, 30, 2.0422724563012373],
      [0.975, 2.5, 3.574654842003682],
      [0.975, 1000, 1.962339080826408],
      [0.995, 4, 4.604094871349992],
    ];
    for (const [p, df, t] of cases) close(tQuantile(p, df), t, 12);
    // Textbook closed forms: t₁ = tan(π(p − ½)) (Cauchy), t₂ = (2p − 1)/√(2p(1 − p)).
    close(tQuantile(0.975, 1), 1 / Math.tan(0.025 * Math.PI), 12);
    close(tQuantile(0.975, 2), 0.95 / Math.sqrt(2 * 0.975 * 0.025), 12);
    // And the printed tables' 12.706 / 2.262 agree with t.ppf to its own accuracy.
    close(tQuantile(0.975, 1), 12.706204736432095, 8);
    close(tQuantile(0.025, 9), -2.2621571627982044, 12);
    expect(tQuantile(0.5, 3)).toBe(0);
  });

  it('quantile and CDF invert each other far into the tail', () => {
    for (const df of [1, 2.7, 15])
      for (const p of [1e-6, 0.01, 0.3, 0.9, 0.9999]) expect(tCdf(tQuantile(p, df), df) / p).toBeCloseTo(1, 9);
  });
});

describe('summarize', () => {
  it('gives a standard deviation of exactly 0 for equal values (no rounding noise from the mean)', () => {
    // 13/15 five times: the naive sum / 5 is one ulp off, which left a "std" of 1.2e-16.
    const s = summarize(Array(5).fill(13 / 15));
    expect(s.mean).toBe(13 / 15);
    expect(s.std).toBe(0);
    expect(s.ci95).toEqual({ low: 13 / 15, high: 13 / 15 });
  });

  it('gives the sample std and the Student-t interval', () => {
    // x=[0.91,0.93,0.92,0.95,0.90]; np.mean(x), np.std(x, ddof=1), scipy.stats.t.interval(0.95, 4, loc=np.mean(x), scale=scipy.stats.sem(x))
    const s = summarize([0.91, 0.93, 0.92, 0.95, 0.9]);
    expect(s.n).toBe(5);
    close(s.mean, 0.922, 12);
    close(s.std, 0.019235384061671322, 12);
    close(s.ci95?.low, 0.8981161161190002, 10);
    close(s.ci95?.high, 0.9458838838809999, 10);
  });

  it('with n = 2 uses t(0.975, 1) = 12.706, a wide interval', () => {
    // x=[0.8,0.9]; h = scipy.stats.t.ppf(0.975,1)*np.std(x,ddof=1)/np.sqrt(2); (np.mean(x)-h, np.mean(x)+h)
    const s = summarize([0.8, 0.9]);
    close(s.ci95?.low, 0.2146897631783955, 10);
    close(s.ci95?.high, 1.4853102368216047, 10);
  });

  it('counts only finite values and has no spread below two', () => {
    expect(summarize([0.7, NaN, null, undefined, Infinity])).toEqual({ n: 1, mean: 0.7, std: null, ci95: null });
    expect(summarize([])).toEqual({ n: 0, mean: null, std: null, ci95: null });
  });
});

/** Welch df and CI are not in SciPy 1.10's result; computed from its formula with t.ppf:
 *  va=np.var(a,ddof=1)/len(a); vb=np.var(b,ddof=1)/len(b); df=(va+vb)**2/(va**2/(len(a)-1)+vb**2/(len(b)-1));
 *  d=np.mean(a)-np.mean(b); h=scipy.stats.t.ppf(0.975,df)*np.sqrt(va+vb); (d-h, d+h) */
describe('Welch t-test', () => {
  it('matches scipy.stats.ttest_ind(equal_var=False), with a non-integer df', () => {
    // a=[0.91,0.93,0.92,0.95]; b=[0.85,0.88,0.86]; scipy.stats.ttest_ind(a, b, equal_var=False)
    const r = welchTest([0.91, 0.93, 0.92, 0.95], [0.85, 0.88, 0.86])!;
    close(r.t, 5.2271005964264114, 10);
    close(r.p, 0.003974883614491201, 12);
    close(r.df, 4.733990147783244, 10);
    close(r.difference, 0.0641666666666667, 12);
    close(r.ci95.low, 0.03206994266899905, 10);
    close(r.ci95.high, 0.09626339066433437, 10);
  });

  it('a small difference under large noise is not significant', () => {
    // scipy.stats.ttest_ind([0.5,0.52,0.49], [0.45,0.55,0.40,0.60,0.50], equal_var=False)
    const r = welchTest([0.5, 0.52, 0.49], [0.45, 0.55, 0.4, 0.6, 0.5])!;
    close(r.t, 0.0914778707492687, 10);
    close(r.p, 0.931061142562523, 10);
    close(r.df, 4.478585569516045, 10);
    close(r.ci95.low, -0.09371235035347766, 10);
    close(r.ci95.high, 0.10037901702014426, 10);
  });

  it('equal means give t = 0 and p = 1', () => {
    // scipy.stats.ttest_ind([1.,2.,3.], [2.,1.,3.,2.], equal_var=False) -> (0.0, 1.0); df 3.857142857142857
    const r = welchTest([1, 2, 3], [2, 1, 3, 2])!;
    expect(r.t).toBe(0);
    close(r.p, 1, 12);
    close(r.df, 3.857142857142857, 10);
    close(r.ci95.high, 1.9922547967028166, 10);
  });

  it('zero variance on both sides: p = 1 for equal means, 0 for different ones, pooled df', () => {
    expect(welchTest([0.9, 0.9, 0.9], [0.9, 0.9])).toEqual({ t: 0, df: 3, p: 1, difference: 0, ci95: { low: 0, high: 0 } });
    const r = welchTest([1, 1, 1], [0.5, 0.5, 0.5])!;
    expect(r).toMatchObject({ t: Infinity, df: 4, p: 0, difference: 0.5, ci95: { low: 0.5, high: 0.5 } });
  });

  it('makes no test with fewer than two finite values on a side', () => {
    expect(welchTest([0.9], [0.8, 0.7, 0.75])).toBeNull();
    expect(welchTest([0.9, NaN], [0.8, 0.7])).toBeNull();
  });
});
