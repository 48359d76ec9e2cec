/**
 * The desktop transport: `window.sweeplab`, exposed by the preload with one function per
 * contract method and a single `onEvent` stream. This adapter turns it into the
 * contract's `call`/`listen`, subscribing to the bridge once, however many listeners
 * (kept in the shared event hub).
 */
import { ref } from 'vue';
import type { ApiEvent, ApiEvents, ApiMethod, EventMessage, Req, Res, Result } from '../shared';
import type { SweeplabClient } from './client';
import { createEventHub } from './eventHub';
import { failure, messageOf } from './result';

export type ElectronBridge = { [M in ApiMethod]: (req: Req<M>) => Promise<Result<Res<M>>> } & {
  onEvent(cb: (message: EventMessage) => void): () => void;
  platform: 'electron';
};

export function createElectronTransport(bridge: ElectronBridge): SweeplabClient {
  const listeners = createEventHub<ApiEvents>();
  let unsubscribe: (() => void) | null = null;

  return {
    transport: 'electron',
    // IPC has no connection to lose.
    connection: ref('open'),
    reconnect() {},
    async call<M extends ApiMethod>(method: M, req: Req<M>): Promise<Result<Res<M>>> {
      const fn = bridge[method] as unknown as ((r: Req<M>) => Promise<Result<Res<M>>>) | undefined;
      if (typeof fn !== 'function') return failure('UNAVAILABLE', `${method} is not available in this version of the desktop app`);
      try {
        return await fn(req);
      } catch (err) {
        // invoke() rejects only when the IPC itself fails: the handler answers Results.
        return failure('INTERNAL', `${method} failed: ${messageOf(err)}`);
      }
    },
    listen<E extends ApiEvent>(event: E, cb: (data: ApiEvents[E]) => void): () => void {
      const off = listeners.on(event, cb);
      unsubscribe ??= bridge.onEvent((message) => listeners.emit(message));
      return () => {
        off();
        if (listeners.size === 0 && unsubscribe) {
          unsubscribe();
          unsubscribe = null;
        }
      };
    },
    close() {
      listeners.clear();
      unsubscribe?.();
      unsubscribe = null;
    },
  };
}
