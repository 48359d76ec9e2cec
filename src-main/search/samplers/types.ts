/**
 * What every sampler is given and answers. A sampler keeps no state between calls: the
 * space, the history and a seeded rng are everything, so a tuner resumed after a crash
 * proposes exactly what it would have, and the same seed with the same history proposes
 * the same point.
 */
import type { Rng } from '../../engine/random';
import type { Params, SearchSpace } from '../space';

export type Direction = 'minimize' | 'maximize';

export interface FinishedTrial {
  params: Params;
  /** The objective; a non-finite value (a failed trial) counts as the worst seen. */
  value: number;
}

export interface TrialHistory {
  direction: Direction;
  /** In the order they were proposed (older first): TPE weighs recent trials more. */
  finished: FinishedTrial[];
  /** Proposed and not finished: samplers steer away from them. */
  running: Params[];
}

export interface Sampler {
  readonly name: string;
  propose(space: SearchSpace, history: TrialHistory, rng: Rng): Params;
}

/** A trial's objective as a loss to minimise; failures and NaN become the worst loss. */
export function lossesOf(history: TrialHistory): number[] {
  const sign = history.direction === 'maximize' ? -1 : 1;
  const raw = history.finished.map((t) => sign * t.value);
  const finite = raw.filter(Number.isFinite);
  const worst = finite.length ? Math.max(...finite) : 0;
  return raw.map((v) => (Number.isFinite(v) ? v : worst));
}
