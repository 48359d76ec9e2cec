/** The learning-rate schedules' values at given steps, worked out by hand (schedule.ts has the formulas). */
import { describe, expect, it } from 'vitest';
import { isConstant, learningRateAt, type LrSchedule } from '../../src-main/engine/schedule';

// 10 steps an epoch, 5 epochs: T = 50 steps, t = 0 … 49.
const at = (s: LrSchedule, t: number) => learningRateAt(0.1, s, t, 10, 50);

describe('learningRateAt', () => {
  it('constant: the base rate at every step', () => {
    for (const t of [0, 1, 25, 49]) expect(at({ type: 'constant' }, t)).toBe(0.1);
  });

  it('warm-up rises linearly over warmupEpochs, reaching the base rate at its last step', () => {
    const s: LrSchedule = { type: 'constant', warmupEpochs: 1 };
    expect(at(s, 0)).toBeCloseTo(0.01, 15); // 0.1 · 1/10
    expect(at(s, 4)).toBeCloseTo(0.05, 15);
    expect(at(s, 9)).toBe(0.1);
    expect(at(s, 10)).toBe(0.1);
    // Fractional epochs: 0.5 × 10 steps = 5 warm-up steps.
    expect(at({ type: 'constant', warmupEpochs: 0.5 }, 0)).toBeCloseTo(0.02, 15);
    expect(at({ type: 'constant', warmupEpochs: 0.5 }, 4)).toBe(0.1);
  });

  it('cosine: from the base rate at the end of warm-up down towards minLr at step T', () => {
    const s: LrSchedule = { type: 'cosine', warmupEpochs: 1 };
    expect(at(s, 10)).toBe(0.1); // t − W = 0
    expect(at(s, 20)).toBeCloseTo(0.1 * (1 + Math.SQRT1_2) / 2, 15); // a quarter of the 40 steps: cos(π/4)
    expect(at(s, 30)).toBeCloseTo(0.05, 15); // half way: cos(π/2) = 0
    expect(at(s, 49)).toBeCloseTo(0.1 * (1 - Math.cos(Math.PI / 40)) / 2, 15); // 1.5413e-4, never 0
    expect(at(s, 49)).toBeGreaterThan(0);
    expect(at({ type: 'cosine', minLr: 0.01 }, 25)).toBeCloseTo(0.055, 15); // 0.01 + 0.09 · ½
    expect(at({ type: 'cosine', minLr: 0.01 }, 0)).toBe(0.1);
  });

  it('step: × gamma every stepEpochs after warm-up, floored at minLr', () => {
    const s: LrSchedule = { type: 'step', stepEpochs: 2, gamma: 0.5 };
    expect(at(s, 0)).toBe(0.1);
    expect(at(s, 19)).toBe(0.1);
    expect(at(s, 20)).toBe(0.05);
    expect(at(s, 40)).toBe(0.025);
    expect(at({ ...s, minLr: 0.03 }, 40)).toBe(0.03);
    expect(at({ type: 'step', stepEpochs: 1 }, 10)).toBeCloseTo(0.01, 15); // gamma defaults to 0.1
    const warm: LrSchedule = { ...s, warmupEpochs: 1 };
    expect(at(warm, 10)).toBe(0.1);
    expect(at(warm, 29)).toBe(0.1);
    expect(at(warm, 30)).toBe(0.05);
  });

  it('a warm-up as long as training ramps for the whole run', () => {
    expect(learningRateAt(0.1, { type: 'cosine', warmupEpochs: 9 }, 49, 10, 50)).toBe(0.1);
  });
});

describe('isConstant', () => {
  it('is true only for no schedule or constant without warm-up', () => {
    expect(isConstant(undefined)).toBe(true);
    expect(isConstant({ type: 'constant' })).toBe(true);
    expect(isConstant({ type: 'constant', warmupEpochs: 0 })).toBe(true);
    expect(isConstant({ type: 'constant', warmupEpochs: 1 })).toBe(false);
    expect(isConstant({ type: 'cosine' })).toBe(false);
  });
});
