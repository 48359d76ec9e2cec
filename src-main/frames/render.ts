/**
 * Frames as pictures: the decision boundary over the data points, first-layer unit
 * thumbnails, weight tiles, a confusion matrix and a prediction grid, as raw RGBA. Pure
 * (no DOM, no Node): the GUI's canvas and the GIF/PNG export draw the same pixels.
 *
 * Every colour drawn is one of `framePalette(classes)`: confidence, activations and
 * shares are quantised to a few levels, so a GIF can use that palette as is (no
 * per-frame quantising, no flicker between frames), and the screen shows what the GIF
 * shows. frameLayout.ts places these panels into a whole frame and adds the text.
 */
import { PALETTE } from '../export/chartSpecs';
import { INK } from '../export/imageGrid';
import type { Frame, ImageMeta, PlaneMeta } from './types';

export type Rgb = [number, number, number];

export interface Raster {
  width: number;
  height: number;
  /** RGBA, row-major. */
  data: Uint8ClampedArray;
}

export const hexToRgb = (hex: string): Rgb => [0, 2, 4].map((i) => parseInt(hex.slice(1 + i, 3 + i), 16)) as Rgb;

const WHITE: Rgb = [255, 255, 255];
const OUTLINE: Rgb = [34, 34, 34];
const BOUNDARY_LINE: Rgb = [80, 80, 80];
const WRONG = hexToRgb(INK.wrong);
const RIGHT = hexToRgb(INK.correct);
const NEGATIVE = hexToRgb('#D55E00');
const POSITIVE = hexToRgb('#0173B2');
/** Confidence levels of the boundary's shading, and levels each side of a diverging map. */
export const SHADES = 8;
const RAMP = 8;
const GRAYS = 16;

const CLASS_RGB = PALETTE.map(hexToRgb);
export const classColor = (c: number): Rgb => CLASS_RGB[c % CLASS_RGB.length];
const mix = (a: Rgb, b: Rgb, t: number): Rgb => [0, 1, 2].map((i) => Math.round(a[i] + (b[i] - a[i]) * t)) as Rgb;
/** A class's colour at shade level s (0: least confident, SHADES − 1: certain), on white. */
const SHADE_RGB = CLASS_RGB.map((rgb) => Array.from({ length: SHADES }, (_, s) => mix(WHITE, rgb, 0.12 + (0.5 * s) / (SHADES - 1))));
const shade = (c: number, s: number): Rgb => SHADE_RGB[c % SHADE_RGB.length][s];
/** Diverging map, quantised: v in [−1, 1], 0 white, −1 vermillion, +1 blue. */
export function diverging(v: number): Rgb {
  const level = Math.round(Math.min(1, Math.abs(Number.isFinite(v) ? v : 0)) * RAMP);
  return mix(WHITE, v < 0 ? NEGATIVE : POSITIVE, level / RAMP);
}
const ramp = (to: Rgb, t: number): Rgb => mix(WHITE, to, Math.round(Math.min(1, Math.max(0, t)) * RAMP) / RAMP);

/** Every colour a frame picture uses (text antialiasing maps onto the grays). */
export function framePalette(classes: number): Rgb[] {
  const out: Rgb[] = [WHITE, OUTLINE, BOUNDARY_LINE, WRONG, RIGHT];
  for (let c = 0; c < Math.min(classes, PALETTE.length); c++) {
    out.push(classColor(c));
    for (let s = 0; s < SHADES; s++) out.push(shade(c, s));
  }
  for (let l = 1; l <= RAMP; l++) out.push(mix(WHITE, NEGATIVE, l / RAMP), mix(WHITE, POSITIVE, l / RAMP), mix(WHITE, WRONG, l / RAMP), mix(WHITE, RIGHT, l / RAMP));
  for (let g = 0; g < GRAYS; g++) out.push(mix(OUTLINE, WHITE, g / GRAYS));
  const seen = new Set<string>();
  return out.filter((c) => !seen.has(c.join()) && seen.add(c.join()));
}

export function blank(width: number, height: number, fill: Rgb = WHITE): Raster {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < data.length; i += 4) {
    data[i] = fill[0];
    data[i + 1] = fill[1];
    data[i + 2] = fill[2];
    data[i + 3] = 255;
  }
  return { width, height, data };
}
function put(r: Raster, x: number, y: number, c: Rgb): void {
  if (x < 0 || y < 0 || x >= r.width || y >= r.height) return;
  const i = (y * r.width + x) * 4;
  r.data[i] = c[0];
  r.data[i + 1] = c[1];
  r.data[i + 2] = c[2];
  r.data[i + 3] = 255;
}
function fillBox(r: Raster, x: number, y: number, w: number, h: number, c: Rgb): void {
  for (let yy = y; yy < y + h; yy++) for (let xx = x; xx < x + w; xx++) put(r, xx, yy, c);
}

/** A frame's bytes (base64 on the wire), decoded once per frame object. */
const decoded = new WeakMap<Frame, Uint8Array>();
export function frameBytes(frame: Frame): Uint8Array {
  let bytes = decoded.get(frame);
  if (!bytes) {
    const bin = atob(frame.data);
    bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    decoded.set(frame, bytes);
  }
  return bytes;
}

/** Class probabilities at a point of the grid box, bilinear between cell centres (p in 0..1). */
function probsAt(bytes: Uint8Array, meta: PlaneMeta, u: number, v: number, out: Float64Array): void {
  const n = meta.grid.size;
  // u, v in [0, 1] across the box, v = 0 at the top; cell centres at (i + 0.5) / n.
  const fx = Math.min(n - 1, Math.max(0, u * n - 0.5));
  const fy = Math.min(n - 1, Math.max(0, v * n - 0.5));
  const x0 = Math.floor(fx);
  const y0 = Math.floor(fy);
  const x1 = Math.min(n - 1, x0 + 1);
  const y1 = Math.min(n - 1, y0 + 1);
  const tx = fx - x0;
  const ty = fy - y0;
  for (let c = 0; c < meta.classes; c++) {
    const o = c * n * n;
    const top = bytes[o + y0 * n + x0] * (1 - tx) + bytes[o + y0 * n + x1] * tx;
    const bottom = bytes[o + y1 * n + x0] * (1 - tx) + bytes[o + y1 * n + x1] * tx;
    out[c] = (top * (1 - ty) + bottom * ty) / 255;
  }
}
function argmax(p: Float64Array, k: number): number {
  let best = 0;
  for (let c = 1; c < k; c++) if (p[c] > p[best]) best = c;
  return best;
}

export interface PlaneOptions {
  width: number;
  height: number;
  /** Training points in the grid box's units, with their labels. */
  points?: readonly (readonly [number, number])[];
  labels?: readonly number[];
  /** Dot radius in pixels; default from the picture's size. */
  radius?: number;
}

/** Where a point lands in the picture (row 0 at the top = the box's largest y). */
export function pointPixel(meta: PlaneMeta, p: readonly [number, number], width: number, height: number): [number, number] {
  const { x, y } = meta.grid;
  return [((p[0] - x[0]) / (x[1] - x[0])) * width, ((y[1] - p[1]) / (y[1] - y[0])) * height];
}

/** The class the boundary gives a point of the box (what the picture shows there). */
export function predictedAt(frame: Frame, p: readonly [number, number]): number {
  const meta = frame.meta as PlaneMeta;
  const probs = new Float64Array(meta.classes);
  const [u, v] = pointPixel(meta, p, 1, 1);
  probsAt(frameBytes(frame), meta, u, v, probs);
  return argmax(probs, meta.classes);
}

/**
 * The decision boundary: each pixel in the colour of its most probable class, paler the
 * less confident, a grey line where the class changes; then the points as dots in their
 * class colour with a dark outline, a red ring around those the boundary gets wrong.
 */
export function renderPlaneFrame(frame: Frame, opts: PlaneOptions): Raster {
  const meta = frame.meta;
  if (meta.kind !== 'plane') throw new TypeError('renderPlaneFrame: not a plane frame');
  const { width, height } = opts;
  const bytes = frameBytes(frame);
  const k = meta.classes;
  const out = blank(width, height);
  const cls = new Int16Array(width * height);
  const probs = new Float64Array(k);
  for (let py = 0; py < height; py++) {
    for (let px = 0; px < width; px++) {
      probsAt(bytes, meta, (px + 0.5) / width, (py + 0.5) / height, probs);
      const c = argmax(probs, k);
      let sum = 0;
      for (let j = 0; j < k; j++) sum += probs[j];
      sum ||= 1;
      const conf = k > 1 ? Math.max(0, (probs[c] / sum - 1 / k) / (1 - 1 / k)) : 1;
      cls[py * width + px] = c;
      put(out, px, py, shade(c, Math.round(conf * (SHADES - 1))));
    }
  }
  for (let py = 0; py < height; py++)
    for (let px = 0; px < width; px++) {
      const c = cls[py * width + px];
      if ((px + 1 < width && cls[py * width + px + 1] !== c) || (py + 1 < height && cls[(py + 1) * width + px] !== c)) put(out, px, py, BOUNDARY_LINE);
    }
  const points = opts.points ?? [];
  const r = opts.radius ?? Math.max(2, Math.round(Math.min(width, height) / 110));
  points.forEach((p, i) => {
    const label = opts.labels?.[i] ?? 0;
    const [cx, cy] = pointPixel(meta, p, width, height);
    const [ix, iy] = [Math.round(cx), Math.round(cy)];
    const wrong = cls[Math.min(height - 1, Math.max(0, iy)) * width + Math.min(width - 1, Math.max(0, ix))] !== label;
    const reach = wrong ? r + 3 : r + 1;
    for (let dy = -reach; dy <= reach; dy++)
      for (let dx = -reach; dx <= reach; dx++) {
        const d = Math.hypot(dx + ix - cx, dy + iy - cy);
        if (d <= r - 0.5) put(out, ix + dx, iy + dy, classColor(label));
        else if (d <= r + 0.5) put(out, ix + dx, iy + dy, OUTLINE);
        else if (wrong && d >= r + 1.5 && d <= r + 3) put(out, ix + dx, iy + dy, WRONG);
      }
  });
  return out;
}

const FRAME_GRAY = mix(OUTLINE, WHITE, 12 / GRAYS);

/** The pixel size of a grid of tiles: `cols` columns of tileW × tileH scaled by `scale` (nearest neighbour), `gap` apart. */
export function tileGridSize(count: number, tileW: number, tileH: number, scale: number, cols: number, gap: number): { width: number; height: number } {
  const rows = Math.ceil(count / cols);
  return { width: Math.max(1, cols * (Math.round(tileW * scale) + gap) - gap), height: Math.max(1, rows * (Math.round(tileH * scale) + gap) - gap) };
}

/** Tiles in a grid (see tileGridSize); `framed`: a light grey line around each, in the gap. */
function tileGrid(count: number, tileW: number, tileH: number, scale: number, cols: number, gap: number, value: (t: number, x: number, y: number) => Rgb, framed = false): Raster {
  const { width, height } = tileGridSize(count, tileW, tileH, scale, cols, gap);
  const out = blank(width, height);
  const w = Math.round(tileW * scale);
  const h = Math.round(tileH * scale);
  for (let t = 0; t < count; t++) {
    const ox = (t % cols) * (w + gap);
    const oy = Math.floor(t / cols) * (h + gap);
    for (let y = 0; y < h; y++) {
      const sy = Math.min(tileH - 1, Math.floor(y / scale));
      for (let x = 0; x < w; x++) put(out, ox + x, oy + y, value(t, Math.min(tileW - 1, Math.floor(x / scale)), sy));
    }
    if (framed && gap >= 2) {
      for (let x = -1; x <= w; x++) (put(out, ox + x, oy - 1, FRAME_GRAY), put(out, ox + x, oy + h, FRAME_GRAY));
      for (let y = 0; y < h; y++) (put(out, ox - 1, oy + y, FRAME_GRAY), put(out, ox + w, oy + y, FRAME_GRAY));
    }
  }
  return out;
}
/** Columns of a near-square grid of n tiles. */
export const columnsFor = (n: number) => Math.max(1, Math.ceil(Math.sqrt(n)));

/**
 * First-layer units over the grid box: each unit's activation on the diverging map,
 * scaled to its own range (byte 0 → lo, 255 → hi; a ReLU unit's 0 is white).
 */
export function renderUnitThumbnails(frame: Frame, { scale = 2, cols, gap = 4 }: { scale?: number; cols?: number; gap?: number } = {}): Raster {
  const meta = frame.meta as PlaneMeta;
  const bytes = frameBytes(frame);
  const n = meta.unitSize;
  const offset = meta.classes * meta.grid.size * meta.grid.size;
  return tileGrid(
    meta.units,
    n,
    n,
    scale,
    cols ?? columnsFor(meta.units),
    gap,
    (t, x, y) => {
      const [lo, hi] = meta.unitRange[t] ?? [0, 1];
      const value = lo + (bytes[offset + t * n * n + y * n + x] / 255) * (hi - lo);
      const reach = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
      return diverging(value / reach);
    },
    true,
  );
}

/** First-layer weights as images: byte 128 → 0 (white), 0 → −scale, 255 → +scale. */
export function renderImageTiles(frame: Frame, { scale = 2, cols, gap = 2 }: { scale?: number; cols?: number; gap?: number } = {}): Raster {
  const meta = frame.meta as ImageMeta;
  const bytes = frameBytes(frame);
  const px = meta.width * meta.height;
  return tileGrid(meta.tiles, meta.width, meta.height, scale, cols ?? columnsFor(meta.tiles), gap, (t, x, y) => diverging((bytes[t * px + y * meta.width + x] - 128) / 127), true);
}

/** Confusion counts as cells, white → blue by each true class's share (rows = true class). */
export function renderConfusion(confusion: readonly (readonly number[])[], cell = 18): Raster {
  const k = confusion.length;
  return tileGrid(1, k, k, cell, 1, 0, (_t, x, y) => {
    const row = confusion[y].reduce((a, b) => a + b, 0);
    return ramp(POSITIVE, row > 0 ? confusion[y][x] / row : 0);
  });
}

/** The fixed test images' predictions: green when right, red when wrong, stronger the surer. */
export function renderPredictions(predictions: ImageMeta['predictions'], cell = 22): Raster {
  const cols = columnsFor(predictions.length);
  return tileGrid(predictions.length, 1, 1, cell, cols, 3, (t) => {
    const p = predictions[t];
    return ramp(p.predicted === p.label ? RIGHT : WRONG, 0.25 + 0.75 * p.p);
  });
}
