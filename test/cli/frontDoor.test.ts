/**
 * One front door: the CLI goes through the same services as the app and `serve`, so the
 * rules they apply are the same. A `--data-dir` beats the data folder in the app's
 * settings (in `sweep` and `serve` alike), the settings' concurrency applies to a CLI
 * sweep whose flag and config name none, and Ctrl+C cancels and says how to resume.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppServices } from '../../src-main/api/services';
import { encodeIdx } from '../../src-main/data/idx';
import { forkWorker } from '../../src-main/sweep/workerLauncher';
import { runCli, startCli, tempDir } from './helpers';

const tmp = tempDir('sweeplab-door-');
const env = { SWEEPLAB_HOME: path.join(tmp.dir, 'home'), SWEEPLAB_DATA: '', SWEEPLAB_RENDERER: path.join(tmp.dir, 'no-renderer') };
afterAll(() => tmp.cleanup());

/** A Fashion-MNIST folder of blank images, 10 per class: enough to train on, and told apart by its path. */
function fashionFolder(name: string): string {
  const dir = path.join(tmp.dir, name);
  mkdirSync(dir, { recursive: true });
  for (const [prefix, n] of [['train', 100], ['t10k', 20]] as const) {
    writeFileSync(path.join(dir, `${prefix}-images-idx3-ubyte.gz`), zlib.gzipSync(encodeIdx([n, 28, 28], new Uint8Array(n * 784))));
    writeFileSync(path.join(dir, `${prefix}-labels-idx1-ubyte.gz`), zlib.gzipSync(encodeIdx([n], Uint8Array.from({ length: n }, (_, i) => i % 10))));
  }
  return dir;
}

/** Sets the app's settings in `db` the way the GUI does: through the API. */
async function setSettings(db: string, settings: Record<string, unknown>): Promise<void> {
  const services = createAppServices({ dbPath: db, launchWorker: forkWorker, mode: 'electron', watchMs: 0 });
  try {
    const r = await services.dispatch('setSettings', settings);
    expect(r.ok, JSON.stringify(r)).toBe(true);
  } finally {
    await services.close();
  }
}

function writeConfig(name: string, config: Record<string, unknown>): string {
  const file = path.join(tmp.dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(config));
  return file;
}

interface RunRow {
  sweepId: number;
  status: string;
  startedAt: number;
  finishedAt: number;
  dataset: { source: string } | null;
}

async function runsOf(db: string, sweep: string): Promise<RunRow[]> {
  const r = await runCli(['runs', '--db', db, '--sweep', sweep, '--format', 'json'], env);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as RunRow[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('--data-dir beats the data folder in the settings', () => {
  const db = path.join(tmp.dir, 'data.db');
  let named: string;
  let inSettings: string;
  const fashion = (name: string) => ({
    name,
    dataset: { name: 'fashion-mnist' },
    engine: 'scratch',
    model: { hidden: [8] },
    train: { epochs: 1, batchSize: 16, lr: 0.1 },
    concurrency: 1,
  });

  beforeAll(async () => {
    named = fashionFolder('named');
    inSettings = fashionFolder('in-settings');
    await setSettings(db, { dataDir: inSettings });
  });

  it('in `sweep`: the run reads the named folder; without the flag, the settings\' one', async () => {
    const flagged = await runCli(['sweep', writeConfig('flagged', fashion('flagged')), '--db', db, '--data-dir', named], env);
    expect(flagged.code, flagged.stderr).toBe(0);
    expect((await runsOf(db, 'flagged')).map((r) => r.dataset?.source)).toEqual([named]);

    const plain = await runCli(['sweep', writeConfig('plain', fashion('plain')), '--db', db], env);
    expect(plain.code, plain.stderr).toBe(0);
    expect((await runsOf(db, 'plain')).map((r) => r.dataset?.source)).toEqual([inSettings]);
  }, 120_000);

  it('in `serve`: a sweep started from the browser reads the named folder', async () => {
    const child = startCli(['serve', '--db', db, '--data-dir', named], env);
    let stdout = '';
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      const url = await new Promise<URL>((resolve, reject) => {
        child.stdout!.on('data', (d) => {
          stdout += d;
          const m = /Sweeplab is running at (\S+)\n/.exec(stdout);
          if (m) resolve(new URL(m[1]));
        });
        void exited.then((code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
      });
      const headers = { Authorization: `Bearer ${url.searchParams.get('token')}`, 'Content-Type': 'application/json' };
      const call = async (method: string, body: unknown) => (await (await fetch(`${url.origin}/api/${method}`, { method: 'POST', headers, body: JSON.stringify(body) })).json()) as any;

      const created = await call('createSweep', { config: fashion('served') });
      expect(created.ok, JSON.stringify(created)).toBe(true);
      let runs: RunRow[] = [];
      for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(100)) {
        runs = (await call('listRuns', { sweepId: created.data.sweepId })).data;
        if (runs.every((r) => r.status !== 'queued' && r.status !== 'running')) break;
      }
      expect(runs.map((r) => [r.status, r.dataset?.source])).toEqual([['completed', named]]);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  }, 120_000);
});

describe('trials at once', () => {
  it('a CLI sweep whose flag and config name none runs as many as the settings say: one', async () => {
    const db = path.join(tmp.dir, 'one.db');
    await setSettings(db, { concurrency: 1 });
    // Long enough (~0.7 s each) that two lanes would surely overlap (as they do with --concurrency 2).
    const config = {
      name: 'one-at-a-time',
      dataset: { name: 'iris' },
      engine: 'scratch',
      model: { hidden: [16] },
      train: { epochs: 400, batchSize: 8, lr: 0.01 },
      search: { params: { 'train.seed': [1, 2, 3] } },
    };
    const r = await runCli(['sweep', writeConfig('one', config), '--db', db], env);
    expect(r.code, r.stderr).toBe(0);
    const runs = (await runsOf(db, 'one-at-a-time')).sort((a, b) => a.startedAt - b.startedAt);
    expect(runs.map((x) => x.status)).toEqual(['completed', 'completed', 'completed']);
    for (let i = 1; i < runs.length; i++) expect(runs[i].startedAt, `run ${i + 1} started before run ${i} finished`).toBeGreaterThanOrEqual(runs[i - 1].finishedAt);
  }, 120_000);
});

describe('Ctrl+C', () => {
  it('cancels the sweep, says how to resume it, and exits 1', async () => {
    const db = path.join(tmp.dir, 'int.db');
    const config = {
      name: 'interrupted',
      dataset: { name: 'iris' },
      engine: 'scratch',
      model: { hidden: [8] },
      train: { epochs: 100_000, batchSize: 16, lr: 0.01 },
      search: { params: { 'train.seed': [1, 2] } },
      concurrency: 1,
    };
    const child = startCli(['sweep', writeConfig('int', config), '--db', db], env);
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const running = () => {
      try {
        const conn = new Database(db, { readonly: true });
        try {
          return (conn.prepare("SELECT count(*) FROM runs WHERE status = 'running'").pluck().get() as number) > 0;
        } finally {
          conn.close();
        }
      } catch {
        return false; // not created yet
      }
    };
    for (const deadline = Date.now() + 60_000; !running() && Date.now() < deadline; ) await sleep(100);
    expect(running(), stderr).toBe(true);
    child.kill('SIGINT');
    expect(await exited, stderr).toBe(1);
    expect(stderr).toContain('sweeplab sweep --resume 1');
    const conn = new Database(db, { readonly: true });
    try {
      expect(conn.prepare('SELECT status FROM sweeps').pluck().get()).toBe('cancelled');
      expect(conn.prepare('SELECT status FROM runs ORDER BY id').pluck().all()).toEqual(['cancelled', 'cancelled']);
    } finally {
      conn.close();
    }
  }, 120_000);
});
