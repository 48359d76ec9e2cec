/**
 * `listWorkers` against a real redis-server with a real `sweeplab worker`: nothing to
 * list without a queue; the worker with what it announced and its heartbeat; the runs of
 * a sweep started through the services (the queue chosen by the setting alone) listed as
 * current on it while they train, then counted as done, each run naming it; and a queue
 * out of reach is a clear UNAVAILABLE.
 */
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Settings, WorkersView } from '../../src-main/api/contract';
import type { AppServices } from '../../src-main/api/services';
import { call, failure, openServices, recordEvents, tempDir, tinyIrisConfig } from '../api/helpers';
import { startWorker, type WorkerProcess } from './cluster';
import { startRedis, type RedisServer } from './redisServer';

let redis: RedisServer;
let worker: WorkerProcess;
const t = tempDir('sweeplab-workers-');
let s: AppServices;

beforeAll(async () => {
  redis = await startRedis();
  worker = await startWorker(redis.url, 'w1');
  const env = { ...process.env };
  delete env.SWEEPLAB_QUEUE;
  s = openServices(t.dir, { env: { ...env, SWEEPLAB_HOME: `${t.dir}/home`, SWEEPLAB_DATA: '' } });
});
afterAll(async () => {
  await s?.close();
  await worker?.stop();
  await redis?.stop();
  t.cleanup();
});

describe('listWorkers', () => {
  it('lists nothing while trials run on this machine', async () => {
    expect(await call<WorkersView>(s, 'listWorkers')).toEqual({ queue: null, workers: [] });
  });

  it('lists the live worker with what it announced and a recent heartbeat', async () => {
    await call<Settings>(s, 'setSettings', { queue: redis.url });
    const view = await call<WorkersView>(s, 'listWorkers');
    expect(view.queue).toBe(new URL(redis.url).href);
    expect(view.workers).toHaveLength(1);
    const w = view.workers[0];
    expect(w).toMatchObject({ name: 'w1', host: os.hostname(), cores: os.availableParallelism(), concurrency: 1, nativeOps: expect.any(Boolean), currentRuns: [], trialsDone: 0 });
    expect(w.engines).toEqual(['scratch', 'tfjs']);
    expect(w.backends).toContain('scratch/js');
    expect(w.datasets).toContain('iris');
    expect(w.since).toBeLessThanOrEqual(Date.now());
    // Refreshed every 3 s: never older than the announcement's 10 s life.
    expect(Date.now() - w.lastSeen!).toBeLessThan(10_000);
    expect(w.lastSeen!).toBeGreaterThanOrEqual(w.since);
  });

  it('shows the runs training on the worker, then counts them done; each run names it (the queue from the setting)', async () => {
    const events = recordEvents(s);
    const { sweepId } = await call<{ sweepId: number }>(s, 'createSweep', { config: tinyIrisConfig({ concurrency: 1, train: { epochs: 400, batchSize: 8, lr: 0.05 } }) });
    const finished = events.until((m) => m.event === 'sweep-finished' && m.data.sweepId === sweepId, 120_000);
    const seenRunning = new Set<number>();
    let done = false;
    void finished.then(() => (done = true));
    while (!done) {
      const view = await call<WorkersView>(s, 'listWorkers');
      for (const id of view.workers[0]?.currentRuns ?? []) seenRunning.add(id);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await finished).data).toMatchObject({ status: 'completed' });
    const runs = await call<{ id: number; worker: string | null; status: string }[]>(s, 'listRuns', { sweepId });
    expect(runs.map((r) => [r.status, r.worker])).toEqual([['completed', 'w1'], ['completed', 'w1']]);
    expect(seenRunning.size).toBeGreaterThan(0);
    for (const id of seenRunning) expect(runs.map((r) => r.id)).toContain(id);
    const after = await call<WorkersView>(s, 'listWorkers');
    expect(after.workers[0]).toMatchObject({ name: 'w1', currentRuns: [], trialsDone: 2 });
    events.stop();
  });

  it('answers UNAVAILABLE, naming the queue without its password, when the queue is out of reach', async () => {
    await call(s, 'setSettings', { queue: 'redis://:hunter2@127.0.0.1:1' });
    const started = Date.now();
    const e = await failure(s, 'listWorkers', undefined);
    expect(e.code).toBe('UNAVAILABLE');
    expect(e.message).toContain('cannot reach the queue redis://:***@127.0.0.1:1');
    expect(e.message).not.toContain('hunter2');
    expect(Date.now() - started).toBeLessThan(6000);
  });
});
