/**
 * What every pruner reads: a trial's per-epoch objective values, the direction that
 * makes one value better than another, and the "worst" a missing or NaN value stands for.
 *
 * Pure (no Node, no database): the scheduler hands in the histories it keeps in the
 * store, so a resumed sweep, given the same histories, decides the same.
 */
import { formatCompact } from '../../shared/format';

export type Direction = 'maximize' | 'minimize';

/** The number a pruner ranks by, e.g. `{ metric: 'val_acc', direction: 'maximize' }`. */
export interface Objective {
  metric: string;
  direction: Direction;
}

/** A trial's state as far as pruning cares; only `completed` counts as finished. */
export type TrialState = 'running' | 'completed' | 'pruned' | 'failed' | 'cancelled' | 'interrupted';

export interface TrialHistory {
  /** The trial's 0-based index in the sweep: stable across restarts, it picks Hyperband's bracket. */
  index: number;
  state: TrialState;
  /**
   * `values[e - 1]` is the objective at the end of epoch `e`. The array's length is the
   * number of epochs the trial has finished; a null or NaN entry is an epoch that ended
   * without a usable value (diverged, not measured) and ranks as the worst value.
   */
  values: readonly (number | null)[];
}

/** What a pruner is asked: `run` has just finished epoch `run.values.length`. */
export interface PruneInput {
  run: TrialHistory;
  /** The other trials of the sweep, whatever their state; an entry with `run.index` is ignored. */
  peers: readonly TrialHistory[];
  objective: Objective;
  /** The epochs a trial trains when nothing stops it. */
  maxEpochs: number;
}

export interface PruneDecision {
  action: 'continue' | 'stop';
  /** The epoch the decision is about (the one just ended). */
  epoch: number;
  /** One plain sentence: what was compared with what. */
  reason: string;
}

/** The value at the end of `epoch` (1-based) as a rankable number: missing/NaN/±Infinity → the worst. */
export function valueAt(t: TrialHistory, epoch: number, direction: Direction): number {
  const v = t.values[epoch - 1];
  return typeof v === 'number' && Number.isFinite(v) ? v : worst(direction);
}

export function worst(direction: Direction): number {
  return direction === 'maximize' ? -Infinity : Infinity;
}

/** Strictly better: a tie is not better. */
export function better(a: number, b: number, direction: Direction): boolean {
  return direction === 'maximize' ? a > b : a < b;
}

/** Has `t` reported epoch `epoch` (whatever the value)? */
export function reached(t: TrialHistory, epoch: number): boolean {
  return t.values.length >= epoch;
}

/** The peers proper: never the run itself, even when the caller passed it along. */
export function otherTrials(input: PruneInput): TrialHistory[] {
  return input.peers.filter((p) => p.index !== input.run.index);
}

export function decision(action: PruneDecision['action'], epoch: number, reason: string): PruneDecision {
  return { action, epoch, reason };
}

/** `0.71`, or `not a number` for a missing/NaN value (±Infinity once ranked). */
export function show(v: number): string {
  return Number.isFinite(v) ? formatCompact(v) : 'not a number';
}

export const worseWord = (d: Direction) => (d === 'maximize' ? 'below' : 'above');

/**
 * A run whose objective at the epoch just ended is missing, NaN or infinite stops, whatever
 * the pruner: a NaN loss means NaN weights, and no later epoch recovers from that. Null
 * when the value is a finite number.
 */
export function notANumberStop(input: PruneInput): PruneDecision | null {
  const epoch = input.run.values.length;
  const v = input.run.values[epoch - 1];
  if (typeof v === 'number' && Number.isFinite(v)) return null;
  return decision('stop', epoch, `stopped at epoch ${epoch}: ${input.objective.metric} is not a finite number (counted as the worst value)`);
}
