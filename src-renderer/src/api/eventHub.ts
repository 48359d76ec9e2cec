/**
 * The renderer's one event hub: listeners per contract event, fed by whichever
 * transport carries the events (the preload bridge, the WebSocket) and by the tests'
 * fake API. A listener that throws is reported and the others still run: one broken
 * view must not stop the live store from hearing about progress.
 */
import type { ApiEvents } from '../shared';

/** `{ event, data }` with data typed by event: the contract's EventMessage for ApiEvents. */
export type HubMessage<Events> = { [E in keyof Events]: { event: E; data: Events[E] } }[keyof Events];

export interface EventHub<Events> {
  /** Adds a listener; returns the function that removes it. */
  on<E extends keyof Events>(event: E, cb: (data: Events[E]) => void): () => void;
  emit(message: HubMessage<Events>): void;
  /** Listeners of every event together. */
  readonly size: number;
  clear(): void;
}

export interface EventHubOptions {
  /** Default: console.error. Tests throw instead, so a failing listener fails the test. */
  onListenerError?: (err: unknown, event: string) => void;
}

const logListenerError = (err: unknown, event: string) => console.error(`sweeplab: a listener for "${event}" failed:`, err);

export function createEventHub<Events extends object = ApiEvents>(opts: EventHubOptions = {}): EventHub<Events> {
  const listeners = new Map<keyof Events, Set<(data: never) => void>>();
  const onError = opts.onListenerError ?? logListenerError;
  return {
    on(event, cb) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(cb as (data: never) => void);
      return () => void set.delete(cb as (data: never) => void);
    },
    emit({ event, data }) {
      // A copy: a listener may remove itself (or another) while the event is delivered.
      for (const cb of [...(listeners.get(event) ?? [])]) {
        try {
          (cb as (d: unknown) => void)(data);
        } catch (err) {
          onError(err, String(event));
        }
      }
    },
    get size() {
      let n = 0;
      for (const set of listeners.values()) n += set.size;
      return n;
    },
    clear() {
      listeners.clear();
    },
  };
}
