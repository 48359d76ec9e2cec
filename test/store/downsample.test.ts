import { describe, expect, it } from 'vitest';
import { lttbIndices, pick } from '../../src-main/store/downsample';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('lttbIndices', () => {
  it('matches a hand-computed example', () => {
    // Buckets {1..4} and {5..8}. Bucket 1: the spike at 3 makes the largest triangle with
    // (0,0) and the next bucket's mean (6.5,0). Bucket 2: with (3,10) and the last point
    // (9,0), areas |90 - 10x| favour x = 5.
    const ys = [0, 0, 0, 10, 0, 0, 0, 0, 0, 0];
    expect(lttbIndices(range(10), ys, 4)).toEqual([0, 3, 5, 9]);
  });

  it('returns every index when there are no more points than maxPoints', () => {
    expect(lttbIndices(range(5), [1, 2, 3, 4, 5], 5)).toEqual([0, 1, 2, 3, 4]);
    expect(lttbIndices([], [], 10)).toEqual([]);
    expect(lttbIndices([0], [1], 2)).toEqual([0]);
  });

  it('keeps exactly maxPoints, the first and the last, in ascending order', () => {
    const n = 10_007;
    const ys = range(n).map((i) => Math.sin(i / 50) + 0.1 * Math.cos(i * 1.3));
    for (const max of [2, 3, 17, 500, 10_006]) {
      const kept = lttbIndices(range(n), ys, max);
      expect(kept).toHaveLength(max);
      expect(kept[0]).toBe(0);
      expect(kept[max - 1]).toBe(n - 1);
      for (let i = 1; i < kept.length; i++) expect(kept[i]).toBeGreaterThan(kept[i - 1]);
    }
  });

  it('keeps a single spike and a single dip that averaging would flatten', () => {
    const ys = range(1_000).map((i) => (i === 412 ? 100 : i === 777 ? -100 : 1));
    const kept = lttbIndices(range(1_000), ys, 20);
    expect(kept).toContain(412);
    expect(kept).toContain(777);
  });

  it('keeps the peaks of a sine wave', () => {
    const n = 4_000;
    const xs = range(n);
    const ys = xs.map((x) => Math.sin((2 * Math.PI * x) / 1_000)); // peaks at 250, 1250, …
    const kept = pick(ys, lttbIndices(xs, ys, 100));
    expect(Math.max(...kept)).toBeGreaterThan(0.999);
    expect(Math.min(...kept)).toBeLessThan(-0.999);
  });

  it('works on uneven x spacing', () => {
    const xs = range(300).map((i) => i * i);
    const ys = xs.map((x, i) => (i === 150 ? 9 : Math.log1p(x)));
    expect(lttbIndices(xs, ys, 30)).toContain(150);
  });

  it('never prefers a null to a number, but keeps one where a bucket has only nulls', () => {
    const ys: (number | null)[] = range(100).map((i) => (i >= 60 && i < 99 ? null : i % 7));
    const kept = lttbIndices(range(100), ys, 10);
    expect(kept).toHaveLength(10);
    // Points 1..59 are numbers: no null is picked there; the all-null buckets keep a gap marker.
    expect(kept.filter((i) => i < 60).every((i) => ys[i] !== null)).toBe(true);
    expect(kept.some((i) => ys[i] === null)).toBe(true);
    expect(kept[9]).toBe(99);
  });

  it('refuses bad arguments', () => {
    expect(() => lttbIndices(range(3), [1, 2], 2)).toThrow(RangeError);
    expect(() => lttbIndices(range(3), [1, 2, 3], 1)).toThrow('maxPoints must be an integer ≥ 2');
    expect(() => lttbIndices(range(3), [1, 2, 3], 2.5)).toThrow(RangeError);
  });
});
