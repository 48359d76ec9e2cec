/**
 * Frames of one or more runs (`runFrames`), kept up to date while a run trains: a
 * `run-progress` event of a shown run asks for the frames after the last one held (at
 * most every POLL_MS), `run-finished` once more for the last. And the training points a
 * plane frame draws under its boundary (`datasetSamples`' scatter), once per data set.
 * Frames are held in shallow refs: they are big strings nobody edits.
 */
import { ref, shallowRef, triggerRef, watch } from 'vue';
import { useApi } from '../api/client';
import type { ApiError, Frame, FrameKind, RunRecord, ScatterPoints } from '../shared';
import { useApiEvent } from './useApiEvent';
import { useThrottledReload } from './useThrottledReload';

/** New frames of a live run at most this often: a frame every few hundred ms at most anyway. */
export const POLL_MS = 1000;

export interface RunFramesState {
  frames: Frame[];
  kind: FrameKind | null;
  plannedSteps: number | null;
  loaded: boolean;
}

export function useRunFrames(runIds: () => readonly number[]) {
  const api = useApi();
  const byRun = shallowRef(new Map<number, RunFramesState>());
  const error = ref<ApiError | null>(null);
  const loading = ref(false);
  const dirty = new Set<number>();

  async function fetch(id: number, full: boolean): Promise<void> {
    const held = byRun.value.get(id);
    const since = !full && held?.frames.length ? held.frames[held.frames.length - 1].seq : undefined;
    const r = await api.call('runFrames', since === undefined ? { id } : { id, sinceSeq: since });
    if (!runIds().includes(id)) return;
    if (!r.ok) return void (error.value = r.error);
    error.value = null;
    const now = byRun.value.get(id);
    const frames = since !== undefined && now ? [...now.frames, ...r.data.frames.filter((f) => f.seq > since)] : r.data.frames;
    byRun.value.set(id, { frames, kind: r.data.kind, plannedSteps: r.data.plannedSteps, loaded: true });
    triggerRef(byRun);
  }

  async function loadAll(): Promise<void> {
    const ids = runIds();
    for (const id of [...byRun.value.keys()]) if (!ids.includes(id)) byRun.value.delete(id);
    loading.value = true;
    await Promise.all(ids.filter((id) => !byRun.value.get(id)?.loaded).map((id) => fetch(id, true)));
    loading.value = false;
    triggerRef(byRun);
  }
  watch(() => runIds().join(','), loadAll, { immediate: true });

  const poll = useThrottledReload(async () => {
    const ids = [...dirty];
    dirty.clear();
    await Promise.all(ids.map((id) => fetch(id, false)));
  }, POLL_MS);
  const note = (id: number) => {
    if (!runIds().includes(id)) return;
    dirty.add(id);
    poll();
  };
  useApiEvent('run-progress', (e) => note(e.progress.runId));
  useApiEvent('run-finished', (e) => note(e.runId));
  useApiEvent('run-started', (e) => note(e.runId));

  return { byRun, error, loading, reload: loadAll };
}

/** Training points of each run's data set (two-feature data only), keyed by run id. */
export function useTrainingPoints(runs: () => readonly RunRecord[]) {
  const api = useApi();
  const points = shallowRef(new Map<number, ScatterPoints>());
  const cache = new Map<string, Promise<ScatterPoints | null>>();

  async function load(): Promise<void> {
    const next = new Map<number, ScatterPoints>();
    await Promise.all(
      runs().map(async (run) => {
        const d = run.config.dataset;
        const key = JSON.stringify([d.name, d.seed, d.toy ?? null, d.path ?? null]);
        if (!cache.has(key)) {
          const req = { name: d.name, count: 0, seed: d.seed, ...(d.path ? { path: d.path } : {}), ...(d.toy ? { toy: { ...d.toy, seed: d.seed } } : {}) };
          cache.set(
            key,
            api.call('datasetSamples', req).then((r) => (r.ok ? (r.data.scatter ?? null) : null)),
          );
        }
        const scatter = await cache.get(key)!;
        if (scatter) next.set(run.id, scatter);
      }),
    );
    points.value = next;
  }
  watch(() => runs().map((r) => r.id).join(','), load, { immediate: true });
  return points;
}
