/**
 * A CSV sweep on a worker: the coordinator ships the file's bytes through Redis once,
 * the worker keeps a copy named by its SHA-256 and trains on it, with the same results
 * as the sweep run locally. A copy that no longer matches its hash is fetched again, a
 * file gone from Redis is refused with the reason, and a later sweep on the same file
 * sends nothing.
 */
import { mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataFileCache, DataFileShipper, sha256Of } from '../../src-main/cluster/dataFiles';
import { keys } from '../../src-main/cluster/jobs';
import { MAX_CSV_BYTES } from '../../src-main/data/csv';
import type { TrialConfig } from '../../src-main/sweep/configSchema';
import { runCli, tempDir } from '../cli/helpers';
import { readDb, resultsOf, runsOf, startWorker, writeConfig, type WorkerProcess } from './cluster';
import { startRedis, type RedisServer } from './redisServer';

const tmp = tempDir('sweeplab-csvdata-');
let redis: RedisServer;
let client: Redis;
let worker: WorkerProcess;

/** Two Gaussian blobs in three features, 200 rows; deterministic (a small LCG, Box–Muller). */
function blobsCsv(): string {
  let s = 12345;
  const uniform = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) + 1) / (2 ** 31 + 1);
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const rows = ['a,b,c,kind'];
  for (let i = 0; i < 200; i++) {
    const k = i % 2;
    rows.push([1, -1, 0.5].map((m) => (k ? m : -m) + normal()).map((v) => v.toFixed(4)).join(',') + `,${k ? 'east' : 'west'}`);
  }
  return rows.join('\n') + '\n';
}

const dataDir = path.join(tmp.dir, 'data');
const csvFile = path.join(dataDir, 'blobs.csv');
const csvBytes = Buffer.from(blobsCsv());
const sha = sha256Of(csvBytes);
// The worker's --data-dir: its copies go into a folder there.
const workerData = path.join(tmp.dir, 'worker-data');
const cached = path.join(workerData, 'sweeplab-data-cache', `${sha}.csv`);

beforeAll(async () => {
  mkdirSync(dataDir, { recursive: true });
  mkdirSync(workerData, { recursive: true });
  writeFileSync(csvFile, csvBytes);
  redis = await startRedis();
  client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  worker = await startWorker(redis.url, 'carrier', ['--data-dir', workerData, '--concurrency', '2']);
});
afterAll(async () => {
  await worker?.stop();
  client?.disconnect();
  await redis?.stop();
  tmp.cleanup();
});

/** A sweep config beside its CSV `blobs.csv`, naming it by a relative path (resolved against the config's folder). */
const blobsConfig = (dir: string, name: string, seeds = [1, 2, 3]) =>
  writeConfig(dir, name, {
    name,
    dataset: { name: 'csv', path: 'blobs.csv', label: 'kind', split: { train: 0.7, val: 0.15, test: 0.15 } },
    model: { hidden: [6] },
    train: { epochs: 8, batchSize: 16, lr: 0.05 },
    search: { params: { 'train.seed': seeds } },
    concurrency: seeds.length,
  });
const blobs = (name: string) => blobsConfig(dataDir, name);

/** The keyspace events of the data file's key while `fn` runs: `set` is an upload, `expire` a refresh. */
async function keyEvents(fn: () => Promise<void>): Promise<string[]> {
  await client.config('SET', 'notify-keyspace-events', 'Kg$');
  const sub = new Redis(redis.url);
  const events: string[] = [];
  const channel = `__keyspace@0__:${keys.dataFile(sha)}`;
  await sub.subscribe(channel);
  sub.on('message', (_c: string, event: string) => events.push(event));
  try {
    await fn();
    // A last event may still be on its way to the subscriber.
    await client.ping();
    await new Promise((r) => setTimeout(r, 100));
    return events;
  } finally {
    sub.disconnect();
  }
}

const sourcesOf = (db: string) => readDb(db, (d) => (d.prepare('SELECT dataset FROM runs').pluck().all() as string[]).map((j) => JSON.parse(j).source as string));

describe('a CSV sweep on a worker', () => {
  const localDb = path.join(tmp.dir, 'local.db');

  it('ships the file once, trains on the worker’s copy, and matches the local results', async () => {
    const file = blobs('first');
    const queueDb = path.join(tmp.dir, 'first.db');
    let queued = { code: null as number | null, stderr: '' };
    const events = await keyEvents(async () => {
      const [local, q] = await Promise.all([runCli(['sweep', file, '--db', localDb]), runCli(['sweep', file, '--db', queueDb, '--queue', redis.url])]);
      expect(local.code, local.stderr).toBe(0);
      queued = q;
    });
    expect(queued.code, queued.stderr).toBe(0);
    expect(runsOf(queueDb).map((r) => [r.status, r.worker])).toEqual([0, 1, 2].map(() => ['completed', 'carrier']));
    expect(resultsOf(queueDb)).toEqual(resultsOf(localDb));
    expect(Object.keys(resultsOf(queueDb))).toHaveLength(3);
    // One upload for three jobs; the copy is the file, byte for byte.
    expect(events.filter((e) => e === 'set')).toHaveLength(1);
    expect(readFileSync(cached).equals(csvBytes)).toBe(true);
    expect(worker.log()).toMatch(/carrier: run \d+ reads blobs\.csv \(sha256 [0-9a-f]{12}…\) fetched from the queue/);
    // The runs name the coordinator's file, as the local ones do, not the worker's copy.
    expect(new Set(sourcesOf(queueDb))).toEqual(new Set([csvFile]));
    expect(new Set(sourcesOf(localDb))).toEqual(new Set([csvFile]));
  });

  it('sends nothing for a later sweep on the same file: the worker reads its cache', async () => {
    const file = blobs('second');
    const db = path.join(tmp.dir, 'second.db');
    const before = worker.log().length;
    const events = await keyEvents(async () => {
      const r = await runCli(['sweep', file, '--db', db, '--queue', redis.url]);
      expect(r.code, r.stderr).toBe(0);
    });
    expect(events).not.toContain('set');
    expect(events).toContain('expire');
    const log = worker.log().slice(before);
    expect(log.match(/reads blobs\.csv \(sha256 [0-9a-f]{12}…\) from the cache/g)).toHaveLength(3);
    expect(log).not.toMatch(/fetched from the queue/);
    expect(resultsOf(db)).toEqual(resultsOf(localDb));
  });

  it('never trains on a cached copy that does not match its hash: it fetches the file again', async () => {
    // Another valid table (the labels swapped): used unchecked, it would train to other numbers.
    writeFileSync(cached, csvBytes.toString().replace(/east|west/g, (k) => (k === 'east' ? 'west' : 'east')));
    const file = blobs('third');
    const db = path.join(tmp.dir, 'third.db');
    const before = worker.log().length;
    const r = await runCli(['sweep', file, '--db', db, '--queue', redis.url]);
    expect(r.code, r.stderr).toBe(0);
    expect(worker.log().slice(before)).toMatch(/the cached copy does not match its hash; fetching it again/);
    expect(resultsOf(db)).toEqual(resultsOf(localDb));
    expect(readFileSync(cached).equals(csvBytes)).toBe(true);
  });

  it('refuses a file whose bytes on the queue do not match its hash: the run fails saying why', async () => {
    const otherDir = path.join(tmp.dir, 'other');
    mkdirSync(otherDir);
    const other = Buffer.from(blobsCsv().replace('a,b,c,kind', 'x,y,z,kind'));
    writeFileSync(path.join(otherDir, 'blobs.csv'), other);
    // Bytes under the file's name that are not the file: the coordinator finds the key and sends nothing.
    await client.set(keys.dataFile(sha256Of(other)), 'x,y,z,kind\n0,0,0,west\n', 'EX', 600);
    const db = path.join(tmp.dir, 'tampered.db');
    const r = await runCli(['sweep', blobsConfig(otherDir, 'tampered', [1]), '--db', db, '--queue', redis.url]);
    expect(r.code).toBe(1);
    const [run] = runsOf(db);
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/no live worker can run this trial: carrier: the data file blobs\.csv \(sha256 [0-9a-f]{12}…\) on the queue does not match its hash/);
    expect(readDb(db, (d) => d.prepare('SELECT error_code FROM runs').pluck().get())).toBe('NO_CAPABLE_WORKER');
  });
});

describe('shipping and caching, piece by piece', () => {
  const dataset = (file: string): TrialConfig['dataset'] => ({ name: 'csv', path: file, split: { train: 0.7, val: 0.15, test: 0.15 }, seed: 1, standardize: true });

  it('the coordinator uploads once, and again only when the key is gone', async () => {
    const file = path.join(tmp.dir, 'ship.csv');
    writeFileSync(file, 'p,q,label\n1,2,a\n3,4,b\n');
    const shipper = new DataFileShipper(() => undefined);
    const f = await shipper.ship(client, dataset(file));
    expect(f).toEqual({ sha256: sha256Of(readFileSync(file)), bytes: 22, name: 'ship.csv' });
    const key = keys.dataFile(f!.sha256);
    expect((await client.getBuffer(key))!.equals(readFileSync(file))).toBe(true);
    expect(await client.ttl(key)).toBeGreaterThan(23 * 3600);
    // A marker in place of the bytes: a second job of the same router must leave it (no upload).
    await client.set(key, 'marker', 'KEEPTTL');
    await shipper.ship(client, dataset(file));
    expect(await client.get(key)).toBe('marker');
    // Gone (expired): the next job uploads it again.
    await client.del(key);
    await shipper.ship(client, dataset(file));
    expect((await client.getBuffer(key))!.equals(readFileSync(file))).toBe(true);
  });

  it('the coordinator does not ship a file over the size limit, and says so once', async () => {
    const big = path.join(tmp.dir, 'big.csv');
    writeFileSync(big, '');
    truncateSync(big, MAX_CSV_BYTES + 1); // sparse: no disk used
    const notices: string[] = [];
    const shipper = new DataFileShipper((m) => notices.push(m));
    expect(await shipper.ship(client, dataset(big))).toBeUndefined();
    expect(await shipper.ship(client, dataset(big))).toBeUndefined();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/big\.csv is too large to send to the workers/);
    await expect(shipper.ship(client, dataset(path.join(tmp.dir, 'missing.csv')))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('the worker refuses bytes that do not match the hash, and a file the queue no longer has', async () => {
    const bytes = Buffer.from('u,v,label\n0,1,a\n');
    const f = { sha256: sha256Of(bytes), bytes: bytes.length, name: 'tiny.csv' };
    const dir = path.join(tmp.dir, 'cache-unit');
    const cache = new DataFileCache(client, [dir], () => undefined);
    expect(await cache.localCopy(f)).toMatchObject({ gap: expect.stringMatching(/tiny\.csv .* is no longer on the queue/) });
    await client.set(keys.dataFile(f.sha256), 'not the bytes');
    expect(await cache.localCopy(f)).toMatchObject({ gap: expect.stringMatching(/tiny\.csv .* on the queue does not match its hash/) });
    await client.set(keys.dataFile(f.sha256), bytes);
    const [a, b] = await Promise.all([cache.localCopy(f), cache.localCopy(f)]);
    expect(a).toEqual({ path: path.join(dir, `${f.sha256}.csv`), fetched: true });
    expect(b).toEqual(a);
    expect(await cache.localCopy(f)).toEqual({ path: path.join(dir, `${f.sha256}.csv`), fetched: false });
    expect(readFileSync(path.join(dir, `${f.sha256}.csv`)).equals(bytes)).toBe(true);
  });

  it('the worker keeps its copies in the next folder when the first cannot take them', async () => {
    const blocked = path.join(tmp.dir, 'a-file');
    writeFileSync(blocked, '');
    const bytes = Buffer.from('u,v,label\n2,3,b\n');
    const f = { sha256: sha256Of(bytes), bytes: bytes.length, name: 'fallback.csv' };
    await client.set(keys.dataFile(f.sha256), bytes);
    const lines: string[] = [];
    const second = path.join(tmp.dir, 'second-choice');
    const cache = new DataFileCache(client, [path.join(blocked, 'cache'), second], (l) => lines.push(l));
    expect(await cache.localCopy(f)).toEqual({ path: path.join(second, `${f.sha256}.csv`), fetched: true });
    expect(lines.join('\n')).toMatch(/data files are kept in .*second-choice/);
  });
});
