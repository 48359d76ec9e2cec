/** Rows of a data set as the contract's ImageBatch, and picking which rows to show. */
import type { Dataset, Split } from '../data/types';
import { pickSamples } from '../export/imageGrid';
import type { ImageBatch, ScatterPoints } from './contract';

/** Gray levels round(255 · pixel), pixels clamped to [0, 1], images one after another. */
export function toImageBatch(split: Split, rows: readonly number[], size: { width: number; height: number }): ImageBatch {
  const pixels = size.width * size.height;
  const out = new Uint8Array(rows.length * pixels);
  rows.forEach((row, i) => {
    const src = split.x.subarray(row * pixels, (row + 1) * pixels);
    for (let p = 0; p < pixels; p++) out[i * pixels + p] = Math.round(255 * Math.min(1, Math.max(0, src[p])));
  });
  return { width: size.width, height: size.height, count: rows.length, pixelsBase64: Buffer.from(out.buffer, out.byteOffset, out.byteLength).toString('base64') };
}

/** Training rows of a few features each, as plain arrays. */
export function featureRows(split: Split, rows: readonly number[], features: number): number[][] {
  return rows.map((row) => Array.from(split.x.subarray(row * features, (row + 1) * features)));
}

/** Enough points to see a shape; beyond it a scatter only gets slower to draw and to send. */
export const MAX_SCATTER_POINTS = 5000;

/** A two-feature data set's training points for a scatter plot; null for any other data set. */
export function scatterPoints(dataset: Dataset, seed: number): ScatterPoints | null {
  const { train, plane } = dataset;
  if (dataset.features !== 2 || !plane) return null;
  const rows = train.n <= MAX_SCATTER_POINTS ? Array.from({ length: train.n }, (_, i) => i) : pickSamples(train.y, MAX_SCATTER_POINTS, seed);
  const [fx, fy] = dataset.featureNames ?? ['x', 'y'];
  return {
    featureNames: [fx, fy],
    points: rows.map((r) => [train.x[r * 2], train.x[r * 2 + 1]]),
    labels: rows.map((r) => train.y[r]),
    total: train.n,
    plane,
  };
}

export function classCounts(y: Int32Array, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const label of y) counts[label]++;
  return counts;
}

/**
 * Test rows for the predictions view: up to half misclassified (the interesting ones),
 * the rest correct, each group spread over the classes by pickSamples; in index order.
 */
export function pickPredictionRows(labels: Int32Array, predicted: Int32Array, count: number, seed: number): number[] {
  const wrong: number[] = [];
  const right: number[] = [];
  for (let i = 0; i < labels.length; i++) (labels[i] === predicted[i] ? right : wrong).push(i);
  const pickFrom = (rows: number[], n: number) => pickSamples(Int32Array.from(rows, (i) => labels[i]), n, seed).map((k) => rows[k]);
  const wrongRows = pickFrom(wrong, Math.min(wrong.length, Math.ceil(count / 2)));
  const rightRows = pickFrom(right, Math.min(right.length, count - wrongRows.length));
  // If too few were right, fill up with more of the wrong ones.
  const more = count - wrongRows.length - rightRows.length;
  const extra = more > 0 ? pickFrom(wrong, Math.min(wrong.length, wrongRows.length + more)).slice(wrongRows.length) : [];
  return [...wrongRows, ...rightRows, ...extra].sort((a, b) => a - b);
}
