/**
 * A y range that one diverged run cannot flatten: runs whose highest (or lowest) point
 * is an outlier among all runs' highest (lowest) points — beyond Tukey's far fence,
 * 3 × IQR past the quartiles, in log space on a log axis — are clipped at the edge; every
 * other run is shown whole, its first, steep steps included (a percentile band of the
 * points would cut every run's start, and fails once outliers hold > 2% of the points),
 * with a 5% margin. Fewer than five runs: no clipping (no quartiles to speak of). Pure,
 * O(points).
 */

export interface RobustRange {
  min: number;
  max: number;
  /** Runs with points above `max` / below `min`: drawn clipped at the edge. */
  above: number;
  below: number;
}

const MIN_RUNS = 5;
const FENCE = 3;
const MARGIN = 0.05;

function quantile(sorted: readonly number[], q: number): number {
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  return lo + 1 < sorted.length ? sorted[lo] + (sorted[lo + 1] - sorted[lo]) * (i - lo) : sorted[lo];
}

/**
 * `runs`: each run's y values (all the points of its lines). Null when nothing needs
 * clipping (the chart's own range shows every point) or nothing is drawn.
 */
export function robustRange(runs: readonly (readonly number[])[], logY = false): RobustRange | null {
  const f = logY ? Math.log10 : (v: number) => v;
  const inv = logY ? (v: number) => 10 ** v : (v: number) => v;
  const highs: number[] = [];
  const lows: number[] = [];
  for (const ys of runs) {
    let [lo, hi] = [Infinity, -Infinity];
    for (const y of ys) {
      if (!Number.isFinite(y) || (logY && y <= 0)) continue;
      const v = f(y);
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (hi >= lo) [highs[highs.length], lows[lows.length]] = [hi, lo];
  }
  if (highs.length < MIN_RUNS) return null;
  highs.sort((a, b) => a - b);
  lows.sort((a, b) => a - b);
  const upperFence = quantile(highs, 0.75) + FENCE * (quantile(highs, 0.75) - quantile(highs, 0.25));
  const lowerFence = quantile(lows, 0.25) - FENCE * (quantile(lows, 0.75) - quantile(lows, 0.25));
  const above = highs.filter((h) => h > upperFence).length;
  const below = lows.filter((l) => l < lowerFence).length;
  if (!above && !below) return null;

  // Every run within the fences is shown whole; the margin keeps its peak off the frame.
  const inHigh = highs.filter((h) => h <= upperFence);
  const inLow = lows.filter((l) => l >= lowerFence);
  let top = inHigh.length ? inHigh[inHigh.length - 1] : upperFence;
  let bottom = inLow.length ? inLow[0] : lowerFence;
  const span = top - bottom || Math.abs(top) || 1;
  top = above ? top + MARGIN * span : highs[highs.length - 1];
  bottom = below ? bottom - MARGIN * span : lows[0];
  const out = { min: inv(bottom), max: inv(top), above: highs.filter((h) => h > top).length, below: lows.filter((l) => l < bottom).length };
  return out.above || out.below ? out : null;
}
