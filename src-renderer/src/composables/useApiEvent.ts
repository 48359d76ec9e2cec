/**
 * Listens to a contract event for as long as the current effect scope lives: a
 * component's lifetime, or a store's (until `$dispose()`). Returns the function that
 * stops listening early.
 */
import { getCurrentScope, onScopeDispose } from 'vue';
import { useApi } from '../api/client';
import type { ApiEvent, ApiEvents } from '../shared';

export function useApiEvent<E extends ApiEvent>(event: E, cb: (data: ApiEvents[E]) => void): () => void {
  let off: (() => void) | null = useApi().listen(event, cb);
  const stop = () => {
    off?.();
    off = null;
  };
  if (getCurrentScope()) onScopeDispose(stop);
  return stop;
}
