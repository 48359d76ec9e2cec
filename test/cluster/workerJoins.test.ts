/**
 * A machine that joins mid-sweep gets trials at once: the coordinator reads the
 * workers' capacity while the sweep runs and opens a lane for the newcomer, so a TPE
 * search proposes for it instead of going on one trial at a time (queueExecutor.ts).
 */
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCli, tempDir, waitFor } from '../cli/helpers';
import { readDb, runsOf, startWorker, writeConfig, type WorkerProcess } from './cluster';
import { startRedis, type RedisServer } from './redisServer';

const tmp = tempDir('sweeplab-joins-');
let redis: RedisServer;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  redis = await startRedis();
  workers.push(await startWorker(redis.url, 'first'));
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await redis?.stop();
  tmp.cleanup();
});

it('a worker that joins mid-sweep gets trials of a TPE search, run alongside the first', async () => {
  const trials = 6;
  const file = writeConfig(tmp.dir, 'joins', {
    name: 'joins',
    dataset: { name: 'iris' },
    model: { hidden: [8] },
    train: { epochs: 4000, batchSize: 16, lr: 0.01 },
    search: { strategy: 'tpe', trials, seed: 5, params: { 'train.lr': { min: 0.001, max: 0.3, scale: 'log' } } },
  });
  const db = path.join(tmp.dir, 'joins.db');
  const child = startCli(['sweep', file, '--db', db, '--queue', redis.url]);
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  // The sweep starts on one machine of one slot: one trial at a time.
  await waitFor(
    'the first trial to train',
    () => {
      if (child.exitCode !== null) throw new Error(`the sweep ended early:\n${stderr}`);
      try {
        return runsOf(db).some((r) => r.status === 'running') ? true : undefined;
      } catch {
        return undefined; // the database is still being created
      }
    },
    { timeoutMs: 60_000, lastSeen: () => stderr },
  );
  workers.push(await startWorker(redis.url, 'late'));
  const joinedAt = Date.now();
  expect(await exited, stderr).toBe(0);

  const runs = runsOf(db);
  const spans = readDb(db, (d) => d.prepare('SELECT started_at AS s, finished_at AS f FROM runs ORDER BY id').all() as { s: number; f: number }[]);
  expect(runs.map((r) => r.status)).toEqual(Array(trials).fill('completed'));
  expect(runs.some((r) => r.worker === 'late')).toBe(true);
  // After the join, trials overlapped: two lanes, one per machine, never more.
  const overlapping = (t: number) => spans.filter((x) => x.s <= t && t < x.f).length;
  const after = spans.filter((x) => x.s >= joinedAt);
  expect(after.length).toBeGreaterThan(0);
  expect(Math.max(...spans.map((x) => overlapping(x.s)))).toBe(2);
}, 180_000);
