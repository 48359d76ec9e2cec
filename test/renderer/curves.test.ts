import { describe, expect, it } from 'vitest';
import { BoundedSeries } from '../../src-renderer/src/lib/boundedSeries';
import { Curve, xOf, type CurveMeta } from '../../src-renderer/src/lib/curves';
import { emaSmooth } from '../../src-renderer/src/shared';

const meta: CurveMeta = { stepsPerEpoch: 4, startTime: 10_000 };
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

describe('series conversion for the three x axes', () => {
  it('maps a step to the iteration, the fractional epoch and the seconds since the start', () => {
    expect(xOf(6, 13_000, 'iteration', meta)).toBe(6);
    expect(xOf(6, 13_000, 'epoch', meta)).toBe(1.5);
    expect(xOf(6, 13_000, 'time', meta)).toBe(3);
    // No start time recorded: seconds since the first point.
    expect(xOf(6, 13_000, 'time', { stepsPerEpoch: 4, startTime: null }, 12_000)).toBe(1);
    // A first point stamped a few ms before the recorded start (two clocks) starts at 0, not below.
    expect(xOf(1, 9_990, 'time', meta, 9_990)).toBe(0);
    // No steps per epoch yet: the step stands in rather than dividing by nothing.
    expect(xOf(6, 13_000, 'epoch', { stepsPerEpoch: null, startTime: null })).toBe(6);
  });

  it('converts a whole curve and re-converts it when the axis changes', () => {
    const steps = [1, 2, 4, 8];
    const times = steps.map((s) => 10_000 + 500 * s);
    const c = new Curve(meta, 'iteration');
    c.add(steps, [4, 3, 2, 1], times);
    expect(c.points.map((p) => p.x)).toEqual([1, 2, 4, 8]);
    expect(c.setMode('epoch')).toBe(true);
    expect(c.points.map((p) => p.x)).toEqual([0.25, 0.5, 1, 2]);
    c.setMode('time');
    expect(c.points.map((p) => p.x)).toEqual([0.5, 1, 2, 4]);
    expect(c.points.map((p) => p.step)).toEqual(steps);
    // Steps per epoch arriving later (the run started) re-derive the epoch axis.
    c.setMode('epoch');
    c.setMeta({ stepsPerEpoch: 2, startTime: 10_000 });
    expect(c.points.map((p) => p.x)).toEqual([0.5, 1, 2, 4]);
  });

  it('keeps a gap (NaN) where the value was not a number', () => {
    const c = new Curve(meta);
    c.add([1, 2, 3], [1, null, 2], null);
    expect(c.points.map((p) => p.y)).toEqual([1, NaN, 2]);
  });
});

describe('incremental smoothing', () => {
  it('matches emaSmooth with bias correction whether points come at once or in batches', () => {
    const ys = range(1, 50).map((i) => Math.sin(i) + 2);
    const whole = emaSmooth(ys.map((y, i) => ({ x: i + 1, y })), 0.8);
    const c = new Curve(meta, 'iteration', 0.8);
    for (let i = 0; i < 50; i += 7) c.add(range(i + 1, Math.min(50, i + 7)), ys.slice(i, i + 7), null);
    expect(c.smooth.map((p) => p.x)).toEqual(whole.map((p) => p.x));
    c.smooth.forEach((p, i) => expect(p.y).toBeCloseTo(whole[i].y, 12));
    // The first smoothed value equals the first raw one: bias-corrected, not pulled to 0.
    expect(c.smooth[0].y).toBeCloseTo(ys[0], 12);
    c.setSmoothing(0);
    expect(c.smooth).toEqual([]);
  });
});

describe('merging history and live points', () => {
  it('appends live points after history without duplicating the steps both hold', () => {
    const c = new Curve(meta);
    expect(c.add(range(1, 100), range(1, 100), null)).toBe('appended');
    const points = c.points;
    expect(c.add(range(95, 110), range(95, 110), null)).toBe('appended');
    expect(c.steps).toEqual(range(1, 110));
    // Same array object: the chart's dataset sees the new points without being rebuilt.
    expect(c.points).toBe(points);
    expect(c.add(range(100, 110), range(100, 110), null)).toBe('none');
    expect(c.length).toBe(110);
  });

  it('merges history that arrives after live points into one sorted curve', () => {
    const c = new Curve(meta);
    c.add([50, 51, 52], [50, 51, 52], null);
    // Downsampled history up to step 60, overlapping what arrived live.
    expect(c.add([1, 10, 20, 51, 60], [1, 10, 20, 99, 60], null)).toBe('rebuilt');
    expect(c.steps).toEqual([1, 10, 20, 50, 51, 52, 60]);
    // The point held already wins a tie: the same measurement.
    expect(c.values[c.steps.indexOf(51)]).toBe(51);
    expect(c.points.map((p) => p.x)).toEqual(c.steps);
  });

  it('stays bounded on a long run: the older half thinned, the recent points exact', () => {
    const c = new Curve(meta, 'iteration', 0.5, 100);
    for (let start = 1; start <= 1000; start += 50) expect(c.add(range(start, start + 49), range(start, start + 49), null)).not.toBe('none');
    expect(c.length).toBeLessThanOrEqual(100);
    expect(c.steps[0]).toBe(1);
    expect(c.steps.slice(-40)).toEqual(range(961, 1000));
    expect(c.steps.every((s, i) => i === 0 || s > c.steps[i - 1])).toBe(true);
    expect(c.points.map((p) => p.step)).toEqual(c.steps);
    expect(c.smooth).toHaveLength(c.length);
  });

  it('says it rebuilt its arrays when a live append thinned it, so the chart rebinds them', () => {
    const c = new Curve(meta, 'iteration', 0, 8);
    expect(c.add(range(1, 8), range(1, 8), null)).toBe('appended');
    const points = c.points;
    expect(c.add([9], [9], null)).toBe('rebuilt');
    expect(c.points).not.toBe(points);
    expect(c.points.map((p) => p.step)).toEqual(c.steps);
  });
});

describe('the bounded series behind the live store and every curve', () => {
  it('ignores replayed steps and thins the older half, counting each thinning', () => {
    const s = new BoundedSeries(8);
    for (const step of range(1, 8)) expect(s.push(step, step)).toBe(true);
    expect(s.push(8, 99)).toBe(false);
    expect(s.thinnings).toBe(0);
    s.push(9, 9);
    expect(s.thinnings).toBe(1);
    // The older half (steps 1–4) every other point, the newer half whole.
    expect(s.steps).toEqual([1, 3, 5, 6, 7, 8, 9]);
    expect(s.has(5)).toBe(true);
    expect(s.has(4)).toBe(false);
  });

  it('merges earlier points into one increasing series, the point held winning a tie, then thins to fit', () => {
    const s = new BoundedSeries(6);
    for (const step of [5, 6, 7]) s.push(step, step, 1000 + step);
    s.merge([1, 2, 6, 8], [10, 20, 60, 80], null);
    expect(s.steps).toEqual([1, 2, 5, 6, 7, 8]);
    expect(s.values).toEqual([10, 20, 5, 6, 7, 80]);
    expect(s.times.slice(2, 5)).toEqual([1005, 1006, 1007]);
    s.merge([0, 3, 4], [0, 3, 4], null);
    expect(s.length).toBeLessThanOrEqual(6);
    expect(s.steps.slice(-3)).toEqual([6, 7, 8]);
  });

  it('reads a live buffer from the first step after the curve (no O(total) scan)', () => {
    const buf = new BoundedSeries(100);
    for (const s of range(1, 40)) buf.push(s, s, 1000 + s);
    expect(buf.indexAfter(0)).toBe(0);
    expect(buf.indexAfter(25)).toBe(25);
    expect(buf.indexAfter(40)).toBe(40);
    expect(buf.times[0]).toBe(1001);
  });
});
