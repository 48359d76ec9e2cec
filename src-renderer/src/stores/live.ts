/**
 * Live training state from 'run-progress' events: each running run's progress (epoch,
 * step, loss, ETA) and its metric points, buffered per run and key for the charts.
 *
 * Buffers are plain objects outside Vue's reactivity (tens of thousands of points would
 * make deep proxies slow); `revision[runId]` is the reactive signal that a run's
 * buffers changed, so a chart does `watch(() => live.revision[id], redraw)` and reads
 * `live.series(id, 'loss')`. Memory is bounded twice: MAX_POINTS per series (older
 * points thinned, see BoundedSeries) and MAX_RUNS runs (the least recently updated
 * finished runs are forgotten first).
 */
import { defineStore } from 'pinia';
import { markRaw, reactive } from 'vue';
import { useApiEvent } from '../composables/useApiEvent';
import { BoundedSeries } from '../lib/boundedSeries';
import type { MetricSeries, RunProgress, RunStatus } from '../shared';

export const MAX_POINTS = 20_000;
export const MAX_RUNS = 200;

export const useLiveStore = defineStore('live', () => {
  const progress = reactive<Record<number, RunProgress>>({});
  const status = reactive<Record<number, RunStatus>>({});
  const revision = reactive<Record<number, number>>({});
  const buffers = markRaw(new Map<number, Map<string, BoundedSeries>>());

  function bufferOf(runId: number, key: string): BoundedSeries {
    let run = buffers.get(runId);
    if (!run) {
      buffers.set(runId, (run = new Map()));
      evictOld();
    }
    let s = run.get(key);
    if (!s) run.set(key, (s = new BoundedSeries(MAX_POINTS)));
    return s;
  }

  function evictOld(): void {
    if (buffers.size <= MAX_RUNS) return;
    const idle = [...buffers.keys()].filter((id) => status[id] !== 'running');
    // Map order is insertion order; a run re-inserted on update sits at the end.
    for (const id of idle.slice(0, buffers.size - MAX_RUNS)) forget(id);
  }

  function touch(runId: number): void {
    const run = buffers.get(runId);
    if (run) {
      buffers.delete(runId);
      buffers.set(runId, run);
    }
    revision[runId] = (revision[runId] ?? 0) + 1;
  }

  /** Adds history fetched with `metrics` (older points; live ones after it are kept). */
  function seed(series: readonly MetricSeries[]): void {
    for (const s of series) {
      const buf = bufferOf(s.runId, s.key);
      const merged = new BoundedSeries(MAX_POINTS);
      s.steps.forEach((step, i) => merged.push(step, s.values[i], s.times[i]));
      buf.steps.forEach((step, i) => merged.push(step, buf.values[i], buf.times[i]));
      buffers.get(s.runId)!.set(s.key, merged);
      touch(s.runId);
    }
  }

  function forget(runId: number): void {
    buffers.delete(runId);
    delete progress[runId];
    delete status[runId];
    delete revision[runId];
  }

  useApiEvent('run-started', ({ runId }) => void (status[runId] = 'running'));
  useApiEvent('run-progress', ({ progress: p, points }) => {
    progress[p.runId] = p;
    status[p.runId] = 'running';
    for (const pt of points) bufferOf(p.runId, pt.key).push(pt.step, pt.value, pt.time);
    touch(p.runId);
  });
  useApiEvent('run-finished', ({ runId, status: s }) => {
    status[runId] = s;
    delete progress[runId];
  });

  return {
    progress,
    status,
    revision,
    seed,
    forget,
    /** The buffered points of one run's metric, oldest first; null when none arrived. */
    series: (runId: number, key: string): Readonly<BoundedSeries> | null => buffers.get(runId)?.get(key) ?? null,
    keys: (runId: number): string[] => [...(buffers.get(runId)?.keys() ?? [])],
  };
});

/** Fraction of a run done, from its progress: steps when known, else epochs. */
export function runFraction(p: RunProgress): number {
  if (p.steps > 0) return Math.min(1, p.step / p.steps);
  return p.epochs > 0 ? Math.min(1, (p.epoch - 1) / p.epochs) : 0;
}
