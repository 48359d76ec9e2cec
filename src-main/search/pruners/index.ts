/**
 * Early stopping for a sweep: the pruner config, its validation, and the one entry point
 * the scheduler calls at each epoch end. Pure (no database, no processes, no state
 * between calls): everything comes from the histories passed in.
 *
 * The rules, one file each: median.ts (Optuna's MedianPruner), asha.ts (asynchronous
 * successive halving), hyperband.ts (brackets of ASHA).
 */
import { type ConfigIssue, toConfigIssues } from '../../sweep/configSchema';
import { ashaDecision, ashaExpectedEpochs } from './asha';
import { type PrunerConfig, prunerConfigSchema, prunerEpochsProblem, withPrunerDefaults } from './config';
import { type PruneDecision, type PruneInput, decision, notANumberStop } from './curves';
import { hyperbandDecision, hyperbandExpectedEpochs } from './hyperband';
import { medianDecision } from './median';

export type { Direction, Objective, PruneDecision, PruneInput, TrialHistory, TrialState } from './curves';
export { ashaRungs } from './asha';
export { bracketCycle, bracketOf, hyperbandBrackets } from './hyperband';
export { median } from './median';

export { DEFAULT_MIN_EPOCHS, DEFAULT_REDUCTION_FACTOR, PRUNER_TYPES, prunerConfigSchema, withPrunerDefaults } from './config';
export type { PrunerConfig, PrunerConfigInput } from './config';

export type PrunerResult = { ok: true; config: PrunerConfig } | { ok: false; issues: ConfigIssue[] };

/**
 * Validates `input` for trials of `maxEpochs` epochs; paths are relative to the pruner
 * object (`minEpochs`), for the caller to place (`pruner.minEpochs`).
 */
export function validatePrunerConfig(input: unknown, maxEpochs: number): PrunerResult {
  const r = prunerConfigSchema.safeParse(input);
  if (!r.success) return { ok: false, issues: toConfigIssues(r.error, input) };
  const problem = prunerEpochsProblem(r.data, maxEpochs);
  return problem ? { ok: false, issues: [problem] } : { ok: true, config: withPrunerDefaults(r.data) };
}

/**
 * Continue or stop `input.run` after the epoch it has just finished. A missing/NaN
 * value at that epoch stops the run whatever the pruner (see curves.ts).
 */
export function decidePruning(pruner: PrunerConfig, input: PruneInput): PruneDecision {
  const epoch = input.run.values.length;
  if (epoch === 0) return decision('continue', 0, 'continues: no epoch finished yet');
  const diverged = notANumberStop(input);
  if (diverged) return diverged;
  switch (pruner.type) {
    case 'median':
      return medianDecision(input);
    case 'asha':
      return ashaDecision(input, pruner);
    case 'hyperband':
      return hyperbandDecision(input, pruner);
  }
}

/**
 * The pre-launch estimate of the epochs a sweep of `trials` trials trains: ASHA and
 * Hyperband as if each rung kept exactly 1/η (fractional runs included); the median
 * rule has no schedule to count on, so it gets the no-pruning bound trials × maxEpochs.
 */
export function expectedEpochs(pruner: PrunerConfig, trials: number, maxEpochs: number): number {
  switch (pruner.type) {
    case 'median':
      return trials * maxEpochs;
    case 'asha':
      return ashaExpectedEpochs(trials, pruner, maxEpochs);
    case 'hyperband':
      return hyperbandExpectedEpochs(trials, pruner, maxEpochs);
  }
}
