/**
 * One engine's bare training loop on the Fashion-MNIST preset, in its own process so its
 * peak memory is its own: no worker protocol, no IPC, no database. Prints one JSON line.
 *
 *   tsx bench/bareLoop.ts --engine scratch --backend auto --epochs 3 [--rows N] [--full]
 *
 * --rows N  time a slow backend (tfjs cpu) on the first N training rows only;
 * --full    train on all 60,000 training images and time the training alone, the
 *           10,000 test images evaluated once at the end: exactly what
 *           ../shared/bench/torch_mlp.py measures, so the two compare second for second.
 * SWEEPLAB_BLAS_THREADS sets the native ops' BLAS threads (default 1).
 */
import { parseArgs } from 'node:util';
import { loadDataset } from '../src-main/data/registry';
import { createEngineModel } from '../src-main/engine/createModel';
import { trainLoop } from '../src-main/engine/trainLoop';
import type { SweepConfig } from '../src-main/sweep/configSchema';
import { presetTrial } from './preset';

const { values: args } = parseArgs({
  options: {
    engine: { type: 'string' },
    backend: { type: 'string', default: 'auto' },
    epochs: { type: 'string', default: '3' },
    rows: { type: 'string' },
    full: { type: 'boolean', default: false },
  },
});
if (args.engine !== 'scratch' && args.engine !== 'tfjs') throw new Error(`--engine: expected scratch or tfjs, got "${args.engine}"`);
const epochs = Number(args.epochs);
if (!Number.isInteger(epochs) || epochs < 1) throw new Error(`--epochs: expected a positive integer, got "${args.epochs}"`);
const trial = presetTrial(args.engine, args.backend as SweepConfig['backend'], epochs);
if (args.full) trial.dataset = { ...trial.dataset, split: { train: 1, val: 0 } };
const dataset = await loadDataset(trial.dataset, {});
const rows = args.rows ? Math.min(Number(args.rows), dataset.train.n) : dataset.train.n;
if (!(rows >= 1)) throw new Error(`--rows: expected a positive integer, got "${args.rows}"`);
const train = { x: dataset.train.x.subarray(0, rows * dataset.features), y: dataset.train.y.subarray(0, rows), n: rows };
const model = await createEngineModel(trial, dataset);
const summary = await trainLoop(model, { train, val: dataset.val }, { epochs: trial.train.epochs, batchSize: trial.train.batchSize, seed: trial.train.seed });
const test = args.full ? model.evaluate(dataset.test.x, dataset.test.y, dataset.test.n) : null;
process.stdout.write(
  `${JSON.stringify({
    engine: model.engine,
    backend: model.backend,
    gpu: model.gpu,
    versions: model.versions ?? {},
    rows,
    // With --full there is no validation split, so an epoch's seconds are training only.
    epochSeconds: summary.epochs.map((e) => e.seconds),
    valAcc: test ? test.accuracy : (summary.epochs.at(-1)?.val_acc ?? null),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    source: dataset.source,
  })}\n`,
);
model.dispose();
