/**
 * Sample images from the API (base64 gray levels) onto a browser canvas with the
 * shared drawImageGrid: crisp on HiDPI screens (backing store × devicePixelRatio) and
 * exported as PNG at 2× on white, like the report figures.
 */
import { drawImageGrid, layoutImageGrid, type Canvas2D, type ImageBatch, type ImageGridOptions } from '../shared';
import { base64ToBytes } from './base64';

/**
 * Pixels per image pixel: 4 for a few 28×28 images (112 px each, captions at 13 px),
 * smaller as the columns grow so an 8×8 grid still fits a window 1024 px wide.
 */
export function gridScale(width: number, cols: number): number {
  if (width > 28) return 2;
  return cols <= 4 ? 4 : cols <= 6 ? 3 : 2;
}

export function gridOptions(batch: ImageBatch, labels: readonly number[], classes: readonly string[], cols: number): ImageGridOptions {
  const gray = base64ToBytes(batch.pixelsBase64);
  const images = Float32Array.from(gray, (g) => g / 255);
  return {
    images,
    width: batch.width,
    height: batch.height,
    captions: labels.map((l) => classes[l] ?? String(l)),
    cols,
    scale: gridScale(batch.width, cols),
    background: '#ffffff',
  };
}

/** Sizes the canvas for the grid at `dpr` and draws it; false when there is no 2D context. */
export function drawGridOnCanvas(canvas: HTMLCanvasElement, opts: ImageGridOptions, dpr: number): boolean {
  const layout = layoutImageGrid(opts);
  const ratio = Math.max(1, Math.round(dpr * 100) / 100);
  canvas.width = Math.round(layout.width * ratio);
  canvas.height = Math.round(layout.height * ratio);
  canvas.style.width = `${layout.width}px`;
  canvas.style.height = `${layout.height}px`;
  const ctx = canvas.getContext('2d');
  if (!ctx) return false;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  drawImageGrid(ctx as unknown as Canvas2D, opts);
  return true;
}

/** The grid as PNG bytes, at `scale` × its CSS size. */
export async function gridToPng(opts: ImageGridOptions, scale = 2): Promise<Uint8Array> {
  const canvas = document.createElement('canvas');
  if (!drawGridOnCanvas(canvas, { ...opts, background: '#ffffff' }, scale)) throw new Error('this browser cannot draw on a canvas');
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('the canvas could not be encoded as PNG');
  return new Uint8Array(await blob.arrayBuffer());
}
