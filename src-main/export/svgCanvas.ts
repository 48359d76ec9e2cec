/**
 * A Canvas2D (imageGrid.ts's subset of the 2D context) that writes SVG instead of
 * pixels, so the confusion matrix and the image grids come out as vectors from the very
 * code that draws their PNGs and the GUI's <canvas>: one drawing, three surfaces, no
 * twin layout to drift. Rectangles become <rect>, text becomes <text> (real text, which
 * a paper's editor can search and restyle), and the transform stack becomes a
 * `transform` on each element.
 *
 * Pixels (putImageData, the image grids) are embedded as a PNG data URI in an <image>:
 * the samples are raster data, and drawing 784 <rect>s per image would make a file ten
 * times larger that viewers render with seams between the squares. Text widths are
 * measured on a real @napi-rs/canvas context with the same fonts as the PNG, so fitted
 * labels are cut at the same places.
 */
import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import { escapeXml } from './chartSvg';
import { drawConfusionMatrix, layoutConfusion, type ConfusionChartOptions } from './confusion';
import { drawImageGrid, layoutImageGrid, type Canvas2D, type ImageDataLike, type ImageGridOptions } from './imageGrid';

type Matrix = [number, number, number, number, number, number];

interface State {
  fillStyle: string;
  strokeStyle: string;
  lineWidth: number;
  font: string;
  textAlign: Canvas2D['textAlign'];
  textBaseline: Canvas2D['textBaseline'];
  m: Matrix;
}

const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];
const num = (v: number) => (Number.isInteger(v) ? String(v) : String(+v.toFixed(3)));
const ANCHOR = { start: 'start', left: 'start', center: 'middle', right: 'end', end: 'end' } as const;
/** Baselines as a shift in em: `dominant-baseline` is ignored by several SVG renderers (rsvg, some PDF converters). */
const BASELINE_DY = { top: 0.8, hanging: 0.8, middle: 0.35, alphabetic: 0, ideographic: -0.2, bottom: -0.2 } as const;

/** `bold 14px 'DejaVu Sans', sans-serif` → SVG font attributes (SVG has no `font` shorthand attribute). */
function fontAttributes(font: string): string {
  const m = /^\s*(?:(normal|bold|bolder|lighter|\d{3})\s+)?(\d+(?:\.\d+)?)px\s+(.+)$/.exec(font);
  if (!m) return '';
  return ` font-size="${m[2]}"${m[1] && m[1] !== 'normal' ? ` font-weight="${m[1]}"` : ''} font-family="${escapeXml(m[3])}"`;
}

export class SvgCanvas implements Canvas2D {
  private state: State = { fillStyle: '#000000', strokeStyle: '#000000', lineWidth: 1, font: '10px sans-serif', textAlign: 'start', textBaseline: 'alphabetic', m: [...IDENTITY] };
  private readonly stack: State[] = [];
  private readonly body: string[] = [];
  /** A real context for text metrics and for encoding pixels as PNG. */
  private readonly measure: SKRSContext2D = createCanvas(1, 1).getContext('2d');

  constructor(
    readonly width: number,
    readonly height: number,
    private readonly title = '',
  ) {}

  get fillStyle(): string { return this.state.fillStyle; }
  set fillStyle(v: string | object) { if (typeof v === 'string') this.state.fillStyle = v; }
  get strokeStyle(): string { return this.state.strokeStyle; }
  set strokeStyle(v: string | object) { if (typeof v === 'string') this.state.strokeStyle = v; }
  get lineWidth(): number { return this.state.lineWidth; }
  set lineWidth(v: number) { this.state.lineWidth = v; }
  get font(): string { return this.state.font; }
  set font(v: string) { this.state.font = v; }
  get textAlign(): Canvas2D['textAlign'] { return this.state.textAlign; }
  set textAlign(v: Canvas2D['textAlign']) { this.state.textAlign = v; }
  get textBaseline(): Canvas2D['textBaseline'] { return this.state.textBaseline; }
  set textBaseline(v: Canvas2D['textBaseline']) { this.state.textBaseline = v; }

  save(): void {
    this.stack.push({ ...this.state, m: [...this.state.m] });
  }

  restore(): void {
    const s = this.stack.pop();
    if (s) this.state = s;
  }

  translate(x: number, y: number): void {
    const [a, b, c, d, e, f] = this.state.m;
    this.state.m = [a, b, c, d, e + a * x + c * y, f + b * x + d * y];
  }

  rotate(angle: number): void {
    const [a, b, c, d, e, f] = this.state.m;
    const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
    this.state.m = [a * cos + c * sin, b * cos + d * sin, c * cos - a * sin, d * cos - b * sin, e, f];
  }

  getTransform(): { a: number; b: number; c: number; d: number; e: number; f: number } {
    const [a, b, c, d, e, f] = this.state.m;
    return { a, b, c, d, e, f };
  }

  /** ` transform="…"` unless the current transform is the identity. */
  private transform(): string {
    const m = this.state.m;
    return m.every((v, i) => Math.abs(v - IDENTITY[i]) < 1e-12) ? '' : ` transform="matrix(${m.map(num).join(' ')})"`;
  }

  fillRect(x: number, y: number, w: number, h: number): void {
    this.body.push(`<rect x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}" fill="${escapeXml(this.state.fillStyle)}"${this.transform()}/>`);
  }

  strokeRect(x: number, y: number, w: number, h: number): void {
    this.body.push(`<rect x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}" fill="none" stroke="${escapeXml(this.state.strokeStyle)}" stroke-width="${num(this.state.lineWidth)}"${this.transform()}/>`);
  }

  fillText(text: string, x: number, y: number): void {
    const { textAlign, textBaseline, fillStyle, font } = this.state;
    const dy = BASELINE_DY[textBaseline];
    this.body.push(
      `<text x="${num(x)}" y="${num(y)}"${dy ? ` dy="${dy}em"` : ''} text-anchor="${ANCHOR[textAlign]}" fill="${escapeXml(fillStyle)}"${fontAttributes(font)}${this.transform()}>${escapeXml(text)}</text>`,
    );
  }

  measureText(text: string): { width: number } {
    this.measure.font = this.state.font;
    return { width: this.measure.measureText(text).width };
  }

  createImageData(width: number, height: number): ImageDataLike {
    return { width, height, data: new Uint8ClampedArray(width * height * 4) };
  }

  /** Like the canvas call, in device pixels (the transform ignored): the image at its own size, as PNG. */
  putImageData(image: ImageDataLike, dx: number, dy: number): void {
    const canvas = createCanvas(image.width, image.height);
    const ctx = canvas.getContext('2d');
    const out = ctx.createImageData(image.width, image.height);
    for (let i = 0; i < out.data.length; i++) out.data[i] = image.data[i];
    ctx.putImageData(out, 0, 0);
    const png = canvas.toBuffer('image/png').toString('base64');
    this.body.push(`<image x="${num(dx)}" y="${num(dy)}" width="${image.width}" height="${image.height}" image-rendering="pixelated" style="image-rendering:pixelated" xlink:href="data:image/png;base64,${png}"/>`);
  }

  /** The document drawn so far. */
  toSvg(): string {
    const title = this.title ? `<title>${escapeXml(this.title)}</title>\n` : '';
    return (
      `<?xml version="1.0" encoding="UTF-8"?>\n` +
      `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${num(this.width)}" height="${num(this.height)}" viewBox="0 0 ${num(this.width)} ${num(this.height)}">\n` +
      title +
      this.body.join('\n') +
      `\n</svg>\n`
    );
  }
}

/** The confusion matrix as SVG: the PNG's heat-map, cells as <rect>s with their counts as text. */
export function confusionSvg(opts: ConfusionChartOptions): string {
  const { width, height } = layoutConfusion(opts);
  const svg = new SvgCanvas(width, height, opts.title);
  drawConfusionMatrix(svg, opts);
  return svg.toSvg();
}

/** An image grid as SVG: each image an embedded PNG, captions as text. */
export function imageGridSvg(opts: ImageGridOptions & { title?: string }): string {
  const { width, height } = layoutImageGrid(opts);
  const svg = new SvgCanvas(width, height, opts.title);
  drawImageGrid(svg, opts);
  return svg.toSvg();
}
