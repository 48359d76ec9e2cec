/**
 * Train/validation/test splits and feature standardisation.
 *
 * Splits are stratified so every class keeps its share in every split (with 150 Iris
 * rows a plain shuffle can easily give a validation set with one species missing), and
 * deterministic for a seed so a run can be repeated exactly.
 */
import { createRng } from '../engine/random';
import type { Float } from '../engine/types';
import type { Split } from './types';

export interface SplitRatios {
  train: number;
  val: number;
  /** Default 0: Fashion-MNIST has an official test set and splits only train/val. */
  test?: number;
}

export interface SplitIndices {
  train: Int32Array;
  val: Int32Array;
  test: Int32Array;
}

/**
 * Largest-remainder rounding: integer parts summing exactly to `total`, each within 1
 * of its exact share `total * weights[i]`; ties go to the earlier part.
 */
export function largestRemainder(total: number, weights: number[]): number[] {
  const exact = weights.map((w) => total * w);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => i).sort((a, b) => exact[b] - counts[b] - (exact[a] - counts[a]) || a - b);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) counts[order[k]]++;
  return counts;
}

/**
 * How many rows of each class go to each split. The split totals come first (so 150
 * rows at 0.7/0.1/0.2 are exactly 105/15/30); then each class gets the floor of its
 * share, and the leftover rows go to the (class, split) cells with the largest
 * fractional parts, as long as both the class and the split still need rows.
 */
function allocate(classCounts: number[], ratios: number[]): number[][] {
  const total = classCounts.reduce((a, b) => a + b, 0);
  const need = largestRemainder(total, ratios);
  const cells = classCounts.map((n) => ratios.map((r) => Math.floor(n * r)));
  const classLeft = classCounts.map((n, c) => n - cells[c].reduce((a, b) => a + b, 0));
  cells.forEach((row) => row.forEach((k, s) => (need[s] -= k)));
  const candidates: { c: number; s: number; frac: number }[] = [];
  classCounts.forEach((n, c) => ratios.forEach((r, s) => candidates.push({ c, s, frac: n * r - cells[c][s] })));
  candidates.sort((a, b) => b.frac - a.frac || a.c - b.c || a.s - b.s);
  for (const { c, s, frac } of candidates) {
    if (frac > 0 && classLeft[c] > 0 && need[s] > 0) {
      cells[c][s]++;
      classLeft[c]--;
      need[s]--;
    }
  }
  // Rare leftovers (the greedy pass painted itself into a corner): any split that still
  // needs rows takes them, so the totals stay exact.
  classLeft.forEach((left, c) => {
    for (let s = 0; left > 0 && s < ratios.length; s++) {
      const take = Math.min(left, need[s]);
      cells[c][s] += take;
      need[s] -= take;
      left -= take;
    }
  });
  return cells;
}

/** Row indices of a stratified split of labels `y`, each split in ascending row order. */
export function stratifiedSplit(y: Int32Array, ratios: SplitRatios, seed: number): SplitIndices {
  const r = [ratios.train, ratios.val, ratios.test ?? 0];
  if (r.some((v) => !(v >= 0 && v <= 1)) || Math.abs(r[0] + r[1] + r[2] - 1) > 1e-9)
    throw new RangeError(`split ratios must be in [0, 1] and sum to 1 (got ${r.join(' / ')})`);
  const byClass = new Map<number, number[]>();
  y.forEach((label, i) => {
    const rows = byClass.get(label);
    if (rows) rows.push(i);
    else byClass.set(label, [i]);
  });
  const labels = [...byClass.keys()].sort((a, b) => a - b);
  const groups = labels.map((l) => byClass.get(l)!);
  const cells = allocate(groups.map((g) => g.length), r);
  const rng = createRng(seed);
  const out: number[][] = [[], [], []];
  groups.forEach((rows, c) => {
    rng.shuffle(rows);
    let at = 0;
    for (let s = 0; s < 3; s++) {
      for (let k = 0; k < cells[c][s]; k++) out[s].push(rows[at++]);
    }
  });
  const [train, val, test] = out.map((idx) => Int32Array.from(idx).sort());
  return { train, val, test };
}

/** Copies rows `idx` of a row-major `x` (and their labels) into a new split of the same float type. */
export function takeRows(src: { x: Float; y: Int32Array }, features: number, idx: ArrayLike<number>): Split {
  const n = idx.length;
  const x = src.x instanceof Float32Array ? new Float32Array(n * features) : new Float64Array(n * features);
  const y = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const i = idx[k];
    x.set(src.x.subarray(i * features, (i + 1) * features), k * features);
    y[k] = src.y[i];
  }
  return { x, y, n };
}

export interface Standardization {
  mean: Float64Array;
  std: Float64Array;
}

/**
 * Scales every split with the TRAINING split's mean and (population) std, in place.
 * Fitting on validation or test rows would leak them into training. A constant
 * feature has std 0 (or rounding noise near it) and is only centred, not blown up.
 */
export function standardize(train: Split, others: Split[], features: number): Standardization {
  const mean = new Float64Array(features);
  const std = new Float64Array(features);
  const { x, n } = train;
  for (let i = 0; i < n; i++) for (let f = 0; f < features; f++) mean[f] += x[i * features + f];
  for (let f = 0; f < features; f++) mean[f] /= Math.max(n, 1);
  for (let i = 0; i < n; i++)
    for (let f = 0; f < features; f++) {
      const d = x[i * features + f] - mean[f];
      std[f] += d * d;
    }
  for (let f = 0; f < features; f++) {
    const s = Math.sqrt(std[f] / Math.max(n, 1));
    std[f] = s > 1e-12 * Math.max(1, Math.abs(mean[f])) ? s : 1;
  }
  for (const split of [train, ...others]) {
    for (let i = 0; i < split.n; i++)
      for (let f = 0; f < features; f++) split.x[i * features + f] = (split.x[i * features + f] - mean[f]) / std[f];
  }
  return { mean, std };
}
