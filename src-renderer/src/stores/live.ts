/**
 * Live training state from 'run-progress' events: each running run's progress (epoch,
 * step, loss, ETA), reactive, and its metric points, buffered per run and key for the
 * charts.
 *
 * The buffers stay outside Vue's reactivity (tens of thousands of points would make deep
 * proxies slow): a chart listens to 'run-progress' itself and then reads
 * `live.series(id, 'loss')` from the first step it lacks. Memory is bounded twice:
 * MAX_SERIES_POINTS per series (older points thinned, see BoundedSeries) and MAX_RUNS
 * runs (the least recently updated finished runs are forgotten first).
 */
import { defineStore } from 'pinia';
import { reactive } from 'vue';
import { useApiEvent } from '../composables/useApiEvent';
import { BoundedSeries } from '../lib/boundedSeries';
import type { RunProgress } from '../shared';

export const MAX_RUNS = 200;

export const useLiveStore = defineStore('live', () => {
  const progress = reactive<Record<number, RunProgress>>({});
  /** Runs training now: never forgotten to make room. */
  const running = new Set<number>();
  /** Least recently updated first (a run is re-inserted on each update). */
  const buffers = new Map<number, Map<string, BoundedSeries>>();

  function bufferOf(runId: number, key: string): BoundedSeries {
    let run = buffers.get(runId);
    if (!run) {
      buffers.set(runId, (run = new Map()));
      evictOld();
    }
    let s = run.get(key);
    if (!s) run.set(key, (s = new BoundedSeries()));
    return s;
  }

  function evictOld(): void {
    if (buffers.size <= MAX_RUNS) return;
    const idle = [...buffers.keys()].filter((id) => !running.has(id));
    for (const id of idle.slice(0, buffers.size - MAX_RUNS)) {
      buffers.delete(id);
      delete progress[id];
    }
  }

  function touch(runId: number): void {
    const run = buffers.get(runId);
    if (!run) return;
    buffers.delete(runId);
    buffers.set(runId, run);
  }

  useApiEvent('run-started', ({ runId }) => void running.add(runId));
  useApiEvent('run-progress', ({ progress: p, points }) => {
    progress[p.runId] = p;
    running.add(p.runId);
    for (const pt of points) bufferOf(p.runId, pt.key).push(pt.step, pt.value, pt.time);
    touch(p.runId);
  });
  useApiEvent('run-finished', ({ runId }) => {
    running.delete(runId);
    delete progress[runId];
  });

  return {
    progress,
    /** The buffered points of one run's metric, oldest first; null when none arrived. */
    series: (runId: number, key: string): Readonly<BoundedSeries> | null => buffers.get(runId)?.get(key) ?? null,
  };
});

/** Fraction of a run done, from its progress: steps when known, else epochs. */
export function runFraction(p: RunProgress): number {
  if (p.steps > 0) return Math.min(1, p.step / p.steps);
  return p.epochs > 0 ? Math.min(1, (p.epoch - 1) / p.epochs) : 0;
}
