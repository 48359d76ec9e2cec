/**
 * `npm run bench:tuner`: the tuner against a plain grid on Fashion-MNIST, both through
 * the scheduler the app uses. The tuner is resources/examples/fashion-tuner.json as
 * shipped (TPE + ASHA, budget 10 minutes); the grid covers the same kind of space
 * (learning rate × width × activation, 27 epochs each, no pruning) and gets as many
 * epochs as the tuner trained, so both spend a comparable budget. Prints, for each: the
 * best validation accuracy, the epochs trained, the trials run and pruned, the wall time,
 * and what a full-length search of the same trials would have trained.
 *
 *   npm run bench:tuner [-- --json] [-- --trials N]   (needs the full Fashion-MNIST)
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { locateFashionMnist } from '../src-main/data/fashionMnist';
import { artifactsDir } from '../src-main/paths';
import { openStore } from '../src-main/store/store';
import { validateSweepConfig, type SweepConfig } from '../src-main/sweep/configSchema';
import { SweepScheduler } from '../src-main/sweep/scheduler';
import { createSweep } from '../src-main/sweep/sweepService';
import { forkWorker } from '../src-main/sweep/workerLauncher';

const { values: args } = parseArgs({ options: { json: { type: 'boolean' }, trials: { type: 'string' } } });

interface Outcome {
  bestValAcc: number;
  epochs: number;
  trials: number;
  pruned: number;
  fullLengthEpochs: number;
  seconds: number;
}

async function runSweep(config: SweepConfig, dir: string, name: string): Promise<Outcome> {
  const db = path.join(dir, `${name}.db`);
  const store = openStore(db);
  try {
    const { sweep } = createSweep(store, config);
    const scheduler = new SweepScheduler(store, forkWorker, { artifactsDir: artifactsDir(db) });
    const t0 = performance.now();
    await scheduler.runSweep(sweep.id, config.concurrency ?? 2);
    const seconds = (performance.now() - t0) / 1000;
    const runs = store.runs.list({ sweepId: sweep.id }).filter((r) => r.status !== 'cancelled');
    const series = store.metrics.series(runs.map((r) => r.id), ['val_acc', 'epoch_seconds']);
    const best = Math.max(...series.filter((s) => s.key === 'val_acc').flatMap((s) => s.values.filter((v): v is number => v !== null)));
    const epochs = series.filter((s) => s.key === 'epoch_seconds').reduce((n, s) => n + s.steps.length, 0);
    const fullLengthEpochs = runs.reduce((n, r) => n + r.config.train.epochs, 0);
    return { bestValAcc: best, epochs, trials: runs.length, pruned: runs.filter((r) => r.status === 'pruned').length, fullLengthEpochs, seconds };
  } finally {
    store.close();
  }
}

function load(input: unknown): SweepConfig {
  const r = validateSweepConfig(input);
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return r.config;
}

async function main(): Promise<void> {
  if (!locateFashionMnist({}).dir) throw new Error('the full Fashion-MNIST is needed: apt-get install dataset-fashion-mnist');
  const file = path.join(import.meta.dirname, '..', 'resources', 'examples', 'fashion-tuner.json');
  const preset = JSON.parse(readFileSync(file, 'utf8'));
  if (args.trials) preset.search.trials = Number(args.trials);
  const tunerConfig = load(preset);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sweeplab-bench-tuner-'));
  try {
    const tuner = await runSweep(tunerConfig, dir, 'tuner');
    // The grid: the classic "try a few of each" over the same kind of space, full length.
    const grid = load({
      ...preset,
      name: 'fashion-grid',
      search: {
        strategy: 'grid',
        params: { 'train.lr': [0.0003, 0.001, 0.003], 'model.hidden': [128, 512], 'model.activation': ['relu', 'gelu'] },
        budget: { epochs: tuner.epochs },
      },
    });
    const gridOutcome = await runSweep(grid, dir, 'grid');
    const result = { tuner, grid: gridOutcome, machine: { cpus: os.availableParallelism(), node: process.version } };
    if (args.json) return void process.stdout.write(`${JSON.stringify(result)}\n`);
    const row = (name: string, o: Outcome) =>
      `${name.padEnd(6)} best val_acc ${o.bestValAcc.toFixed(4)}  epochs ${String(o.epochs).padStart(4)} (full length: ${o.fullLengthEpochs})  trials ${o.trials} (pruned ${o.pruned})  ${o.seconds.toFixed(0)} s`;
    console.log(row('tuner', tuner));
    console.log(row('grid', gridOutcome));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
