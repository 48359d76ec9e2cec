/**
 * Real parts for the cluster tests: `sweeplab worker` processes on a private Redis
 * (redisServer.ts), `sweeplab sweep --queue` as the coordinator, and read-only looks
 * at the coordinator's SQLite file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { BIN, ROOT, waitFor } from '../cli/helpers';

export interface WorkerProcess {
  name: string;
  child: ChildProcess;
  /** Everything it wrote to stderr so far. */
  log(): string;
  /** Resolves once it has exited. */
  exited: Promise<void>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts `sweeplab worker` and waits until it has announced itself. Its temporary folder
 * (where its scratch folder goes) is its own, removed when it has exited: a SIGKILLed
 * worker cannot tidy up after itself.
 */
export async function startWorker(queue: string, name: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<WorkerProcess> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), `sweeplab-test-${name}-`));
  const child = spawn(process.execPath, [BIN, 'worker', '--queue', queue, '--name', name, '--concurrency', '1', '--lock-ms', '2000', ...extra], {
    cwd: ROOT,
    env: { ...process.env, TMPDIR: tmp, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr!.on('data', (d) => (log += d));
  const exited = new Promise<void>((resolve) =>
    child.once('close', () => {
      rmSync(tmp, { recursive: true, force: true });
      resolve();
    }),
  );
  await waitFor(`worker ${name} to start`, () => (log.includes(`Worker ${name} on`) ? true : child.exitCode !== null ? fail(name, log) : undefined), {
    timeoutMs: 30_000,
    lastSeen: () => log,
  });
  return {
    name,
    child,
    log: () => log,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

function fail(name: string, log: string): never {
  throw new Error(`worker ${name} exited before it started:\n${log}`);
}

/** Writes a sweep config file into `dir`. */
export function writeConfig(dir: string, name: string, config: object): string {
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(config));
  return file;
}

export interface RunRow {
  id: number;
  trial_index: number;
  attempt: number;
  status: string;
  error: string | null;
  pid: number | null;
  /** The worker that trained it (migration 8); null: the coordinator's own machine. */
  worker: string | null;
}

/** A read-only look at the coordinator's database (it may be mid-write: WAL keeps that safe). */
export function readDb<T>(file: string, fn: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

export const runsOf = (file: string): RunRow[] =>
  readDb(file, (db) => db.prepare('SELECT id, trial_index, attempt, status, error, pid, worker FROM runs ORDER BY trial_index, attempt').all() as RunRow[]);

/** The steps recorded for `key` of a run, in order. */
export const stepsOf = (file: string, runId: number, key: string): number[] =>
  readDb(file, (db) => db.prepare('SELECT step FROM metrics WHERE run_id = ? AND key = ? ORDER BY step').pluck().all(runId, key) as number[]);

/** The final values of the metrics that do not depend on the clock or the machine. */
export const resultsOf = (file: string): Record<string, Record<string, number | null>> =>
  readDb(file, (db) => {
    const rows = db
      .prepare(
        `SELECT r.trial_index AS trial, m.key, m.value FROM latest_metrics m JOIN current_runs r ON r.id = m.run_id
         WHERE m.key NOT IN ('epoch_seconds', 'peak_rss_mb') ORDER BY r.trial_index, m.key`,
      )
      .all() as { trial: number; key: string; value: number | null }[];
    const out: Record<string, Record<string, number | null>> = {};
    for (const r of rows) (out[`trial ${r.trial}`] ??= {})[r.key] = r.value;
    return out;
  });

/** `n` steps 1..n: a curve with nothing missing. */
export const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
