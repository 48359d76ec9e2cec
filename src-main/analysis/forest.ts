/**
 * A small random forest of regression trees (CART: squared-error splits, bootstrap rows),
 * the surrogate fANOVA decomposes. Each tree is stored flat — node i splits on
 * `feature[i]` at `threshold[i]` (x ≤ t goes left) or, with feature −1, is a leaf
 * predicting `value[i]` — so importance.ts can walk it without objects. Seeded, so the
 * same trials give the same forest. Pure.
 *
 * Shapes: X is n rows × d columns (codes from parameters.ts), y has n values.
 */
import { createRng, type Rng } from '../engine/random';

export interface Tree {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

export interface ForestOptions {
  trees: number;
  /** No leaf holds fewer rows than this (a split that would make one is not taken). */
  minLeaf: number;
  maxDepth: number;
  seed: number;
}

export const DEFAULT_FOREST: ForestOptions = { trees: 32, minLeaf: 3, maxDepth: 12, seed: 0 };

interface Split {
  feature: number;
  threshold: number;
  /** Rows of the node sorted on `feature`, and how many go left. */
  order: number[];
  nLeft: number;
}

/** The split of `rows` with the least squared error, or null when none beats the node (or none is allowed). */
function bestSplit(X: readonly number[][], y: readonly number[], rows: number[], minLeaf: number, rng: Rng): Split | null {
  const n = rows.length;
  if (n < 2 * minLeaf) return null;
  let total = 0, totalSq = 0;
  for (const r of rows) (total += y[r]), (totalSq += y[r] * y[r]);
  const parentSse = totalSq - (total * total) / n;
  if (parentSse <= 1e-12 * Math.max(1, totalSq)) return null;
  let best: Split | null = null;
  let bestSse = parentSse - 1e-12;
  // A random order of features breaks ties without favouring the first column.
  const features = rng.shuffle(Array.from({ length: X[0].length }, (_, j) => j));
  for (const j of features) {
    const order = [...rows].sort((a, b) => X[a][j] - X[b][j]);
    let sum = 0, sumSq = 0;
    for (let i = 0; i < n - 1; i++) {
      const v = y[order[i]];
      sum += v;
      sumSq += v * v;
      const nl = i + 1;
      if (nl < minLeaf || n - nl < minLeaf) continue;
      const a = X[order[i]][j], b = X[order[i + 1]][j];
      if (a === b) continue;
      const sse = sumSq - (sum * sum) / nl + (totalSq - sumSq) - ((total - sum) * (total - sum)) / (n - nl);
      if (sse < bestSse) [bestSse, best] = [sse, { feature: j, threshold: (a + b) / 2, order, nLeft: nl }];
    }
  }
  return best;
}

/** One regression tree on the rows `rows` (repeats allowed: a bootstrap sample). */
export function fitTree(X: readonly number[][], y: readonly number[], rows: number[], opts: Pick<ForestOptions, 'minLeaf' | 'maxDepth'>, rng: Rng): Tree {
  const tree: Tree = { feature: [], threshold: [], left: [], right: [], value: [] };
  const grow = (node: number[], depth: number): number => {
    const id = tree.feature.length;
    let mean = 0;
    for (const r of node) mean += y[r];
    mean /= node.length;
    tree.feature.push(-1), tree.threshold.push(0), tree.left.push(-1), tree.right.push(-1), tree.value.push(mean);
    const split = depth < opts.maxDepth ? bestSplit(X, y, node, opts.minLeaf, rng) : null;
    if (split) {
      tree.feature[id] = split.feature;
      tree.threshold[id] = split.threshold;
      tree.left[id] = grow(split.order.slice(0, split.nLeft), depth + 1);
      tree.right[id] = grow(split.order.slice(split.nLeft), depth + 1);
    }
    return id;
  };
  grow(rows, 0);
  return tree;
}

/** `opts.trees` trees, each on its own bootstrap sample of the rows. */
export function fitForest(X: readonly number[][], y: readonly number[], options: Partial<ForestOptions> = {}): Tree[] {
  const opts = { ...DEFAULT_FOREST, ...options };
  const rng = createRng(opts.seed);
  const n = y.length;
  return Array.from({ length: opts.trees }, () => {
    const rows = Array.from({ length: n }, () => rng.int(n));
    return fitTree(X, y, rows, opts, rng);
  });
}

export function predictTree(tree: Tree, x: readonly number[]): number {
  let i = 0;
  while (tree.feature[i] >= 0) i = x[tree.feature[i]] <= tree.threshold[i] ? tree.left[i] : tree.right[i];
  return tree.value[i];
}

export function predictForest(forest: readonly Tree[], x: readonly number[]): number {
  let s = 0;
  for (const t of forest) s += predictTree(t, x);
  return s / forest.length;
}
