import { describe, expect, it } from 'vitest';
import {
  addRowVector, argmaxRows, axpby, axpy, columnSums, crossEntropyBackward, crossEntropySum, matmul, matmulTransA, matmulTransB,
  reluBackward, reluForward, scale, softmaxBackwardRows, softmaxRows,
} from '../../../src-main/engine/scratch/ops/reference';
import type { Float } from '../../../src-main/engine/types';
import { maxScaledDiff, randomArray, referenceMatmul } from '../fixtures';

const dtypes: { name: string; make: (n: number) => Float; tol: number }[] = [
  { name: 'float64', make: (n) => new Float64Array(n), tol: 1e-12 },
  { name: 'float32', make: (n) => new Float32Array(n), tol: 2e-6 },
];

// Non-square, with k and n around the 8-way unroll boundaries, a 1×1 and a row/column vector.
const shapes: [number, number, number][] = [[1, 1, 1], [3, 5, 7], [7, 3, 2], [4, 17, 9], [13, 8, 16], [2, 33, 1], [1, 9, 31]];

describe.each(dtypes)('matrix products in $name', ({ make, tol }) => {
  it.each(shapes)('matmul A(%i×%i)·B(…×%i) matches the naive triple loop', (m, k, n) => {
    const a = randomArray(make, m * k, 1, 0.4); // zeros exercise the skip
    const b = randomArray(make, k * n, 2);
    const out = make(m * n).fill(NaN); // a kernel that forgets to clear `out` fails here
    matmul(a, b, out, m, k, n);
    const ref = referenceMatmul((i, p) => a[i * k + p], (p, j) => b[p * n + j], m, k, n);
    expect(maxScaledDiff(out, ref)).toBeLessThan(tol);
  });

  it.each(shapes)('matmulTransA Aᵀ·B with A(%i×%i), B(…×%i) matches the reference', (m, k, n) => {
    const a = randomArray(make, m * k, 3, 0.4);
    const b = randomArray(make, m * n, 4);
    const out = make(k * n).fill(NaN);
    matmulTransA(a, b, out, m, k, n);
    const ref = referenceMatmul((p, r) => a[r * k + p], (r, j) => b[r * n + j], k, m, n);
    expect(maxScaledDiff(out, ref)).toBeLessThan(tol);
  });

  it.each(shapes)('matmulTransB A·Bᵀ with A(%i×%i), B(%i×…) matches the reference', (m, k, n) => {
    const a = randomArray(make, m * k, 5);
    const b = randomArray(make, n * k, 6);
    const out = make(m * n).fill(NaN);
    matmulTransB(a, b, out, m, k, n);
    const ref = referenceMatmul((i, p) => a[i * k + p], (p, j) => b[j * k + p], m, k, n);
    expect(maxScaledDiff(out, ref)).toBeLessThan(tol);
  });

  it('reads only the leading rows of a longer (reused) buffer and writes only m×n', () => {
    const m = 3, k = 4, n = 5;
    const a = randomArray(make, (m + 2) * k, 7);
    a.fill(1e30, m * k); // stale rows past m must not leak in
    const b = randomArray(make, k * n, 8);
    const out = make(m * n + 3).fill(-7);
    matmul(a, b, out, m, k, n);
    const ref = referenceMatmul((i, p) => a[i * k + p], (p, j) => b[p * n + j], m, k, n);
    expect(maxScaledDiff(out.subarray(0, m * n), ref)).toBeLessThan(tol);
    expect(Array.from(out.subarray(m * n))).toEqual([-7, -7, -7]);
  });
});

describe('element-wise kernels', () => {
  it('addRowVector adds the bias to every row, also in place', () => {
    const a = Float64Array.of(1, 2, 3, 4, 5, 6);
    addRowVector(a, Float64Array.of(10, 20, 30), a, 2, 3);
    expect(Array.from(a)).toEqual([11, 22, 33, 14, 25, 36]);
  });

  it('columnSums sums each column and overwrites stale output', () => {
    const out = Float32Array.of(99, 99);
    columnSums(Float32Array.of(1, 2, 3, 4, 5, 6), out, 3, 2);
    expect(Array.from(out)).toEqual([9, 12]);
  });

  it('ReLU forward clips negatives; its backward masks by z > 0 (0 at the kink)', () => {
    const z = Float64Array.of(-2, 0, 3, -0.5, 1e-9);
    const y = new Float64Array(5);
    reluForward(z, y, 5);
    expect(Array.from(y)).toEqual([0, 0, 3, 0, 1e-9]);
    const dz = new Float64Array(5);
    reluBackward(Float64Array.of(1, 2, 3, 4, 5), z, dz, 5);
    expect(Array.from(dz)).toEqual([0, 0, 3, 0, 5]);
  });

  it('scale, axpy and axpby compute s·x, y + αx and αx + βy', () => {
    const x = Float64Array.of(1, -2, 4);
    const out = new Float64Array(3);
    scale(x, 0.5, out, 3);
    expect(Array.from(out)).toEqual([0.5, -1, 2]);
    const y = Float64Array.of(10, 10, 10);
    axpy(-2, x, y, 3);
    expect(Array.from(y)).toEqual([8, 14, 2]);
    axpby(3, x, 0.5, y, 3);
    expect(Array.from(y)).toEqual([7, 1, 13]);
  });

  it('argmaxRows returns each row’s first maximum', () => {
    const out = new Int32Array(3);
    argmaxRows(Float64Array.of(0.1, 0.7, 0.2, 5, 5, 1, -3, -2, -1), out, 3, 3);
    expect(Array.from(out)).toEqual([1, 0, 2]);
  });
});

describe('softmax', () => {
  const naiveSoftmax = (row: number[]) => {
    const e = row.map(Math.exp);
    const s = e.reduce((p, q) => p + q, 0);
    return e.map((v) => v / s);
  };

  it.each(dtypes)('matches exp/Σexp on moderate logits ($name)', ({ make, tol }) => {
    const x = randomArray(make, 4 * 6, 9);
    const out = make(24);
    softmaxRows(x, out, 4, 6);
    const ref = Array.from({ length: 4 }, (_, r) => naiveSoftmax(Array.from(x.subarray(r * 6, r * 6 + 6)))).flat();
    expect(maxScaledDiff(out, ref)).toBeLessThan(tol * 10);
  });

  it.each(dtypes)('stays finite and sums to 1 with logits like 1000 ($name)', ({ make }) => {
    const x = make(6);
    x.set([1000, 999, 0, -1000, -1000, -1000]);
    const out = make(6);
    softmaxRows(x, out, 2, 3);
    expect(Array.from(out).every(Number.isFinite)).toBe(true);
    expect(out[0] + out[1] + out[2]).toBeCloseTo(1, 6);
    expect(out[0] / out[1]).toBeCloseTo(Math.E, 4);
    expect(Array.from(out.subarray(3))).toEqual([1 / 3, 1 / 3, 1 / 3].map((v) => make(1).fill(v)[0]));
  });

  it('backward equals Jᵀ·dY with the full Jacobian ∂σᵢ/∂sⱼ = σᵢ(δᵢⱼ − σⱼ)', () => {
    const rows = 3, cols = 4;
    const s = new Float64Array(rows * cols);
    softmaxRows(randomArray((n) => new Float64Array(n), rows * cols, 10), s, rows, cols);
    const dY = randomArray((n) => new Float64Array(n), rows * cols, 11);
    const out = new Float64Array(rows * cols);
    softmaxBackwardRows(s, dY, out, rows, cols);
    for (let r = 0; r < rows; r++)
      for (let j = 0; j < cols; j++) {
        let expected = 0;
        for (let i = 0; i < cols; i++) expected += dY[r * cols + i] * s[r * cols + i] * ((i === j ? 1 : 0) - s[r * cols + j]);
        expect(out[r * cols + j]).toBeCloseTo(expected, 14);
      }
  });
});

describe('cross-entropy kernels', () => {
  it('sum is −Σ ln ŷ[label] and the gradient −1/(m·ŷ) at the label only', () => {
    const yHat = Float64Array.of(0.2, 0.8, 0.5, 0.5);
    const labels = Int32Array.of(1, 0);
    expect(crossEntropySum(yHat, labels, 2, 2, 1e-12)).toBeCloseTo(-Math.log(0.8) - Math.log(0.5), 14);
    const d = new Float64Array(4).fill(NaN);
    crossEntropyBackward(yHat, labels, d, 2, 2, 1e-12);
    expect(Array.from(d)).toEqual([0, -1 / (2 * 0.8), -1 / (2 * 0.5), 0]);
  });

  it.each(dtypes)('an exact 0 at the label gives a finite loss and gradient ($name)', ({ make }) => {
    const yHat: Float = make(2);
    yHat.set([1, 0]);
    const labels = Int32Array.of(1);
    const loss = crossEntropySum(yHat, labels, 1, 2, 1e-12);
    expect(loss).toBeCloseTo(-Math.log(1e-12), 10);
    const d = make(2);
    crossEntropyBackward(yHat, labels, d, 1, 2, 1e-12);
    expect(Array.from(d).every(Number.isFinite)).toBe(true);
    expect(d[1]).toBeCloseTo(-1e12, -6);
  });
});
