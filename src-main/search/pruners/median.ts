/**
 * The median stopping rule, as Optuna's MedianPruner (n_startup_trials 5,
 * n_warmup_steps 0, interval_steps 1):
 *
 * - no decision until 5 trials have completed (pruned, failed or running ones do not count);
 * - at every epoch e ≥ 1, take the run's best value over epochs 1..e (missing/NaN
 *   entries skipped, as numpy's nanmax/nanmin do) and the median of the values at epoch e
 *   of the completed trials that reached e (a missing/NaN value there is the worst value);
 * - stop when the best-so-far is strictly worse than that median (a tie continues);
 *   no completed trial reached epoch e → continue.
 *
 * Optuna compares the best-so-far, not the value at the step, since v1: a run that
 * peaked and then dipped is judged by its peak.
 */
import { type PruneDecision, type PruneInput, better, decision, otherTrials, reached, show, valueAt, worseWord } from './curves';

export const MEDIAN_STARTUP_TRIALS = 5;
export const MEDIAN_WARMUP_EPOCHS = 0;

/** The middle value; the mean of the two middle ones for an even count. Empty → NaN. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  // (a + b) / 2 rather than numpy's a + (b − a)/2: the latter is NaN when a = −∞.
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function medianDecision(input: PruneInput): PruneDecision {
  const { run, objective } = input;
  const { metric, direction } = objective;
  const epoch = run.values.length;
  const completed = otherTrials(input).filter((t) => t.state === 'completed');
  if (completed.length < MEDIAN_STARTUP_TRIALS)
    return decision('continue', epoch, `continues: ${completed.length} trial${completed.length === 1 ? '' : 's'} completed, the median rule starts after ${MEDIAN_STARTUP_TRIALS}`);
  if (epoch <= MEDIAN_WARMUP_EPOCHS) return decision('continue', epoch, `continues: epoch ${epoch} is within the warm-up`);

  let [best, bestValue] = [1, valueAt(run, 1, direction)];
  for (let e = 2; e <= epoch; e++) {
    const v = valueAt(run, e, direction);
    if (better(v, bestValue, direction)) [best, bestValue] = [e, v];
  }
  const atEpoch = completed.filter((t) => reached(t, epoch)).map((t) => valueAt(t, epoch, direction));
  if (atEpoch.length === 0) return decision('continue', epoch, `continues: no completed trial reached epoch ${epoch}`);
  const m = median(atEpoch);
  const ofWhat = `the median ${show(m)} of ${atEpoch.length} completed trial${atEpoch.length === 1 ? '' : 's'} at that epoch`;
  const what = best === epoch ? `${metric} ${show(bestValue)}` : `best ${metric} so far ${show(bestValue)} (epoch ${best})`;
  return better(m, bestValue, direction)
    ? decision('stop', epoch, `stopped at epoch ${epoch}: ${what} ${worseWord(direction)} ${ofWhat}`)
    : decision('continue', epoch, `continues at epoch ${epoch}: ${what} not ${worseWord(direction)} ${ofWhat}`);
}
