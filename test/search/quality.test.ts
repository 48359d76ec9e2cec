import { describe, expect, it } from 'vitest';
import type { SamplerSpec } from '../../src-main/search/samplers';
import type { Params, SearchSpace } from '../../src-main/search/space';
import { median, optimise } from './helpers';

// A quadratic bowl over a typical sweep: a log learning rate, a float, a log int and a
// choice; minimum 0 at lr = 10^-2.3, x = 0.37, width = 90, act = gelu (off any grid).
const space: SearchSpace = {
  lr: { type: 'float', min: 1e-5, max: 1, log: true, points: 4 },
  x: { type: 'float', min: -1, max: 1, points: 4 },
  width: { type: 'int', min: 8, max: 512, log: true, points: 3 },
  act: { type: 'choice', values: ['relu', 'tanh', 'gelu'] },
};
const quadratic = (p: Params): number =>
  (Math.log10(p.lr as number) + 2.3) ** 2 + 4 * ((p.x as number) - 0.37) ** 2 + (Math.log2(p.width as number) - Math.log2(90)) ** 2 / 4 + (p.act === 'gelu' ? 0 : 0.4);

const SEEDS = [0, 1, 2, 3, 4];
const bestAfter60 = (spec: SamplerSpec): number => median(SEEDS.map((seed) => Math.min(...optimise(spec, space, quadratic, seed, 60).map((t) => t.value))));

describe('each sampler beats random on a quadratic within 60 evaluations (median of 5 seeds)', () => {
  const random = bestAfter60({ kind: 'random' });
  // Not the grid: 60 of its 144 points lose to 60 random ones here (best 0.47 against
  // 0.30), as Bergstra & Bengio (2012) found grids do; its test is coverage.
  const specs: SamplerSpec[] = [{ kind: 'tpe' }, { kind: 'tpe', multivariate: true }, { kind: 'bayes' }];
  for (const spec of specs) {
    it(JSON.stringify(spec), () => {
      const ours = bestAfter60(spec);
      expect(ours).toBeLessThan(random);
    });
  }
});
