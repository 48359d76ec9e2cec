import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiEvents, MetricPointDto, RunProgress } from '../../src-main/api/contract';
import { ProgressThrottle } from '../../src-main/api/progressThrottle';

const progress = (runId: number, step: number): RunProgress => ({ runId, sweepId: 1, epoch: 1, epochs: 1, step, steps: 1000, loss: 1 / step, etaMs: null });
const point = (step: number): MetricPointDto => ({ key: 'loss', step, value: 1 / step, time: step });

describe('ProgressThrottle', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('sends at most one event per interval per run, each with every point since the last', () => {
    const sent: { at: number; e: ApiEvents['run-progress'] }[] = [];
    const throttle = new ProgressThrottle((e) => sent.push({ at: Date.now(), e }), 250);
    // One report every 10 ms for 2 s, from two runs.
    for (let step = 1; step <= 200; step++) {
      throttle.push(progress(1, step), [point(step)]);
      throttle.push(progress(2, step), [point(step)]);
      vi.advanceTimersByTime(10);
    }
    vi.advanceTimersByTime(1000);
    for (const runId of [1, 2]) {
      const mine = sent.filter((s) => s.e.progress.runId === runId);
      expect(mine.length).toBeLessThanOrEqual(Math.ceil(2000 / 250) + 1);
      for (let i = 1; i < mine.length; i++) expect(mine[i].at - mine[i - 1].at).toBeGreaterThanOrEqual(250);
      expect(mine.flatMap((s) => s.e.points.map((p) => p.step))).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
      expect(mine.at(-1)!.e.progress.step).toBe(200);
    }
  });

  it('sends the first report at once and flushes what is pending when a run finishes', () => {
    const sent: ApiEvents['run-progress'][] = [];
    const throttle = new ProgressThrottle((e) => sent.push(e), 250);
    throttle.push(progress(7, 1), [point(1)]);
    expect(sent).toHaveLength(1);
    throttle.push(progress(7, 2), [point(2)]);
    throttle.push(progress(7, 3), [point(3)]);
    expect(sent).toHaveLength(1);
    throttle.finish(7);
    expect(sent.map((e) => e.points.map((p) => p.step))).toEqual([[1], [2, 3]]);
    vi.advanceTimersByTime(1000);
    expect(sent).toHaveLength(2); // the cancelled timer sends nothing twice
  });
});
