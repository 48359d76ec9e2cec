import { describe, expect, it } from 'vitest';
import { DataError } from '../../src-main/data/errors';
import { BLOB_RADIUS, SPIRAL_TURNS, classSizes, generateToy, planeOf, type ToyGenerateOptions } from '../../src-main/data/toy2d';
import type { LabelledTable } from '../../src-main/data/types';
import { TOY_DATASETS, type ToyKind } from '../../src-main/sweep/configSchema';

const opts = (over: Partial<ToyGenerateOptions> = {}): ToyGenerateOptions => ({ samples: 400, noise: 0, classes: 2, seed: 0, ...over });
const points = (t: LabelledTable) => Array.from({ length: t.n }, (_, i) => ({ x: t.x[i * 2], y: t.x[i * 2 + 1], label: t.y[i] }));
const counts = (t: LabelledTable, k: number) => Array.from({ length: k }, (_, c) => t.y.filter((l) => l === c).length);
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const std = (v: number[]) => Math.sqrt(mean(v.map((a) => (a - mean(v)) ** 2)));

describe('generateToy', () => {
  it.each(TOY_DATASETS)('%s: the same seed gives the same table, another seed another one', (kind) => {
    const o = opts({ noise: 0.1, classes: kind === 'spirals' || kind === 'blobs' ? 3 : 2 });
    const a = generateToy(kind, o);
    const b = generateToy(kind, o);
    expect(a.x).toEqual(b.x);
    expect(a.y).toEqual(b.y);
    const c = generateToy(kind, { ...o, seed: 1 });
    expect(c.x).not.toEqual(a.x);
    expect([a.features, a.featureNames, a.n, a.x.length]).toEqual([2, ['x', 'y'], 400, 800]);
  });

  it('is pinned: the first point of moons at seed 7 does not move between versions or machines', () => {
    // A change here means saved sweeps on moons no longer reproduce. Twelve digits, not
    // exact equality: Math.cos/sin/log may differ in the last bit between JS engines.
    const t = generateToy('moons', opts({ noise: 0.1, seed: 7 }));
    expect(t.x[0]).toBeCloseTo(0.9097159403595078, 12);
    expect(t.x[1]).toBeCloseTo(-0.2983343190691574, 12);
    expect(Array.from(t.y.subarray(0, 4))).toEqual([1, 1, 0, 0]);
    // Every value is finite and the rows are shuffled (both classes among the first ten).
    expect(t.x.every(Number.isFinite)).toBe(true);
    expect(new Set(t.y.subarray(0, 10)).size).toBe(2);
  });

  it.each([
    ['moons', 401, 2],
    ['spirals', 400, 3],
    ['blobs', 403, 5],
  ] as [ToyKind, number, number][])('%s with %i samples and %i classes has balanced classes', (kind, samples, classes) => {
    const t = generateToy(kind, opts({ samples, classes, noise: 0.2 }));
    const c = counts(t, classes);
    expect(c.reduce((a, b) => a + b, 0)).toBe(samples);
    expect(Math.max(...c) - Math.min(...c)).toBeLessThanOrEqual(1);
    expect(classSizes(samples, classes)).toEqual(c);
  });

  it('moons without noise lie on the two half circles of radius 1', () => {
    for (const p of points(generateToy('moons', opts()))) {
      const [cx, cy] = p.label === 0 ? [0, 0] : [1, 0.5];
      expect(Math.hypot(p.x - cx, p.y - cy)).toBeCloseTo(1, 12);
      expect(p.label === 0 ? p.y >= -1e-12 : p.y <= 0.5 + 1e-12).toBe(true);
    }
  });

  it('circles without noise: the radius alone tells the class (outer 1, inner 0.5)', () => {
    const t = generateToy('circles', opts());
    expect(t.classes).toEqual(['outer', 'inner']);
    for (const p of points(t)) expect(Math.hypot(p.x, p.y)).toBeCloseTo(p.label === 0 ? 1 : 0.5, 12);
  });

  it('spirals without noise: each point sits on its own arm, at the angle its radius gives', () => {
    const k = 4;
    const t = generateToy('spirals', opts({ classes: k }));
    expect(t.classes).toEqual(['arm 0', 'arm 1', 'arm 2', 'arm 3']);
    for (const p of points(t)) {
      const r = Math.hypot(p.x, p.y);
      expect(r).toBeLessThanOrEqual(1);
      const expected = (2 * Math.PI * p.label) / k + 2 * Math.PI * SPIRAL_TURNS * r;
      const diff = Math.atan2(p.y, p.x) - expected;
      expect(Math.abs(Math.atan2(Math.sin(diff), Math.cos(diff)))).toBeLessThan(1e-9);
    }
  });

  it('xor without noise: the label is whether x and y have opposite signs, and every quadrant is filled', () => {
    const pts = points(generateToy('xor', opts()));
    for (const p of pts) {
      expect(Math.abs(p.x)).toBeLessThanOrEqual(1);
      expect(p.label).toBe(p.x * p.y < 0 ? 1 : 0);
    }
    const quadrants = [0, 1, 2, 3].map((q) => pts.filter((p) => (p.x > 0 ? 0 : 1) + (p.y > 0 ? 0 : 2) === q).length);
    expect(quadrants).toEqual([100, 100, 100, 100]);
  });

  it('blobs: each class is centred on its point of the radius-2 circle, spread by the noise', () => {
    const k = 5;
    const noise = 0.3;
    const pts = points(generateToy('blobs', opts({ samples: 5000, classes: k, noise })));
    for (let c = 0; c < k; c++) {
      const mine = pts.filter((p) => p.label === c);
      const a = (2 * Math.PI * c) / k;
      expect(mean(mine.map((p) => p.x))).toBeCloseTo(BLOB_RADIUS * Math.cos(a), 1);
      expect(mean(mine.map((p) => p.y))).toBeCloseTo(BLOB_RADIUS * Math.sin(a), 1);
      expect(std(mine.map((p) => p.x))).toBeGreaterThan(noise * 0.9);
      expect(std(mine.map((p) => p.x))).toBeLessThan(noise * 1.1);
    }
  });

  it('noise is a standard deviation in the data units: circles drift off their radius by about that much', () => {
    const clean = points(generateToy('circles', opts({ samples: 4000 })));
    const noisy = points(generateToy('circles', opts({ samples: 4000, noise: 0.2 })));
    // The same exact points plus noise: subtract them row by row (same seed, same order).
    const dx = noisy.map((p, i) => p.x - clean[i].x);
    expect(std(dx)).toBeGreaterThan(0.18);
    expect(std(dx)).toBeLessThan(0.22);
    expect(Math.abs(mean(dx))).toBeLessThan(0.02);
  });

  it.each([
    ['moons', { samples: 10 }, 'dataset.toy.samples: must be an integer from 20 to 20000 (got 10)'],
    ['moons', { samples: 20.5 }, 'dataset.toy.samples'],
    ['circles', { noise: -0.1 }, 'dataset.toy.noise: must be a number from 0 to 2 (got -0.1)'],
    ['xor', { noise: Number.NaN }, 'dataset.toy.noise'],
    ['moons', { classes: 3 }, 'dataset.toy.classes: must be 2: moons has 2 classes by its shape (got 3)'],
    ['spirals', { classes: 6 }, 'dataset.toy.classes: must be an integer from 2 to 5 for spirals (got 6)'],
    ['blobs', { classes: 1 }, 'dataset.toy.classes'],
    ['blobs', { seed: 0.5 }, 'dataset.seed: must be an integer'],
    ['squares', {}, 'dataset.name: "squares" is not a generated data set'],
  ] as [string, Partial<ToyGenerateOptions>, string][])('%s with %j is refused, naming the field', (kind, over, message) => {
    const run = () => generateToy(kind as ToyKind, opts(over));
    expect(run).toThrow(DataError);
    expect(run).toThrow(message);
  });
});

describe('planeOf', () => {
  it('pads the min/max of each feature by 10 % of its range', () => {
    const plane = planeOf([0, -1, 10, 1, 5, 0], 3);
    expect(plane.x[0]).toBeCloseTo(-1, 12);
    expect(plane.x[1]).toBeCloseTo(11, 12);
    expect(plane.y[0]).toBeCloseTo(-1.2, 12);
    expect(plane.y[1]).toBeCloseTo(1.2, 12);
  });

  it('gives a constant feature a box of ±1 around its value', () => {
    expect(planeOf([3, 0, 3, 1], 2).x).toEqual([2, 4]);
  });
});
