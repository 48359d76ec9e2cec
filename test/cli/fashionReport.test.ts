/**
 * Part 2's report on an image data set, through the CLI: per-epoch curves, the sample
 * grid, the chosen run's predictions and confusion matrix — on the bundled subset, so
 * the test is quick and needs nothing installed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir, type CliResult } from './helpers';

const tmp = tempDir('sweeplab-fashion-');
const db = path.join(tmp.dir, 'f.db');
const out = path.join(tmp.dir, 'out');
let sweep: CliResult;

beforeAll(async () => {
  const config = {
    name: 'fashion-small',
    dataset: { name: 'fashion-mnist-subset', split: { train: 0.8, val: 0.2 } },
    engine: 'scratch',
    model: { hidden: [32] },
    train: { epochs: 3, batchSize: 64, optimizer: 'adamw', lr: 0.003 },
    search: { params: { 'train.lr': [0.001, 0.003] } },
    concurrency: 2,
  };
  const file = path.join(tmp.dir, 'fashion.json');
  writeFileSync(file, JSON.stringify(config));
  sweep = await runCli(['sweep', file, '--db', db, '--out', out]);
}, 120_000);
afterAll(() => tmp.cleanup());

function png(name: string): { width: number; height: number } {
  const buf = readFileSync(path.join(out, name));
  expect(buf.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

describe('an image sweep report', () => {
  it('exits 0 and writes every image file', () => {
    expect(sweep.code).toBe(0);
    for (const f of ['runs.csv', 'loss.png', 'best.png', 'loss-epochs.png', 'accuracy-epochs.png', 'samples.png', 'predictions.png', 'confusion.png'])
      expect(() => readFileSync(path.join(out, f))).not.toThrow();
  });

  it('charts are 1600×900; grids have the 3×3 and 4×4 layouts', () => {
    expect(png('loss-epochs.png')).toEqual({ width: 1600, height: 900 });
    expect(png('accuracy-epochs.png')).toEqual({ width: 1600, height: 900 });
    const samples = png('samples.png');
    const predictions = png('predictions.png');
    // 3 columns of 28·4 px with 2·4 px padding vs 4 columns: widths 3·112+4·8 and 4·112+5·8.
    expect(samples.width).toBe(3 * 112 + 4 * 8);
    expect(predictions.width).toBe(4 * 112 + 5 * 8);
    expect(png('confusion.png').width).toBeGreaterThan(400);
  });

  it('records the data it used, and `eval` reproduces the recorded test accuracy', async () => {
    const runs = await runCli(['runs', '--db', db, '--format', 'json']);
    const records = JSON.parse(runs.stdout) as { id: number; metrics: { test_acc: number }; dataset: { source: string; test: number } }[];
    expect(records[0].dataset.test).toBe(500);
    expect(records[0].dataset.source).toContain('fashion-mnist-subset');
    const e = await runCli(['eval', String(records[0].id), '--db', db, '--json']);
    expect(e.code).toBe(0);
    const result = JSON.parse(e.stdout);
    expect(result.testRows).toBe(500);
    expect(result.accuracy).toBeCloseTo(records[0].metrics.test_acc, 6);
    expect(result.confusion.flat().reduce((a: number, b: number) => a + b, 0)).toBe(500);
  });
});
