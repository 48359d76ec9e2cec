/**
 * A worker SIGKILLed mid-trial: the queue notices the stalled trial, the coordinator
 * records that attempt as interrupted with the points it had sent, and the trial runs
 * again, as a new attempt, on the other worker; the sweep completes.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli, tempDir, waitFor } from '../cli/helpers';
import { oneTo, runsOf, startWorker, stepsOf, writeConfig, type WorkerProcess } from './cluster';
import { startRedis, type RedisServer } from './redisServer';

const tmp = tempDir('sweeplab-worker-crash-');
let redis: RedisServer;
let workers: WorkerProcess[] = [];

beforeAll(async () => {
  redis = await startRedis();
  workers = await Promise.all(['one', 'two'].map((name) => startWorker(redis.url, name)));
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop('SIGKILL')));
  await redis?.stop();
  tmp.cleanup();
});

describe('a worker killed mid-trial', () => {
  it('has its trial rerun elsewhere as a new attempt, and the sweep completes', async () => {
    // Long enough (about 5 s) that the kill lands mid-trial.
    const epochs = 4000;
    const file = writeConfig(tmp.dir, 'crash', {
      name: 'worker-crash',
      dataset: { name: 'iris', split: { train: 0.7, val: 0.1, test: 0.2 } },
      model: { hidden: [8] },
      train: { epochs, batchSize: 16, lr: 0.05 },
      search: { params: { 'train.seed': [1, 2] } },
      concurrency: 2,
    });
    const db = path.join(tmp.dir, 'crash.db');
    const child = startCli(['sweep', file, '--db', db, '--queue', redis.url]);
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));

    // The run that worker `one` trains, once it has sent some of its points.
    const victim = await waitFor(
      'worker one training a run with points recorded',
      () => {
        const runId = Number(/one: run (\d+)/.exec(workers[0].log())?.[1]);
        try {
          return runId && stepsOf(db, runId, 'loss').length >= 50 ? runId : undefined;
        } catch {
          return undefined;
        }
      },
      { timeoutMs: 60_000, lastSeen: () => `${workers[0].log()}\n${stderr}` },
    );
    await workers[0].stop('SIGKILL');

    expect(await exited, stderr).toBe(0);
    const runs = runsOf(db);
    const trial = runs.find((r) => r.id === victim)!.trial_index;
    const attempts = runs.filter((r) => r.trial_index === trial);
    expect(attempts.map((r) => [r.attempt, r.status])).toEqual([
      [1, 'interrupted'],
      [2, 'completed'],
    ]);
    expect(attempts[0].error).toMatch(/stopped answering.*rerun on two/);
    // What the killed attempt sent is kept; the rerun has its whole curve.
    const kept = stepsOf(db, attempts[0].id, 'loss');
    expect(kept.length).toBeGreaterThanOrEqual(50);
    expect(kept).toEqual(oneTo(kept.length));
    expect(stepsOf(db, attempts[1].id, 'loss')).toEqual(oneTo(epochs * 7));
    expect(runs.filter((r) => r.trial_index !== trial).map((r) => r.status)).toEqual(['completed']);
    expect(workers[1].log()).toMatch(new RegExp(`two: run ${victim} .*start 2`));
  });
});
