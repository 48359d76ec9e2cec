import { createSampler, trialRng, type FinishedTrial, type SamplerSpec } from '../../src-main/search/samplers';
import type { Params, SearchSpace } from '../../src-main/search/space';

export const MODEL_BASED: SamplerSpec[] = [{ kind: 'tpe' }, { kind: 'tpe', multivariate: true }, { kind: 'bayes' }];
export const ALL: SamplerSpec[] = [{ kind: 'random' }, ...MODEL_BASED];

/** Runs `budget` sequential trials; returns the finished history. */
export function optimise(spec: SamplerSpec, space: SearchSpace, f: (p: Params) => number, seed: number, budget: number): FinishedTrial[] {
  const sampler = createSampler(spec);
  const finished: FinishedTrial[] = [];
  for (let i = 0; i < budget; i++) {
    const params = sampler.propose(space, { direction: 'minimize', finished, running: [] }, trialRng(seed, i));
    finished.push({ params, value: f(params) });
  }
  return finished;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
