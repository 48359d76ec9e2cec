import { createCanvas, loadImage } from '@napi-rs/canvas';
import { expect } from 'vitest';
import type { ReportRun } from '../../src-main/export/types';

export const SWEPT = ['train.lr', 'model.hidden'];

/**
 * A small grid where the traps are deliberate: run 1 has the best TEST accuracy but
 * not the best validation accuracy, and the failed run 3 has metrics that would win
 * every column if failed runs were ranked.
 */
export function sweepRuns(): ReportRun[] {
  return [
    {
      id: 1, trialIndex: 0, status: 'completed',
      params: { 'train.lr': 0.001, 'model.hidden': [10] },
      metrics: { train_loss: 0.31234567, train_acc: 0.91, val_loss: 0.3, val_acc: 0.9, test_loss: 0.2, test_acc: 0.97, best_epoch: 17 },
      durationMs: 12345,
    },
    {
      id: 2, trialIndex: 1, status: 'completed',
      params: { 'train.lr': 0.01, 'model.hidden': [64, 32] },
      metrics: { train_loss: 0.2, train_acc: 0.95, val_loss: 0.25, val_acc: 0.93, test_loss: 0.4, test_acc: 0.88, best_epoch: 9 },
      durationMs: 2000,
    },
    {
      id: 3, trialIndex: 2, status: 'failed',
      params: { 'train.lr': 0.5, 'model.hidden': [5] },
      metrics: { train_loss: 0.001, train_acc: 0.999, val_loss: 0.01, val_acc: 0.99, test_loss: 0.01, test_acc: 0.99, best_epoch: 1 },
      durationMs: 500,
    },
    {
      id: 4, trialIndex: 3, status: 'completed',
      params: { 'train.lr': 0.1, 'model.hidden': [5] },
      metrics: { train_loss: NaN, train_acc: 0.33, val_loss: null, val_acc: 0.3, test_loss: null, test_acc: null, best_epoch: null },
      durationMs: null,
    },
  ];
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from the IHDR chunk, which PNG requires to come first. */
export function pngSize(png: Buffer): { width: number; height: number } {
  expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  expect(png.toString('ascii', 12, 16)).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** A decoded PNG: the RGBA at a pixel, and how many pixels in a box pass a colour test. */
export async function pixels(png: Buffer) {
  const img = await loadImage(png);
  const canvas = createCanvas(img.width, img.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const { data } = ctx.getImageData(0, 0, img.width, img.height);
  const at = (x: number, y: number) => [...data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 4)];
  const count = (x0: number, y0: number, x1: number, y1: number, pred: (r: number, g: number, b: number) => boolean) => {
    let n = 0;
    for (let y = y0; y < y1; y++)
      for (let x = x0; x < x1; x++) {
        const i = (y * img.width + x) * 4;
        if (pred(data[i], data[i + 1], data[i + 2])) n++;
      }
    return n;
  };
  return { width: img.width, height: img.height, at, count };
}
