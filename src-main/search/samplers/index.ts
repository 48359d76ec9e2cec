/**
 * The samplers by name, and the one rule for their randomness: trial i of a search with
 * seed s always gets the same rng, whatever ran before or after it.
 */
import { gpSampler, type GpOptions } from './gp';
import { gridSampler, type GridOptions } from './grid';
import { randomSampler } from './random';
import { tpeSampler, type TpeOptions } from './tpe';
import type { Sampler } from './types';

export type { Direction, FinishedTrial, Sampler, TrialHistory } from './types';
export { GridExhaustedError, gridPoints } from './grid';

export type SamplerSpec =
  | ({ kind: 'grid' } & GridOptions)
  | { kind: 'random' }
  | ({ kind: 'tpe' } & TpeOptions)
  | ({ kind: 'bayes' } & GpOptions);

export function createSampler(spec: SamplerSpec): Sampler {
  switch (spec.kind) {
    case 'grid': return gridSampler(spec);
    case 'random': return randomSampler;
    case 'tpe': return tpeSampler(spec);
    case 'bayes': return gpSampler(spec);
  }
}

export { trialRng } from './seeds';
