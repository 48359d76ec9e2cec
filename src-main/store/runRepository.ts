/**
 * Runs: one attempt at one trial, moving queued → running → completed | failed |
 * cancelled | interrupted. A resumed trial gets a new row (attempt + 1) instead of reusing
 * the old one, so what the interrupted attempt recorded is never overwritten; "current"
 * means the latest attempt of each trial (the `current_runs` view).
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type Database from 'better-sqlite3';
import type { TrialConfig } from '../sweep/configSchema';
import type { FinalRunStatus, NewTrial, RunEnv, RunFilter, RunRecord, RunStatus } from './types';

export interface RunRepository {
  /** Queues a sweep's trials, all or none (one transaction). */
  createQueued(sweepId: number, trials: readonly NewTrial[]): RunRecord[];
  /** queued → running, recording what it runs with and on. Throws if the run is not queued. */
  start(runId: number, env: RunEnv, dataset?: object): void;
  /** Ends a queued or running run. False if it had already ended (e.g. recovered as interrupted). */
  finish(runId: number, status: FinalRunStatus, error?: string): boolean;
  get(id: number): RunRecord | null;
  /** Ordered by sweep, trial index, attempt; by default the current attempts only. */
  list(filter?: RunFilter): RunRecord[];
  /** The current runs of a sweep that did not complete: what `--resume` must run again. */
  remainingTrials(sweepId: number): RunRecord[];
  /**
   * Marks runs left `running` by a process that died as `interrupted`, then every
   * `running` sweep with no live run left. Returns the number of runs marked.
   */
  recoverInterrupted(opts?: { isAlive?: (pid: number) => boolean }): number;
}

interface RunRow {
  id: number;
  sweep_id: number;
  trial_index: number;
  attempt: number;
  status: RunStatus;
  config: string;
  seed: number;
  engine: string | null;
  backend: string | null;
  gpu: 0 | 1 | null;
  app_version: string | null;
  versions: string | null;
  dataset: string | null;
  pid: number | null;
  error: string | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
}

const FINAL: readonly RunStatus[] = ['completed', 'failed', 'cancelled', 'interrupted'];
const CRASHED = 'the process running it stopped unexpectedly';

function toRecord(row: RunRow, params: Record<string, unknown>, metrics: Record<string, number | null>): RunRecord {
  return {
    id: row.id,
    sweepId: row.sweep_id,
    trialIndex: row.trial_index,
    attempt: row.attempt,
    status: row.status,
    config: JSON.parse(row.config) as TrialConfig,
    seed: row.seed,
    engine: row.engine,
    backend: row.backend,
    gpu: row.gpu === null ? null : row.gpu === 1,
    appVersion: row.app_version,
    versions: row.versions === null ? null : (JSON.parse(row.versions) as Record<string, string>),
    dataset: row.dataset === null ? null : (JSON.parse(row.dataset) as Record<string, unknown>),
    pid: row.pid,
    error: row.error,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    params,
    metrics,
  };
}

/**
 * Whether a recorded pid still belongs to a live process. The app and the CLI share one
 * database and both recover at start-up, so `sweeplab list` while the app trains must
 * not declare the app's runs dead. A pid from before the last boot, or our own pid (we
 * have only just started), is a reused number, not the process that ran the trial.
 */
/**
 * A worker whose scheduler was killed is re-parented to init; until init reaps it, it is
 * a zombie that `kill(pid, 0)` still reports as existing (containers whose init reaps
 * lazily keep them for seconds). On Linux, /proc says so; elsewhere assume not.
 */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false;
  }
}

function defaultIsAlive(pid: number): boolean {
  // kill(0) and kill(-n) address process groups, not a process.
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return !isZombie(pid);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

export function createRunRepository(db: Database.Database, now: () => number = Date.now): RunRepository {
  const insertRun = db.prepare<[number, number, number, string, number, number], RunRow>(
    `INSERT INTO runs (sweep_id, trial_index, attempt, status, config, seed, created_at)
     VALUES (?, ?, ?, 'queued', ?, ?, ?) RETURNING *`,
  );
  const insertParam = db.prepare<[number, string, string]>('INSERT INTO params (run_id, key, value) VALUES (?, ?, ?)');
  const startRun = db.prepare(`
    UPDATE runs SET status = 'running', engine = @engine, backend = @backend, gpu = @gpu, app_version = @appVersion,
                    versions = @versions, dataset = @dataset, pid = @pid, started_at = @now
    WHERE id = @id AND status = 'queued'`);
  const finishRun = db.prepare<{ id: number; status: FinalRunStatus; error: string | null; now: number }>(`
    UPDATE runs SET status = @status, error = @error, finished_at = @now
    WHERE id = @id AND status IN ('queued', 'running')`);
  const byId = db.prepare<[number], RunRow>('SELECT * FROM runs WHERE id = ?');
  const statusOf = db.prepare<[number], RunStatus>('SELECT status FROM runs WHERE id = ?').pluck();
  // Params and latest metrics for a whole page of runs in two queries, ids passed as JSON.
  const paramsOf = db.prepare<[string], { run_id: number; key: string; value: string }>(
    'SELECT run_id, key, value FROM params WHERE run_id IN (SELECT value FROM json_each(?))',
  );
  const metricsOf = db.prepare<[string], { run_id: number; key: string; value: number | null }>(
    'SELECT run_id, key, value FROM latest_metrics WHERE run_id IN (SELECT value FROM json_each(?))',
  );
  const running = db.prepare<[], { id: number; pid: number | null; started_at: number | null }>(
    `SELECT id, pid, started_at FROM runs WHERE status = 'running'`,
  );
  const markInterrupted = db.prepare<[string, number, number]>(
    `UPDATE runs SET status = 'interrupted', error = ?, finished_at = ? WHERE id = ? AND status = 'running'`,
  );
  const interruptSweeps = db.prepare<[number]>(`
    UPDATE sweeps SET status = 'interrupted', finished_at = ?
    WHERE status = 'running' AND NOT EXISTS (SELECT 1 FROM runs WHERE sweep_id = sweeps.id AND status = 'running')`);
  const listQueries = new Map<string, Database.Statement<[Record<string, unknown>], RunRow>>();

  function withDetails(rows: RunRow[]): RunRecord[] {
    if (!rows.length) return [];
    const ids = JSON.stringify(rows.map((r) => r.id));
    const params = new Map<number, Record<string, unknown>>(rows.map((r) => [r.id, {}]));
    const metrics = new Map<number, Record<string, number | null>>(rows.map((r) => [r.id, {}]));
    for (const p of paramsOf.all(ids)) params.get(p.run_id)![p.key] = JSON.parse(p.value);
    for (const m of metricsOf.all(ids)) metrics.get(m.run_id)![m.key] = m.value;
    return rows.map((r) => toRecord(r, params.get(r.id)!, metrics.get(r.id)!));
  }

  function list(filter: RunFilter = {}): RunRecord[] {
    const where: string[] = [];
    if (filter.sweepId !== undefined) where.push('sweep_id = @sweepId');
    if (filter.status) where.push('status IN (SELECT value FROM json_each(@statuses))');
    const sql =
      `SELECT * FROM ${filter.includeSuperseded ? 'runs' : 'current_runs'}` +
      (where.length ? ` WHERE ${where.join(' AND ')}` : '') +
      ' ORDER BY sweep_id, trial_index, attempt';
    let stmt = listQueries.get(sql);
    if (!stmt) listQueries.set(sql, (stmt = db.prepare(sql)));
    const bind: Record<string, unknown> = {};
    if (filter.sweepId !== undefined) bind.sweepId = filter.sweepId;
    if (filter.status) bind.statuses = JSON.stringify(filter.status);
    return withDetails(stmt.all(bind));
  }

  return {
    createQueued: db.transaction((sweepId: number, trials: readonly NewTrial[]) => {
      const created = now();
      return trials.map((t) => {
        const row = insertRun.get(sweepId, t.trialIndex, t.attempt ?? 1, JSON.stringify(t.config), t.seed, created)!;
        const params: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(t.params)) {
          if (value === undefined) throw new TypeError(`trial ${t.trialIndex}: param ${key} is undefined`);
          const json = JSON.stringify(value);
          insertParam.run(row.id, key, json);
          params[key] = JSON.parse(json); // exactly what get() will return
        }
        return toRecord(row, params, {});
      });
    }),
    start(runId, env, dataset) {
      const { changes } = startRun.run({
        id: runId,
        engine: env.engine,
        backend: env.backend,
        gpu: env.gpu ? 1 : 0,
        appVersion: env.appVersion,
        versions: JSON.stringify(env.versions),
        dataset: dataset === undefined ? null : JSON.stringify(dataset),
        pid: env.pid,
        now: now(),
      });
      if (changes === 0) {
        const status = statusOf.get(runId);
        throw new Error(status === undefined ? `no run with id ${runId}` : `run ${runId} is ${status}, not queued: it cannot start`);
      }
    },
    finish(runId, status, error) {
      if (!FINAL.includes(status)) throw new RangeError(`a run cannot finish as "${status}"`);
      const { changes } = finishRun.run({ id: runId, status, error: error ?? null, now: now() });
      if (changes === 0 && statusOf.get(runId) === undefined) throw new Error(`no run with id ${runId}`);
      return changes > 0;
    },
    get(id) {
      return withDetails(byId.all(id))[0] ?? null;
    },
    list,
    remainingTrials(sweepId) {
      return list({ sweepId, status: ['queued', 'running', 'failed', 'cancelled', 'interrupted'] });
    },
    recoverInterrupted: (opts = {}) =>
      db.transaction(() => {
        const isAlive = opts.isAlive ?? defaultIsAlive;
        const t = now();
        const bootedAt = t - os.uptime() * 1000;
        let marked = 0;
        for (const r of running.all()) {
          const alive = r.pid !== null && r.started_at !== null && r.started_at >= bootedAt && isAlive(r.pid);
          if (!alive) marked += markInterrupted.run(CRASHED, t, r.id).changes;
        }
        interruptSweeps.run(t);
        return marked;
      }).immediate(),
  };
}
