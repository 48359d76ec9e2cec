/**
 * The scheduler when the database misbehaves, with real workers and real files: a write
 * lock held by another connection for 8 s mid-sweep, and a file system that fills up.
 */
import { mkdirSync, mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src-main/store/store';
import { StorageFailure } from '../../src-main/store/storeErrors';
import { SweepScheduler, type SchedulerEvent } from '../../src-main/sweep/scheduler';
import { prepareResume } from '../../src-main/sweep/sweepService';
import { forkWorker } from '../../src-main/sweep/workerLauncher';
import { fillLeaving, mountTmpfs } from '../export/tmpfs';
import { irisSweep } from './helpers';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});


/** Every run's per-step loss points, 1..n with none missing. */
function expectEveryStep(store: Store, sweepId: number, stepsPerRun: number): void {
  const runs = store.runs.list({ sweepId });
  for (const s of store.metrics.series(runs.map((r) => r.id), ['loss'])) expect(s.steps).toEqual(Array.from({ length: stepsPerRun }, (_, i) => i + 1));
}

describe('a database locked by another process', () => {
  it('holds a lock for 8 s mid-sweep: the sweep waits, completes, and loses no point', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sweeplab-busy-'));
    const store = openStore(path.join(dir, 's.db'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => store.close());
    const sweepId = irisSweep(store, 40, [1, 2, 3]);
    const notices: string[] = [];
    const scheduler = new SweepScheduler(store, forkWorker, { artifactsDir: store.artifactsDir, notice: (m) => notices.push(m) });

    // Another connection (as another process would) takes the write lock once training is under way.
    const other = new Database(store.file);
    cleanups.push(() => other.close());
    let held: Promise<void> | undefined;
    scheduler.on((e: SchedulerEvent) => {
      if (e.type === 'progress' && !held) {
        other.exec('BEGIN IMMEDIATE');
        held = new Promise((resolve) =>
          setTimeout(() => {
            other.exec('COMMIT');
            resolve();
          }, 8000),
        );
      }
    });
    const counts = await scheduler.runSweep(sweepId, 2);
    expect(held).toBeDefined();
    await held;
    expect(counts).toEqual({ completed: 3, pruned: 0, failed: 0, cancelled: 0 });
    expect(store.runs.list({ sweepId }).map((r) => r.status)).toEqual(['completed', 'completed', 'completed']);
    expect(store.sweeps.get(sweepId)?.status).toBe('completed');
    expectEveryStep(store, sweepId, 7 * 40); // 105 training rows / 16 = 7 steps an epoch
    expect(notices.join('\n')).toMatch(/locked by another process/);
  });
});

// Probed once, so the skip can say why up front.
const probe = mountTmpfs('size=16m');
if (!('skip' in probe)) probe.unmount();

describe('a full disk', () => {
  it.skipIf('skip' in probe)('stops the sweep at once, leaves it resumable, and resume completes it once space is freed', async () => {
    const fs = mountTmpfs('size=16m');
    if ('skip' in fs) throw new Error(fs.skip);
    cleanups.push(() => fs.unmount());
    const dir = fs.dir;
    mkdirSync(path.join(dir, 'db'));
    const store = openStore(path.join(dir, 'db', 's.db'));
    cleanups.push(() => store.close());
    const seeds = Array.from({ length: 24 }, (_, i) => i + 1);
    const sweepId = irisSweep(store, 30, seeds);
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    // Leave about 160 KB: a few runs' worth of points, far from 24 runs'.
    const filler = fillLeaving(dir, 160 * 1024);

    const scheduler = new SweepScheduler(store, forkWorker, { artifactsDir: store.artifactsDir });
    const started: number[] = [];
    let stoppedAt = -1;
    scheduler.on((e) => {
      if (e.type === 'run-started') started.push(Date.now());
      if (e.type === 'sweep-finished') stoppedAt = Date.now();
    });
    const err = await scheduler.runSweep(sweepId, 2).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageFailure);
    expect((err as Error).message).toMatch(/is full: free some space, then resume the sweep/);
    // Not `completed`, nothing trained after the failure, and most trials still to do.
    expect(started.length).toBeLessThan(seeds.length);
    expect(started.every((t) => t <= stoppedAt)).toBe(true);

    unlinkSync(filler);
    const check = openStore(store.file);
    cleanups.push(() => check.close());
    expect(check.sweeps.get(sweepId)?.status).not.toBe('completed');
    expect(check.db.pragma('quick_check', { simple: true })).toBe('ok');
    const completedBefore = check.runs.list({ sweepId, status: ['completed'] }).length;
    expect(completedBefore).toBeLessThan(seeds.length);

    const { queued } = prepareResume(store, String(sweepId));
    expect(queued).toBe(seeds.length - completedBefore);
    const counts = await scheduler.runSweep(sweepId, 2);
    expect(counts.completed).toBe(queued);
    expect(store.runs.list({ sweepId }).every((r) => r.status === 'completed')).toBe(true);
    expect(store.sweeps.get(sweepId)?.status).toBe('completed');
    expectEveryStep(store, sweepId, 7 * 30);
  });

  it.runIf('skip' in probe)('needs a tmpfs to run: skipped here because this process cannot mount one (needs root on Linux)', () => {
    expect('skip' in probe && probe.skip).toMatch(/tmpfs/);
  });
});
