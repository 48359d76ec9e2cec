/**
 * A rough wall-time estimate for a sweep, shown before launch. The heuristic:
 *
 *   per trial = FLOPs / engine throughput
 *             + steps × per-step overhead
 *             + a fixed cost (evaluate, save the weights, report)
 *   FLOPs     = epochs × (6 × MACs × train rows + 2 × MACs × val rows) + 2 × MACs × test rows
 *               (a forward pass is 2 FLOPs per multiply-add, backward about twice that)
 *   MACs      = Σ over the dense layers of inputs × outputs
 *   sweep     = Σ per trial ÷ lanes + start-up (fork a worker, load code and data)
 *   lanes     = min(concurrency, trials, CPU cores)
 * A pruner scales the trials' share by the epochs it is expected to leave them
 * (expectedEpochs); a budget caps the epochs or the minutes.
 * Start-up counts once: every lane starts its worker at the same time, and a lane's
 * worker keeps its data set for the lane's next trial.
 *
 * The constants were measured on the build machine (2 cores, Node 20) with real runs
 * through these services: one epoch of the 784-256-10 MLP on the full Fashion-MNIST at
 * batch 128 took 0.57 s on scratch with the native ops and one BLAS thread (≈ 120
 * GFLOP/s by this count, which includes the first layer's input gradient the engine
 * skips), 12.8 s on scratch's TypeScript ops (≈ 5.3 GFLOP/s) and 3.1 s on tfjs-wasm (≈ 22 GFLOP/s);
 * a worker starts in ≈ 0.4 s (scratch) or ≈ 1.2 s (tfjs, wasm initialisation), and
 * reading the full image set adds ≈ 1 s. Tiny models (Iris) are all start-up and
 * per-step overhead (≈ 0.1 ms a step on scratch, ≈ 1 ms on tfjs, where every op is a
 * dispatch), which is why those are counted apart; a trial's own fixed cost is ≈ 0.05 s
 * (the 12-trial Iris preset runs in 1.9 s from the command line). Good to a factor of two, which is
 * what a person deciding "now or over lunch" needs.
 */
import { open } from 'node:fs/promises';
import { listDatasets, type DatasetConfig, type DatasetContext } from '../data/registry';
import { ADAPTIVE_STRATEGIES, isToyDataset, maxTrialEpochs, toyDefaults, type SweepConfig, type TrialConfig } from '../sweep/configSchema';
import { expectedEpochs } from '../search/pruners';
import { withPrunerDefaults } from '../search/pruners/config';
import { expandTrials } from '../sweep/searchSpace';
import { loadNativeOps } from '../engine/scratch/ops/native';

/**
 * FLOP/s of one trial. Scratch `native` is the OpenBLAS addon on one BLAS thread, `js`
 * the TypeScript ops; `cpu` is tfjs's plain-JS backend (~5× slower than wasm),
 * `tensorflow` is native TensorFlow.
 */
export const THROUGHPUT = { scratch: { native: 100e9, js: 5e9 }, tfjs: { tensorflow: 40e9, wasm: 20e9, cpu: 4e9, auto: 20e9 } } as const;

/** What a scratch trial with this backend will compute with: auto is native when the addon loads. */
function scratchThroughput(backend: TrialConfig['backend']): number {
  const native = backend === 'native' || (backend === 'auto' && loadNativeOps().ok);
  return native ? THROUGHPUT.scratch.native : THROUGHPUT.scratch.js;
}
/** Seconds per training step beyond the arithmetic (batch copies, messages, tfjs op dispatch). */
export const STEP_OVERHEAD_S = { scratch: 1e-4, tfjs: 9e-4 } as const;
/** Seconds to fork a worker and load the engine. */
export const STARTUP_S = { scratch: 0.5, tfjs: 1.2 } as const;
/** Seconds a trial costs beyond its steps: the test evaluation, saving the weights, reporting. */
export const TRIAL_FIXED_S = { scratch: 0.05, tfjs: 0.1 } as const;
/** Seconds to read and decode the full Fashion-MNIST (70,000 images) in a worker. */
const IMAGE_LOAD_S_PER_70K = 1;

export interface DataShape {
  train: number;
  val: number;
  test: number;
  features: number;
  classes: number;
  loadSeconds: number;
}

/** Beyond this many trials the estimate extrapolates from a sample. */
const SAMPLE_TRIALS = 2000;

/** One trial's own time in a running worker; `reloadsData` when its data set differs from the last trial's. */
export function trialSeconds(trial: TrialConfig, shape: DataShape, reloadsData = false): number {
  const widths = [shape.features, ...trial.model.hidden, shape.classes];
  let macs = 0;
  for (let i = 1; i < widths.length; i++) macs += widths[i - 1] * widths[i];
  const { epochs, batchSize } = trial.train;
  const flops = epochs * (6 * macs * shape.train + 2 * macs * shape.val) + 2 * macs * shape.test;
  const steps = epochs * Math.ceil(shape.train / Math.max(1, batchSize));
  const engine = trial.engine;
  const throughput = engine === 'scratch' ? scratchThroughput(trial.backend) : THROUGHPUT.tfjs[trial.backend as keyof typeof THROUGHPUT.tfjs];
  return flops / throughput + steps * STEP_OVERHEAD_S[engine] + TRIAL_FIXED_S[engine] + (reloadsData ? shape.loadSeconds : 0);
}

export function estimateSweepSeconds(config: SweepConfig, trialCount: number, shape: DataShape, concurrency: number, cores: number): number {
  // TPE and the GP have no trials before they run: random draws over the same space stand in.
  const known = !ADAPTIVE_STRATEGIES.includes(config.search.strategy) && trialCount <= SAMPLE_TRIALS;
  const trials = known ? expandTrials(config).map((t) => t.config) : sampleTrials(config, Math.min(trialCount, SAMPLE_TRIALS));
  // A swept split seed gives every trial its own split: no trial reuses its predecessor's data.
  const reloadsData = Object.hasOwn(config.search.params, 'dataset.seed');
  const sampled = trials.reduce((sum, t) => sum + trialSeconds(t, shape, reloadsData), 0);
  // A pruner stops most trials early: the fraction of the epochs they are expected to train
  // (expectedEpochs: ASHA as if each rung kept exactly 1/η; the median rule counts in full).
  const maxEpochs = maxTrialEpochs(config);
  const pruner = config.search.pruner ? withPrunerDefaults(config.search.pruner) : null;
  const fullEpochs = trialCount * maxEpochs;
  let epochs = pruner ? expectedEpochs(pruner, trialCount, maxEpochs) : fullEpochs;
  const budget = config.search.budget;
  if (budget?.epochs !== undefined) epochs = Math.min(epochs, budget.epochs);
  const total = (sampled / Math.max(1, trials.length)) * trialCount * (epochs / Math.max(1, fullEpochs));
  const lanes = Math.max(1, Math.min(concurrency, trialCount, cores));
  const startup = Math.max(...trials.map((t) => STARTUP_S[t.engine]), STARTUP_S[config.engine]) + shape.loadSeconds;
  // A minutes budget ends the search once that much training time has passed (running trials finish).
  const wall = total / lanes;
  return Math.round((budget?.minutes !== undefined ? Math.min(wall, budget.minutes * 60) : wall) + startup);
}

function sampleTrials(config: SweepConfig, count: number): TrialConfig[] {
  // Random search with its own seed samples the space as evenly as the sweep will.
  const random: SweepConfig = { ...config, search: { ...config.search, strategy: 'random', trials: Math.max(1, count), shuffle: undefined } };
  return expandTrials(random).map((t) => t.config);
}

/** Rows, features and classes of a data set, without loading it; null when unknown. */
export async function dataShape(cfg: DatasetConfig, ctx: DatasetContext): Promise<DataShape | null> {
  const { train: t, val: v } = cfg.split;
  if (cfg.name === 'csv') {
    const table = cfg.path ? await peekCsv(cfg.path) : null;
    return table && splitRows(table.rows, cfg.split, table.features, table.classes, 0);
  }
  if (isToyDataset(cfg.name)) {
    const toy = toyDefaults(cfg.name, cfg.toy);
    return splitRows(toy.samples, cfg.split, 2, toy.classes, 0);
  }
  const infos = await listDatasets(ctx);
  if (cfg.name === 'iris') {
    const rows = infos.find((d) => d.name === 'iris')?.counts?.rows;
    return rows ? splitRows(rows, cfg.split, 4, 3, 0) : null;
  }
  // The full set when it is installed; runs fall back to the bundled subset otherwise.
  const full = infos.find((d) => d.name === 'fashion-mnist');
  const info = cfg.name === 'fashion-mnist' && full?.available ? full : infos.find((d) => d.name === 'fashion-mnist-subset');
  const images = info?.counts?.train;
  if (!images) return null;
  const train = Math.round((images * t) / (t + v));
  const test = info.counts?.test ?? 0;
  return { train, val: images - train, test, features: 784, classes: 10, loadSeconds: (IMAGE_LOAD_S_PER_70K * (images + test)) / 70_000 };
}

function splitRows(rows: number, split: DatasetConfig['split'], features: number, classes: number, loadSeconds: number): DataShape {
  const train = Math.round(rows * split.train);
  const val = Math.round(rows * split.val);
  return { train, val, test: Math.max(0, rows - train - val), features, classes, loadSeconds };
}

/**
 * Rows and columns of a CSV from its first 4 MB (extrapolated by size): the estimate
 * runs as a person edits the form, so it must not parse a large file each time. The
 * class count does not change the cost much; 10 stands in for it.
 */
async function peekCsv(file: string): Promise<{ rows: number; features: number; classes: number } | null> {
  const fh = await open(file, 'r').catch(() => null);
  if (!fh) return null;
  try {
    const size = (await fh.stat()).size;
    const buf = Buffer.alloc(Math.min(size, 4 << 20));
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const lines = buf.subarray(0, bytesRead).toString('utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
    if (lines.length < 2) return null;
    const header = lines[0];
    const delimiter = [';', '\t', ','].reduce((best, d) => (header.split(d).length > header.split(best).length ? d : best), ',');
    const columns = header.split(delimiter).length;
    const rows = Math.round(((lines.length - 1) * size) / Math.max(1, bytesRead));
    return { rows, features: Math.max(1, columns - 1), classes: 10 };
  } finally {
    await fh.close();
  }
}
