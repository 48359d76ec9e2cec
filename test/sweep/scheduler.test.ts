/** The scheduler with real worker processes and a real database file. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src-main/store/store';
import { validateSweepConfig } from '../../src-main/sweep/configSchema';
import { SweepScheduler, type SchedulerEvent } from '../../src-main/sweep/scheduler';
import { createSweep } from '../../src-main/sweep/sweepService';
import { StorageFailure } from '../../src-main/store/storeErrors';
import { forkWorker, type WorkerExit, type WorkerHandle } from '../../src-main/sweep/workerLauncher';
import type { FromWorker } from '../../src-main/worker/protocol';
import { irisSweep } from './helpers';

let dir: string;
let store: Store;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sweeplab-scheduler-'));
  store = openStore(path.join(dir, 's.db'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const sweepOf = (epochs: number, seeds: number[]) => irisSweep(store, epochs, seeds, 'sched');

describe('SweepScheduler', () => {
  it('runs every trial, writes every step, and reports each run once', async () => {
    const sweepId = sweepOf(30, [1, 2, 3]);
    const scheduler = new SweepScheduler(store, forkWorker, { artifactsDir: store.artifactsDir });
    const events: SchedulerEvent[] = [];
    scheduler.on((e) => events.push(e));
    const counts = await scheduler.runSweep(sweepId, 2);
    expect(counts).toEqual({ completed: 3, pruned: 0, failed: 0, cancelled: 0 });
    const runs = store.runs.list({ sweepId });
    expect(runs.map((r) => r.status)).toEqual(['completed', 'completed', 'completed']);
    // 105 rows / 16 = 7 steps per epoch.
    for (const s of store.metrics.series(runs.map((r) => r.id), ['loss'])) expect(s.steps).toEqual(Array.from({ length: 210 }, (_, i) => i + 1));
    expect(events.filter((e) => e.type === 'run-finished')).toHaveLength(3);
    expect(events.at(-1)).toMatchObject({ type: 'sweep-finished', status: 'completed' });
    expect(store.sweeps.get(sweepId)?.status).toBe('completed');
  });

  it('cancelling leaves no run queued: the running one and all waiting ones end cancelled', async () => {
    const sweepId = sweepOf(100_000, [1, 2, 3]);
    const scheduler = new SweepScheduler(store, forkWorker, { artifactsDir: store.artifactsDir });
    scheduler.on((e) => {
      if (e.type === 'progress') scheduler.cancelSweep(sweepId);
    });
    const counts = await scheduler.runSweep(sweepId, 1);
    expect(counts).toEqual({ completed: 0, pruned: 0, failed: 0, cancelled: 3 });
    expect(store.runs.list({ sweepId }).map((r) => r.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect(store.sweeps.get(sweepId)?.status).toBe('cancelled');
  });

  it('a worker that dies is a failed run with the reason, and the sweep goes on in a fresh worker', async () => {
    const sweepId = sweepOf(2000, [1, 2]);
    let killedOne = false;
    const scheduler = new SweepScheduler(store, () => {
      const w = forkWorker();
      // The first worker is killed from outside, as an OOM killer would.
      if (!killedOne) {
        killedOne = true;
        setTimeout(() => process.kill(w.pid!, 'SIGKILL'), 200);
      }
      return w;
    }, { artifactsDir: store.artifactsDir });
    const counts = await scheduler.runSweep(sweepId, 1);
    expect(counts).toEqual({ completed: 1, pruned: 0, failed: 1, cancelled: 0 });
    const [first, second] = store.runs.list({ sweepId });
    expect(first.status).toBe('failed');
    expect(first.error).toMatch(/killed by SIGKILL/);
    expect(second.status).toBe('completed');
  });

  it('each lane reuses one worker for its trials, and stops it when the sweep is done', async () => {
    const sweepId = sweepOf(3, [1, 2, 3, 4, 5]);
    const launched: { pid: number | undefined; exit: Promise<WorkerExit> }[] = [];
    const scheduler = new SweepScheduler(store, () => {
      const w = forkWorker();
      launched.push({ pid: w.pid, exit: new Promise((resolve) => w.onExit(resolve)) });
      return w;
    }, { artifactsDir: store.artifactsDir });
    const counts = await scheduler.runSweep(sweepId, 2);
    expect(counts).toEqual({ completed: 5, pruned: 0, failed: 0, cancelled: 0 });
    expect(launched).toHaveLength(2);
    // Every run records the process it ran in: one of the two lanes' workers.
    const pids = store.runs.list({ sweepId }).map((r) => r.pid);
    expect(new Set(pids)).toEqual(new Set(launched.map((l) => l.pid)));
    // Told to stop, both leave on their own (no signal, exit code 0).
    for (const l of launched) expect(await l.exit).toMatchObject({ code: 0, signal: null });
  });

  it('a trial run after another in the same worker trains exactly as in a fresh one', async () => {
    // Two trials that train identically in one lane (plain SGD ignores momentum; a value
    // listed twice is refused): the second inherits the worker and its cached data.
    const r = validateSweepConfig({ name: 'same', dataset: { name: 'iris' }, model: { hidden: [8] }, train: { epochs: 5, batchSize: 16, lr: 0.05, seed: 7, optimizer: 'sgd' }, search: { params: { 'train.momentum': [0.5, 0.6] } } });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const sweepId = createSweep(store, r.config).sweep.id;
    let launches = 0;
    const scheduler = new SweepScheduler(store, () => (launches++, forkWorker()), { artifactsDir: store.artifactsDir });
    await scheduler.runSweep(sweepId, 1);
    expect(launches).toBe(1);
    const [first, second] = store.runs.list({ sweepId }).map((r) => r.id);
    const series = store.metrics.series([first, second], ['loss', 'val_acc']);
    const of = (runId: number, key: string) => series.find((x) => x.runId === runId && x.key === key)!.values;
    expect(of(first, 'loss').length).toBe(35);
    expect(of(second, 'loss')).toEqual(of(first, 'loss'));
    expect(of(second, 'val_acc')).toEqual(of(first, 'val_acc'));
  });

  it('a cancelled run takes its worker with it: the lane starts a fresh one for the next trial', async () => {
    const sweepId = sweepOf(100_000, [1, 2]);
    const runs = store.runs.list({ sweepId });
    const launched: WorkerHandle[] = [];
    const scheduler = new SweepScheduler(store, () => {
      const w = forkWorker();
      launched.push(w);
      return w;
    }, { artifactsDir: store.artifactsDir });
    // The first (endless) run is cancelled once it trains; the second then finishes fast.
    store.db.prepare("UPDATE runs SET config = json_set(config, '$.train.epochs', 1) WHERE id = ?").run(runs[1].id);
    let cancelled = false;
    scheduler.on((e) => {
      if (e.type === 'progress' && e.runId === runs[0].id && !cancelled) cancelled = scheduler.cancelRun(runs[0].id);
    });
    const counts = await scheduler.runSweep(sweepId, 1);
    expect(counts).toEqual({ completed: 1, pruned: 0, failed: 0, cancelled: 1 });
    expect(launched).toHaveLength(2);
    const [first, second] = store.runs.list({ sweepId });
    expect([first.status, second.status]).toEqual(['cancelled', 'completed']);
    expect(second.pid).toBe(launched[1].pid);
    expect(second.pid).not.toBe(first.pid);
  });

  it('never writes to a run it could not start (someone else ended it), and the sweep still finishes', async () => {
    const sweepId = sweepOf(100_000, [1]);
    const scheduler = new SweepScheduler(store, () => {
      // Something else ends the run before its worker reports that it started.
      for (const r of store.runs.list({ sweepId })) store.runs.finish(r.id, 'cancelled', 'ended elsewhere');
      return forkWorker();
    }, { artifactsDir: store.artifactsDir });
    const counts = await scheduler.runSweep(sweepId, 1);
    expect(counts).toEqual({ completed: 0, pruned: 0, failed: 0, cancelled: 1 });
    // What was recorded first stands: no `failed`, no points under a run that is not ours.
    const [run] = store.runs.list({ sweepId });
    expect(run).toMatchObject({ status: 'cancelled', error: 'ended elsewhere', startedAt: null });
    expect(store.db.prepare('SELECT COUNT(*) FROM metrics WHERE run_id = ?').pluck().get(run.id)).toBe(0);
  });

  it('a sweep whose every run failed ends `failed`, not `completed`', async () => {
    const sweepId = sweepOf(100_000, [1, 2]);
    const scheduler = new SweepScheduler(store, () => {
      const w = forkWorker();
      w.onMessage((m) => m.type === 'metrics' && w.kill()); // dies once training, like an OOM kill
      return w;
    }, { artifactsDir: store.artifactsDir });
    const finished: SchedulerEvent[] = [];
    scheduler.on((e) => e.type === 'sweep-finished' && finished.push(e));
    expect(await scheduler.runSweep(sweepId, 1)).toEqual({ completed: 0, pruned: 0, failed: 2, cancelled: 0 });
    expect(store.sweeps.get(sweepId)?.status).toBe('failed');
    expect(finished).toMatchObject([{ status: 'failed' }]);
  });

  it('a worker that cannot write its files to a full disk stops the sweep for resume, not a failed run', async () => {
    const sweepId = sweepOf(3, [1, 2, 3]);
    let launches = 0;
    // A worker that starts its trial, then reports ENOSPC as runTrial would.
    const scheduler = new SweepScheduler(store, () => {
      launches++;
      const handlers: ((m: FromWorker) => void)[] = [];
      const exits: ((e: WorkerExit) => void)[] = [];
      return {
        pid: undefined,
        send(msg) {
          if (msg.type !== 'start') return void setImmediate(() => exits.forEach((x) => x({ code: 0, signal: null, stderr: '' })));
          const env = { engine: 'scratch', backend: 'js-float64', gpu: false, appVersion: 'test', versions: {}, pid: 1 };
          setImmediate(() => {
            handlers.forEach((h) => h({ type: 'started', runId: msg.runId, env, dataset: { stepsPerEpoch: 7 } as never }));
            handlers.forEach((h) => h({ type: 'failed', runId: msg.runId, code: 'ENOSPC', message: 'ENOSPC: no space left on device, write' }));
          });
        },
        onMessage: (cb) => void handlers.push(cb),
        onExit: (cb) => void exits.push(cb),
        kill: () => setImmediate(() => exits.forEach((x) => x({ code: null, signal: 'SIGKILL', stderr: '' }))),
      } satisfies WorkerHandle;
    }, { artifactsDir: store.artifactsDir });
    const err = await scheduler.runSweep(sweepId, 1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageFailure);
    expect((err as Error).message).toMatch(/could not record the files of run \d+: the disk holding .* is full: free some space, then resume the sweep/);
    expect(launches).toBe(1);
    expect(store.runs.list({ sweepId }).map((r) => r.status)).toEqual(['interrupted', 'queued', 'queued']);
    expect(store.sweeps.get(sweepId)?.status).toBe('interrupted');
  });

  it('a diverging scratch run is recorded as diverged at its step, with the points up to it', async () => {
    const r = validateSweepConfig({
      name: 'too-hot',
      dataset: { name: 'iris' },
      engine: 'scratch',
      model: { hidden: [8] },
      train: { epochs: 200, batchSize: 16, lr: 50, optimizer: 'sgd', momentum: 0 },
    });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const sweepId = createSweep(store, r.config).sweep.id;
    const scheduler = new SweepScheduler(store, forkWorker, { artifactsDir: store.artifactsDir });
    expect(await scheduler.runSweep(sweepId, 1)).toEqual({ completed: 0, pruned: 0, failed: 1, cancelled: 0 });
    const [run] = store.runs.list({ sweepId });
    expect(run).toMatchObject({ status: 'failed', errorCode: 'DIVERGED' });
    const step = Number(/^diverged at step (\d+) \(epoch \d+\)/.exec(run.error ?? '')?.[1]);
    expect(step).toBeGreaterThan(0);
    expect(step).toBeLessThan(200 * 7);
    const [loss] = store.metrics.series([run.id], ['loss']);
    expect(loss.steps.at(-1)).toBe(step); // the step that diverged is on the curve
    expect(loss.steps).toEqual(Array.from({ length: step }, (_, i) => i + 1));
    expect(store.sweeps.get(sweepId)?.status).toBe('failed');
  });
});
