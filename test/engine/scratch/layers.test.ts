import { describe, expect, it } from 'vitest';
import { CrossEntropy } from '../../../src-main/engine/scratch/crossEntropy';
import { FullyConnected } from '../../../src-main/engine/scratch/fullyConnected';
import { ReLU } from '../../../src-main/engine/scratch/relu';
import { Softmax } from '../../../src-main/engine/scratch/softmax';
import { maxScaledDiff, numericGradient, randomArray, referenceMatmul, weightedSum } from '../fixtures';
import { referenceOps } from '../../../src-main/engine/scratch/ops';

const f64 = (n: number) => new Float64Array(n);
const f32 = (n: number) => new Float32Array(n);

/** Gradients from two-point differences agree to ~1e-8 on these smooth, O(1) problems. */
const FD_TOL = 1e-7;

describe('ReLU', () => {
  it('backward equals finite differences of Σ G⊙relu(Z) (inputs away from the kink)', () => {
    const layer = new ReLU(5, 'float64', referenceOps);
    const z = randomArray(f64, 15, 1).map((v) => (Math.abs(v) < 0.01 ? v + 0.1 : v));
    const g = randomArray(f64, 15, 2);
    layer.forward(z, 3);
    const dZ = Float64Array.from(layer.backward(g));
    const numeric = numericGradient(z, () => weightedSum(layer.forward(z, 3), g));
    expect(maxScaledDiff(dZ, numeric)).toBeLessThan(FD_TOL);
    expect(layer.params()).toEqual([]);
  });

  it('reuses its buffers while the batch size is unchanged and resizes when it changes', () => {
    const layer = new ReLU(2, 'float32', referenceOps);
    const first = layer.forward(f32(4), 2);
    expect(layer.forward(f32(4), 2)).toBe(first);
    const bigger = layer.forward(Float32Array.of(-1, 2, 3, -4, 5, 6), 3);
    expect(Array.from(bigger)).toEqual([0, 2, 3, 0, 5, 6]);
  });

  it('refuses backward before forward', () => {
    expect(() => new ReLU(2, 'float64', referenceOps).backward(f64(2))).toThrow(/before forward/);
  });
});

describe('FullyConnected', () => {
  const rows = 4, inputs = 3, outputs = 5;
  const make = (inputGrad = true) => {
    const fc = new FullyConnected('fc1', inputs, outputs, 'float64', referenceOps, { inputGrad });
    fc.W.value.set(randomArray(f64, inputs * outputs, 3));
    fc.b.value.set(randomArray(f64, outputs, 4));
    return fc;
  };

  it('forward is XW + 1ᵀb and names its parameters fc1.W [in,out], fc1.b [out]', () => {
    const fc = make();
    const x = randomArray(f64, rows * inputs, 5);
    const z = fc.forward(x, rows);
    const ref = referenceMatmul((i, p) => x[i * inputs + p], (p, j) => fc.W.value[p * outputs + j], rows, inputs, outputs).map((v, i) => v + fc.b.value[i % outputs]);
    expect(maxScaledDiff(z, ref)).toBeLessThan(1e-14);
    expect(fc.params().map((p) => [p.name, p.shape])).toEqual([['fc1.W', [3, 5]], ['fc1.b', [5]]]);
  });

  it('dL/dW, dL/db and dL/dX equal finite differences', () => {
    const fc = make();
    const x = randomArray(f64, rows * inputs, 6);
    const g = randomArray(f64, rows * outputs, 7);
    fc.forward(x, rows);
    const dX = Float64Array.from(fc.backward(g)!);
    const loss = () => weightedSum(fc.forward(x, rows), g);
    expect(maxScaledDiff(fc.W.grad, numericGradient(fc.W.value, loss))).toBeLessThan(FD_TOL);
    expect(maxScaledDiff(fc.b.grad, numericGradient(fc.b.value, loss))).toBeLessThan(FD_TOL);
    expect(maxScaledDiff(dX, numericGradient(x, loss))).toBeLessThan(FD_TOL);
  });

  it('with inputGrad false skips dL/dX but still computes the same parameter gradients', () => {
    const full = make(true);
    const first = make(false);
    const x = randomArray(f64, rows * inputs, 8);
    const g = randomArray(f64, rows * outputs, 9);
    full.forward(x, rows);
    full.backward(g);
    first.forward(x, rows);
    expect(first.backward(g)).toBeNull();
    expect(Array.from(first.W.grad)).toEqual(Array.from(full.W.grad));
    expect(Array.from(first.b.grad)).toEqual(Array.from(full.b.grad));
  });

  it('overwrites (does not accumulate) gradients from one batch to the next', () => {
    const fc = make();
    const x = randomArray(f64, rows * inputs, 10);
    const g = randomArray(f64, rows * outputs, 11);
    fc.forward(x, rows);
    fc.backward(g);
    const once = Array.from(fc.W.grad);
    fc.forward(x, rows);
    fc.backward(g);
    expect(Array.from(fc.W.grad)).toEqual(once);
  });
});

describe('Softmax', () => {
  it('backward equals finite differences for an arbitrary upstream gradient', () => {
    const layer = new Softmax(4, 'float64', referenceOps);
    const s = randomArray(f64, 12, 12).map((v) => 2 * v);
    const g = randomArray(f64, 12, 13);
    layer.forward(s, 3);
    const dS = Float64Array.from(layer.backward(g));
    expect(maxScaledDiff(dS, numericGradient(s, () => weightedSum(layer.forward(s, 3), g)))).toBeLessThan(FD_TOL);
  });

  it.each(['float32', 'float64'] as const)('logits like 1000 stay finite, sum to 1 and back-propagate finitely (%s)', (dtype) => {
    const layer = new Softmax(3, dtype, referenceOps);
    const s = dtype === 'float32' ? Float32Array.of(1000, 0, -1000) : Float64Array.of(1000, 0, -1000);
    const y = layer.forward(s, 1);
    expect(Array.from(y)).toEqual([1, 0, 0]);
    expect(Array.from(layer.backward(Float64Array.of(1, 2, 3))).every(Number.isFinite)).toBe(true);
  });
});

describe('CrossEntropy', () => {
  it('loss is −(1/m)Σ ln ŷ[label] and dL/dŶ equals finite differences', () => {
    const ce = new CrossEntropy(3, 'float64', referenceOps);
    const yHat = Float64Array.of(0.2, 0.5, 0.3, 0.6, 0.1, 0.3);
    const labels = Int32Array.of(2, 0);
    expect(ce.forward(yHat, labels, 2)).toBeCloseTo(-(Math.log(0.3) + Math.log(0.6)) / 2, 14);
    const d = Float64Array.from(ce.backward());
    expect(maxScaledDiff(d, numericGradient(yHat, () => ce.forward(yHat, labels, 2)))).toBeLessThan(FD_TOL);
  });

  it.each(['float32', 'float64'] as const)('ŷ with an exact 0 at the label gives finite loss and gradient (%s)', (dtype) => {
    const ce = new CrossEntropy(2, dtype, referenceOps);
    const yHat = dtype === 'float32' ? Float32Array.of(1, 0) : Float64Array.of(1, 0);
    const loss = ce.forward(yHat, Int32Array.of(1), 1);
    expect(Number.isFinite(loss)).toBe(true);
    expect(loss).toBeGreaterThan(20);
    expect(Array.from(ce.backward()).every(Number.isFinite)).toBe(true);
  });

  it('rejects labels outside 0..classes−1', () => {
    const ce = new CrossEntropy(3, 'float64', referenceOps);
    expect(() => ce.forward(f64(3), Int32Array.of(3), 1)).toThrow(/label 3 of row 0/);
  });
});

describe('float32 layers', () => {
  it('FC → ReLU → FC → Softmax in float32 agrees with float64 to float32 precision', () => {
    const x = randomArray(f64, 6 * 8, 14);
    const run = (dtype: 'float32' | 'float64') => {
      const fc1 = new FullyConnected('fc1', 8, 5, dtype, referenceOps);
      const fc2 = new FullyConnected('fc2', 5, 3, dtype, referenceOps);
      fc1.W.value.set(randomArray(f64, 40, 15));
      fc2.W.value.set(randomArray(f64, 15, 16));
      const input = dtype === 'float32' ? Float32Array.from(x) : x;
      return Float64Array.from(new Softmax(3, dtype, referenceOps).forward(fc2.forward(new ReLU(5, dtype, referenceOps).forward(fc1.forward(input, 6), 6), 6), 6));
    };
    expect(maxScaledDiff(run('float32'), run('float64'))).toBeLessThan(1e-5);
  });
});
