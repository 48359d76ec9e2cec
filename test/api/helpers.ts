import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EventMessage, Result } from '../../src-main/api/contract';
import { createAppServices, type AppServices, type AppServicesOptions } from '../../src-main/api/services';
import { forkWorker } from '../../src-main/sweep/workerLauncher';

export function tempDir(prefix = 'sweeplab-api-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Real services on a real database file, with real worker processes. */
export function openServices(dir: string, opts: Partial<AppServicesOptions> = {}): AppServices {
  return createAppServices({
    dbPath: path.join(dir, 'sweeplab.db'),
    launchWorker: forkWorker,
    mode: 'browser',
    env: { ...process.env, SWEEPLAB_HOME: path.join(dir, 'home'), SWEEPLAB_DATA: '' },
    ...opts,
  });
}

/** The error a call must answer with; throws when it succeeds. */
export async function failure(s: AppServices, method: string, payload: unknown) {
  const r = await s.dispatch(method, payload);
  if (r.ok) throw new Error(`${method} should have failed`);
  return r.error;
}

/** Two quick Iris trials on the scratch engine. */
export function tinyIrisConfig(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'tiny-iris',
    dataset: { name: 'iris' },
    engine: 'scratch',
    model: { hidden: [8] },
    train: { epochs: 40, batchSize: 8, lr: 0.05 },
    search: { params: { 'train.lr': [0.01, 0.1] } },
    concurrency: 2,
    ...extra,
  };
}

/** Trials that take long enough to be cancelled mid-way (a wide MLP on the bundled image subset). */
export function longConfig(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'long-sweep',
    dataset: { name: 'fashion-mnist-subset' },
    engine: 'scratch',
    model: { hidden: [512] },
    train: { epochs: 200, batchSize: 64, lr: 0.01 },
    search: { params: { 'train.seed': [1, 2] } },
    concurrency: 2,
    ...extra,
  };
}

export function ok<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.data;
}

export async function call<T = unknown>(s: AppServices, method: string, payload?: unknown): Promise<T> {
  return ok((await s.dispatch(method, payload)) as Result<T>);
}

/** Records every event; `until` waits for one matching a predicate. */
export function recordEvents(s: AppServices) {
  const events: EventMessage[] = [];
  /** When each event arrived (ms), parallel to `events`. */
  const times: number[] = [];
  const waiters: { match: (m: EventMessage) => boolean; resolve: (m: EventMessage) => void }[] = [];
  const stop = s.onEvent((m) => {
    events.push(m);
    times.push(performance.now());
    for (const w of [...waiters]) if (w.match(m)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(m);
    }
  });
  return {
    events,
    times,
    stop,
    until(match: (m: EventMessage) => boolean, timeoutMs = 60_000): Promise<EventMessage> {
      const seen = events.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching event within ${timeoutMs} ms; saw ${events.map((e) => e.event).join(', ')}`)), timeoutMs);
        waiters.push({ match, resolve: (m) => (clearTimeout(timer), resolve(m)) });
      });
    },
  };
}
