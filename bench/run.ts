/**
 * `npm run bench [-- --epochs N]`: speed and memory of the Fashion-MNIST preset
 * (784-256-10, AdamW, batch 128) on every engine and backend available, measured in one
 * run so the figures compare as ratios on a noisy machine:
 *   - the bare training loop (bench/bareLoop.ts, its own process);
 *   - the same training as a sweep trial (worker process, progress over IPC, metrics
 *     written to SQLite by the scheduler), so the cost of recording shows;
 *   - two trials at once against one after the other;
 *   - PyTorch with the same model (../shared/bench/torch_mlp.py), when python3-torch is
 *     installed.
 * Prints one JSON object on stdout; progress goes to stderr.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { locateFashionMnist } from '../src-main/data/fashionMnist';
import { artifactsDir } from '../src-main/paths';
import { openStore } from '../src-main/store/store';
import { SweepScheduler } from '../src-main/sweep/scheduler';
import { createSweep } from '../src-main/sweep/sweepService';
import { forkWorker, tsxLoaderArgs } from '../src-main/sweep/workerLauncher';
import { presetConfig } from './preset';

const run = promisify(execFile);
const { values: args } = parseArgs({
  options: {
    epochs: { type: 'string', default: '3' },
    // Bare and trial runs alternate this many times; medians over all their epochs
    // keep a busy machine's noise out of the recording-overhead ratio.
    repeats: { type: 'string', default: '2' },
    'cpu-rows': { type: 'string', default: '6400' },
    'skip-torch': { type: 'boolean', default: false },
    'skip-parallel': { type: 'boolean', default: false },
  },
});
const epochs = Number(args.epochs);
if (!Number.isInteger(epochs) || epochs < 1) throw new Error(`--epochs: expected a positive integer, got "${args.epochs}"`);
const repeats = Math.max(1, Number(args.repeats) || 1);
const log = (m: string) => process.stderr.write(`bench: ${m}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number, d = 3) => Number(x.toFixed(d));

interface Setup {
  engine: 'scratch' | 'tfjs';
  backend: 'auto' | 'wasm' | 'cpu' | 'tensorflow';
  /** Rows timed when a full epoch would take too long (tfjs cpu). */
  rows?: number;
  trial: boolean;
}

const SETUPS: Setup[] = [
  { engine: 'scratch', backend: 'auto', trial: true },
  { engine: 'tfjs', backend: 'wasm', trial: true },
  { engine: 'tfjs', backend: 'cpu', rows: Number(args['cpu-rows']), trial: false },
];

async function bareOnce(s: Setup) {
  const script = path.join(import.meta.dirname, 'bareLoop.ts');
  const { stdout } = await run(process.execPath, [...tsxLoaderArgs(), script, s.engine, s.backend, String(epochs), ...(s.rows ? [String(s.rows)] : [])], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

/** Runs `trials` copies of the preset as one sweep at the given concurrency; wall time and per-run figures. */
async function asSweep(s: Setup, trials: number, concurrency: number, dir: string) {
  const db = path.join(dir, `${s.engine}-${s.backend}-${trials}-${concurrency}.db`);
  const store = openStore(db);
  try {
    const config = presetConfig(s.engine, s.backend, epochs);
    config.search = { strategy: 'grid', params: trials > 1 ? { 'train.seed': Array.from({ length: trials }, (_, i) => i) } : {}, seed: 0 };
    const { sweep } = createSweep(store, config);
    const scheduler = new SweepScheduler(store, forkWorker, { artifactsDir: artifactsDir(db) });
    const t0 = performance.now();
    const counts = await scheduler.runSweep(sweep.id, concurrency);
    const wall = (performance.now() - t0) / 1000;
    if (counts.failed) throw new Error(`a ${s.engine}/${s.backend} trial failed: ${store.runs.list({ sweepId: sweep.id }).find((r) => r.error)?.error}`);
    const runs = store.runs.list({ sweepId: sweep.id });
    const epochSeconds = store.metrics.series(runs.map((r) => r.id), ['epoch_seconds']).flatMap((x) => x.values as number[]);
    return { wall, runs, epochSeconds, rows: (runs[0].dataset as { train: number }).train };
  } finally {
    store.close();
  }
}

async function torch(threads: number) {
  const script = [process.env.SWEEPLAB_TORCH_BENCH, path.resolve(import.meta.dirname, '../../shared/bench/torch_mlp.py')].find((p) => p && existsSync(p));
  const located = locateFashionMnist({});
  if (!script || !located.dir) return { skipped: `needs ${script ? 'the full Fashion-MNIST files' : '../shared/bench/torch_mlp.py (or SWEEPLAB_TORCH_BENCH)'}` };
  try {
    const { stdout } = await run('/usr/bin/python3', [script, '--epochs', String(epochs), '--threads', String(threads), '--data', located.dir], { maxBuffer: 1 << 20 });
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
    const summary = lines.at(-1);
    const seconds = summary.median_epoch_train_seconds as number;
    return { threads, torch: summary.torch, secondsPerEpoch: seconds, samplesPerSecond: 60000 / seconds, valAcc: lines.at(-2)?.val_acc, note: 'trains on all 60,000 images, validates on the 10,000 test images' };
  } catch (e) {
    return { skipped: `python3-torch not usable: ${(e as Error).message.split('\n')[0]}` };
  }
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'sweeplab-bench-'));
try {
  const engines: Record<string, unknown>[] = [];
  const overhead: Record<string, number> = {};
  for (const s of SETUPS) {
    const bareEpochs: number[] = [];
    const trialEpochs: number[] = [];
    let b: Awaited<ReturnType<typeof bareOnce>> | undefined;
    let t: Awaited<ReturnType<typeof asSweep>> | undefined;
    for (let rep = 0; rep < (s.trial ? repeats : 1); rep++) {
      log(`${s.engine}/${s.backend}: bare loop, ${epochs} epoch(s)${s.rows ? ` on ${s.rows} rows` : ''} (${rep + 1}/${repeats})`);
      b = await bareOnce(s);
      bareEpochs.push(...b!.epochSeconds);
      if (!s.trial) continue;
      log(`${s.engine}/${s.backend}: as a sweep trial (${rep + 1}/${repeats})`);
      t = await asSweep(s, 1, 1, dir);
      trialEpochs.push(...t.epochSeconds);
    }
    const bare = median(bareEpochs);
    engines.push({
      mode: 'bare loop',
      engine: b!.engine,
      backend: b!.backend,
      gpu: b!.gpu,
      rows: b!.rows,
      secondsPerEpoch: round(bare),
      samplesPerSecond: Math.round(b!.rows / bare),
      peakRssMb: Math.round(b!.peakRssMb),
      valAcc: b!.valAcc,
      estimatedFullEpochSeconds: s.rows ? round((54000 / b!.rows) * bare, 1) : undefined,
    });
    if (!t) continue;
    const trial = median(trialEpochs);
    const rss = t.runs[0].metrics.peak_rss_mb;
    engines.push({ mode: 'sweep trial', engine: t.runs[0].engine, backend: t.runs[0].backend, gpu: t.runs[0].gpu, rows: t.rows, secondsPerEpoch: round(trial), samplesPerSecond: Math.round(t.rows / trial), peakRssMb: rss === null ? null : Math.round(rss), valAcc: t.runs[0].metrics.val_acc });
    overhead[`${b!.engine}/${b!.backend}`] = round(trial / bare - 1, 4);
  }

  let parallel: Record<string, unknown> = { skipped: true };
  if (!args['skip-parallel']) {
    const s: Setup = { engine: 'tfjs', backend: 'wasm', trial: true };
    log('two trials one after the other, then both at once');
    const seq = await asSweep(s, 2, 1, dir);
    const par = await asSweep(s, 2, 2, dir);
    parallel = { engine: 'tfjs/wasm', trials: 2, cpus: os.availableParallelism(), sequentialSeconds: round(seq.wall, 1), concurrentSeconds: round(par.wall, 1), ratio: round(par.wall / seq.wall) };
  }

  const reference = args['skip-torch'] ? [] : [await torch(1), await torch(2)];
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: os.availableParallelism(), cpu: os.cpus()[0]?.model, node: process.versions.node, loadavg: os.loadavg().map((l) => round(l, 2)) },
    model: '784-256-10 ReLU MLP, AdamW lr 1e-3, batch 128; 54,000 training rows (10 % held out for validation)',
    epochs,
    repeats,
    engines,
    recordingOverhead: overhead,
    parallel,
    pytorch: reference,
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
