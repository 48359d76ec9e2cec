/**
 * PNG files of image grids and confusion matrices, drawn in Node on @napi-rs/canvas by
 * the same code the renderer uses on screen (imageGrid.ts, confusion.ts). Text needs a
 * system font, as for the charts (see renderPng.ts).
 */
import { createCanvas } from '@napi-rs/canvas';
import { drawConfusionMatrix, layoutConfusion, type ConfusionChartOptions } from './confusion';
import { drawImageGrid, layoutImageGrid, type Canvas2D, type ImageGridOptions } from './imageGrid';

export interface PixelRatio {
  /** 2 gives twice the pixels in each direction, same layout (sharper text and images). Default 1. */
  devicePixelRatio?: number;
}

async function render(size: { width: number; height: number }, dpr: number, draw: (ctx: Canvas2D) => void): Promise<Buffer> {
  if (!(Number.isFinite(dpr) && dpr > 0)) throw new RangeError(`devicePixelRatio must be a positive number, got ${dpr}`);
  const canvas = createCanvas(Math.round(size.width * dpr), Math.round(size.height * dpr));
  const ctx = canvas.getContext('2d');
  ctx.scale(dpr, dpr);
  draw(ctx);
  return canvas.encode('png');
}

export function renderImageGridPng(opts: ImageGridOptions & PixelRatio): Promise<Buffer> {
  return render(layoutImageGrid(opts), opts.devicePixelRatio ?? 1, (ctx) => drawImageGrid(ctx, opts));
}

export function renderConfusionPng(opts: ConfusionChartOptions & PixelRatio): Promise<Buffer> {
  return render(layoutConfusion(opts), opts.devicePixelRatio ?? 1, (ctx) => drawConfusionMatrix(ctx, opts));
}
