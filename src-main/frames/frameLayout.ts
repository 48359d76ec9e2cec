/**
 * A whole frame as one picture: its panels (render.ts's rasters) side by side, each with
 * a title, under a caption band (the run's label; step · epoch · loss). Pixels here, text
 * through drawFrameText on any 2D context (the browser's canvas, @napi-rs/canvas), so
 * the player, the PNG and the GIF show the same frame. Pure.
 */
import { cssFont, type Canvas2D } from '../export/imageGrid';
import { blank, columnsFor, renderConfusion, renderImageTiles, renderPlaneFrame, renderPredictions, renderUnitThumbnails, tileGridSize, type Raster } from './render';
import type { Frame, FrameMeta, ImageMeta, PlaneMeta } from './types';

export type PanelId = 'boundary' | 'units' | 'tiles' | 'confusion' | 'predictions';
export interface Panel {
  id: PanelId;
  title: string;
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface FrameLayout {
  width: number;
  height: number;
  /** Baseline band of the caption (step · epoch · loss) under a title band. */
  captionHeight: number;
  panels: Panel[];
}

const PAD = 10;
const TITLE = 18;
/** Two lines: the run's label, then step · epoch · loss. */
const CAPTION = 40;

/** Sizes of each panel's picture before placing: what renderFrame draws into each. */
function panelSizes(meta: FrameMeta, boundary: number): { id: PanelId; title: string; width: number; height: number; draw: (f: Frame, o: FrameDrawOptions) => Raster }[] {
  if (meta.kind === 'plane') {
    const units = meta.units > 0 ? renderUnitThumbnailsSize(meta, boundary) : null;
    return [
      { id: 'boundary', title: 'Decision boundary', width: boundary, height: boundary, draw: (f, o) => renderPlaneFrame(f, { width: boundary, height: boundary, points: o.points, labels: o.labels }) },
      ...(units ? [{ id: 'units' as const, title: `Hidden units (${meta.units})`, width: units.width, height: units.height, draw: (f: Frame) => renderUnitThumbnails(f, { scale: units.scale }) }] : []),
    ];
  }
  const k = meta.confusion.length;
  const cols = columnsFor(meta.tiles);
  const tileScale = Math.max(1, boundary / cols / (meta.width + 2));
  const tiles = tileGridSize(meta.tiles, meta.width, meta.height, tileScale, cols, 2);
  const confCell = Math.max(8, Math.floor(boundary / 1.6 / Math.max(1, k)));
  const predCols = columnsFor(meta.predictions.length);
  return [
    { id: 'tiles', title: 'First-layer weights', ...tiles, draw: (f) => renderImageTiles(f, { scale: tileScale }) },
    { id: 'confusion', title: 'Confusion (true × predicted)', width: k * confCell, height: k * confCell, draw: (f) => renderConfusion((f.meta as ImageMeta).confusion, confCell) },
    { id: 'predictions', title: 'Test predictions', width: predCols * 25 - 3, height: Math.ceil(meta.predictions.length / predCols) * 25 - 3, draw: (f) => renderPredictions((f.meta as ImageMeta).predictions, 22) },
  ];
}
function renderUnitThumbnailsSize(meta: PlaneMeta, boundary: number): { scale: number; width: number; height: number } {
  const cols = columnsFor(meta.units);
  const scale = Math.max(1, (boundary * 0.6) / cols / (meta.unitSize + 4));
  return { scale, ...tileGridSize(meta.units, meta.unitSize, meta.unitSize, scale, cols, 4) };
}

export interface FrameDrawOptions {
  points?: readonly (readonly [number, number])[];
  labels?: readonly number[];
  /** Side of the decision boundary (plane) or the scale the other panels follow. Default 280. */
  size?: number;
}

/** Where each panel of a frame goes: side by side under the caption band, each with a title above. */
export function framePanels(meta: FrameMeta, size = 280): FrameLayout {
  let x = PAD;
  let tallest = 0;
  const panels: Panel[] = panelSizes(meta, size).map(({ id, title, width, height }) => {
    const panel = { id, title, x, y: CAPTION + TITLE, width, height };
    // The title must fit over its panel too (12 px text, ~7 px a character).
    x += Math.max(width, Math.ceil(title.length * 7)) + 2 * PAD;
    tallest = Math.max(tallest, height);
    return panel;
  });
  // Even sizes: a GIF's and a video's favourite.
  const even = (n: number) => n + (n % 2);
  return { width: even(x - PAD), height: even(CAPTION + TITLE + tallest + PAD), captionHeight: CAPTION, panels };
}

/** A whole frame as one RGBA picture (white background, no text: drawFrameText adds it). */
export function renderFrame(frame: Frame, opts: FrameDrawOptions = {}): { layout: FrameLayout; image: Raster } {
  const size = opts.size ?? 280;
  const layout = framePanels(frame.meta, size);
  const image = blank(layout.width, layout.height);
  const sizes = panelSizes(frame.meta, size);
  layout.panels.forEach((p, i) => blit(image, sizes[i].draw(frame, opts), p.x, p.y));
  return { layout, image };
}

export function blit(dst: Raster, src: Raster, x: number, y: number): void {
  for (let yy = 0; yy < src.height; yy++) {
    const ty = y + yy;
    if (ty < 0 || ty >= dst.height) continue;
    const from = yy * src.width * 4;
    const w = Math.min(src.width, dst.width - x);
    if (w <= 0) return;
    dst.data.set(src.data.subarray(from, from + w * 4), (ty * dst.width + x) * 4);
  }
}

/** "step 1,200 · epoch 12 · loss 0.2345": the caption every player and export shows. */
export function frameCaption(frame: Pick<Frame, 'step' | 'epoch' | 'loss'>): string {
  const loss = frame.loss === null || !Number.isFinite(frame.loss) ? '—' : frame.loss < 0.001 ? frame.loss.toExponential(2) : frame.loss.toFixed(4);
  return `step ${frame.step.toLocaleString('en-US')} · epoch ${frame.epoch} · loss ${loss}`;
}

/** Titles above the panels and the caption (with an optional label in front) on a context. */
export function drawFrameText(ctx: Canvas2D, layout: FrameLayout, frame: Frame, label?: string): void {
  ctx.save();
  ctx.fillStyle = '#222222';
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  const caption = frameCaption(frame);
  ctx.font = cssFont(13, 'bold');
  if (label) {
    ctx.fillText(label, PAD, 11);
    ctx.font = cssFont(13);
  }
  ctx.fillText(caption, PAD, label ? 29 : 20);
  ctx.font = cssFont(12);
  ctx.fillStyle = '#444444';
  for (const p of layout.panels) ctx.fillText(p.title, p.x, CAPTION + TITLE / 2);
  ctx.restore();
}

/** What `composePanels` needs of a 2D context: the DOM's and @napi-rs/canvas's both fit. */
export interface PixelCanvas2D extends Omit<Canvas2D, 'createImageData'> {
  createImageData(width: number, height: number): { data: Uint8ClampedArray; width: number; height: number };
  getImageData(x: number, y: number, width: number, height: number): { data: Uint8ClampedArray };
}

/** One run's frame in a composed picture: the frame, its training points, its label. */
export interface PanelInput {
  frame: Frame;
  points?: FrameDrawOptions['points'];
  labels?: FrameDrawOptions['labels'];
  /** In front of the caption, e.g. `run 4: lr=0.03`. */
  label?: string;
}

/** Pixels between runs side by side. */
export const PANEL_GAP = 12;

/**
 * Frames side by side (one run, or runs in lockstep), text included, as one RGBA
 * picture: render.ts's pixels put as ImageData, the text drawn on top. `context` makes
 * the drawing surface (a <canvas> in the GUI, @napi-rs/canvas in the exports), so the
 * player and the GIF/PNG files show the same picture; null when it has none.
 */
export function composePanels(
  panels: readonly PanelInput[],
  size: number,
  context: (width: number, height: number) => PixelCanvas2D | null,
): { width: number; height: number; rgba: Uint8ClampedArray } | null {
  const rendered = panels.map((p) => ({ ...p, ...renderFrame(p.frame, { points: p.points, labels: p.labels, size }) }));
  const width = Math.max(1, rendered.reduce((w, r) => w + r.layout.width, 0) + PANEL_GAP * Math.max(0, rendered.length - 1));
  const height = Math.max(1, ...rendered.map((r) => r.layout.height));
  const ctx = context(width, height);
  if (!ctx) return null;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  let x = 0;
  for (const r of rendered) {
    const data = ctx.createImageData(r.layout.width, r.layout.height);
    data.data.set(r.image.data);
    ctx.putImageData(data, x, 0);
    ctx.save();
    ctx.translate(x, 0);
    drawFrameText(ctx as Canvas2D, r.layout, r.frame, r.label);
    ctx.restore();
    x += r.layout.width + PANEL_GAP;
  }
  return { width, height, rgba: new Uint8ClampedArray(ctx.getImageData(0, 0, width, height).data) };
}
