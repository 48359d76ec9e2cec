/**
 * Early stopping for a sweep: the pruner config, its validation, and the one entry point
 * the scheduler calls at each epoch end. Pure (no database, no processes, no state
 * between calls): everything comes from the histories passed in.
 *
 * The rules, one file each: median.ts (Optuna's MedianPruner), asha.ts (asynchronous
 * successive halving), hyperband.ts (brackets of ASHA).
 */
import { z } from 'zod';
import { type ConfigIssue, toConfigIssues } from '../../sweep/configSchema';
import { ashaDecision, ashaExpectedEpochs, type HalvingOptions } from './asha';
import { type PruneDecision, type PruneInput, decision, notANumberStop } from './curves';
import { hyperbandDecision, hyperbandExpectedEpochs } from './hyperband';
import { medianDecision } from './median';

export type { Direction, Objective, PruneDecision, PruneInput, TrialHistory, TrialState } from './curves';
export { ashaRungs } from './asha';
export { bracketCycle, bracketOf, hyperbandBrackets } from './hyperband';
export { median } from './median';

export const PRUNER_TYPES = ['median', 'asha', 'hyperband'] as const;
export const DEFAULT_MIN_EPOCHS = 1;
export const DEFAULT_REDUCTION_FACTOR = 3;

const HALVING_ONLY = 'is only used when type is "asha" or "hyperband"';

/** The pruner as written in a sweep config, without the check against the epochs (see validatePrunerConfig). */
export const prunerConfigSchema = z
  .strictObject({
    type: z.enum(PRUNER_TYPES, { error: `must be one of ${PRUNER_TYPES.join(', ')}` }),
    minEpochs: z.number({ error: 'must be a positive integer' }).int('must be a positive integer').min(1, 'must be ≥ 1').optional(),
    reductionFactor: z.number({ error: 'must be an integer ≥ 2' }).int('must be an integer ≥ 2').min(2, 'must be ≥ 2').optional(),
  })
  .superRefine((p, ctx) => {
    if (p.type !== 'median') return;
    for (const key of ['minEpochs', 'reductionFactor'] as const)
      if (p[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: HALVING_ONLY });
  });

export type PrunerConfigInput = z.input<typeof prunerConfigSchema>;

/** A validated pruner, defaults filled in. */
export type PrunerConfig = { type: 'median' } | ({ type: 'asha' | 'hyperband' } & HalvingOptions);

export type PrunerResult = { ok: true; config: PrunerConfig } | { ok: false; issues: ConfigIssue[] };

/**
 * Validates `input` for trials of `maxEpochs` epochs; paths are relative to the pruner
 * object (`minEpochs`), for the caller to place (`pruner.minEpochs`).
 */
export function validatePrunerConfig(input: unknown, maxEpochs: number): PrunerResult {
  const r = prunerConfigSchema.safeParse(input);
  if (!r.success) return { ok: false, issues: toConfigIssues(r.error, input) };
  if (r.data.type === 'median') return { ok: true, config: { type: 'median' } };
  const config = {
    type: r.data.type,
    minEpochs: r.data.minEpochs ?? DEFAULT_MIN_EPOCHS,
    reductionFactor: r.data.reductionFactor ?? DEFAULT_REDUCTION_FACTOR,
  };
  if (config.minEpochs >= maxEpochs) {
    const unset = r.data.minEpochs === undefined ? ` (unset, it defaults to ${DEFAULT_MIN_EPOCHS})` : '';
    return { ok: false, issues: [{ path: 'minEpochs', message: `must be less than the ${maxEpochs} epochs a trial trains${unset}` }] };
  }
  return { ok: true, config };
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
