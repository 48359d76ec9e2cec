/**
 * Curve events: the few moments of a run's training curves worth a column of their own
 * (table, CSV, filters). Each is defined here once; the engine, the worker, the exports
 * and the renderer use these definitions, never a copy. Pure (no Node), so the renderer
 * may import it.
 *
 * - `best_epoch`: the epoch with the highest validation accuracy; ties go to the lower
 *   validation loss, then to the earlier epoch. Epochs without both are skipped.
 * - `overfit_epoch`: the earliest epoch e such that in each of the next k =
 *   OVERFIT_PATIENCE epochs (e+1 … e+k) validation loss rose and training loss fell,
 *   each compared with the epoch before it. Strictly: an equal value neither rises nor
 *   falls, so it breaks the streak; so does a missing or non-finite value, and so does
 *   a gap in the epoch numbers. Null when that never happens (a run needs at least k + 1
 *   epochs to have one).
 * - `diverged_step`: the training step (iteration, from 1) at which the engine's one
 *   divergence rule fired (engine/trainLoop.ts: DIVERGENCE, DivergedError.step). Only
 *   the engine can see it, so it is not computed from curves; null for runs that did
 *   not diverge.
 * - `train_val_gap`: training accuracy minus validation accuracy at the last recorded
 *   epoch (a fraction; positive means the model fits its training data better than
 *   unseen data). Null when that epoch lacks either accuracy.
 *
 * A run records each as a `run`-cadence metric (api/metrics.ts); an event that did not
 * happen is not recorded at all, so a filter such as `overfit_epoch>5` never matches it.
 */
import { METRIC } from '../api/metrics';

/** k: how many epochs in a row the curves must part before it counts as overfitting. */
export const OVERFIT_PATIENCE = 3;

/** The metric keys of the curve events, in the order the run table lists them. */
export const CURVE_EVENT_METRICS = [METRIC.bestEpoch, METRIC.overfitEpoch, METRIC.divergedStep, METRIC.trainValGap] as const;
export type CurveEventMetric = (typeof CURVE_EVENT_METRICS)[number];

/** One epoch of a run's curves: engine/trainLoop.ts's EpochMetrics fits, and so do stored points. */
export interface EpochCurve {
  /** 1-based. */
  epoch: number;
  train_loss: number | null;
  train_acc: number | null;
  val_loss: number | null;
  val_acc: number | null;
}

export interface CurveEvents {
  bestEpoch: number | null;
  overfitEpoch: number | null;
  trainValGap: number | null;
}

export interface CurveEventOptions {
  /** k of `overfit_epoch`; OVERFIT_PATIENCE unless a caller must differ. */
  patience?: number;
}

const isNumber = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** `best_epoch` (see above). The engine reports this for every run it trains. */
export function bestEpoch(epochs: readonly Pick<EpochCurve, 'epoch' | 'val_acc' | 'val_loss'>[]): number | null {
  let best: { epoch: number; acc: number; loss: number } | null = null;
  for (const e of epochs) {
    if (e.val_acc === null || e.val_loss === null) continue;
    if (best === null || e.val_acc > best.acc || (e.val_acc === best.acc && e.val_loss < best.loss)) best = { epoch: e.epoch, acc: e.val_acc, loss: e.val_loss };
  }
  return best?.epoch ?? null;
}

/** Whether `e` continues the parting of the curves from `before`: val loss up, train loss down, strictly. */
function parts(before: EpochCurve, e: EpochCurve): boolean {
  if (e.epoch !== before.epoch + 1) return false;
  if (!isNumber(before.val_loss) || !isNumber(e.val_loss) || !isNumber(before.train_loss) || !isNumber(e.train_loss)) return false;
  return e.val_loss > before.val_loss && e.train_loss < before.train_loss;
}

/** `overfit_epoch` (see above); `epochs` in epoch order. */
export function overfitEpoch(epochs: readonly EpochCurve[], patience = OVERFIT_PATIENCE): number | null {
  if (!Number.isInteger(patience) || patience < 1) throw new RangeError(`patience must be a positive integer, got ${patience}`);
  let streak = 0;
  for (let i = 1; i < epochs.length; i++) {
    streak = parts(epochs[i - 1], epochs[i]) ? streak + 1 : 0;
    if (streak === patience) return epochs[i - patience].epoch;
  }
  return null;
}

/** `train_val_gap` (see above); `epochs` in epoch order. */
export function trainValGap(epochs: readonly EpochCurve[]): number | null {
  const last = epochs.at(-1);
  return last && isNumber(last.train_acc) && isNumber(last.val_acc) ? last.train_acc - last.val_acc : null;
}

/** The events readable from a run's epochs (`diverged_step` comes from the engine). */
export function curveEvents(epochs: readonly EpochCurve[], opts: CurveEventOptions = {}): CurveEvents {
  return { bestEpoch: bestEpoch(epochs), overfitEpoch: overfitEpoch(epochs, opts.patience), trainValGap: trainValGap(epochs) };
}

/**
 * The events as metric values to record, by key: those that happened only (see the
 * header: an event that did not happen has no point). `divergedStep`: the step the
 * engine's DivergedError names, or null.
 */
export function curveEventMetrics(events: CurveEvents, divergedStep: number | null): Partial<Record<CurveEventMetric, number>> {
  const values: Partial<Record<CurveEventMetric, number | null>> = {
    [METRIC.bestEpoch]: events.bestEpoch,
    [METRIC.overfitEpoch]: events.overfitEpoch,
    [METRIC.divergedStep]: divergedStep,
    [METRIC.trainValGap]: events.trainValGap,
  };
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null)) as Partial<Record<CurveEventMetric, number>>;
}
