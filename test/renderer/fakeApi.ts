/**
 * An in-memory SweeplabApi for renderer tests: handlers per method (return the data, or
 * throw `fail(...)` for an error Result), a log of calls, and `emit` to push events the
 * way the server would. Unhandled methods answer UNAVAILABLE, like browser mode does for
 * the desktop-only ones.
 */
import type { ApiError, ApiErrorCode, ApiEvent, ApiEvents, ApiMethod, ConfigIssue, Req, Res, Result, SweeplabApi, SweepSummary } from '../../src-renderer/src/shared';

export class ApiFail extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
  }
}

export const fail = (code: ApiErrorCode, message: string, issues?: ConfigIssue[]): ApiFail => new ApiFail({ code, message, ...(issues ? { issues } : {}) });

type Handlers = { [M in ApiMethod]?: (req: Req<M>) => Res<M> | Promise<Res<M>> };

export interface FakeApi extends SweeplabApi {
  calls: { method: ApiMethod; req: unknown }[];
  handlers: Handlers;
  emit<E extends ApiEvent>(event: E, data: ApiEvents[E]): void;
  listenerCount(event?: ApiEvent): number;
  callsOf(method: ApiMethod): unknown[];
}

export function createFakeApi(handlers: Handlers = {}): FakeApi {
  const listeners = new Map<ApiEvent, Set<(data: never) => void>>();
  const api: FakeApi = {
    calls: [],
    handlers,
    async call<M extends ApiMethod>(method: M, req: Req<M>): Promise<Result<Res<M>>> {
      api.calls.push({ method, req });
      const h = api.handlers[method] as ((r: Req<M>) => Res<M> | Promise<Res<M>>) | undefined;
      if (!h) return { ok: false, error: { code: 'UNAVAILABLE', message: `${method} is not available here` } };
      try {
        return { ok: true, data: await h(req) };
      } catch (err) {
        if (err instanceof ApiFail) return { ok: false, error: err.error };
        throw err;
      }
    },
    listen<E extends ApiEvent>(event: E, cb: (data: ApiEvents[E]) => void) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(cb as (data: never) => void);
      return () => void set.delete(cb as (data: never) => void);
    },
    emit(event, data) {
      for (const cb of [...(listeners.get(event) ?? [])]) (cb as (d: unknown) => void)(data);
    },
    listenerCount(event) {
      if (event) return listeners.get(event)?.size ?? 0;
      return [...listeners.values()].reduce((n, s) => n + s.size, 0);
    },
    callsOf(method) {
      return api.calls.filter((c) => c.method === method).map((c) => c.req);
    },
  };
  return api;
}

export function summary(over: Partial<SweepSummary> & { id: number }): SweepSummary {
  return {
    name: `sweep-${over.id}`,
    status: 'completed',
    createdAt: Date.UTC(2025, 0, 1) + over.id * 1000,
    startedAt: Date.UTC(2025, 0, 1) + over.id * 1000,
    finishedAt: null,
    trials: 4,
    counts: { queued: 0, running: 0, completed: 4, failed: 0, cancelled: 0, interrupted: 0 },
    bestValAcc: 0.9,
    ...over,
  };
}

/** Lets pending promise callbacks run (several await hops). */
export async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
