import { describe, expect, it } from 'vitest';
import { createSampler, trialRng, type FinishedTrial } from '../../src-main/search/samplers';
import type { SearchSpace } from '../../src-main/search/space';
import { MODEL_BASED } from './helpers';

// 6 floats, a log int and a choice: the shape of a real network sweep.
const space: SearchSpace = {
  ...Object.fromEntries([1, 2, 3, 4, 5, 6].map((j) => [`x${j}`, { type: 'float' as const, min: 0, max: 1 }])),
  width: { type: 'int', min: 8, max: 512, log: true },
  act: { type: 'choice', values: ['relu', 'tanh', 'gelu'] },
};

// How fast a proposal is with 500 trials is measured by `npm run bench:search`
// (proposalMsAt500), not here: a timed test on a shared machine proves nothing.
describe('proposals with 500 finished trials', () => {
  const rnd = createSampler({ kind: 'random' });
  const finished: FinishedTrial[] = [];
  for (let i = 0; i < 500; i++) {
    const params = rnd.propose(space, { direction: 'minimize', finished, running: [] }, trialRng(5, i));
    finished.push({ params, value: Object.values(params).filter((v) => typeof v === 'number').reduce((a: number, v) => a + ((v as number) - 0.3) ** 2, 0) });
  }
  for (const spec of MODEL_BASED) {
    it(`${JSON.stringify(spec)} still proposes a valid point of the space, the same one for the same seed`, () => {
      const sampler = createSampler(spec);
      const history = { direction: 'minimize' as const, finished, running: [{ x1: 0.5 }] };
      const p = sampler.propose(space, history, trialRng(1, 500));
      for (let j = 1; j <= 6; j++) {
        expect(p[`x${j}`]).toBeGreaterThanOrEqual(0);
        expect(p[`x${j}`]).toBeLessThanOrEqual(1);
      }
      expect(Number.isInteger(p.width)).toBe(true);
      expect(p.width).toBeGreaterThanOrEqual(8);
      expect(p.width).toBeLessThanOrEqual(512);
      expect(['relu', 'tanh', 'gelu']).toContain(p.act);
      expect(sampler.propose(space, history, trialRng(1, 500))).toEqual(p);
    });
  }
});
