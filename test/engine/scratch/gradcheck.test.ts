import { describe, expect, it } from 'vitest';
import { checkGradient, GRADCHECK_TOLERANCE, relativeError, runGradcheck } from '../../../src-main/engine/scratch/gradcheck';

describe('runGradcheck', () => {
  it('finds every layer’s backward within 1e-6 of finite differences', () => {
    const report = runGradcheck();
    expect(report.tolerance).toBe(1e-6);
    expect(report.entries.map((e) => [e.name, e.checked])).toEqual([
      ['relu.input', 24],
      ['fullyConnected.W', 12],
      ['fullyConnected.b', 3],
      ['fullyConnected.input', 20],
      ['softmax.input', 20],
      ['crossEntropy.input', 20],
      ['network.fc1.W', 20],
      ['network.fc1.b', 5],
      ['network.fc2.W', 15],
      ['network.fc2.b', 3],
    ]);
    for (const e of report.entries) expect(e.maxRelError, e.name).toBeLessThan(GRADCHECK_TOLERANCE);
    expect(report.maxRelError).toBe(Math.max(...report.entries.map((e) => e.maxRelError)));
    expect(report.passed).toBe(true);
  });

  it.each([1, 2, 3, 42, 1234])('passes for seed %i too, and is deterministic', (seed) => {
    const report = runGradcheck({ seed });
    expect(report.passed).toBe(true);
    expect(runGradcheck({ seed })).toEqual(report);
  });
});

describe('checkGradient', () => {
  // A checker that cannot fail proves nothing: feed it a wrong derivative.
  it('reports a wrong analytic gradient as a large error', () => {
    const theta = Float64Array.of(0.5, -1.5, 2);
    const square = () => Float64Array.from(theta, (t) => t * t);
    const ones = Float64Array.of(1, 1, 1);
    const right = checkGradient('square', theta, Float64Array.from(theta, (t) => 2 * t), square, ones);
    const wrong = checkGradient('square', theta, Float64Array.from(theta, (t) => 2 * t + 1e-4), square, ones);
    expect(right.maxRelError).toBeLessThan(1e-10);
    expect(wrong.maxRelError).toBeGreaterThan(1e-5);
    expect(Array.from(theta)).toEqual([0.5, -1.5, 2]); // restored after probing
  });

  it('counts a NaN gradient as a failure, not as zero error', () => {
    const theta = Float64Array.of(1);
    const report = checkGradient('nan', theta, Float64Array.of(NaN), () => Float64Array.from(theta), Float64Array.of(1));
    expect(report.maxRelError).toBeNaN();
    expect(report.maxRelError < GRADCHECK_TOLERANCE).toBe(false);
  });
});

describe('relativeError', () => {
  it('is scale-free, and 0 when both are exactly zero', () => {
    expect(relativeError(1e-3, 1.001e-3)).toBeCloseTo(1e-3 / 1.001, 6);
    expect(relativeError(1e3, 1.001e3)).toBeCloseTo(1e-3 / 1.001, 6);
    expect(relativeError(0, 0)).toBe(0);
    expect(relativeError(0, 1e-12)).toBeCloseTo(1e-4, 10);
  });
});
