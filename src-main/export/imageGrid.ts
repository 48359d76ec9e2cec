/**
 * Grids of small grayscale images with captions, like torchvision's make_grid with a
 * class name under each image; for predictions, "true: …" / "pred: …" with mistakes
 * framed in red. Pure: it draws on any 2D context that has the calls below, so the
 * PNG exporter (@napi-rs/canvas) and the renderer (a browser <canvas>) share it.
 *
 * Pixels are shown white-on-black (gray = 255·v), the usual way to show MNIST-style
 * data, and written through ImageData with nearest-neighbour scaling done here: that is
 * exact on every backend, whereas drawImage's smoothing settings differ between them.
 */
import { createRng } from '../engine/random';

/**
 * What ImageData is to both Skia's and the browser's contexts. `data` is typed loosely
 * because @napi-rs/canvas declares it as a union with float formats; what
 * createImageData(w, h) returns is always 8-bit RGBA.
 */
export interface ImageDataLike {
  readonly width: number;
  readonly height: number;
  readonly data: { [index: number]: number; readonly length: number };
}

/**
 * The subset of CanvasRenderingContext2D these drawings use. @napi-rs/canvas's
 * SKRSContext2D and the DOM's context both satisfy it structurally, so neither this
 * file nor the Node tsconfig needs the DOM lib. Styles are only ever written as
 * strings; reading them back may give gradients, hence `string | object`.
 */
export interface Canvas2D {
  fillStyle: string | object;
  strokeStyle: string | object;
  lineWidth: number;
  font: string;
  textAlign: 'center' | 'end' | 'left' | 'right' | 'start';
  textBaseline: 'alphabetic' | 'bottom' | 'hanging' | 'ideographic' | 'middle' | 'top';
  save(): void;
  restore(): void;
  translate(x: number, y: number): void;
  rotate(angle: number): void;
  getTransform(): { a: number; b: number; c: number; d: number; e: number; f: number };
  fillRect(x: number, y: number, w: number, h: number): void;
  strokeRect(x: number, y: number, w: number, h: number): void;
  fillText(text: string, x: number, y: number): void;
  measureText(text: string): { width: number };
  createImageData(width: number, height: number): ImageDataLike;
  putImageData(image: ImageDataLike, dx: number, dy: number): void;
}

/**
 * The chart exporter's family list (see renderPng.ts): Liberation Sans has Arial's
 * metrics, DejaVu Sans is on almost every Linux, and a bare `sans-serif` can resolve to
 * a serif face in @napi-rs/canvas.
 */
export const FONT_FAMILY = "'Helvetica Neue', Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif";

export const INK = { text: '#222222', wrong: '#C62828', correct: '#1B7A2E' } as const;

export const cssFont = (size: number, weight = 'normal') => `${weight} ${size}px ${FONT_FAMILY}`;

/**
 * Sets the font and returns `text` fitted to `maxWidth`: the font shrinks (to 70 % at
 * most) and past that the text is cut with an ellipsis, so a long label never spills
 * onto its neighbour or off the canvas.
 */
export function fitText(ctx: Canvas2D, text: string, maxWidth: number, size: number, weight = 'normal'): string {
  ctx.font = cssFont(size, weight);
  const w = ctx.measureText(text).width;
  if (w <= maxWidth) return text;
  const smaller = Math.max(Math.floor(size * 0.7), Math.floor((size * maxWidth) / w));
  ctx.font = cssFont(smaller, weight);
  if (ctx.measureText(text).width <= maxWidth) return text;
  let cut = text;
  while (cut.length > 0 && ctx.measureText(`${cut}…`).width > maxWidth) cut = cut.slice(0, -1);
  return `${cut}…`;
}

export type ImageMark = 'correct' | 'wrong' | null;

export interface ImageGridOptions {
  /** One array per image, or all images back to back (n × width × height), values in [0, 1]. */
  images: readonly ArrayLike<number>[] | Float32Array | Float64Array;
  /** Image size in pixels; default 28 × 28 (Fashion-MNIST). */
  width?: number;
  height?: number;
  /** First line under each image, e.g. the class name or "true: Coat". */
  captions?: readonly string[];
  /** Second line, e.g. "pred: Shirt". */
  subcaptions?: readonly string[];
  /** 'wrong' frames the image in red and colours its prediction red; 'correct' colours it green. */
  marks?: readonly ImageMark[];
  /** Images per row; default ⌈√n⌉, so 9 images make a 3×3 grid. */
  cols?: number;
  /** Screen pixels per image pixel (an integer); default 4. */
  scale?: number;
  /** Space around every image, in image pixels, as in make_grid; default 2. */
  padding?: number;
  background?: string;
}

export interface GridCell {
  /** The image's rectangle, in canvas (CSS) pixels. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** Captions are centred on `textX`, the first line's top at `textY`, at most `textWidth` wide. */
  textX: number;
  textY: number;
  textWidth: number;
}

export interface ImageGridLayout {
  width: number;
  height: number;
  rows: number;
  cols: number;
  fontSize: number;
  lineHeight: number;
  cells: GridCell[];
}

interface Images {
  n: number;
  w: number;
  h: number;
  pixel: (k: number, i: number) => number;
}

function readImages(opts: ImageGridOptions): Images {
  const w = opts.width ?? 28;
  const h = opts.height ?? 28;
  if (!(Number.isInteger(w) && w > 0 && Number.isInteger(h) && h > 0))
    throw new RangeError(`image grid: image size must be positive integers, got ${w} × ${h}`);
  const px = w * h;
  const { images } = opts;
  // A list of images is an array whose items are arrays; a typed array is always one flat block.
  if (Array.isArray(images) && (images.length === 0 || typeof images[0] !== 'number')) {
    const list = images as readonly ArrayLike<number>[];
    list.forEach((img, k) => {
      if (img.length !== px) throw new RangeError(`image grid: image ${k} has ${img.length} values, expected ${w} × ${h} = ${px}`);
    });
    return { n: list.length, w, h, pixel: (k, i) => list[k][i] };
  }
  const flat = images as ArrayLike<number>;
  if (flat.length % px !== 0) throw new RangeError(`image grid: ${flat.length} values is not a whole number of ${w} × ${h} images`);
  return { n: flat.length / px, w, h, pixel: (k, i) => flat[k * px + i] };
}

export function layoutImageGrid(opts: ImageGridOptions): ImageGridLayout {
  const { n, w, h } = readImages(opts);
  const { scale = 4, padding = 2 } = opts;
  if (!(Number.isInteger(scale) && scale >= 1)) throw new RangeError(`image grid: scale must be a positive integer, got ${scale}`);
  if (!(Number.isInteger(padding) && padding >= 0)) throw new RangeError(`image grid: padding must be a whole number ≥ 0, got ${padding}`);
  for (const [name, list] of [['captions', opts.captions], ['subcaptions', opts.subcaptions], ['marks', opts.marks]] as const)
    if (list && list.length !== n) throw new RangeError(`image grid: ${list.length} ${name} for ${n} images`);
  const cols = opts.cols ?? Math.max(1, Math.ceil(Math.sqrt(n)));
  if (!(Number.isInteger(cols) && cols >= 1)) throw new RangeError(`image grid: cols must be a positive integer, got ${cols}`);
  const rows = Math.ceil(n / cols);

  const p = padding * scale;
  const imgW = w * scale;
  const imgH = h * scale;
  // 13 px at the default scale: "pred: T-shirt/top" still fits under a 112-px image.
  const fontSize = Math.max(10, Math.round(3.25 * scale));
  const lineHeight = Math.round(fontSize * 1.25);
  const lines = (opts.captions ? 1 : 0) + (opts.subcaptions ? 1 : 0);
  const gap = lines > 0 ? Math.round(fontSize * 0.3) : 0;
  const cellH = imgH + gap + lines * lineHeight;

  const cells = Array.from({ length: n }, (_, k): GridCell => {
    const x = p + (k % cols) * (imgW + p);
    const y = p + Math.floor(k / cols) * (cellH + p);
    // A caption may spill a quarter of the gap to either side; neighbours keep half of it between them.
    return { x, y, width: imgW, height: imgH, textX: x + imgW / 2, textY: y + imgH + gap, textWidth: imgW + p / 2 };
  });
  return { width: cols * imgW + (cols + 1) * p, height: rows * cellH + (rows + 1) * p, rows, cols, fontSize, lineHeight, cells };
}

/**
 * Writes image `k` into the device pixels under `cell`. putImageData ignores the
 * context's transform, so the rectangle is mapped through it here: a devicePixelRatio
 * scale (Node export, HiDPI screens) gets device-resolution pixels, not a small image.
 */
function putImage(ctx: Canvas2D, imgs: Images, k: number, cell: GridCell): void {
  const m = ctx.getTransform();
  if (m.b !== 0 || m.c !== 0 || m.a <= 0 || m.d <= 0) {
    // Rotated or flipped: squares through the transform; slower, but correct.
    const s = cell.width / imgs.w;
    for (let i = 0; i < imgs.w * imgs.h; i++) {
      const g = gray(imgs.pixel(k, i));
      ctx.fillStyle = `rgb(${g},${g},${g})`;
      ctx.fillRect(cell.x + (i % imgs.w) * s, cell.y + Math.floor(i / imgs.w) * s, s, s);
    }
    return;
  }
  const x0 = Math.round(m.a * cell.x + m.e);
  const y0 = Math.round(m.d * cell.y + m.f);
  const W = Math.round(m.a * (cell.x + cell.width) + m.e) - x0;
  const H = Math.round(m.d * (cell.y + cell.height) + m.f) - y0;
  if (W <= 0 || H <= 0) return;
  const out = ctx.createImageData(W, H);
  // Nearest neighbour, sampling at each device pixel's centre; exact blocks for integer scales.
  const srcCol = Int32Array.from({ length: W }, (_, i) => Math.min(imgs.w - 1, Math.floor(((i + 0.5) * imgs.w) / W)));
  for (let j = 0; j < H; j++) {
    const row = Math.min(imgs.h - 1, Math.floor(((j + 0.5) * imgs.h) / H)) * imgs.w;
    for (let i = 0; i < W; i++) {
      const g = gray(imgs.pixel(k, row + srcCol[i]));
      const o = (j * W + i) * 4;
      out.data[o] = out.data[o + 1] = out.data[o + 2] = g;
      out.data[o + 3] = 255;
    }
  }
  ctx.putImageData(out, x0, y0);
}

const gray = (v: number) => Math.round(255 * Math.min(1, Math.max(0, v || 0)));

/** Draws the grid at the canvas origin, background included; returns the layout it used. */
export function drawImageGrid(ctx: Canvas2D, opts: ImageGridOptions): ImageGridLayout {
  const layout = layoutImageGrid(opts);
  const imgs = readImages(opts);
  const { fontSize, lineHeight } = layout;
  ctx.save();
  ctx.fillStyle = opts.background ?? '#ffffff';
  ctx.fillRect(0, 0, layout.width, layout.height);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  layout.cells.forEach((cell, k) => {
    putImage(ctx, imgs, k, cell);
    const mark = opts.marks?.[k] ?? null;
    if (mark === 'wrong') {
      // Outside the image, inside the padding; with no padding, over the image's edge.
      const pad = (opts.padding ?? 2) * (cell.width / imgs.w);
      const lw = Math.max(2, Math.round(cell.width / imgs.w * 0.75));
      const inset = pad >= lw ? -lw / 2 : lw / 2;
      ctx.strokeStyle = INK.wrong;
      ctx.lineWidth = lw;
      ctx.strokeRect(cell.x + inset, cell.y + inset, cell.width - 2 * inset, cell.height - 2 * inset);
    }
    const lines = [opts.captions?.[k], opts.subcaptions?.[k]].filter((t): t is string => t !== undefined);
    lines.forEach((text, line) => {
      // The mark colours the prediction: the last line.
      const marked = mark !== null && line === lines.length - 1;
      ctx.fillStyle = !marked ? INK.text : mark === 'wrong' ? INK.wrong : INK.correct;
      const fitted = fitText(ctx, text, cell.textWidth, fontSize, mark === 'wrong' && marked ? 'bold' : 'normal');
      ctx.fillText(fitted, cell.textX, cell.textY + line * lineHeight);
    });
  });
  ctx.restore();
  return layout;
}

/**
 * `n` row indices for a sample grid, round-robin over the classes present in `y` (in a
 * seeded random order, each class's rows shuffled), so a 3×3 grid of ten classes shows
 * nine different ones. Same seed, same picks. Fewer than `n` only if `y` is shorter.
 */
export function pickSamples(y: ArrayLike<number>, n: number, seed: number): number[] {
  if (!(Number.isInteger(n) && n >= 0)) throw new RangeError(`pickSamples: n must be a whole number ≥ 0, got ${n}`);
  const rng = createRng(seed);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < y.length; i++) {
    const rows = byClass.get(y[i]);
    if (rows) rows.push(i);
    else byClass.set(y[i], [i]);
  }
  // Sorted first: the shuffle must not depend on the order classes first appear in.
  const groups = rng.shuffle([...byClass.keys()].sort((a, b) => a - b).map((c) => rng.shuffle(byClass.get(c)!)));
  const picked: number[] = [];
  for (let round = 0; picked.length < Math.min(n, y.length); round++)
    for (const rows of groups) if (round < rows.length && picked.length < n) picked.push(rows[round]);
  return picked;
}
