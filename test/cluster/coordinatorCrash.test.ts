/**
 * The coordinator SIGKILLed mid-sweep: the workers train on and their results wait in
 * Redis; `sweeplab sweep --resume --queue` takes those trials over, drains what they
 * sent, runs what was left, and every finished run has every one of its points, with no
 * trial run twice.
 */
import path from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys, QUEUE_NAME, sweepKeyOf } from '../../src-main/cluster/jobs';
import { runCli, startCli, tempDir, waitFor } from '../cli/helpers';
import { oneTo, readDb, runsOf, startWorker, stepsOf, writeConfig, type WorkerProcess } from './cluster';
import { startRedis, type RedisServer } from './redisServer';

const tmp = tempDir('sweeplab-coordinator-crash-');
let redis: RedisServer;
let workers: WorkerProcess[] = [];

beforeAll(async () => {
  redis = await startRedis();
  workers = await Promise.all(['left', 'right'].map((name) => startWorker(redis.url, name)));
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await redis?.stop();
  tmp.cleanup();
});

describe('the coordinator killed mid-sweep', () => {
  it('resumes, drains what the workers sent meanwhile, and loses no point', async () => {
    // Long enough (a few seconds) that the kill lands mid-trial.
    const epochs = 3000;
    const file = writeConfig(tmp.dir, 'coord', {
      name: 'coordinator-crash',
      dataset: { name: 'iris', split: { train: 0.7, val: 0.1, test: 0.2 } },
      model: { hidden: [8] },
      train: { epochs, batchSize: 16, lr: 0.05 },
      search: { params: { 'train.seed': [1, 2, 3] } },
      concurrency: 2,
    });
    const db = path.join(tmp.dir, 'coord.db');
    const child = startCli(['sweep', file, '--db', db, '--queue', redis.url]);
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const exited = new Promise((resolve) => child.on('close', resolve));
    await waitFor(
      'two runs training, with points recorded',
      () => {
        try {
          const running = runsOf(db).filter((r) => r.status === 'running');
          return running.length === 2 && running.every((r) => stepsOf(db, r.id, 'loss').length >= 20) ? true : undefined;
        } catch {
          return undefined;
        }
      },
      { timeoutMs: 60_000, lastSeen: () => stderr },
    );
    child.kill('SIGKILL');
    await exited;

    // The workers finish their trials with nobody listening: the results wait in Redis.
    const queue = new Queue(QUEUE_NAME, { connection: { host: '127.0.0.1', port: redis.port } });
    const conn = new Redis({ host: '127.0.0.1', port: redis.port });
    try {
      const deadline = Date.now() + 60_000;
      while ((await queue.getJobCounts('completed')).completed < 2) {
        if (Date.now() > deadline) throw new Error(`the workers did not finish: ${JSON.stringify(await queue.getJobCounts())}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      const stream = keys.results(readDb(db, (d) => sweepKeyOf(d.prepare('SELECT id, created_at AS createdAt FROM sweeps').get() as { id: number; createdAt: number })));
      expect(await conn.xlen(stream)).toBeGreaterThan(0);

      const resumed = await runCli(['sweep', '--resume', 'coordinator-crash', '--db', db, '--queue', redis.url]);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(resumed.stderr).toMatch(/taking over 2 trial\(s\)/);

      // One attempt per trial: the two taken over were not run again.
      const runs = runsOf(db);
      expect(runs.map((r) => [r.trial_index, r.attempt, r.status])).toEqual([
        [0, 1, 'completed'],
        [1, 1, 'completed'],
        [2, 1, 'completed'],
      ]);
      for (const r of runs) {
        expect(stepsOf(db, r.id, 'loss'), `run ${r.id}`).toEqual(oneTo(epochs * 7));
        expect(stepsOf(db, r.id, 'val_acc'), `run ${r.id}`).toEqual(oneTo(epochs));
        expect(stepsOf(db, r.id, 'test_acc'), `run ${r.id}`).toEqual([epochs]);
      }
      // Everything was acknowledged and removed from the stream.
      expect(await conn.xlen(stream)).toBe(0);
    } finally {
      await queue.close();
      conn.disconnect();
    }
  });
});
