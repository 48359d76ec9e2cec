/** Which steps a run snapshots: always the first and the last, `count` in all, denser early, none twice. */
import { describe, expect, it } from 'vitest';
import { EARLY_DENSITY, frameSteps } from '../../src-main/frames/schedule';

describe('frameSteps', () => {
  it.each([
    [900, 60],
    [10_000, 60],
    [61, 60],
    [100_000, 300],
    [5, 2],
  ])('%i steps, %i frames: 0 and the last step, exactly count, strictly increasing', (total, count) => {
    const steps = frameSteps(total, count);
    expect(steps).toHaveLength(count);
    expect(steps[0]).toBe(0);
    expect(steps.at(-1)).toBe(total);
    for (let i = 1; i < steps.length; i++) expect(steps[i]).toBeGreaterThan(steps[i - 1]);
  });

  it('takes every step of a run shorter than the frame count', () => {
    expect(frameSteps(7, 60)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(frameSteps(1, 2)).toEqual([0, 1]);
  });

  it('spaces early frames closer than late ones, by about EARLY_DENSITY', () => {
    const steps = frameSteps(100_000, 60);
    const gaps = steps.slice(1).map((s, i) => s - steps[i]);
    for (let i = 1; i < gaps.length; i++) expect(gaps[i]).toBeGreaterThanOrEqual(gaps[i - 1] - 1); // rounding only
    const ratio = gaps.at(-1)! / gaps[1];
    expect(ratio).toBeGreaterThan(EARLY_DENSITY * 0.7);
    expect(ratio).toBeLessThan(EARLY_DENSITY * 1.3);
    // Half the frames fall in the first fifth of training.
    expect(steps.filter((s) => s <= 20_000).length).toBeGreaterThanOrEqual(30);
  });

  it('is a pure function of its arguments', () => {
    expect(frameSteps(4321, 60)).toEqual(frameSteps(4321, 60));
  });

  it('refuses what is not a schedule', () => {
    expect(() => frameSteps(0, 60)).toThrow(/totalSteps must be a positive integer/);
    expect(() => frameSteps(100, 1)).toThrow(/count must be an integer ≥ 2/);
    expect(() => frameSteps(10.5, 4)).toThrow(/totalSteps/);
  });
});
