/**
 * The pruner as written in a sweep config. Its own file, with nothing but zod: the sweep
 * config schema (and so the renderer) reads it, and must not pull in the pruners' code
 * or import itself back through it.
 */
import { z } from 'zod';

export const PRUNER_TYPES = ['median', 'asha', 'hyperband'] as const;
export type PrunerType = (typeof PRUNER_TYPES)[number];
export const DEFAULT_MIN_EPOCHS = 1;
export const DEFAULT_REDUCTION_FACTOR = 3;

const HALVING_ONLY = 'is only used when type is "asha" or "hyperband"';

/** The pruner's shape; the check against the epochs a trial trains is validatePrunerConfig's. */
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
export type PrunerConfig = { type: 'median' } | { type: 'asha' | 'hyperband'; minEpochs: number; reductionFactor: number };

/** The pruner with its defaults filled in (input already passed the schema). */
export function withPrunerDefaults(p: PrunerConfigInput): PrunerConfig {
  if (p.type === 'median') return { type: 'median' };
  return { type: p.type, minEpochs: p.minEpochs ?? DEFAULT_MIN_EPOCHS, reductionFactor: p.reductionFactor ?? DEFAULT_REDUCTION_FACTOR };
}

/** Null when `p` suits trials of `maxEpochs` epochs, else the issue (path relative to the pruner). */
export function prunerEpochsProblem(p: PrunerConfigInput, maxEpochs: number): { path: string; message: string } | null {
  if (p.type === 'median') return null;
  const minEpochs = p.minEpochs ?? DEFAULT_MIN_EPOCHS;
  if (minEpochs < maxEpochs) return null;
  const unset = p.minEpochs === undefined ? ` (unset, it defaults to ${DEFAULT_MIN_EPOCHS})` : '';
  return { path: 'minEpochs', message: `must be less than the ${maxEpochs} epochs a trial trains${unset}` };
}
