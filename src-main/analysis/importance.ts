/**
 * Which parameters mattered: fANOVA main effects (Hutter, Hoos & Leyton-Brown, ICML 2014)
 * of a random forest fitted on config → objective, with Spearman correlations beside them.
 *
 * For one tree, each parameter's domain carries a discrete uniform measure (32 points
 * across a numeric range in its modelling scale, each category once, plus "inactive" at
 * its observed rate for a conditional parameter). The tree is a piecewise-constant
 * function on boxes, so its marginal over every parameter but j, at each point of j, is
 * exact: walk the tree once, and at a leaf add value × (the measure of its box in every
 * other dimension) to the points of j its box covers. The variance of that marginal over
 * j's points, divided by the tree's total variance over the whole space, is j's
 * main-effect share. The report gives the mean share over the trees and its between-tree
 * standard deviation (each tree saw its own bootstrap sample). Shares of all parameters
 * sum to at most 1; the rest is interactions. Pure and seeded.
 */
import { DEFAULT_FOREST, fitForest, type ForestOptions, type Tree } from './forest';
import { encodeTrial, encodedBounds, numericValue, type AnalysisParam } from './parameters';
import type { AnalysisTrial, ParamImportance } from './types';

/** Below this many finished trials importance says nothing. */
export const MIN_TRIALS = 10;
const GRID = 32;

/** A trial the analysis counts: it finished (completed, or pruned after reporting) with a value. */
export function isFinishedTrial(t: Pick<AnalysisTrial, 'status' | 'value'>): boolean {
  return (t.status === 'completed' || t.status === 'pruned') && t.value !== null && Number.isFinite(t.value);
}

interface Measure {
  /** Ascending points of the modelling domain, and prefix sums of their weights (cum[0] = 0, cum[len] = 1). */
  points: number[];
  cum: number[];
}

function measureOf(p: AnalysisParam, inactiveRate: number): Measure {
  const { low, high, absent } = encodedBounds(p);
  const points = p.kind === 'categorical' ? Array.from({ length: p.values.length }, (_, i) => i) : Array.from({ length: GRID }, (_, i) => low + ((high - low) * (i + 0.5)) / GRID);
  const weights = points.map(() => (1 - inactiveRate) / points.length);
  if (inactiveRate > 0) points.unshift(absent), weights.unshift(inactiveRate);
  const cum = [0];
  for (const w of weights) cum.push(cum[cum.length - 1] + w);
  return { points, cum };
}

/** The first index in [lo, hi) whose point is above t. */
function cutOf(m: Measure, lo: number, hi: number, t: number): number {
  let i = lo;
  while (i < hi && m.points[i] <= t) i++;
  return i;
}

/**
 * Walks `tree` over the product measure, calling `leaf(value, ranges, weight)` with each
 * leaf's index ranges and the measure of its box in every dimension but `skip` (−1: none).
 */
function walk(tree: Tree, measures: Measure[], skip: number, leaf: (value: number, lo: number[], hi: number[], weight: number) => void): void {
  const lo = measures.map(() => 0);
  const hi = measures.map((m) => m.points.length);
  const visit = (node: number, weight: number): void => {
    const f = tree.feature[node];
    if (f < 0) return leaf(tree.value[node], lo, hi, weight);
    const m = measures[f];
    const [l, h] = [lo[f], hi[f]];
    const cut = cutOf(m, l, h, tree.threshold[node]);
    const whole = m.cum[h] - m.cum[l];
    const parts: [number, number, number][] = [[tree.left[node], l, cut], [tree.right[node], cut, h]];
    for (const [child, a, b] of parts) {
      if (a >= b) continue;
      const share = f === skip ? 1 : (m.cum[b] - m.cum[a]) / whole;
      if (share <= 0) continue;
      [lo[f], hi[f]] = [a, b];
      visit(child, weight * share);
    }
    [lo[f], hi[f]] = [l, h];
  };
  visit(0, 1);
}

/** Each parameter's main-effect share of one tree's variance; null when the tree is flat. */
export function treeMainEffects(tree: Tree, measures: Measure[]): number[] | null {
  let mean = 0, sq = 0;
  walk(tree, measures, -1, (v, _lo, _hi, w) => ((mean += w * v), (sq += w * v * v)));
  const total = sq - mean * mean;
  if (!(total > 1e-14 * Math.max(1, sq))) return null;
  return measures.map((m, j) => {
    const marginal = new Float64Array(m.points.length);
    walk(tree, measures, j, (v, lo, hi, w) => {
      for (let p = lo[j]; p < hi[j]; p++) marginal[p] += v * w;
    });
    let s = 0;
    for (let p = 0; p < marginal.length; p++) s += (m.cum[p + 1] - m.cum[p]) * (marginal[p] - mean) ** 2;
    return Math.min(1, s / total);
  });
}

/** Ranks (1-based, ties averaged). */
function ranks(xs: readonly number[]): number[] {
  const order = xs.map((_, i) => i).sort((a, b) => xs[a] - xs[b]);
  const r = new Array<number>(xs.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && xs[order[j + 1]] === xs[order[i]]) j++;
    for (let k = i; k <= j; k++) r[order[k]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return r;
}

/** Spearman's rank correlation; null with fewer than 3 pairs or a constant side. */
export function spearman(xs: readonly number[], ys: readonly number[]): number | null {
  if (xs.length < 3) return null;
  const [a, b] = [ranks(xs), ranks(ys)];
  const n = a.length;
  const [ma, mb] = [a.reduce((s, v) => s + v, 0) / n, b.reduce((s, v) => s + v, 0) / n];
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) (sab += (a[i] - ma) * (b[i] - mb)), (saa += (a[i] - ma) ** 2), (sbb += (b[i] - mb) ** 2);
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : null;
}

/**
 * Importance of each parameter for the objective over the finished trials, most important
 * first; null below MIN_TRIALS of them.
 */
export function parameterImportance(params: readonly AnalysisParam[], trials: readonly AnalysisTrial[], options: Partial<ForestOptions> = {}): ParamImportance[] | null {
  const X: number[][] = [];
  const y: number[] = [];
  const used: AnalysisTrial[] = [];
  for (const t of trials.filter(isFinishedTrial)) {
    const row = encodeTrial(params, t.params);
    if (row) X.push(row), y.push(t.value!), used.push(t);
  }
  if (y.length < MIN_TRIALS || params.length === 0) return null;

  const measures = params.map((p) => measureOf(p, p.conditional ? used.filter((t) => t.params[p.key] === undefined).length / used.length : 0));
  const forest = fitForest(X, y, { ...DEFAULT_FOREST, ...options });
  const shares = forest.map((tree) => treeMainEffects(tree, measures)).filter((s): s is number[] => s !== null);

  const rows = params.map((p, j): ParamImportance => {
    const numeric = p.kind === 'numeric';
    const pairs = numeric ? used.map((t) => [numericValue(t.params[p.key]), t.value!] as const).filter((pair): pair is [number, number] => pair[0] !== null) : [];
    const correlation = numeric ? spearman(pairs.map((q) => q[0]), pairs.map((q) => q[1])) : null;
    if (shares.length === 0) return { key: p.key, importance: 0, std: 0, correlation };
    const values = shares.map((s) => s[j]);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, values.length - 1));
    return { key: p.key, importance: mean, std, correlation };
  });
  return rows.sort((a, b) => b.importance! - a.importance! || a.key.localeCompare(b.key));
}
