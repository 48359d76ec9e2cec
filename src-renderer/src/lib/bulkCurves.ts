/**
 * Many curves on one chart without a Chart.js dataset each. Chart.js looks a dataset's
 * state up by scanning all of them (getDatasetMeta filters its list), several times per
 * dataset per update: quadratic, a third of a second for 300 runs and seconds for a
 * thousand. Past BULK_MIN_SERIES lines the chart keeps its axes, grid and title, and a
 * plugin draws the lines itself from the curves' arrays: one path per line, at most two
 * points per pixel column (the lowest and highest, so spikes survive), O(points).
 * The run under the pointer is found here too (nearest line at the pointer's x), and
 * drawn thick over the others, faded.
 */
import type { ChartPoint } from './curves';

/** More lines than this are drawn by the bulk plugin instead of as Chart.js datasets. */
export const BULK_MIN_SERIES = 40;

export interface BulkLine {
  runId: number;
  color: string;
  dash: readonly number[];
  width: number;
  points: readonly ChartPoint[];
}

export interface PixelScale {
  getPixelForValue(value: number): number;
}

export interface Area {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** x and y ranges of the lines (y > 0 only on a log axis); null when nothing is drawn. */
export function bulkBounds(lines: readonly BulkLine[], logY: boolean): { xMin: number; xMax: number; yMin: number; yMax: number } | null {
  let [xMin, xMax, yMin, yMax] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const l of lines) {
    for (const p of l.points) {
      if (!Number.isFinite(p.y) || (logY && p.y <= 0) || !Number.isFinite(p.x)) continue;
      if (p.x < xMin) xMin = p.x;
      if (p.x > xMax) xMax = p.x;
      if (p.y < yMin) yMin = p.y;
      if (p.y > yMax) yMax = p.y;
    }
  }
  return xMin <= xMax ? { xMin, xMax, yMin, yMax } : null;
}

type Ctx = Pick<CanvasRenderingContext2D, 'beginPath' | 'moveTo' | 'lineTo' | 'stroke' | 'setLineDash'> & { strokeStyle: unknown; lineWidth: number };

/** Adds one line to the current path, thinned to the lowest and highest point of each pixel column; NaN is a gap. */
function traceLine(ctx: Ctx, line: BulkLine, x: PixelScale, y: PixelScale): void {
  let pen = false;
  let col = NaN;
  let lo = Infinity;
  let hi = -Infinity;
  let lastPy = NaN;
  const flush = (px: number) => {
    if (lo === Infinity) return;
    // Within a column: down to the lowest, up to the highest, end where the last point is.
    for (const py of lo === hi ? [lo] : [lo, hi, lastPy]) {
      if (pen) ctx.lineTo(px, py);
      else ctx.moveTo(px, py);
      pen = true;
    }
    [lo, hi] = [Infinity, -Infinity];
  };
  for (const p of line.points) {
    const py = y.getPixelForValue(p.y);
    if (!Number.isFinite(p.y) || !Number.isFinite(py)) {
      flush(col);
      pen = false;
      continue;
    }
    const px = Math.round(x.getPixelForValue(p.x));
    if (px !== col) {
      flush(col);
      col = px;
    }
    if (py < lo) lo = py;
    if (py > hi) hi = py;
    lastPy = py;
  }
  flush(col);
}

/**
 * Strokes `lines`, one path per colour and dash: a thousand runs on the sequential scale
 * share at most 128 shades (curveStyle), so the canvas strokes ~100 paths, not 1,000.
 * Lines later in the list are drawn later (on top) within their shade.
 */
export function strokeLines(ctx: Ctx, lines: readonly BulkLine[], x: PixelScale, y: PixelScale, width?: number): void {
  const groups = new Map<string, BulkLine[]>();
  for (const l of lines) {
    const key = `${l.color}|${l.dash.join(',')}|${width ?? l.width}`;
    const g = groups.get(key);
    if (g) g.push(l);
    else groups.set(key, [l]);
  }
  // The worst ranked first, so the best end up on top.
  for (const g of [...groups.values()].reverse()) {
    ctx.strokeStyle = g[0].color;
    ctx.lineWidth = width ?? g[0].width;
    ctx.setLineDash([...g[0].dash]);
    ctx.beginPath();
    for (const l of g) traceLine(ctx, l, x, y);
    ctx.stroke();
  }
}

/** The y of `line` at `x` (linear between its points), or NaN outside it or in a gap. */
function valueAt(points: readonly ChartPoint[], x: number): number {
  let lo = 0;
  let hi = points.length - 1;
  if (hi < 0 || x < points[0].x || x > points[hi].x) return NaN;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (points[mid].x <= x) lo = mid;
    else hi = mid;
  }
  const [a, b] = [points[lo], points[hi]];
  return b.x === a.x ? a.y : a.y + ((b.y - a.y) * (x - a.x)) / (b.x - a.x);
}

/**
 * The run whose line passes nearest the pointer (vertically, at the pointer's x), within
 * `maxPixels`; null when none does. O(lines · log points).
 */
export function nearestRun(lines: readonly BulkLine[], xValue: number, py: number, y: PixelScale, maxPixels = 12): number | null {
  let best: number | null = null;
  let bestD = maxPixels;
  for (const l of lines) {
    const v = valueAt(l.points, xValue);
    if (!Number.isFinite(v)) continue;
    const d = Math.abs(y.getPixelForValue(v) - py);
    if (d < bestD) [best, bestD] = [l.runId, d];
  }
  return best;
}
