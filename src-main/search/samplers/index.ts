/**
 * The samplers by name, and the one rule for their randomness: trial i of a search with
 * seed s always gets the same rng, whatever ran before or after it.
 */
import { createRng, type Rng } from '../../engine/random';
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

/** The rng for proposing trial `trialIndex` of the search seeded with `seed`. */
export function trialRng(seed: number, trialIndex: number): Rng {
  let h = Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13) ^ (trialIndex >>> 0), 0xc2b2ae35) >>> 0;
  return createRng((h ^ (h >>> 16)) >>> 0);
}
