/**
 * Runs `load` at most once per `ms` however often `request()` is called, the last
 * request always honoured; stops with the component. For views that reload a detail
 * on every event of a busy sweep.
 */
import { getCurrentScope, onScopeDispose } from 'vue';

export function useThrottledReload(load: () => unknown, ms = 1000): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last = -Infinity;
  if (getCurrentScope()) onScopeDispose(() => timer && clearTimeout(timer));
  return () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      last = Date.now();
      void load();
    }, Math.max(0, last + ms - Date.now()));
  };
}
