/**
 * The training loop every engine shares. It owns shuffling, batching and metrics, so
 * two engines given the same weights and seed see exactly the same batches, and the
 * curves differ only by the engines' arithmetic.
 */
import { bestEpoch } from '../analysis/curveEvents';
import type { Split } from '../data/types';
import { createRng } from './random';
import { isConstant, learningRateAt, type LrSchedule } from './schedule';
import { gatherRows } from './scratch/ops/reference';
import type { EngineModel, Float } from './types';

export interface EpochMetrics {
  epoch: number;
  train_loss: number;
  train_acc: number;
  val_loss: number | null;
  val_acc: number | null;
  seconds: number;
}

/** `step` counts from 1 across epochs; `time` is Date.now() when the step finished. */
export interface StepInfo {
  step: number;
  epoch: number;
  loss: number;
  time: number;
}

export interface TrainOptions {
  epochs: number;
  batchSize: number;
  seed: number;
  /** Number of classes: sets the divergence bound (see DIVERGENCE). Without it, only a non-finite loss counts. */
  classes?: number;
  /**
   * A learning-rate schedule over the model's base rate `lr`, set before every step
   * through EngineModel.setLearningRate (see schedule.ts). Absent, or constant without
   * warm-up: the model's own rate throughout, never touched.
   */
  schedule?: { lr: number; schedule: LrSchedule };
}

/**
 * Divergence, defined once for every engine: a step's loss is not a finite number, or
 * it has stayed above `lossFactor` × ln(classes) — five times the loss of a uniform
 * guess — for `patience` steps in a row. The second rule is what the scratch engine
 * needs: its cross-entropy clamps ŷ at 1e-12, so a blown-up network's loss saturates at
 * 27.63 with zero gradient instead of overflowing, and would "train" for ever.
 */
export const DIVERGENCE = { lossFactor: 5, patience: 20 } as const;

/** The best-epoch rule lives with the other curve events; re-exported for the engine's callers. */
export { bestEpoch };

export interface TrainCallbacks {
  onStep?(s: StepInfo): void;
  onEpoch?(e: EpochMetrics): void | Promise<void>;
}

export interface TrainSummary {
  epochs: EpochMetrics[];
  /** `best_epoch`, as analysis/curveEvents.ts defines it; null without validation. */
  bestEpoch: number | null;
  steps: number;
}

/** Thrown when training diverged (see DIVERGENCE): the weights are garbage from here on. */
export class DivergedError extends Error {
  readonly code = 'DIVERGED';
  constructor(
    readonly step: number,
    readonly epoch: number,
    loss: number,
    why: 'not a number' | 'exploded',
  ) {
    const what = why === 'not a number' ? `the loss became ${loss}` : `the loss stayed above ${DIVERGENCE.lossFactor}× a uniform guess's (${loss.toPrecision(4)})`;
    super(`diverged at step ${step} (epoch ${epoch}): ${what}; is the learning rate too large?`);
    this.name = 'DivergedError';
  }
}

// A worker must still answer "cancel" mid-epoch: yield this often, by steps or by time.
const YIELD_EVERY_STEPS = 20;
const YIELD_EVERY_MS = 100;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function trainLoop(model: EngineModel, data: { train: Split; val: Split }, opts: TrainOptions, cb: TrainCallbacks = {}): Promise<TrainSummary> {
  const { train, val } = data;
  const { epochs, batchSize } = opts;
  if (!Number.isInteger(epochs) || epochs < 1) throw new RangeError(`epochs must be a positive integer, got ${epochs}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  if (train.n < 1) throw new RangeError('the training split is empty');
  const features = train.x.length / train.n;
  if (!Number.isInteger(features)) throw new RangeError(`training x holds ${train.x.length} values, not a multiple of its ${train.n} rows`);

  // One stream for the whole run: epoch e's order depends only on the seed and e.
  const rng = createRng(opts.seed);
  const order = new Int32Array(train.n);
  const batchRows = Math.min(batchSize, train.n);
  const xBatch = new (train.x.constructor as new (n: number) => Float)(batchRows * features);
  const yBatch = new Int32Array(batchRows);

  const scheduled = opts.schedule && !isConstant(opts.schedule.schedule) ? opts.schedule : null;
  if (scheduled && !model.setLearningRate) throw new Error(`the ${model.engine} model cannot change its learning rate, so it cannot follow a schedule`);
  const stepsPerEpoch = Math.ceil(train.n / batchRows);
  let lastLr = NaN;

  const history: EpochMetrics[] = [];
  const lossBound = opts.classes && opts.classes > 1 ? DIVERGENCE.lossFactor * Math.log(opts.classes) : Infinity;
  let stepsAboveBound = 0;
  let step = 0;
  let lastYield = Date.now();
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const started = performance.now();
    for (let i = 0; i < train.n; i++) order[i] = i;
    rng.shuffle(order);
    let lossSum = 0;
    let correct = 0;
    for (let start = 0; start < train.n; start += batchRows) {
      const rows = Math.min(batchRows, train.n - start);
      if (model.gatherRows) model.gatherRows(train.x, order, start, rows, features, xBatch);
      else gatherRows(train.x, order, start, rows, features, xBatch);
      for (let r = 0; r < rows; r++) yBatch[r] = train.y[order[start + r]];
      // The last partial batch goes in as exact-length views, so no engine can read stale rows.
      const full = rows === batchRows;
      if (scheduled) {
        const lr = learningRateAt(scheduled.lr, scheduled.schedule, step, stepsPerEpoch, stepsPerEpoch * epochs);
        if (lr !== lastLr) model.setLearningRate!((lastLr = lr));
      }
      const result = model.trainStep(full ? xBatch : xBatch.subarray(0, rows * features), full ? yBatch : yBatch.subarray(0, rows), rows);
      step += 1;
      const now = Date.now();
      // Reported before the verdict: the step that diverged is on the curve too.
      cb.onStep?.({ step, epoch, loss: result.loss, time: now });
      if (!Number.isFinite(result.loss)) throw new DivergedError(step, epoch, result.loss, 'not a number');
      stepsAboveBound = result.loss > lossBound ? stepsAboveBound + 1 : 0;
      if (stepsAboveBound >= DIVERGENCE.patience) throw new DivergedError(step, epoch, result.loss, 'exploded');
      lossSum += result.loss * rows;
      correct += result.correct;
      if (step % YIELD_EVERY_STEPS === 0 || now - lastYield >= YIELD_EVERY_MS) {
        await yieldToEventLoop();
        lastYield = Date.now();
      }
    }
    const validation = val.n > 0 ? model.evaluate(val.x, val.y, val.n) : null;
    const metrics: EpochMetrics = {
      epoch,
      train_loss: lossSum / train.n,
      train_acc: correct / train.n,
      val_loss: validation?.loss ?? null,
      val_acc: validation?.accuracy ?? null,
      seconds: (performance.now() - started) / 1000,
    };
    history.push(metrics);
    await cb.onEpoch?.(metrics);
    await yieldToEventLoop();
    lastYield = Date.now();
  }
  return { epochs: history, bestEpoch: bestEpoch(history), steps: step };
}
