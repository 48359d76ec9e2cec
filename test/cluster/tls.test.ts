/**
 * The queue over TLS (`rediss://`), against a redis-server that speaks nothing else: a
 * sweep runs end to end when both ends trust the server's private CA the way Node is told
 * to (NODE_EXTRA_CA_CERTS); a worker that does not trust it, or that forgets TLS, stops
 * soon and says why.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli, tempDir } from '../cli/helpers';
import { runsOf, startWorker, writeConfig, type WorkerProcess } from './cluster';
import { startRedis, type TlsRedisServer } from './redisServer';

const tmp = tempDir('sweeplab-tls-');
let redis: TlsRedisServer;
let worker: WorkerProcess | undefined;
let trusting: NodeJS.ProcessEnv;

beforeAll(async () => {
  redis = await startRedis({ tls: true });
  trusting = { NODE_EXTRA_CA_CERTS: redis.ca };
  worker = await startWorker(redis.url, 'secure', [], trusting);
});
afterAll(async () => {
  await worker?.stop();
  await redis?.stop();
  tmp.cleanup();
});

describe('a queue on rediss://', () => {
  it('runs a sweep on a worker when both ends trust the CA', async () => {
    const file = writeConfig(tmp.dir, 'tls', {
      name: 'tls',
      dataset: { name: 'iris', split: { train: 0.7, val: 0.1, test: 0.2 } },
      model: { hidden: [8] },
      train: { epochs: 3, batchSize: 16, lr: 0.05 },
      search: { params: { 'train.seed': [1, 2] } },
      concurrency: 2,
    });
    const db = path.join(tmp.dir, 'tls.db');
    const r = await runCli(['sweep', file, '--db', db, '--queue', redis.url], trusting);
    expect(r.code, r.stderr).toBe(0);
    const runs = runsOf(db);
    expect(runs.map((x) => [x.status, x.worker])).toEqual([
      ['completed', 'secure'],
      ['completed', 'secure'],
    ]);
  });

  it('stops a worker that does not trust the CA, or that speaks plain redis://, within seconds and says why', async () => {
    // Unset, not inherited: the negative must not depend on the environment the tests run in.
    const untrusting = { NODE_EXTRA_CA_CERTS: undefined };
    const plainUrl = `redis://localhost:${redis.port}`;
    // When the first failure shows on stderr: the process itself then waits out reachable()'s 10 s before it exits.
    const attempt = (queue: string, name: string) =>
      new Promise<{ code: number | null; stderr: string; saidAfterS: number }>((resolve) => {
        const started = Date.now();
        const child = startCli(['worker', '--queue', queue, '--name', name, '--concurrency', '1'], untrusting);
        let stderr = '';
        let saidAfterS = Infinity;
        child.stderr!.on('data', (d) => {
          stderr += d;
          if (saidAfterS === Infinity && stderr.includes('cannot connect to the queue')) saidAfterS = (Date.now() - started) / 1000;
        });
        child.on('close', (code) => resolve({ code, stderr, saidAfterS }));
      });
    const [untrusted, plain] = await Promise.all([attempt(redis.url, 'untrusted'), attempt(plainUrl, 'plain')]);

    expect(untrusted.code, untrusted.stderr).toBe(1);
    // The certificate error itself, not only the timeout: it is what tells a person to install the CA.
    expect(untrusted.stderr).toContain(`cannot connect to the queue ${redis.url} (self-signed certificate in certificate chain)`);
    expect(untrusted.stderr).toContain('NODE_EXTRA_CA_CERTS');
    expect(untrusted.stderr).toContain(`cannot reach the queue ${redis.url} within 10 s`);
    expect(untrusted.stderr).not.toMatch(/Worker untrusted on/);
    expect(untrusted.saidAfterS).toBeLessThan(15);

    // The server drops a connection that does not start with a TLS handshake; what the socket reports varies.
    expect(plain.code, plain.stderr).toBe(1);
    expect(plain.stderr).toMatch(new RegExp(`cannot connect to the queue ${plainUrl}/? \\(`));
    expect(plain.stderr).toContain('needs rediss://');
    expect(plain.stderr).toContain(`cannot reach the queue ${plainUrl}`);
    expect(plain.stderr).not.toMatch(/Worker plain on/);
    expect(plain.saidAfterS).toBeLessThan(15);
  });
});
