/**
 * Confusion matrices: counting, and drawing one as a heat-map in the style of
 * scikit-learn's ConfusionMatrixDisplay (rows = true class, columns = predicted, a
 * count in every cell, white → dark blue). Pure, like imageGrid.ts: the PNG exporter
 * and the renderer's <canvas> draw the same picture.
 */
import { cssFont, fitText, INK, type Canvas2D } from './imageGrid';

export interface ConfusionMatrix {
  /** counts[t][p]: examples of true class t predicted as p. */
  counts: number[][];
  total: number;
  /** Trace / total; NaN when there are no examples. */
  accuracy: number;
  /** counts[c][c] / row c's sum; NaN for a class with no examples. */
  perClassRecall: number[];
}

export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, classes: number): ConfusionMatrix {
  if (!(Number.isInteger(classes) && classes >= 1)) throw new RangeError(`confusionMatrix: classes must be a positive integer, got ${classes}`);
  if (yTrue.length !== yPred.length) throw new RangeError(`confusionMatrix: ${yTrue.length} true labels but ${yPred.length} predictions`);
  const counts = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i];
    const p = yPred[i];
    for (const [what, v] of [['true label', t], ['prediction', p]] as const)
      if (!(Number.isInteger(v) && v >= 0 && v < classes)) throw new RangeError(`confusionMatrix: ${what} ${v} at position ${i} is not a class (0–${classes - 1})`);
    counts[t][p]++;
  }
  let correct = 0;
  for (let c = 0; c < classes; c++) correct += counts[c][c];
  const total = yTrue.length;
  const perClassRecall = counts.map((row, c) => {
    const n = row.reduce((a, b) => a + b, 0);
    return n > 0 ? row[c] / n : NaN;
  });
  return { counts, total, accuracy: total > 0 ? correct / total : NaN, perClassRecall };
}

export interface ConfusionChartOptions {
  counts: readonly (readonly number[])[];
  /** Class names, in label order; one per row and column. */
  classes: readonly string[];
  title?: string;
  /** 'true': colour by each row's share (recall per class) and print it above the count. */
  normalize?: 'none' | 'true';
  background?: string;
}

export interface ConfusionLayout {
  width: number;
  height: number;
  /** Top-left corner of the matrix and the side of one (square) cell. */
  x: number;
  y: number;
  cell: number;
  /** Whether the class names under the columns are drawn at 45°. */
  rotateLabels: boolean;
  /** Room for the longest class name, and the height of the band of column labels. */
  labelWidth: number;
  xLabelsHeight: number;
}

const SIZE = { title: 20, axis: 16, label: 14, value: 14, share: 13 } as const;
const MARGIN = 16;
const TICK_GAP = 8;
/**
 * Layout happens before there is a context to measure with, so text widths are
 * estimated at 0.62 em per character: above DejaVu Sans's (the widest common sans)
 * for mixed-case names. Wider text (all capitals) is shrunk to fit when drawn.
 */
const estimate = (text: string, size: number) => Math.ceil(text.length * size * 0.62);

function valueTexts(counts: readonly (readonly number[])[], normalize: 'none' | 'true', t: number, p: number): [string, string | null] {
  const count = String(counts[t][p]);
  // A bare 0 even when normalised: a matrix of "0% / 0" pairs buries the confusions.
  if (normalize === 'none' || counts[t][p] === 0) return [count, null];
  const rowSum = counts[t].reduce((a, b) => a + b, 0);
  if (rowSum === 0) return [count, null];
  const pct = (100 * counts[t][p]) / rowSum;
  return [pct === 0 || pct === 100 ? `${pct}%` : `${pct.toFixed(1)}%`, count];
}

function check(opts: ConfusionChartOptions): number {
  const k = opts.classes.length;
  if (k === 0) throw new RangeError('confusion matrix: no classes');
  if (opts.counts.length !== k || opts.counts.some((row) => row.length !== k))
    throw new RangeError(`confusion matrix: counts must be ${k} × ${k} for ${k} classes`);
  if (opts.counts.some((row) => row.some((v) => !(Number.isFinite(v) && v >= 0))))
    throw new RangeError('confusion matrix: counts must be finite numbers ≥ 0');
  return k;
}

export function layoutConfusion(opts: ConfusionChartOptions): ConfusionLayout {
  const k = check(opts);
  const normalize = opts.normalize ?? 'none';
  let valueW = 0;
  for (let t = 0; t < k; t++)
    for (let p = 0; p < k; p++) {
      const [main, sub] = valueTexts(opts.counts, normalize, t, p);
      valueW = Math.max(valueW, estimate(main, SIZE.value), sub ? estimate(sub, SIZE.share) : 0);
    }
  const cell = 2 * Math.ceil(Math.max(normalize === 'true' ? 64 : 52, valueW + 14) / 2);
  const labelW = Math.max(...opts.classes.map((c) => estimate(c, SIZE.label)));
  const rotateLabels = labelW > cell - 8;
  // A label at 45°, right end at its column's centre, reaches c·(w + h/2) left and down.
  const slant = Math.ceil(Math.SQRT1_2 * (labelW + SIZE.label / 2));
  const xLabelsH = rotateLabels ? slant : Math.ceil(SIZE.label * 1.4);
  const axisBand = Math.ceil(SIZE.axis * 1.5);
  const titleBand = opts.title ? Math.ceil(SIZE.title * 2) : 0;

  const x = Math.max(MARGIN + axisBand + labelW + TICK_GAP, rotateLabels ? MARGIN + slant - cell / 2 : 0);
  const y = MARGIN + titleBand;
  const titleW = opts.title ? estimate(opts.title, SIZE.title) + 2 * MARGIN : 0;
  const width = Math.ceil(Math.max(x + k * cell + MARGIN, titleW));
  const height = y + k * cell + TICK_GAP + xLabelsH + TICK_GAP + axisBand + MARGIN;
  return { width, height, x, y, cell, rotateLabels, labelWidth: labelW, xLabelsHeight: xLabelsH };
}

/** White → dark blue: matplotlib's "Blues", starting at pure white so empty cells look empty. */
const BLUES = [
  [255, 255, 255], [222, 235, 247], [198, 219, 239], [158, 202, 225], [107, 174, 214],
  [66, 146, 198], [33, 113, 181], [8, 81, 156], [8, 48, 107],
] as const;

/** The heat-map colour for `t` in [0, 1], as [r, g, b]. */
export function heatColor(t: number): [number, number, number] {
  const u = Math.min(1, Math.max(0, t || 0)) * (BLUES.length - 1);
  const i = Math.min(BLUES.length - 2, Math.floor(u));
  const f = u - i;
  return [0, 1, 2].map((c) => Math.round(BLUES[i][c] + f * (BLUES[i + 1][c] - BLUES[i][c]))) as [number, number, number];
}

/** WCAG relative luminance; below about 0.3 black text loses to white. */
function luminance([r, g, b]: [number, number, number]): number {
  const lin = (v: number) => ((v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** Draws the heat-map at the canvas origin, background included; returns the layout it used. */
export function drawConfusionMatrix(ctx: Canvas2D, opts: ConfusionChartOptions): ConfusionLayout {
  const L = layoutConfusion(opts);
  const k = opts.classes.length;
  const normalize = opts.normalize ?? 'none';
  const { x, y, cell } = L;
  const max = Math.max(1, ...opts.counts.flat());
  ctx.save();
  ctx.fillStyle = opts.background ?? '#ffffff';
  ctx.fillRect(0, 0, L.width, L.height);

  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  for (let t = 0; t < k; t++) {
    const rowSum = opts.counts[t].reduce((a, b) => a + b, 0);
    for (let p = 0; p < k; p++) {
      const v = opts.counts[t][p];
      const rgb = heatColor(normalize === 'true' ? (rowSum > 0 ? v / rowSum : 0) : v / max);
      const cx = x + p * cell;
      const cy = y + t * cell;
      ctx.fillStyle = `rgb(${rgb.join(',')})`;
      ctx.fillRect(cx, cy, cell, cell);
      // Zeros in grey: the eye should go to the cells that have something in them.
      ctx.fillStyle = luminance(rgb) < 0.3 ? '#ffffff' : v === 0 ? '#9E9E9E' : INK.text;
      const [main, sub] = valueTexts(opts.counts, normalize, t, p);
      const mid = cy + cell / 2;
      ctx.fillText(fitText(ctx, main, cell - 6, SIZE.value, 'bold'), cx + cell / 2, sub ? mid - SIZE.share * 0.6 : mid);
      if (sub) ctx.fillText(fitText(ctx, sub, cell - 6, SIZE.share), cx + cell / 2, mid + SIZE.share * 0.7);
    }
  }
  // Thin white lines between cells, a grey frame around the matrix.
  ctx.strokeStyle = '#ffffff';
  ctx.lineWidth = 1;
  for (let t = 0; t < k; t++) for (let p = 0; p < k; p++) ctx.strokeRect(x + p * cell + 0.5, y + t * cell + 0.5, cell - 1, cell - 1);
  ctx.strokeStyle = '#8A8A8A';
  ctx.strokeRect(x - 0.5, y - 0.5, k * cell + 1, k * cell + 1);

  ctx.fillStyle = INK.text;
  ctx.textAlign = 'right';
  opts.classes.forEach((name, t) => ctx.fillText(fitText(ctx, name, L.labelWidth, SIZE.label), x - TICK_GAP, y + t * cell + cell / 2));
  const bottom = y + k * cell;
  opts.classes.forEach((name, p) => {
    const cx = x + p * cell + cell / 2;
    if (!L.rotateLabels) {
      ctx.textAlign = 'center';
      ctx.textBaseline = 'top';
      ctx.fillText(fitText(ctx, name, cell - 4, SIZE.label), cx, bottom + TICK_GAP);
      return;
    }
    ctx.save();
    ctx.translate(cx, bottom + TICK_GAP);
    ctx.rotate(-Math.PI / 4);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    ctx.fillText(fitText(ctx, name, L.labelWidth, SIZE.label), 0, 0);
    ctx.restore();
  });

  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.font = cssFont(SIZE.axis, 'bold');
  ctx.fillText('predicted', x + (k * cell) / 2, bottom + TICK_GAP + L.xLabelsHeight + TICK_GAP + SIZE.axis * 0.75);
  ctx.save();
  ctx.translate(MARGIN + SIZE.axis * 0.75, y + (k * cell) / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.fillText('true', 0, 0);
  ctx.restore();
  if (opts.title) {
    ctx.fillStyle = '#111111';
    const text = fitText(ctx, opts.title, L.width - 2 * MARGIN, SIZE.title, 'bold');
    const w = ctx.measureText(text).width;
    // Centred over the matrix, as a plot title is over its axes, but kept on the canvas.
    const cx = Math.min(L.width - MARGIN - w / 2, Math.max(MARGIN + w / 2, x + (k * cell) / 2));
    ctx.fillText(text, cx, MARGIN + SIZE.title);
  }
  ctx.restore();
  return L;
}
