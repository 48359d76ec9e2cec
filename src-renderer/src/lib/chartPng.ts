/**
 * Charts and canvas figures as PNG files for a report: the chart's configuration drawn
 * again into an offscreen canvas at 2× its size, on white (a transparent PNG turns black
 * in some viewers and in dark-mode documents), then encoded. The on-screen chart is
 * left alone. The canvas factory and the encoder are parameters so that tests can run
 * the same code on @napi-rs/canvas in Node.
 */
import type { ChartConfiguration } from 'chart.js';
import { whiteBackground } from '../shared';
import { setupCharts } from './chartSetup';

/** The little of a canvas this module needs: a DOM canvas or @napi-rs/canvas's. */
export interface CanvasLike {
  width: number;
  height: number;
  getContext(type: '2d'): unknown;
}

export interface CanvasIo<C extends CanvasLike = CanvasLike> {
  create(width: number, height: number): C;
  encode(canvas: C): Promise<Uint8Array>;
}

export const browserCanvas: CanvasIo<HTMLCanvasElement> = {
  create(width, height) {
    const canvas = document.createElement('canvas');
    [canvas.width, canvas.height] = [width, height];
    return canvas;
  },
  encode: canvasToPng,
};

export async function canvasToPng(canvas: HTMLCanvasElement): Promise<Uint8Array> {
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('the canvas could not be encoded as PNG');
  return new Uint8Array(await blob.arrayBuffer());
}

export interface ChartPngOptions {
  /** CSS pixels; the PNG is `scale` times larger. */
  width?: number;
  height?: number;
  scale?: number;
}

/** Renders `config` at `scale`× on white and returns the PNG bytes. */
export async function chartToPng<C extends CanvasLike>(
  config: ChartConfiguration<'line'>,
  { width = 960, height = 540, scale = 2 }: ChartPngOptions = {},
  io: CanvasIo<C> = browserCanvas as unknown as CanvasIo<C>,
): Promise<Uint8Array> {
  const Chart = setupCharts();
  const canvas = io.create(width, height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this browser cannot draw on a canvas');
  const own: ChartConfiguration<'line'> = {
    ...config,
    options: { ...config.options, responsive: false, maintainAspectRatio: false, animation: false, devicePixelRatio: scale },
    plugins: [...(config.plugins ?? []), whiteBackground],
  };
  // The context, not the canvas: Chart.js accepts either, and a Node canvas has no DOM.
  const chart = new Chart(ctx as CanvasRenderingContext2D, own);
  try {
    // Encode before destroy(): releasing the context resets the canvas and its pixels.
    return await io.encode(canvas);
  } finally {
    chart.destroy();
  }
}

/** Draws a figure (image grid, confusion matrix) of `width`×`height` CSS pixels at `scale`× on white. */
export async function figureToPng<C extends CanvasLike>(
  width: number,
  height: number,
  draw: (ctx: CanvasRenderingContext2D) => void,
  scale = 2,
  io: CanvasIo<C> = browserCanvas as unknown as CanvasIo<C>,
): Promise<Uint8Array> {
  const canvas = io.create(Math.round(width * scale), Math.round(height * scale));
  const ctx = canvas.getContext('2d') as CanvasRenderingContext2D | null;
  if (!ctx) throw new Error('this browser cannot draw on a canvas');
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  draw(ctx);
  return io.encode(canvas);
}
