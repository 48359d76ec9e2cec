/**
 * The sweeps list, kept live. Events patch the affected summary at once (so progress
 * bars move with every finished run) and schedule a throttled reload that brings in what
 * events do not carry (best accuracy, new sweeps' summaries): at most one listSweeps
 * per REFRESH_MS however busy the sweep.
 */
import { defineStore } from 'pinia';
import { computed, onScopeDispose, ref } from 'vue';
import { useApi } from '../api/client';
import { useApiEvent } from '../composables/useApiEvent';
import type { ApiError, Result, SweepSummary } from '../shared';

export const REFRESH_MS = 1000;

export const useSweepsStore = defineStore('sweeps', () => {
  const api = useApi();
  const list = ref<SweepSummary[]>([]);
  const loading = ref(false);
  const loaded = ref(false);
  const error = ref<ApiError | null>(null);
  const byId = computed(() => new Map(list.value.map((s) => [s.id, s])));
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastRefresh = -Infinity;

  async function refresh(): Promise<void> {
    loading.value = true;
    lastRefresh = Date.now();
    const r = await api.call('listSweeps', undefined);
    loading.value = false;
    if (r.ok) [list.value, loaded.value, error.value] = [r.data, true, null];
    else error.value = r.error;
  }

  function scheduleRefresh(): void {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      void refresh();
    }, Math.max(0, lastRefresh + REFRESH_MS - Date.now()));
  }

  const stops = [
    useApiEvent('sweep-created', scheduleRefresh),
    useApiEvent('run-started', ({ sweepId }) => {
      const s = byId.value.get(sweepId);
      if (s) [s.status, s.counts.queued, s.counts.running] = ['running', Math.max(0, s.counts.queued - 1), s.counts.running + 1];
      scheduleRefresh();
    }),
    useApiEvent('run-finished', ({ sweepId, status }) => {
      const s = byId.value.get(sweepId);
      if (s) [s.counts.running, s.counts[status]] = [Math.max(0, s.counts.running - 1), s.counts[status] + 1];
      scheduleRefresh();
    }),
    useApiEvent('sweep-finished', ({ sweepId, status }) => {
      const s = byId.value.get(sweepId);
      if (s) s.status = status;
      scheduleRefresh();
    }),
    useApiEvent('sweep-deleted', ({ sweepId }) => void (list.value = list.value.filter((s) => s.id !== sweepId))),
    // The CLI or another app wrote to the same database: its sweeps carry no events here.
    useApiEvent('store-changed', scheduleRefresh),
  ];

  /** Stops listening (also done by `$dispose()`). */
  function stop(): void {
    stops.forEach((off) => off());
    if (timer) clearTimeout(timer);
    timer = null;
  }
  onScopeDispose(stop);

  async function remove(id: number): Promise<Result<{ deleted: boolean }>> {
    const r = await api.call('deleteSweep', { id });
    if (r.ok) list.value = list.value.filter((s) => s.id !== id);
    return r;
  }

  async function resume(id: number): Promise<Result<{ queued: number }>> {
    const r = await api.call('resumeSweep', { id });
    if (r.ok) scheduleRefresh();
    return r;
  }

  async function cancel(id: number): Promise<Result<{ cancelled: boolean }>> {
    const r = await api.call('cancelSweep', { id });
    if (r.ok) scheduleRefresh();
    return r;
  }

  return { list, loading, loaded, error, byId, refresh, stop, remove, resume, cancel };
});

/** Runs that have ended, for a sweep's progress bar: a pruned run ended too, just early. */
export const doneCount = (s: SweepSummary): number => s.counts.completed + s.counts.pruned + s.counts.failed;
export const isActive = (s: SweepSummary): boolean => s.status === 'running' || s.status === 'queued';
/** Only a running sweep is refused; the server says so for any other that is still busy. */
export const canDelete = (s: SweepSummary): boolean => s.status !== 'running';
/** Stopped with trials left to run (or to retry, when every run failed). */
export const canResume = (s: Pick<SweepSummary, 'status'>): boolean => s.status === 'interrupted' || s.status === 'cancelled' || s.status === 'failed';
