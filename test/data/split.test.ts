import { describe, expect, it } from 'vitest';
import { largestRemainder, standardize, stratifiedSplit, takeRows } from '../../src-main/data/split';
import type { Split } from '../../src-main/data/types';

const iris = Int32Array.from({ length: 150 }, (_, i) => Math.floor(i / 50));
const counts = (y: Int32Array, idx: Int32Array, k: number) => {
  const c = new Array(k).fill(0);
  idx.forEach((i) => c[y[i]]++);
  return c;
};

describe('largestRemainder', () => {
  it('sums to the total and stays within 1 of each exact share', () => {
    expect(largestRemainder(150, [0.7, 0.1, 0.2])).toEqual([105, 15, 30]);
    expect(largestRemainder(10, [1 / 3, 1 / 3, 1 / 3])).toEqual([4, 3, 3]);
    expect(largestRemainder(7, [0.5, 0.5, 0])).toEqual([4, 3, 0]);
  });
});

describe('stratifiedSplit', () => {
  it('gives Iris exactly 105/15/30 rows, 35/5/10 of each class', () => {
    const s = stratifiedSplit(iris, { train: 0.7, val: 0.1, test: 0.2 }, 0);
    expect([s.train.length, s.val.length, s.test.length]).toEqual([105, 15, 30]);
    expect(counts(iris, s.train, 3)).toEqual([35, 35, 35]);
    expect(counts(iris, s.val, 3)).toEqual([5, 5, 5]);
    expect(counts(iris, s.test, 3)).toEqual([10, 10, 10]);
  });

  it('is disjoint and complete, with each split in ascending order', () => {
    const s = stratifiedSplit(iris, { train: 0.6, val: 0.25, test: 0.15 }, 3);
    const all = [...s.train, ...s.val, ...s.test];
    expect(new Set(all).size).toBe(150);
    expect(all.slice().sort((a, b) => a - b)).toEqual(Array.from({ length: 150 }, (_, i) => i));
    for (const idx of [s.train, s.val, s.test]) expect([...idx]).toEqual([...idx].sort((a, b) => a - b));
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const r = { train: 0.7, val: 0.1, test: 0.2 };
    const a = stratifiedSplit(iris, r, 42);
    const b = stratifiedSplit(iris, r, 42);
    const c = stratifiedSplit(iris, r, 43);
    expect([...a.val]).toEqual([...b.val]);
    expect([...a.test]).toEqual([...b.test]);
    expect([...a.test]).not.toEqual([...c.test]);
  });

  it('keeps totals exact and classes proportional with uneven classes', () => {
    // 3 classes of 7, 13 and 20 rows at 0.5/0.3/0.2 of 40 rows → 20/12/8.
    const y = Int32Array.from([...Array(7).fill(0), ...Array(13).fill(1), ...Array(20).fill(2)]);
    const s = stratifiedSplit(y, { train: 0.5, val: 0.3, test: 0.2 }, 1);
    expect([s.train.length, s.val.length, s.test.length]).toEqual([20, 12, 8]);
    const sizes = [7, 13, 20];
    const ratios = [0.5, 0.3, 0.2];
    [s.train, s.val, s.test].forEach((idx, k) =>
      counts(y, idx, 3).forEach((n, c) => expect(Math.abs(n - sizes[c] * ratios[k])).toBeLessThan(1)),
    );
  });

  it('splits two ways when test is omitted, and refuses ratios that do not sum to 1', () => {
    const s = stratifiedSplit(iris, { train: 0.8, val: 0.2 }, 0);
    expect([s.train.length, s.val.length, s.test.length]).toEqual([120, 30, 0]);
    expect(() => stratifiedSplit(iris, { train: 0.8, val: 0.3, test: 0 }, 0)).toThrow(/sum to 1/);
  });
});

describe('takeRows', () => {
  it('copies rows and labels, keeping the float type', () => {
    const src = { x: Float32Array.from([0, 1, 10, 11, 20, 21]), y: Int32Array.from([5, 6, 7]) };
    const s = takeRows(src, 2, [2, 0]);
    expect(s.x).toBeInstanceOf(Float32Array);
    expect([...s.x]).toEqual([20, 21, 0, 1]);
    expect([...s.y]).toEqual([7, 5]);
    expect(s.n).toBe(2);
    expect(takeRows({ x: Float64Array.from([1, 2]), y: Int32Array.of(0) }, 2, [0]).x).toBeInstanceOf(Float64Array);
  });
});

describe('standardize', () => {
  const split = (rows: number[][]): Split => ({ x: Float64Array.from(rows.flat()), y: new Int32Array(rows.length), n: rows.length });
  const column = (s: Split, f: number, features: number) => Array.from({ length: s.n }, (_, i) => s.x[i * features + f]);
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const std = (v: number[]) => Math.sqrt(mean(v.map((x) => (x - mean(v)) ** 2)));

  it('gives the training split mean 0 and std 1 and applies the training statistics to the others', () => {
    const train = split([[1, 100, 5], [2, 300, 5], [3, 500, 5], [6, 700, 5]]);
    const val = split([[3, 400, 5]]);
    const test = split([[100, 0, 7], [200, 0, 9]]);
    const fitted = standardize(train, [val, test], 3);
    for (const f of [0, 1]) {
      expect(mean(column(train, f, 3))).toBeCloseTo(0, 12);
      expect(std(column(train, f, 3))).toBeCloseTo(1, 12);
    }
    expect([...fitted.mean]).toEqual([3, 400, 5]);
    // The val row equals the training mean, so it maps to 0 (its own stats would be undefined).
    expect(val.x[0]).toBeCloseTo(0, 12);
    expect(val.x[1]).toBeCloseTo(0, 12);
    // Test rows use the training std: (100 - 3) / std_train, not their own.
    expect(test.x[0]).toBeCloseTo(97 / fitted.std[0], 12);
    expect(test.x[3]).toBeCloseTo(197 / fitted.std[0], 12);
  });

  it('only centres a constant feature (std 0 → 1)', () => {
    const train = split([[0.1, 1], [0.1, 2], [0.1, 3]]);
    const test = split([[0.6, 2]]);
    const fitted = standardize(train, [test], 2);
    expect(fitted.std[0]).toBe(1);
    expect(column(train, 0, 2).every((v) => Math.abs(v) < 1e-12)).toBe(true);
    expect(test.x[0]).toBeCloseTo(0.5, 12);
  });
});
