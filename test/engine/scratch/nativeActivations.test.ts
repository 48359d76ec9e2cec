/**
 * The addon's smooth-activation and multiply kernels against the TypeScript reference,
 * in both element types, on values that reach every branch: exact zeros (leaky_relu's
 * kink), ±30 (sigmoid's exp far out, tanh saturated) and ordinary normals.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { referenceOps, type Ops } from '../../../src-main/engine/scratch/ops';
import { ACTIVATION_CODES, loadNativeOps } from '../../../src-main/engine/scratch/ops/native';
import type { Float, SmoothActivation } from '../../../src-main/engine/types';
import { maxScaledDiff, randomArray } from '../fixtures';

const native = loadNativeOps();
const nat = (): Ops => {
  if (!native.ok) throw new Error(native.reason);
  return native.ops;
};
const KINDS = Object.keys(ACTIVATION_CODES) as SmoothActivation[];
const TYPES: [string, (n: number) => Float, number][] = [
  ['float32', (n) => new Float32Array(n), 1e-6],
  ['float64', (n) => new Float64Array(n), 1e-13],
];

function inputs(make: (n: number) => Float, seed: number): Float {
  const z = randomArray(make, 200, seed, 0.05);
  z[0] = 30;
  z[1] = -30;
  z[2] = 0;
  return z;
}

describe.skipIf(!native.ok)('native smooth activations and multiply', () => {
  describe.each(TYPES)('%s', (_, make, tol) => {
    it.each(KINDS)('%s forward and backward agree with the reference', (kind) => {
      const z = inputs(make, 3);
      const dY = randomArray(make, 200, 4);
      const [a, b] = [make(200), make(200)];
      nat().activationForward(kind, z, a, 200);
      referenceOps.activationForward(kind, z, b, 200);
      expect(maxScaledDiff(a, b)).toBeLessThan(tol);
      nat().activationBackward(kind, dY, z, a, 200);
      referenceOps.activationBackward(kind, dY, z, b, 200);
      expect(maxScaledDiff(a, b)).toBeLessThan(tol);
      expect(a.every(Number.isFinite)).toBe(true);
    });

    it('multiply is exact, in place too', () => {
      const x = randomArray(make, 50, 5);
      const m = randomArray(make, 50, 6);
      const [a, b] = [make(50), make(50)];
      nat().multiply(x, m, a, 50);
      referenceOps.multiply(x, m, b, 50);
      expect(Array.from(a)).toEqual(Array.from(b));
      nat().multiply(x, m, x, 50);
      expect(Array.from(x)).toEqual(Array.from(b));
    });
  });

  it('the addon refuses an unknown activation code and a short array, naming them', () => {
    if (!native.ok) return;
    const addon = createRequire(native.file)(native.file) as Record<string, (...args: unknown[]) => unknown>;
    const f = new Float64Array(4);
    expect(() => addon.activationForward(4, f, f, 4)).toThrow('ops.activationForward: kind must be from 0 to 3, got 4');
    expect(() => addon.activationBackward(1.5, f, f, f, 4)).toThrow(/ops\.activationBackward: kind must be an integer/);
    expect(() => addon.multiply(f, new Float64Array(2), f, 4)).toThrow(RangeError);
    expect(() => nat().activationForward('elu' as SmoothActivation, f, f, 4)).toThrow('unknown activation "elu"');
  });
});
