/**
 * An in-memory SweeplabApi for renderer tests: handlers per method (return the data, or
 * throw `fail(...)` for an error Result), a log of calls, and `emit` to push events the
 * way the server would, through the app's own event hub (a listener that throws fails the
 * test instead of being logged). Unhandled methods answer UNAVAILABLE, like browser mode
 * does for the desktop-only ones.
 */
import { createEventHub } from '../../src-renderer/src/api/eventHub';
import type { AnalysisTrial, ApiError, ApiErrorCode, ApiEvent, ApiEvents, ApiMethod, ConfigIssue, EventMessage, ImportanceReport, Req, Res, Result, SweeplabApi, SweepSummary, TunerTrial, TunerView } from '../../src-renderer/src/shared';

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
  /** Listeners still registered: 0 once every store and view has stopped listening. */
  listenerCount(): number;
  callsOf(method: ApiMethod): unknown[];
}

export function createFakeApi(handlers: Handlers = {}): FakeApi {
  const hub = createEventHub<ApiEvents>({
    onListenerError: (err) => {
      throw err;
    },
  });
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
    listen: (event, cb) => hub.on(event, cb),
    emit: (event, data) => hub.emit({ event, data } as EventMessage),
    listenerCount: () => hub.size,
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
    counts: { queued: 0, running: 0, completed: 4, pruned: 0, failed: 0, cancelled: 0, interrupted: 0 },
    bestValAcc: 0.9,
    note: null,
    tags: [],
    starred: false,
    ...over,
  };
}

/** Lets pending promise callbacks run (several await hops). */
export async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

/** A `tunerView` answer: an ASHA-pruned TPE search over `trials` (default: none yet). */
export function tunerView(over: Partial<TunerView> & { sweepId?: number } = {}): TunerView {
  return {
    sweepId: 1,
    strategy: 'tpe',
    objective: { metric: 'val_acc', direction: 'maximize' },
    pruner: { type: 'asha', minEpochs: 1, reductionFactor: 3 },
    maxEpochs: 9,
    rungs: [1, 3, 9],
    budget: { epochs: 100 },
    spent: { epochs: 0, minutes: 0 },
    trials: [],
    ...over,
  };
}

/** One trial of a tunerView answer; run id = trial index + 1, started a minute apart. */
export function tunerTrial(over: Partial<TunerTrial> & { trialIndex: number }): TunerTrial {
  const i = over.trialIndex;
  return {
    runId: i + 1,
    status: 'completed',
    value: null,
    bestSoFar: null,
    epochs: 0,
    startedAt: 60_000 * i,
    finishedAt: 60_000 * i + 30_000,
    note: null,
    params: { 'train.lr': 0.01 * (i + 1) },
    ...over,
  };
}

/**
 * An `importance` answer: a random search over a log learning rate and a categorical
 * seed, `n` finished trials (run id = trial index + 1) whose val_acc only the rate moves.
 */
export function importanceReport(n: number, over: Partial<ImportanceReport> = {}): ImportanceReport {
  const trials: AnalysisTrial[] = Array.from({ length: n }, (_, i) => ({
    runId: i + 1,
    trialIndex: i,
    status: i % 5 === 4 ? 'pruned' : 'completed',
    params: { 'train.lr': 10 ** (-4 + (4 * i) / Math.max(1, n - 1)), 'train.seed': i % 3 },
    value: 0.5 + 0.4 * (i / Math.max(1, n - 1)),
  }));
  return {
    sweepId: 1,
    objective: { metric: 'val_acc', direction: 'maximize' },
    params: [
      { key: 'train.lr', kind: 'numeric', log: true, integer: false, min: 1e-4, max: 1, values: [], conditional: false },
      { key: 'train.seed', kind: 'categorical', log: false, integer: false, min: 0, max: 2, values: [0, 1, 2], conditional: false },
    ],
    trials,
    finished: n,
    minTrials: 10,
    importance: n >= 10 ? [{ key: 'train.lr', importance: 0.8, std: 0.05, correlation: 0.99 }, { key: 'train.seed', importance: 0.02, std: 0.01, correlation: null }] : null,
    ...over,
  };
}
