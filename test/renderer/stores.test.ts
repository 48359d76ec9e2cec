import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setApi } from '../../src-renderer/src/api/client';
import { useDatasetsStore } from '../../src-renderer/src/stores/datasets';
import { MAX_SERIES_POINTS } from '../../src-renderer/src/lib/boundedSeries';
import { MAX_RUNS, useLiveStore } from '../../src-renderer/src/stores/live';
import { INFO_TIMEOUT_MS, useNotificationsStore } from '../../src-renderer/src/stores/notifications';
import { REFRESH_MS, useSweepsStore } from '../../src-renderer/src/stores/sweeps';
import type { RunProgress } from '../../src-renderer/src/shared';
import { createFakeApi, flush, summary, type FakeApi } from './fakeApi';

let api: FakeApi;

beforeEach(() => {
  setActivePinia(createPinia());
});
afterEach(() => {
  vi.useRealTimers();
  setApi(null);
});

describe('sweeps store', () => {
  beforeEach(() => {
    api = createFakeApi({ listSweeps: () => [summary({ id: 1, status: 'running', trials: 4, counts: { queued: 3, running: 1, completed: 0, pruned: 0, failed: 0, cancelled: 0, interrupted: 0 } })] });
    setApi(api);
  });

  it('patches a sweep at once on run events, then reloads, throttled', async () => {
    vi.useFakeTimers();
    const sweeps = useSweepsStore();
    await sweeps.refresh();
    expect(api.callsOf('listSweeps')).toHaveLength(1);

    api.emit('run-finished', { sweepId: 1, runId: 11, status: 'completed', error: null, errorCode: null });
    api.emit('run-started', { sweepId: 1, runId: 12, engine: 'scratch', backend: 'scratch', gpu: false });
    const s = sweeps.byId.get(1)!;
    expect(s.counts).toMatchObject({ completed: 1, running: 1, queued: 2 });

    // A burst of events costs one reload, after the throttle window.
    for (let i = 0; i < 20; i++) api.emit('run-finished', { sweepId: 1, runId: 100 + i, status: 'failed', error: 'x', errorCode: 'TRIAL_FAILED' });
    await vi.advanceTimersByTimeAsync(REFRESH_MS - 10);
    expect(api.callsOf('listSweeps')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(10);
    expect(api.callsOf('listSweeps')).toHaveLength(2);
    // The reload is the truth again.
    expect(sweeps.byId.get(1)!.counts.completed).toBe(0);
  });

  it('marks a finished sweep and drops a deleted one', async () => {
    const sweeps = useSweepsStore();
    await sweeps.refresh();
    api.emit('sweep-finished', { sweepId: 1, status: 'completed', message: null });
    expect(sweeps.byId.get(1)!.status).toBe('completed');
    api.emit('sweep-deleted', { sweepId: 1 });
    expect(sweeps.list).toEqual([]);
  });

  it('reloads the list when another process wrote to the database', async () => {
    vi.useFakeTimers();
    try {
      const sweeps = useSweepsStore();
      await sweeps.refresh();
      const calls = () => api.callsOf('listSweeps').length;
      const before = calls();
      api.emit('store-changed', {});
      await vi.advanceTimersByTimeAsync(REFRESH_MS + 10);
      expect(calls()).toBe(before + 1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps the load error in `error` rather than throwing', async () => {
    setApi(createFakeApi());
    const sweeps = useSweepsStore();
    await sweeps.refresh();
    expect(sweeps.error?.code).toBe('UNAVAILABLE');
    expect(sweeps.loading).toBe(false);
  });

  it('stops listening when disposed', () => {
    const sweeps = useSweepsStore();
    expect(api.listenerCount()).toBeGreaterThan(0);
    sweeps.$dispose();
    expect(api.listenerCount()).toBe(0);
  });
});

const progress = (runId: number, step: number): RunProgress => ({ runId, sweepId: 1, epoch: 1, epochs: 2, step, steps: 100_000, loss: 0.5, etaMs: 1000 });

describe('live store', () => {
  beforeEach(() => setApi((api = createFakeApi())));

  it('keeps progress per running run and forgets it when the run finishes', () => {
    const live = useLiveStore();
    api.emit('run-progress', { progress: progress(7, 10), points: [] });
    expect(live.progress[7]).toMatchObject({ step: 10, etaMs: 1000 });
    api.emit('run-finished', { sweepId: 1, runId: 7, status: 'completed', error: null, errorCode: null });
    expect(live.progress[7]).toBeUndefined();
  });

  it('bounds each series, keeping the newest points exact and the oldest', () => {
    const live = useLiveStore();
    const total = 3 * MAX_SERIES_POINTS;
    for (let start = 1; start <= total; start += 500) {
      const points = Array.from({ length: 500 }, (_, i) => ({ key: 'loss', step: start + i, value: 1 / (start + i), time: 0 }));
      api.emit('run-progress', { progress: progress(3, start + 499), points });
    }
    const s = live.series(3, 'loss')!;
    expect(s.length).toBeLessThanOrEqual(MAX_SERIES_POINTS);
    expect(s.length).toBeGreaterThan(MAX_SERIES_POINTS / 2);
    expect(s.steps[0]).toBe(1);
    // The newest thousand points are all there, in order.
    expect(s.steps.slice(-1000)).toEqual(Array.from({ length: 1000 }, (_, i) => total - 999 + i));
    expect(s.values[s.values.length - 1]).toBe(1 / total);
    expect(s.steps.every((v, i) => i === 0 || v > s.steps[i - 1])).toBe(true);
  });

  it('ignores replayed points: the first value of a step is the one kept', () => {
    const live = useLiveStore();
    api.emit('run-progress', { progress: progress(4, 12), points: [11, 12].map((step) => ({ key: 'loss', step, value: step, time: 0 })) });
    api.emit('run-progress', { progress: progress(4, 12), points: [{ key: 'loss', step: 12, value: 99, time: 0 }] });
    expect(live.series(4, 'loss')!.steps).toEqual([11, 12]);
    expect(live.series(4, 'loss')!.values).toEqual([11, 12]);
  });

  it('makes room by forgetting the least recently updated finished runs, never a running one', () => {
    const live = useLiveStore();
    const point = (step: number) => [{ key: 'loss', step, value: 1, time: 0 }];
    // Run 1 is still training but silent; runs 2 and 3 finished; run 2 then reports late.
    api.emit('run-progress', { progress: progress(1, 1), points: point(1) });
    for (const id of [2, 3]) {
      api.emit('run-progress', { progress: progress(id, 1), points: point(1) });
      api.emit('run-finished', { sweepId: 1, runId: id, status: 'completed', error: null, errorCode: null });
    }
    api.emit('run-progress', { progress: progress(2, 2), points: point(2) });
    api.emit('run-finished', { sweepId: 1, runId: 2, status: 'completed', error: null, errorCode: null });
    for (let id = 4; id <= MAX_RUNS + 1; id++) api.emit('run-progress', { progress: progress(id, 1), points: point(1) });
    // One run too many: a finished one goes, the least recently updated.
    expect(live.series(1, 'loss')).not.toBeNull();
    expect(live.series(3, 'loss')).toBeNull();
    expect(live.series(2, 'loss')).not.toBeNull();
    api.emit('run-progress', { progress: progress(MAX_RUNS + 2, 1), points: point(1) });
    expect(live.series(2, 'loss')).toBeNull();
    expect(live.series(1, 'loss')).not.toBeNull();
  });

  it('stops listening when disposed', () => {
    useLiveStore().$dispose();
    expect(api.listenerCount()).toBe(0);
  });
});

describe('datasets store', () => {
  it('tracks a download file by file from dataset-progress events, then reloads the list', async () => {
    let finish!: () => void;
    api = createFakeApi({
      listDatasets: () => [],
      fetchDataset: () => new Promise<{ dir: string }>((resolve) => (finish = () => resolve({ dir: '/data' }))),
    });
    setApi(api);
    const datasets = useDatasetsStore();
    const done = datasets.download();
    expect(datasets.downloading).toBe(true);
    api.emit('dataset-progress', { name: 'fashion-mnist', file: 'train-images', received: 500, total: 1000, fileIndex: 0, files: 4, done: false, error: null });
    api.emit('dataset-progress', { name: 'fashion-mnist', file: 'train-images', received: 1000, total: 1000, fileIndex: 0, files: 4, done: false, error: null });
    api.emit('dataset-progress', { name: 'fashion-mnist', file: 'train-labels', received: 10, total: null, fileIndex: 1, files: 4, done: false, error: null });
    expect(datasets.downloadFiles.map((f) => [f.file, f.received, f.total, f.done])).toEqual([
      ['train-images', 1000, 1000, true],
      ['train-labels', 10, null, false],
    ]);
    finish();
    expect(await done).toBe(true);
    expect(datasets.downloading).toBe(false);
    expect(api.callsOf('listDatasets')).toHaveLength(1);
  });

  it('shows a failed download\'s reason', async () => {
    setApi(createFakeApi({ listDatasets: () => [] }));
    const datasets = useDatasetsStore();
    expect(await datasets.download()).toBe(false);
    expect(datasets.downloadError).toContain('not available');
  });
});

describe('notifications store', () => {
  it('dismisses infos by itself but keeps errors until dismissed', async () => {
    vi.useFakeTimers();
    const n = useNotificationsStore();
    n.info('saved');
    const id = n.error('Could not delete', { code: 'CONFLICT', message: 'sweep 3 is running' });
    n.error('Could not delete', { code: 'CONFLICT', message: 'sweep 3 is running' });
    expect(n.items.map((i) => i.message)).toEqual(['saved', 'Could not delete: sweep 3 is running']);
    expect(n.items[1].count).toBe(2);
    await vi.advanceTimersByTimeAsync(INFO_TIMEOUT_MS + 1);
    expect(n.items.map((i) => i.kind)).toEqual(['error']);
    n.dismiss(id);
    expect(n.items).toEqual([]);
    await flush();
  });
});
