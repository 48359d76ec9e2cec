/**
 * The queue's workers, asked again every few seconds while the page is visible (a hidden
 * tab or minimised window asks nothing), stopped when the component goes. A failed ask
 * keeps the last list and says why; the next one may succeed (a queue restarting).
 */
import { getCurrentScope, onScopeDispose, ref } from 'vue';
import { useApi } from '../api/client';
import type { ApiError, WorkersView } from '../shared';

export const WORKERS_REFRESH_MS = 3000;

export function useWorkers(intervalMs = WORKERS_REFRESH_MS) {
  const api = useApi();
  const view = ref<WorkersView | null>(null);
  const error = ref<ApiError | null>(null);
  const loading = ref(false);
  /** When the last answer came: what "3 s ago" is measured against. */
  const answeredAt = ref(Date.now());
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  async function refresh(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = null;
    loading.value = true;
    const r = await api.call('listWorkers', undefined);
    loading.value = false;
    answeredAt.value = Date.now();
    if (r.ok) view.value = r.data;
    error.value = r.ok ? null : r.error;
    schedule();
  }

  function schedule(): void {
    if (stopped || timer || document.visibilityState === 'hidden') return;
    timer = setTimeout(() => void refresh(), intervalMs);
  }

  const onVisibility = () => (document.visibilityState === 'hidden' ? stop() : ((stopped = false), void refresh()));
  function stop(): void {
    stopped = true;
    if (timer) clearTimeout(timer);
    timer = null;
  }

  document.addEventListener('visibilitychange', onVisibility);
  if (getCurrentScope())
    onScopeDispose(() => {
      stop();
      document.removeEventListener('visibilitychange', onVisibility);
    });
  void refresh();
  return { view, error, loading, answeredAt, refresh };
}
