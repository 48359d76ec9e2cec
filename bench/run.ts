/**
 * `npm run bench [-- --epochs N --repeats N]`: speed and memory of the Fashion-MNIST
 * preset (784-256-10, AdamW, batch 128) on every engine and backend available, measured
 * in one run so the figures compare as ratios on a noisy machine:
 *   - the bare training loop (bench/bareLoop.ts, its own process);
 *   - the same training as a sweep trial (worker process, progress over IPC, metrics
 *     written to SQLite by the scheduler), so the cost of recording shows;
 *   - the scratch engine on native ops against PyTorch (../shared/bench/torch_mlp.py,
 *     when python3-torch is installed) on exactly the same work: 60,000 training images,
 *     training time only, with the BLAS thread count of each side stated;
 *   - a 12-trial sweep at concurrency 1 and at one trial per core;
 *   - what recording frames costs in run time and stored bytes (bench/frames.ts);
 *   - the 12-trial sweep through the queue against local lanes, and the queue's limits
 *     (bench/cluster.ts; skipped, saying so, where redis-server is not installed).
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
import { loadNativeOps } from '../src-main/engine/scratch/ops/native';
import { presetConfig } from './preset';
import { framesBench } from './frames';
import { clusterBench } from './cluster';

const run = promisify(execFile);
const { values: args } = parseArgs({
  options: {
    epochs: { type: 'string', default: '3' },
    // Bare and trial runs alternate this many times; medians over all their epochs
    // keep a busy machine's noise out of the recording-overhead ratio.
    repeats: { type: 'string', default: '2' },
    'cpu-rows': { type: 'string', default: '6400' },
    'sweep-trials': { type: 'string', default: '12' },
    'sweep-epochs': { type: 'string', default: '5' },
    'skip-torch': { type: 'boolean', default: false },
    'skip-parallel': { type: 'boolean', default: false },
    'skip-frames': { type: 'boolean', default: false },
    'skip-cluster': { type: 'boolean', default: false },
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
  backend: 'native' | 'js' | 'wasm' | 'cpu' | 'tensorflow';
  /** Rows timed when a full epoch would take too long (tfjs cpu). */
  rows?: number;
  trial: boolean;
}

const nativeBuilt = loadNativeOps().ok;
const SETUPS: Setup[] = [
  ...(nativeBuilt ? [{ engine: 'scratch', backend: 'native', trial: true } as const] : []),
  { engine: 'scratch', backend: 'js', rows: Number(args['cpu-rows']), trial: false },
  { engine: 'tfjs', backend: 'wasm', trial: true },
  { engine: 'tfjs', backend: 'cpu', rows: Number(args['cpu-rows']), trial: false },
];

interface BareOptions {
  /** bareLoop --full: all 60,000 training images, training time only (torch_mlp.py's measure). */
  full?: boolean;
  blasThreads?: number;
}

async function bareOnce(s: Setup, o: BareOptions = {}) {
  const script = path.join(import.meta.dirname, 'bareLoop.ts');
  const argv = [...tsxLoaderArgs(), script, '--engine', s.engine, '--backend', s.backend, '--epochs', String(epochs), ...(s.rows ? ['--rows', String(s.rows)] : []), ...(o.full ? ['--full'] : [])];
  const env = { ...process.env, ...(o.blasThreads ? { SWEEPLAB_BLAS_THREADS: String(o.blasThreads) } : {}) };
  const { stdout } = await run(process.execPath, argv, { maxBuffer: 1 << 20, env });
  return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

/** Runs `trials` copies of the preset as one sweep at the given concurrency; wall time and per-run figures. */
async function asSweep(s: Setup, trials: number, concurrency: number, dir: string, trialEpochs = epochs) {
  const db = path.join(dir, `${s.engine}-${s.backend}-${trials}-${concurrency}.db`);
  const store = openStore(db);
  try {
    const config = presetConfig(s.engine, s.backend, trialEpochs);
    config.search = { strategy: 'grid', params: trials > 1 ? { 'train.seed': Array.from({ length: trials }, (_, i) => i) } : {}, seed: 0, metric: 'val_acc' };
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

/**
 * PyTorch on the same model and data. `threads` is torch.set_num_threads; OpenBLAS keeps
 * its own thread pool (one thread per core) unless `blasThreads` pins it, so "1 thread"
 * alone still runs its matrix products on every core.
 */
async function torch(threads: number, blasThreads?: number) {
  const script = [process.env.SWEEPLAB_TORCH_BENCH, path.resolve(import.meta.dirname, '../../shared/bench/torch_mlp.py')].find((p) => p && existsSync(p));
  const located = locateFashionMnist({});
  if (!script || !located.dir) return { skipped: `needs ${script ? 'the full Fashion-MNIST files' : '../shared/bench/torch_mlp.py (or SWEEPLAB_TORCH_BENCH)'}` };
  const env = { ...process.env, ...(blasThreads ? { OPENBLAS_NUM_THREADS: String(blasThreads) } : {}) };
  try {
    const { stdout } = await run('/usr/bin/python3', [script, '--epochs', String(epochs), '--threads', String(threads), '--data', located.dir], { maxBuffer: 1 << 20, env });
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
    const summary = lines.at(-1);
    const epochSeconds = lines.filter((l) => 'train_seconds' in l).map((l) => l.train_seconds as number);
    return { torch: summary.torch as string, epochSeconds, valAcc: lines.at(-2)?.val_acc as number };
  } catch (e) {
    return { skipped: `python3-torch not usable: ${(e as Error).message.split('\n')[0]}` };
  }
}

interface Measured {
  epochSeconds?: number[];
  valAcc?: number;
  skipped?: string;
  torch?: string;
  backend?: string;
  versions?: Record<string, string>;
}

/**
 * Native scratch and PyTorch on identical work (60,000 images, training time only),
 * alternating so a busy spell hits both; medians over every epoch of every repeat.
 */
async function versusPyTorch() {
  const native = loadNativeOps();
  if (!native.ok) return { skipped: `native ops not built: ${native.reason}` };
  const cores = os.availableParallelism();
  const setup: Setup = { engine: 'scratch', backend: 'native', trial: false };
  const sides: { label: string; cores: number; measure: () => Promise<Measured> }[] = [
    { label: 'scratch native, 1 BLAS thread (the default: one trial per core)', cores: 1, measure: () => bareOnce(setup, { full: true, blasThreads: 1 }) },
    { label: 'PyTorch, torch.set_num_threads(1), OPENBLAS_NUM_THREADS=1', cores: 1, measure: () => torch(1, 1) },
    { label: `scratch native, ${cores} BLAS threads (SWEEPLAB_BLAS_THREADS=${cores})`, cores, measure: () => bareOnce(setup, { full: true, blasThreads: cores }) },
    { label: `PyTorch, torch.set_num_threads(1), OpenBLAS's default pool (${cores} threads)`, cores, measure: () => torch(1) },
  ];
  const epochsOf = sides.map(() => [] as number[]);
  const last: Measured[] = [];
  for (let rep = 0; rep < repeats; rep++) {
    for (const [i, side] of sides.entries()) {
      log(`vs PyTorch: ${side.label} (${rep + 1}/${repeats})`);
      const r = await side.measure();
      if (r.skipped) return { skipped: r.skipped };
      epochsOf[i].push(...(r.epochSeconds ?? []));
      last[i] = r;
    }
  }
  const rows = sides.map((side, i) => ({
    what: side.label,
    cores: side.cores,
    secondsPerEpoch: round(median(epochsOf[i])),
    samplesPerSecond: Math.round(60000 / median(epochsOf[i])),
    testAcc: last[i].valAcc === undefined ? null : round(last[i].valAcc!, 4),
    ...(last[i].torch ? { torch: last[i].torch } : { backend: last[i].backend, blas: last[i].versions?.blas }),
  }));
  return {
    work: '60,000 training images per epoch, batch 128, training time only; accuracy on the 10,000 test images after the last epoch',
    rows,
    ratioOneCore: round(rows[0].secondsPerEpoch / rows[1].secondsPerEpoch),
    ratioAllCores: round(rows[2].secondsPerEpoch / rows[3].secondsPerEpoch),
  };
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
    const s: Setup = { engine: 'scratch', backend: nativeBuilt ? 'native' : 'js', trial: true };
    const trials = Number(args['sweep-trials']);
    const sweepEpochs = Number(args['sweep-epochs']);
    const cores = os.availableParallelism();
    log(`a ${trials}-trial sweep of ${sweepEpochs} epochs each (${s.engine}/${s.backend}), concurrency 1`);
    const seq = await asSweep(s, trials, 1, dir, sweepEpochs);
    log(`the same sweep, concurrency ${cores}`);
    const par = await asSweep(s, trials, cores, dir, sweepEpochs);
    parallel = {
      engine: `${s.engine}/${s.backend}`,
      trials,
      epochs: sweepEpochs,
      cpus: cores,
      sequentialSeconds: round(seq.wall, 1),
      concurrentSeconds: round(par.wall, 1),
      ratio: round(par.wall / seq.wall),
    };
  }

  const frames = args['skip-frames'] ? { skipped: '--skip-frames' } : await framesBench({ repeats: Math.max(3, repeats), dir, log });
  const cluster = args['skip-cluster'] ? { skipped: '--skip-cluster' } : await clusterBench({ repeats: Math.max(3, repeats), dir, log });
  if ('skipped' in cluster) log(`cluster: skipped: ${cluster.skipped}`);
  const reference = args['skip-torch'] ? { skipped: '--skip-torch' } : await versusPyTorch();
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: os.availableParallelism(), cpu: os.cpus()[0]?.model, node: process.versions.node, loadavg: os.loadavg().map((l) => round(l, 2)) },
    model: '784-256-10 ReLU MLP, AdamW lr 1e-3, batch 128; 54,000 training rows (10 % held out for validation)',
    epochs,
    repeats,
    engines,
    recordingOverhead: overhead,
    parallel,
    frames,
    cluster,
    versusPyTorch: reference,
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
