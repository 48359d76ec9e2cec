/**
 * A sweep that no live worker can run is refused at launch (cluster/launchOnQueue.ts);
 * past that, a worker that cannot load a trial's data set refuses it with the reason: the
 * trial goes to a worker that can, or, when no live worker can, fails saying why (it
 * never quietly trains on the bundled subset instead).
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEBIAN_DIR } from '../../src-main/data/fashionMnist';
import { tfjsNodeInstalled } from '../../src-main/engine/availability';
import { call, openServices } from '../api/helpers';
import { runCli, startCli, tempDir, waitFor } from '../cli/helpers';
import { readDb, runsOf, startWorker, writeConfig, type WorkerProcess } from './cluster';
import { startRedis, type RedisServer } from './redisServer';

const tmp = tempDir('sweeplab-refusal-');
let redis: RedisServer;
const workers: WorkerProcess[] = [];
const hasFashion = existsSync(path.join(DEBIAN_DIR, 'train-images-idx3-ubyte.gz'));

beforeAll(async () => {
  redis = await startRedis();
  workers.push(await startNoFashion());
});

/** A worker with an empty data folder and an empty home: no Fashion-MNIST anywhere it may look. */
function startNoFashion(): Promise<WorkerProcess> {
  const empty = path.join(tmp.dir, 'empty');
  mkdirSync(path.join(empty, 'home'), { recursive: true });
  return startWorker(redis.url, 'nofashion', ['--data-dir', empty], { SWEEPLAB_HOME: path.join(empty, 'home'), SWEEPLAB_DATA: '' });
}
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await redis?.stop();
  tmp.cleanup();
});

const fashion = (name: string) => ({
  name,
  dataset: { name: 'fashion-mnist' },
  model: { hidden: [8] },
  train: { epochs: 1, batchSize: 512, lr: 0.01 },
  search: { params: { 'train.seed': [1] } },
  concurrency: 1,
});

describe('a worker without the data set', () => {
  it('announces what it has', () => {
    expect(workers[0].log()).toMatch(/data sets: csv, iris, fashion-mnist-subset;/);
  });

  it.skipIf(!hasFashion)('a sweep no live worker can run is refused at launch, saying why, and leaves no trace', async () => {
    const file = writeConfig(tmp.dir, 'refused', fashion('refused'));
    const db = path.join(tmp.dir, 'refused.db');
    const r = await runCli(['sweep', file, '--db', db, '--queue', redis.url]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/dataset\.name: no live worker of redis:\/\/127\.0\.0\.1:\d+\/? can run this sweep: nofashion cannot load Fashion-MNIST/);
    expect(readDb(db, (d) => d.prepare('SELECT COUNT(*) FROM sweeps').pluck().get())).toBe(0);
  });

  it.skipIf(!hasFashion)('a worker that comes later refuses the trial, which fails with its reason when no live worker can run it', async () => {
    // Launched with no worker live: nothing to judge yet, so the sweep waits for one.
    await workers[0].stop();
    const file = writeConfig(tmp.dir, 'alone', fashion('alone'));
    const db = path.join(tmp.dir, 'alone.db');
    const child = startCli(['sweep', file, '--db', db, '--queue', redis.url]);
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await waitFor('the sweep to wait for a worker', () => (stderr.includes('waiting for a worker') ? true : undefined), { timeoutMs: 60_000, lastSeen: () => stderr });
    workers[0] = await startNoFashion();
    expect(await exited, stderr).toBe(1);
    const [run] = runsOf(db);
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/no live worker can run this trial: nofashion cannot load Fashion-MNIST/);
    expect(readDb(db, (d) => d.prepare('SELECT error_code FROM runs').pluck().get())).toBe('NO_CAPABLE_WORKER');
  });

  it.skipIf(!hasFashion)('lets the trial go to a worker that has it', async () => {
    workers.push(await startWorker(redis.url, 'withfashion', ['--data-dir', DEBIAN_DIR]));
    const before = workers[0].log().length;
    const file = writeConfig(tmp.dir, 'pair', fashion('pair'));
    const db = path.join(tmp.dir, 'pair.db');
    const r = await runCli(['sweep', file, '--db', db, '--queue', redis.url]);
    expect(r.code, r.stderr).toBe(0);
    const [run] = runsOf(db);
    expect(run.status).toBe('completed');
    expect(workers[1].log()).toMatch(new RegExp(`withfashion: run ${run.id} `));
    expect(workers[0].log().slice(before)).not.toMatch(/nofashion: run \d+ \(/);
    const source = readDb(db, (d) => JSON.parse(d.prepare('SELECT dataset FROM runs').pluck().get() as string).source as string);
    expect(source).toBe(DEBIAN_DIR);
  });

  // Where tfjs-node is installed this machine has the backend too, and there is nothing to tell apart.
  it.skipIf(tfjsNodeInstalled())('a CLI sweep on the queue of the stored setting is judged on the workers, not on this machine', async () => {
    const file = writeConfig(tmp.dir, 'tensorflow', { name: 'tensorflow', dataset: { name: 'iris' }, engine: 'tfjs', backend: 'tensorflow', model: { hidden: [4] }, train: { epochs: 1, batchSize: 16, lr: 0.1 } });
    const home = tempDir('sweeplab-setting-');
    try {
      const services = openServices(home.dir);
      await call(services, 'setSettings', { queue: redis.url });
      await services.close();
      const noEnv = { SWEEPLAB_QUEUE: '' };
      const r = await runCli(['sweep', file, '--db', path.join(home.dir, 'sweeplab.db')], noEnv);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/backend: no live worker of redis:\/\/127\.0\.0\.1:\d+\/? can run this sweep: .*nofashion cannot run the tfjs engine on the tensorflow backend/);
      // A database that does not exist holds no setting: this machine's refusal, before it is created.
      const fresh = path.join(home.dir, 'fresh.db');
      const local = await runCli(['sweep', file, '--db', fresh], noEnv);
      expect(local.code).toBe(2);
      expect(local.stderr).toContain('needs @tensorflow/tfjs-node');
      expect(existsSync(fresh)).toBe(false);
    } finally {
      home.cleanup();
    }
  });
});
