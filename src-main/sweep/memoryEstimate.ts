/**
 * Will a sweep fit in this machine's memory? An estimate per worker, for the largest
 * trial the search space holds, times the trials running at once:
 *
 *   weights     = P × (b × (3 + k) + 4)
 *                 P parameters: their values, gradients, k optimizer copies (momentum
 *                 1, Adam(W) 2), and one more copy plus its float32 file image while
 *                 the trained weights are saved (the initial weights, held while the
 *                 model is built, are that copy's twin at the start)
 *   activations = b × rows × (4 × Σ hidden + 2 × (inputs + classes))
 *                 each hidden layer keeps its output, its ReLU and both gradients;
 *                 rows = the batch, or an evaluation chunk of 1,024 when larger;
 *                 with dropout, + b × batch × 3 × Σ hidden: each hidden layer's mask,
 *                 its output and its gradient (training steps only)
 *   data        = b × features × all rows + what loading holds besides (the unsplit
 *                 table, or the images' raw bytes)
 *   process     = a worker before it holds anything (Node, the engine's code)
 *
 * b is the data's float size: the scratch engine computes in the data's dtype (float64
 * for tables, float32 for images); TensorFlow.js holds float32 tensors, so this is an
 * upper bound for it. Checked on the build machine: hidden [8000, 8000] on Iris with
 * SGD peaked at 1.85 GB resident in its worker; this says 1.9 GB.
 */
import os from 'node:os';
import type { DataFacts } from '../data/inspect';
import { listedValues, type ConfigIssue, type ParamRange, type SweepConfig } from './configSchema';
import { normaliseParam } from './searchSpace';
import { DEPTH_KEY, isArchitectureKey, WIDTH_KEY } from './architecture';

type Optimizer = SweepConfig['train']['optimizer'];
type Engine = SweepConfig['engine'];

/** The parts of a trial its memory depends on. */
export interface TrialShape {
  hidden: number[];
  batchSize: number;
  optimizer: Optimizer;
  engine: Engine;
  /** Whether the model drops units (model.dropout > 0); absent means no. */
  dropout?: boolean;
}

export interface MemoryEstimate {
  weights: number;
  activations: number;
  data: number;
  process: number;
  total: number;
  /** Values in the largest weight matrix: one typed array holds at most 2³². */
  largestTensor: number;
}

const OPTIMIZER_COPIES: Record<Optimizer, number> = { sgd: 0, momentum: 1, adam: 2, adamw: 2 };
/** A worker with its engine loaded, holding no data yet (rounded up from `ps` on the build machine). */
const PROCESS_BYTES: Record<Engine, number> = { scratch: 100e6, tfjs: 300e6 };
/** Rows per forward pass when evaluating (DEFAULT_CHUNK_ROWS of both engines). */
const EVAL_CHUNK_ROWS = 1024;
/** The most values one JavaScript typed array can hold. */
export const MAX_TYPED_ARRAY_LENGTH = 2 ** 32;

export function trialMemory(t: TrialShape, data: DataFacts): MemoryEstimate {
  const b = data.bytesPerValue;
  const widths = [data.features, ...t.hidden, data.classes];
  let params = 0;
  let largestTensor = 0;
  for (let i = 1; i < widths.length; i++) {
    params += (widths[i - 1] + 1) * widths[i];
    largestTensor = Math.max(largestTensor, widths[i - 1] * widths[i]);
  }
  const { train, val, test } = data.rows;
  const rows = Math.max(Math.min(t.batchSize, train), Math.min(EVAL_CHUNK_ROWS, Math.max(val, test)));
  const hiddenSum = t.hidden.reduce((a, w) => a + w, 0);
  const weights = params * (b * (3 + OPTIMIZER_COPIES[t.optimizer]) + 4);
  const masks = t.dropout ? b * Math.min(t.batchSize, train) * 3 * hiddenSum : 0;
  const activations = b * rows * (4 * hiddenSum + 2 * (data.features + data.classes)) + masks;
  const dataBytes = b * data.features * (train + val + test) + data.loadBytes;
  const process = PROCESS_BYTES[t.engine];
  return { weights, activations, data: dataBytes, process, total: weights + activations + dataBytes + process, largestTensor };
}

/** The swept parameters a trial's memory depends on. */
const MEMORY_KEYS = ['model.hidden', 'train.batchSize', 'train.optimizer', 'engine', 'model.dropout'];

/** The values one parameter takes in the space, or the base config's when it is not swept. */
export function candidates<T>(config: SweepConfig, key: string, base: T): T[] {
  if (!Object.hasOwn(config.search.params, key)) return [base];
  const space = config.search.params[key];
  const listed = listedValues(space);
  if (listed) return listed.map((v) => normaliseParam(key, v) as T);
  // A range is never listed: its top end is the largest value a grid or a sample can take.
  const range = space as ParamRange;
  return [normaliseParam(key, range.integer ? Math.round(range.max) : Math.ceil(range.max)) as T];
}

/**
 * The hidden layers to try. With architecture keys swept, one stand-in: the deepest
 * model with every layer at its widest (an upper bound, never expanded).
 */
function hiddenCandidates(config: SweepConfig): number[][] {
  const swept = Object.keys(config.search.params);
  if (!swept.some(isArchitectureKey)) return candidates(config, 'model.hidden', config.model.hidden);
  const widest = (key: string, fallback: number) => Math.max(...candidates(config, key, fallback));
  const depth = widest(DEPTH_KEY, config.model.hidden.length);
  const common = Object.hasOwn(config.search.params, WIDTH_KEY) ? widest(WIDTH_KEY, 1) : null;
  return [Array.from({ length: depth }, (_, i) => widest(`${WIDTH_KEY}.${i + 1}`, common ?? config.model.hidden[i] ?? config.model.hidden[config.model.hidden.length - 1] ?? 64))];
}

/**
 * The trial of the search space that needs the most memory, without expanding it:
 * memory grows with the batch and the optimizer's state whatever the widths, so only
 * the widths (and the engines) are tried in turn, with the largest of the rest.
 */
export function largestTrial(config: SweepConfig, data: DataFacts): { shape: TrialShape; estimate: MemoryEstimate } {
  const batchSize = candidates(config, 'train.batchSize', config.train.batchSize).reduce((a, n) => Math.max(a, n));
  const optimizer = candidates(config, 'train.optimizer', config.train.optimizer).reduce((a, o) => (OPTIMIZER_COPIES[o] > OPTIMIZER_COPIES[a] ? o : a));
  const dropout = candidates(config, 'model.dropout', config.model.dropout ?? 0).some((p) => p > 0);
  let best: { shape: TrialShape; estimate: MemoryEstimate } | null = null;
  for (const engine of candidates(config, 'engine', config.engine))
    for (const hidden of hiddenCandidates(config)) {
      const shape = { hidden, batchSize, optimizer, engine, ...(dropout ? { dropout } : {}) };
      const estimate = trialMemory(shape, data);
      if (!best || estimate.total > best.estimate.total) best = { shape, estimate };
    }
  return best!;
}

/** This machine's memory, or the container's limit when one is set (os.totalmem() ignores cgroups). */
export function machineMemory(): number {
  const total = os.totalmem();
  const limit = process.constrainedMemory?.() ?? 0;
  return limit > 0 && limit < total ? limit : total;
}

/** What a sweep may plan to use: a quarter of the memory, at least 1 GiB, stays for the system and the app. */
export function memoryBudget(total = machineMemory()): { total: number; budget: number } {
  return { total, budget: total - Math.max(2 ** 30, total / 4) };
}

export function formatBytes(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(n >= 100e9 ? 0 : 1)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(0)} MB`;
  return `${Math.max(1, Math.round(n / 1e3))} KB`;
}

export interface MemoryCheck {
  config: SweepConfig;
  data: DataFacts;
  /** Trials running at once (already capped by the trial count). */
  lanes: number;
  /** How the lanes were asked for, for the message: `concurrency` or `--concurrency`. */
  concurrencyField: string;
  memory: { total: number; budget: number };
  /** Whose memory it is, for the message (default: this machine). */
  machine?: string;
}

/**
 * Null when the largest trial, times the lanes, fits the budget; else an issue on the
 * field that makes a trial large (the widths, the batch), or on the concurrency when
 * each trial is ordinary and only their number is too much.
 */
export function memoryProblem({ config, data, lanes, concurrencyField, memory, machine = 'this machine' }: MemoryCheck): ConfigIssue | null {
  const { shape, estimate: e } = largestTrial(config, data);
  const swept = (key: string) => (Object.hasOwn(config.search.params, key) ? `search.params.${key}` : key);
  const hiddenField = swept('model.hidden');
  const varies = MEMORY_KEYS.some((k) => Object.hasOwn(config.search.params, k));
  const trial = `a trial with hidden layers [${shape.hidden.join(', ')}]${varies ? ' (the largest of the sweep)' : ''}`;
  if (e.largestTensor > MAX_TYPED_ARRAY_LENGTH)
    return { path: hiddenField, message: `${trial} has a weight matrix of ${e.largestTensor.toLocaleString('en-US')} values, more than one JavaScript array can hold (${MAX_TYPED_ARRAY_LENGTH.toLocaleString('en-US')})` };
  const all = e.total * lanes;
  if (all <= memory.budget) return null;
  const parts = `weights, gradients and optimizer state ${formatBytes(e.weights)}, activations ${formatBytes(e.activations)}, data ${formatBytes(e.data)}, process ${formatBytes(e.process)}`;
  const spare = `the ${formatBytes(memory.budget)} ${machine} can spare (of ${formatBytes(memory.total)})`;
  const fits = Math.floor(memory.budget / e.total);
  const biggest = Math.max(e.weights, e.activations, e.data + e.process);
  const path = biggest === e.weights ? hiddenField : biggest === e.activations ? swept('train.batchSize') : lanes > 1 ? concurrencyField : 'dataset';
  const atOnce = lanes > 1 ? `; ${lanes} at once (${concurrencyField}) need about ${formatBytes(all)}` : '';
  const advice = fits >= 1 ? `: run at most ${fits} at once, or make the model smaller` : ': make the model smaller (fewer or narrower hidden layers, a smaller batch)';
  return { path, message: `${trial} needs about ${formatBytes(e.total)} (${parts})${atOnce}, more than ${spare}${advice}` };
}
