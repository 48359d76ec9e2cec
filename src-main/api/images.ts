/** Rows of a data set as the contract's ImageBatch, and picking which rows to show. */
import type { Split } from '../data/types';
import { pickSamples } from '../export/imageGrid';
import type { ImageBatch } from './contract';

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
