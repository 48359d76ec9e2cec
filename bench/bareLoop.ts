/**
 * One engine's bare training loop on the Fashion-MNIST preset, in its own process so its
 * peak memory is its own: no worker protocol, no IPC, no database. Prints one JSON line.
 * Usage: tsx bench/bareLoop.ts <engine> <backend> <epochs> [rows]
 */
import { loadDataset } from '../src-main/data/registry';
import { createEngineModel } from '../src-main/engine/createModel';
import { trainLoop } from '../src-main/engine/trainLoop';
import { presetTrial } from './preset';

const [engine, backend, epochsArg, rowsArg] = process.argv.slice(2);
const trial = presetTrial(engine as 'scratch' | 'tfjs', backend as 'auto', Number(epochsArg));
const dataset = await loadDataset(trial.dataset, {});
// A slow backend (tfjs cpu) is timed on the first `rows` training rows and scaled.
const rows = rowsArg ? Math.min(Number(rowsArg), dataset.train.n) : dataset.train.n;
const train = { x: dataset.train.x.subarray(0, rows * dataset.features), y: dataset.train.y.subarray(0, rows), n: rows };
const model = await createEngineModel(trial, dataset);
const summary = await trainLoop(model, { train, val: dataset.val }, { epochs: trial.train.epochs, batchSize: trial.train.batchSize, seed: trial.train.seed });
const seconds = summary.epochs.map((e) => e.seconds);
process.stdout.write(
  `${JSON.stringify({
    engine: model.engine,
    backend: model.backend,
    gpu: model.gpu,
    rows,
    epochSeconds: seconds,
    valAcc: summary.epochs.at(-1)?.val_acc ?? null,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    source: dataset.source,
  })}\n`,
);
model.dispose();
