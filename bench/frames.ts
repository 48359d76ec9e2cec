/**
 * `npm run bench:frames [-- --repeats N]` (and part of `npm run bench`): what recording
 * frames costs. Each case is the same trial with frames off and on (same seed, same
 * scheduler, a fresh worker process each, in one database), the two alternating
 * `repeats` times so a busy spell of the machine hits both. Frames are built on the
 * worker's frame thread (frames/frameThread.ts); training only snapshots the weights.
 * Reported per case:
 *   - overhead: median run time with frames / without − 1, where a run's time is
 *     started → finished as the database records it (so the snapshots, the wait for the
 *     frame thread's last frames, sending them and the scheduler's writes are all in it),
 *     in a fresh worker process (whose frame thread may still be starting) and as the
 *     second trial of a lane (warmLane: the worker and its frame thread already up);
 *   - the worker's own share: the same trial in this process through runTrial, no IPC
 *     and no database (workerOverhead), alternating the same way, with the training
 *     thread's own time on frames (copies, posts, backpressure: trainingThread.share of
 *     the run without frames), its wait for the last frames at the end (finishWaitMs),
 *     and the frame thread's time (frameThreadMs): CPU it takes elsewhere — on a machine
 *     with fewer free cores than lanes, from another lane or the scheduler;
 *   - per frame: the snapshot (getWeights, what training pays) and the capture (what the
 *     frame thread pays) against one training step of the same model, timed alternately;
 *   - the frames and the bytes one run stores (rows as stored, compressed where it
 *     paid), and the bytes before compression, from the database itself;
 *   - the frame thread's start-up in a fresh process (to its first frame).
 * Cases: a moons run as short as a first try (900 steps), the same trained ten times
 * as long, and Fashion-MNIST runs with frames opted in: the bundled subset (300 steps)
 * and, where installed, the full set (2 epochs, 844 steps).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { locateFashionMnist } from '../src-main/data/fashionMnist';
import { frameBytes } from '../src-main/frames/decode';
import { openStore, type Store } from '../src-main/store/store';
import { validateSweepConfig, type SweepConfigInput } from '../src-main/sweep/configSchema';
import { SweepScheduler } from '../src-main/sweep/scheduler';
import { createSweep } from '../src-main/sweep/sweepService';
import { forkWorker } from '../src-main/sweep/workerLauncher';
import { trialConfig } from '../src-main/sweep/searchSpace';
import { runTrial } from '../src-main/worker/runTrial';
import { loadDataset } from '../src-main/data/registry';
import { createEngineModel } from '../src-main/engine/createModel';
import { createFrameCapture } from '../src-main/frames/capture';
import { framePlan } from '../src-main/frames/config';
import { createForward } from '../src-main/frames/forward';
import { frameSource, type FrameStats } from '../src-main/frames/recorder';
import { selectOps } from '../src-main/engine/scratch/ops';

interface Case {
  name: string;
  config: Omit<SweepConfigInput, 'name' | 'frames'>;
  /** The frames block when on (off is `{ enabled: false }`). */
  frames: SweepConfigInput['frames'];
  /** Skipped where the full Fashion-MNIST files are not found (the bundled subset would stand in, unlabelled). */
  needsFullFashion?: boolean;
}

const moons = (epochs: number): Case['config'] => ({
  dataset: { name: 'moons' },
  engine: 'scratch',
  model: { hidden: [16] },
  train: { epochs, batchSize: 32, optimizer: 'adam', lr: 0.01, seed: 1 },
});

/** Part 2's MLP (784-256-10, AdamW, lr 1e-3, batch 128) on a Fashion-MNIST set. */
const fashion = (name: 'fashion-mnist' | 'fashion-mnist-subset', epochs: number): Case['config'] => ({
  dataset: { name },
  engine: 'scratch',
  model: { hidden: [256] },
  train: { epochs, batchSize: 128, optimizer: 'adamw', lr: 0.001, seed: 1 },
});

export const FRAME_CASES: Case[] = [
  { name: 'moons, 400 points, 2-16-2, 100 epochs (900 steps)', config: moons(100), frames: {} },
  { name: 'moons, 400 points, 2-16-2, 1000 epochs (9,000 steps)', config: moons(1000), frames: {} },
  { name: 'fashion-mnist-subset, 784-256-10, 20 epochs (300 steps)', config: fashion('fashion-mnist-subset', 20), frames: { enabled: true } },
  { name: 'fashion-mnist (full, when installed), 784-256-10, 2 epochs (844 steps)', config: fashion('fashion-mnist', 2), frames: { enabled: true }, needsFullFashion: true },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number, d = 3) => Number(x.toFixed(d));

/** The trial in this process, straight through runTrial (no IPC, no database): the worker's own share, and its frames' costs. */
async function inProcess(c: Case, frames: Case['frames'], dir: string): Promise<{ ms: number; stats: FrameStats | null }> {
  const r = validateSweepConfig({ ...c.config, name: 'bench-frames-in-process', frames });
  if (!r.ok) throw new Error(`${c.name}: ${JSON.stringify(r.issues)}`);
  let stats: FrameStats | null = null;
  const t0 = performance.now();
  const end = await runTrial({ type: 'start', runId: 1, trial: trialConfig(r.config, {}), artifactsDir: dir }, () => {}, undefined, { frameStats: (s) => (stats = s) });
  if (end.type !== 'finished') throw new Error(`${c.name}: ${end.type === 'failed' ? end.message : end.type}`);
  return { ms: performance.now() - t0, stats };
}

/** A fresh process's frame thread: from starting it to its first (small) frame, as a worker process pays once. */
function threadStartupMs(): number {
  const script = `
    import { FrameThread } from './src-main/frames/frameThread.ts';
    import { frameSource } from './src-main/frames/recorder.ts';
    import { initWeights } from './src-main/engine/init.ts';
    const t0 = performance.now();
    const thread = FrameThread.shared();
    const plan = { kind: 'plane', count: 2, grid: 16, units: 0, unitSize: 24 };
    const run = thread.begin(frameSource(plan, { plane: { x: [0, 1], y: [0, 1] }, classes: ['a', 'b'], train: { x: new Float64Array(2) } }, 0), 'relu');
    thread.post(run, { seq: 0, step: 0, epoch: 0, time: 0, loss: null, weights: initWeights({ inputs: 2, hidden: [4], outputs: 2, activation: 'relu' }, 1, 'float64') });
    thread.drain();
    process.stdout.write(String(performance.now() - t0));`;
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  return Number(execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' }));
}

/**
 * The capture against a training step of the same model, timed alternately in this
 * process (medians): how many steps one frame costs, and so how long a run must be for
 * its frames to cost 5 %. A ratio of two things timed together survives a busy machine
 * better than two run times do.
 */
async function perFrame(c: Case) {
  const r = validateSweepConfig({ ...c.config, name: 'bench-frames-per-frame', frames: c.frames });
  if (!r.ok) throw new Error(`${c.name}: ${JSON.stringify(r.issues)}`);
  const trial = trialConfig(r.config, {});
  const dataset = await loadDataset(trial.dataset);
  const model = await createEngineModel(trial, dataset);
  const plan = framePlan(trial.frames, dataset, trial.model.hidden[0] ?? dataset.classes.length)!;
  // The frame thread's ops (the native addon where it loads), as it captures.
  const capture = createFrameCapture(frameSource(plan, dataset, trial.dataset.seed), trial.model.activation, createForward(trial.model.activation, selectOps('auto').ops));
  const rows = Math.min(trial.train.batchSize, dataset.train.n);
  const x = dataset.train.x.subarray(0, rows * dataset.features);
  const y = dataset.train.y.subarray(0, rows);
  const snapshotMs: number[] = [];
  const captureMs: number[] = [];
  const stepMs: number[] = [];
  const STEPS = 20;
  for (let i = 0; i < 30; i++) {
    let t = performance.now();
    const weights = model.getWeights();
    snapshotMs.push(performance.now() - t);
    t = performance.now();
    const { bytes } = capture.capture(weights);
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
    captureMs.push(performance.now() - t);
    t = performance.now();
    for (let k = 0; k < STEPS; k++) model.trainStep(x, y, rows);
    stepMs.push((performance.now() - t) / STEPS);
  }
  model.dispose();
  const [wm, cm, sm] = [median(snapshotMs), median(captureMs), median(stepMs)];
  return { snapshotMs: round(wm, 4), captureMsOnThread: round(cm), stepMs: round(sm, 4), captureStepsPerFrame: Math.round(cm / sm) };
}

/**
 * One trial as its own sweep, in a fresh worker process; its run's id and time (ms,
 * started → finished). `warm`: the trial runs second in its lane's worker, after the
 * same trial with another seed (as a sweep's later trials do: the process, its data set
 * and its frame thread are up), and only that second run is timed.
 */
async function runOnce(store: Store, c: Case, frames: Case['frames'], label: string, warm = false): Promise<{ runId: number; ms: number }> {
  const seed = (c.config.train as { seed: number }).seed;
  const search = warm ? { search: { strategy: 'grid', params: { 'train.seed': [seed + 1, seed] } } } : {};
  const r = validateSweepConfig({ ...c.config, ...search, name: `bench-frames-${label}`, frames, concurrency: 1 } as SweepConfigInput);
  if (!r.ok) throw new Error(`${c.name}: ${JSON.stringify(r.issues)}`);
  const { sweep } = createSweep(store, r.config);
  const scheduler = new SweepScheduler(store, forkWorker, { artifactsDir: store.artifactsDir });
  const counts = await scheduler.runSweep(sweep.id, 1);
  const runs = store.runs.list({ sweepId: sweep.id });
  if (counts.completed !== runs.length) throw new Error(`${c.name}: a run did not complete: ${runs.map((x) => x.error).join('; ')}`);
  const run = runs.find((x) => (x.config.train as { seed: number }).seed === seed)!;
  if (warm && runs.some((x) => x !== run && x.startedAt! > run.startedAt!)) throw new Error(`${c.name}: the timed run was not the lane's second`);
  return { runId: run.id, ms: run.finishedAt! - run.startedAt! };
}

export async function framesBench(opts: { repeats: number; dir: string; log: (m: string) => void }) {
  const store = openStore(path.join(opts.dir, 'frames.db'));
  try {
    const cases = [];
    for (const c of FRAME_CASES) {
      if (c.needsFullFashion && !locateFashionMnist({}).dir) {
        cases.push({ case: c.name, skipped: 'the full Fashion-MNIST files are not installed' });
        continue;
      }
      const off: number[] = [];
      const on: number[] = [];
      const warmOff: number[] = [];
      const warmOn: number[] = [];
      const workerOff: number[] = [];
      const workerOn: number[] = [];
      const statsOn: FrameStats[] = [];
      let lastOn = 0;
      await inProcess(c, { enabled: false }, opts.dir); // loads the data set once, outside the timing
      await inProcess(c, c.frames, opts.dir); // and starts this process's frame thread, as a lane's worker has it by its second trial
      for (let rep = 0; rep < opts.repeats; rep++) {
        opts.log(`frames: ${c.name}, off then on (${rep + 1}/${opts.repeats})`);
        off.push((await runOnce(store, c, { enabled: false }, 'off')).ms);
        const r = await runOnce(store, c, c.frames, 'on');
        on.push(r.ms);
        lastOn = r.runId;
        warmOff.push((await runOnce(store, c, { enabled: false }, 'warm-off', true)).ms);
        warmOn.push((await runOnce(store, c, c.frames, 'warm-on', true)).ms);
        workerOff.push((await inProcess(c, { enabled: false }, opts.dir)).ms);
        const inOn = await inProcess(c, c.frames, opts.dir);
        workerOn.push(inOn.ms);
        statsOn.push(inOn.stats!);
      }
      const stat = (key: 'snapshotMs' | 'backpressureMs' | 'finishMs' | 'threadMs') => round(median(statsOn.map((s) => s[key])), 2);
      const snapshotMs = stat('snapshotMs');
      const stored = store.frames.size(lastOn);
      const list = store.frames.list(lastOn);
      const raw = list.reduce((n, f) => n + frameBytes(f).length + JSON.stringify(f.meta).length, 0);
      const codecs = store.db.prepare('SELECT codec, COUNT(*) AS n FROM frames WHERE run_id = ? GROUP BY codec').all(lastOn) as { codec: string; n: number }[];
      cases.push({
        case: c.name,
        runMsOff: median(off),
        runMsOn: median(on),
        overhead: round(median(on) / median(off) - 1, 4),
        costMsPerRun: median(on) - median(off),
        // The same, timed as a lane's second trial (its worker process and frame thread already up).
        warmLane: { runMsOff: median(warmOff), runMsOn: median(warmOn), overhead: round(median(warmOn) / median(warmOff) - 1, 4) },
        workerMsOff: Math.round(median(workerOff)),
        workerMsOn: Math.round(median(workerOn)),
        workerOverhead: round(median(workerOn) / median(workerOff) - 1, 4),
        // The training thread's own time on frames (copies, posts, backpressure) against the run without frames; the end's wait apart.
        trainingThread: {
          ms: snapshotMs,
          share: round(snapshotMs / median(workerOff), 4),
          backpressureMs: stat('backpressureMs'),
          finishWaitMs: stat('finishMs'),
        },
        frameThreadMs: stat('threadMs'),
        frameThreadShareOfWorker: round(stat('threadMs') / median(workerOff), 4),
        frameThreadOps: statsOn[0]?.threadOps ?? null,
        perFrame: await perFrame(c),
        frames: stored.frames,
        kind: list[0]?.meta.kind ?? null,
        storedBytesPerRun: stored.bytes,
        rawBytesPerRun: raw,
        compression: round(raw / Math.max(1, stored.bytes), 2),
        codecs: Object.fromEntries(codecs.map((r) => [r.codec, r.n])),
      });
    }
    return {
      what: 'run time started → finished (median), frames off vs on, same seed, alternating; frames built on the frame thread; bytes from the database',
      repeats: opts.repeats,
      frameThreadStartupMs: round(threadStartupMs(), 1),
      cases,
    };
  } finally {
    store.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { repeats: { type: 'string', default: '3' } } });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sweeplab-bench-frames-'));
  try {
    const result = await framesBench({ repeats: Math.max(1, Number(values.repeats) || 1), dir, log: (m) => process.stderr.write(`bench: ${m}\n`) });
    process.stdout.write(`${JSON.stringify({ date: new Date().toISOString(), machine: { cpus: os.availableParallelism(), loadavg: os.loadavg() }, ...result }, null, 2)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
