/**
 * The curve charts' own Chart.js plugins: the highlighted run (thick, the others faded)
 * and, past BULK_MIN_SERIES lines, the lines themselves (bulkCurves.ts). They read what
 * to draw through small sources, so the composable keeps the state and these the canvas
 * work.
 */
import type { Plugin } from 'chart.js';
import { strokeLines, type BulkLine } from './bulkCurves';
import type { CurveDataset } from './chartConfig';

/** Bulk mode: points drawn into the layer per frame (about 20 ms of rasterising in software). */
const SLICE_POINTS = 20_000;

export interface BulkSource {
  /** Whether the chart is in bulk mode now. */
  bulk(): boolean;
  lines(): BulkLine[];
  hovered(): number | null;
  /** The chart's background, to fade the other lines towards. */
  surface(): string;
  /** Changes whenever what the lines show changed (a draw with new points): the layer starts again. */
  version(): number;
  /** False once the chart is gone: no more frames. */
  alive(): boolean;
}

/** Fades every curve but the highlighted run's, and draws that one again, thick, on top. No update: a redraw. */
export function highlightPlugin(src: { hovered(): number | null; surface(): string }): Plugin<'line'> {
  return {
    id: 'sweeplabHighlight',
    afterDatasetsDraw(c) {
      const hoveredRun = src.hovered();
      if (hoveredRun === null) return;
      const indices = c.data.datasets.flatMap((ds, i) => ((ds as CurveDataset)._runId === hoveredRun && !(ds as CurveDataset)._raw && c.isDatasetVisible(i) ? [i] : []));
      if (!indices.length) return;
      const { ctx, chartArea: a } = c;
      ctx.save();
      ctx.beginPath();
      ctx.rect(a.left, a.top, a.right - a.left, a.bottom - a.top);
      ctx.clip();
      ctx.globalAlpha = 0.7;
      ctx.fillStyle = src.surface();
      ctx.fillRect(a.left, a.top, a.right - a.left, a.bottom - a.top);
      ctx.globalAlpha = 1;
      for (const i of indices) {
        const ds = c.data.datasets[i] as CurveDataset;
        ctx.strokeStyle = ds.borderColor as string;
        ctx.lineWidth = 3.5;
        ctx.setLineDash((ds.borderDash as number[] | undefined) ?? []);
        ctx.beginPath();
        let pen = false;
        for (const el of c.getDatasetMeta(i).data as unknown as { x: number; y: number; skip?: boolean }[]) {
          if (el.skip || !Number.isFinite(el.x) || !Number.isFinite(el.y)) {
            pen = false;
            continue;
          }
          if (pen) ctx.lineTo(el.x, el.y);
          else ctx.moveTo(el.x, el.y);
          pen = true;
        }
        ctx.stroke();
      }
      ctx.restore();
    },
  };
}

/**
 * Bulk mode (many runs): the lines drawn here rather than by Chart.js. On screen they
 * are drawn into a layer kept between draws, SLICE_POINTS points a frame (worst
 * ranked first, the best on top): a thousand lines never hold the main thread for a
 * whole redraw, and a hover only copies the layer and draws its run thick on top. The
 * layer starts again when anything it shows changed (a draw with new points or
 * datasets, the axes, the size). An export draws everything at once.
 */
export function bulkCurvesPlugin(src: BulkSource, sliced: boolean): Plugin<'line'> {
  const layer = { canvas: null as HTMLCanvasElement | null, key: '', done: 0, pending: false };
  return {
    id: 'sweeplabBulkCurves',
    beforeDatasetsDraw(c) {
      if (!src.bulk()) return;
      const { ctx, chartArea: a, scales } = c;
      const lines = src.lines();
      const clipTo = (g: CanvasRenderingContext2D) => {
        g.beginPath();
        g.rect(a.left, a.top, a.right - a.left, a.bottom - a.top);
        g.clip();
      };
      ctx.save();
      if (!sliced || typeof document === 'undefined') {
        clipTo(ctx);
        strokeLines(ctx, lines, scales.x, scales.y);
      } else {
        const dpr = c.currentDevicePixelRatio || 1;
        const key = `${src.version()}|${c.canvas.width}x${c.canvas.height}@${dpr}|${a.left},${a.top},${a.right},${a.bottom}|${scales.x.min},${scales.x.max},${scales.y.min},${scales.y.max}`;
        if (key !== layer.key || !layer.canvas) {
          layer.canvas ??= document.createElement('canvas');
          [layer.canvas.width, layer.canvas.height] = [c.canvas.width, c.canvas.height];
          [layer.key, layer.done] = [key, 0];
        }
        const g = layer.canvas.getContext('2d');
        if (g && layer.done < lines.length) {
          g.save();
          g.setTransform(dpr, 0, 0, dpr, 0, 0);
          clipTo(g);
          // One slice a frame: the canvas records paths at once but rasterises them when
          // the layer is copied below, so a slice is bounded by points, not by a clock.
          const end = lines.length - layer.done;
          let start = end;
          for (let points = 0; start > 0 && (start === end || points + lines[start - 1].points.length <= SLICE_POINTS); start--) points += lines[start - 1].points.length;
          strokeLines(g, lines.slice(start, end), scales.x, scales.y);
          layer.done += end - start;
          g.restore();
        }
        ctx.drawImage(layer.canvas, 0, 0, c.width, c.height);
        if (layer.done < lines.length && !layer.pending) {
          layer.pending = true;
          requestAnimationFrame(() => {
            layer.pending = false;
            if (src.alive()) c.draw();
          });
        }
        clipTo(ctx);
      }
      const run = src.hovered();
      const hot = run === null ? [] : lines.filter((l) => l.runId === run);
      if (hot.length) {
        ctx.globalAlpha = 0.7;
        ctx.fillStyle = src.surface();
        ctx.fillRect(a.left, a.top, a.right - a.left, a.bottom - a.top);
        ctx.globalAlpha = 1;
        strokeLines(ctx, hot, scales.x, scales.y, 3.5);
      }
      ctx.restore();
    },
  };
}
