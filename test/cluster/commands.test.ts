/** `sweeplab worker` and `sweeplab sweep --queue` refuse bad input with exit 2, before touching anything. */
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../cli/helpers';
import { writeConfig } from './cluster';

const tmp = tempDir('sweeplab-cluster-cli-');
afterAll(() => tmp.cleanup());
const noQueue = { SWEEPLAB_QUEUE: '' };

/** A port nobody listens on: taken and released at once. */
const closedPort = () =>
  new Promise<number>((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(p));
    });
  });

describe('sweeplab worker', () => {
  it.each([
    [[], /missing --queue redis:\/\/host:port \(or set SWEEPLAB_QUEUE\)/],
    [['--queue', 'http://u:secret@host:1'], /--queue: "http:\/\/u:\*\*\*@host:1\/" uses http:\/\//],
    [['--queue', 'redis://127.0.0.1:1', '--name', '../etc'], /--name: "\.\.\/etc" must be 1–64 letters/],
    [['--queue', 'redis://127.0.0.1:1', '--concurrency', '0'], /--concurrency: expected a positive integer/],
    [['--queue', 'redis://127.0.0.1:1', '--data-dir', '/no/such/folder'], /--data-dir: \/no\/such\/folder is not a folder/],
  ])('refuses %j with exit 2', async (args, why) => {
    const r = await runCli(['worker', ...args], noQueue);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(why);
    expect(r.stderr).not.toContain('secret');
  });

  it('says when the queue is out of reach, and exits', async () => {
    const port = await closedPort();
    const r = await runCli(['worker', '--queue', `redis://:pw@127.0.0.1:${port}`], noQueue);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`cannot reach the queue redis://:\\*\\*\\*@127.0.0.1:${port} within 10 s`));
  });
});

describe('sweeplab sweep --queue', () => {
  it('refuses a bad queue URL before the database is created', async () => {
    const file = writeConfig(tmp.dir, 'q', { name: 'q', dataset: { name: 'iris' }, model: { hidden: [4] }, train: { epochs: 1, batchSize: 16, lr: 0.1 } });
    const db = path.join(tmp.dir, 'q.db');
    const bad = await runCli(['sweep', file, '--db', db, '--queue', 'redis://host:99999'], noQueue);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--queue: "redis:\/\/host:99999" is not a URL|port must be 1–65535/);
    const env = await runCli(['sweep', file, '--db', db], { SWEEPLAB_QUEUE: 'redis://h/abc' });
    expect(env.code).toBe(2);
    expect(env.stderr).toMatch(/SWEEPLAB_QUEUE: "redis:\/\/h\/abc": the path must be a database number/);
    expect(existsSync(db)).toBe(false);
  });

  it('stops the sweep, saying so, when the queue is out of reach', async () => {
    const file = writeConfig(tmp.dir, 'far', { name: 'far', dataset: { name: 'iris' }, model: { hidden: [4] }, train: { epochs: 1, batchSize: 16, lr: 0.1 } });
    const r = await runCli(['sweep', file, '--db', path.join(tmp.dir, 'far.db'), '--queue', `redis://127.0.0.1:${await closedPort()}`], noQueue);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the sweep stopped: cannot reach the queue redis:\/\/127.0.0.1:\d+ within 10 s.*\(sweeplab sweep --resume 1\)/);
  });
});
