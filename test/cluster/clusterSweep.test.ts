/**
 * A sweep on two `sweeplab worker` processes through a real Redis: the same results as
 * the same sweep run locally, every point and file recorded by the coordinator; and a
 * cancel that stops the trials on the machines running them.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pidExists } from '../../src-main/store/liveness';
import { runCli, startCli, tempDir, waitFor } from '../cli/helpers';
import { oneTo, readDb, resultsOf, runsOf, startWorker, stepsOf, writeConfig, type WorkerProcess } from './cluster';
import { startRedis, type RedisServer } from './redisServer';

const tmp = tempDir('sweeplab-cluster-');
let redis: RedisServer;
let workers: WorkerProcess[] = [];

beforeAll(async () => {
  redis = await startRedis();
  workers = await Promise.all(['alpha', 'beta'].map((name) => startWorker(redis.url, name)));
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await redis?.stop();
  tmp.cleanup();
});

const iris = (name: string, epochs: number, seeds: number[]) => ({
  name,
  dataset: { name: 'iris', split: { train: 0.7, val: 0.1, test: 0.2 } },
  model: { hidden: [8] },
  train: { epochs, batchSize: 16, lr: 0.05 },
  search: { params: { 'train.seed': seeds } },
  concurrency: 2,
});

describe('a sweep on the queue', () => {
  it('gives the same results as the same sweep run locally, with every point and file', async () => {
    const file = writeConfig(tmp.dir, 'same', iris('same', 30, [1, 2, 3]));
    const [localDb, queueDb] = [path.join(tmp.dir, 'local.db'), path.join(tmp.dir, 'queue.db')];
    const [local, queued] = await Promise.all([runCli(['sweep', file, '--db', localDb]), runCli(['sweep', file, '--db', queueDb, '--queue', redis.url])]);
    expect(local.code, local.stderr).toBe(0);
    expect(queued.code, queued.stderr).toBe(0);

    expect(resultsOf(queueDb)).toEqual(resultsOf(localDb));
    expect(Object.keys(resultsOf(queueDb))).toHaveLength(3);
    const runs = runsOf(queueDb);
    expect(runs.map((r) => r.status)).toEqual(['completed', 'completed', 'completed']);
    for (const r of runs) {
      // 105 training rows / 16 = 7 steps an epoch.
      expect(stepsOf(queueDb, r.id, 'loss')).toEqual(oneTo(210));
      expect(stepsOf(queueDb, r.id, 'val_acc')).toEqual(oneTo(30));
    }
    // The weights came over the queue into the coordinator's artifacts folder.
    const artifacts = readDb(queueDb, (db) => db.prepare('SELECT path FROM artifacts').pluck().all() as string[]);
    expect(artifacts.length).toBeGreaterThanOrEqual(3);
    for (const a of artifacts) expect(existsSync(path.join(tmp.dir, 'queue-artifacts', a)), a).toBe(true);
    // Both machines took part, each reusing its trial process from one trial to the next.
    for (const w of workers) expect(w.log(), w.name).toMatch(new RegExp(`${w.name}: run \\d+`));
    expect(new Set(runs.map((r) => r.pid)).size).toBe(2);
    // Each run names the worker that trained it; the local sweep's runs name none.
    expect(new Set(runs.map((r) => r.worker))).toEqual(new Set(['alpha', 'beta']));
    expect(runsOf(localDb).map((r) => r.worker)).toEqual([null, null, null]);
  });

  it('carries the replay frames over the queue, byte for byte as a local run records them', async () => {
    const file = writeConfig(tmp.dir, 'frames', {
      name: 'frames',
      dataset: { name: 'moons', seed: 1, toy: { samples: 200, noise: 0.2 } },
      model: { hidden: [8] },
      train: { epochs: 10, batchSize: 16, lr: 0.02, optimizer: 'adam' },
      frames: { enabled: true, count: 12 },
      search: { params: { 'train.seed': [1, 2] } },
      concurrency: 2,
    });
    const [localDb, queueDb] = [path.join(tmp.dir, 'frames-local.db'), path.join(tmp.dir, 'frames-queue.db')];
    const [local, queued] = await Promise.all([runCli(['sweep', file, '--db', localDb]), runCli(['sweep', file, '--db', queueDb, '--queue', redis.url])]);
    expect(local.code, local.stderr).toBe(0);
    expect(queued.code, queued.stderr).toBe(0);
    // The wall-clock time differs; the steps, the losses and the pixels must not.
    const frames = (db: string) =>
      readDb(db, (d) =>
        d.prepare('SELECT r.trial_index AS trial, f.seq, f.step, f.epoch, f.loss, f.meta, f.codec, hex(f.data) AS data FROM frames f JOIN runs r ON r.id = f.run_id ORDER BY r.trial_index, f.seq').all(),
      ) as { trial: number; seq: number }[];
    const sent = frames(queueDb);
    expect(sent.length).toBeGreaterThanOrEqual(2 * 10);
    expect(sent).toEqual(frames(localDb));
  });

  it('runs a TPE search with an ASHA pruner: proposals as workers free up, pruning decided per epoch', async () => {
    const trials = 8;
    const epochs = 9;
    const file = writeConfig(tmp.dir, 'tuner', {
      ...iris('tuner', epochs, [1]),
      search: { strategy: 'tpe', trials, seed: 3, metric: 'val_loss', params: { 'train.lr': { min: 0.001, max: 0.3, scale: 'log' } }, pruner: { type: 'asha', minEpochs: 1, reductionFactor: 3 } },
    });
    const db = path.join(tmp.dir, 'tuner.db');
    const r = await runCli(['sweep', file, '--db', db, '--queue', redis.url]);
    expect(r.code, r.stderr).toBe(0);
    const runs = runsOf(db);
    expect(runs.map((x) => [x.trial_index, x.attempt])).toEqual(Array.from({ length: trials }, (_, i) => [i, 1]));
    const pruned = runs.filter((x) => x.status === 'pruned');
    expect(pruned.length).toBeGreaterThan(0);
    expect(pruned.length + runs.filter((x) => x.status === 'completed').length).toBe(trials);
    for (const x of pruned) {
      // Stopped exactly at the rung it was judged on (1 or 3), not an epoch later.
      const rung = Number(/at rung (\d+)/.exec(x.error ?? '')?.[1]);
      expect([1, 3]).toContain(rung);
      expect(stepsOf(db, x.id, 'val_acc')).toEqual(oneTo(rung));
    }
  });

  it('cancel stops the trials on the machines running them, within seconds', async () => {
    const file = writeConfig(tmp.dir, 'cancel', iris('cancel', 100_000, [1, 2]));
    const db = path.join(tmp.dir, 'cancel.db');
    // The queue chosen through the environment this time.
    const child = startCli(['sweep', file, '--db', db], { SWEEPLAB_QUEUE: redis.url });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const pids = await waitFor(
      'both trials training on the workers',
      () => {
        try {
          const running = runsOf(db).filter((r) => r.status === 'running' && r.pid !== null);
          return running.length === 2 && running.every((r) => stepsOf(db, r.id, 'loss').length > 0) ? running.map((r) => r.pid!) : undefined;
        } catch {
          return undefined;
        }
      },
      { timeoutMs: 60_000, lastSeen: () => stderr },
    );
    const cancelledAt = Date.now();
    child.kill('SIGINT');
    expect(await exited).toBe(1);
    expect(runsOf(db).map((r) => r.status)).toEqual(['cancelled', 'cancelled']);
    // The trial processes (on this machine here, under the workers) are gone.
    await waitFor('the trial processes to stop', () => (pids.every((p) => !pidExists(p)) ? true : undefined), { timeoutMs: 10_000, lastSeen: () => pids.join(', ') });
    expect(Date.now() - cancelledAt).toBeLessThan(10_000);
    // And the workers are free for the next sweep.
    const next = writeConfig(tmp.dir, 'after', iris('after', 5, [7]));
    const again = await runCli(['sweep', next, '--db', db, '--queue', redis.url]);
    expect(again.code, again.stderr).toBe(0);
  });
});
