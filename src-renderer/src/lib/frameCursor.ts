/**
 * A vertical cursor on a curve chart at a training step: the frame player's position on
 * the run's loss curve. A Chart.js plugin registered once, drawing on the charts whose
 * canvas has a cursor set (others, exports included, are untouched). The step becomes an
 * x through the chart's own points (each remembers its step), so the cursor lands right
 * whichever x axis is chosen: iteration, epoch or wall time.
 */
import { Chart, type Plugin } from 'chart.js';
import type { ChartPoint } from './curves';

const cursors = new WeakMap<HTMLCanvasElement, number>();
const COLOR = '#C62828';

/** The x of the drawn point nearest to `step` (points in step order), or null. */
export function xAtStep(points: readonly ChartPoint[], step: number): number | null {
  if (!points.length) return null;
  let lo = 0;
  let hi = points.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid].step < step) lo = mid + 1;
    else hi = mid;
  }
  const before = points[Math.max(0, lo - 1)];
  const at = points[lo];
  return Math.abs(before.step - step) < Math.abs(at.step - step) ? before.x : at.x;
}

export const frameCursorPlugin: Plugin = {
  id: 'frameCursor',
  afterDatasetsDraw(chart) {
    const step = chart.canvas ? cursors.get(chart.canvas) : undefined;
    if (step === undefined) return;
    const data = chart.data.datasets[0]?.data as ChartPoint[] | undefined;
    const x = data ? xAtStep(data, step) : null;
    if (x === null) return;
    const px = chart.scales.x?.getPixelForValue(x);
    const area = chart.chartArea;
    if (px === undefined || !Number.isFinite(px) || px < area.left || px > area.right) return;
    const ctx = chart.ctx;
    ctx.save();
    ctx.strokeStyle = COLOR;
    ctx.lineWidth = 1.5;
    ctx.setLineDash([4, 3]);
    ctx.beginPath();
    ctx.moveTo(px, area.top);
    ctx.lineTo(px, area.bottom);
    ctx.stroke();
    ctx.restore();
  },
};

let registered = false;
/** Charts that have been updated since the plugin was registered (a plain redraw does not pick up new plugins). */
const updated = new WeakSet<HTMLCanvasElement>();

/** Puts (or with null removes) the cursor on the chart drawn on `canvas`, and redraws it. */
export function setFrameCursor(canvas: HTMLCanvasElement | null | undefined, step: number | null): void {
  if (!canvas) return;
  if (!registered) {
    Chart.register(frameCursorPlugin);
    registered = true;
  }
  if (step === null) cursors.delete(canvas);
  else cursors.set(canvas, step);
  canvas.dataset.cursorStep = step === null ? '' : String(step);
  const chart = Chart.getChart(canvas);
  if (!chart) return;
  if (updated.has(canvas)) chart.draw();
  else {
    updated.add(canvas);
    chart.update('none');
  }
}
