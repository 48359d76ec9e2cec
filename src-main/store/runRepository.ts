/**
 * Runs: one attempt at one trial, moving queued → running → completed | pruned | failed |
 * cancelled | interrupted. A resumed trial gets a new row (attempt + 1) instead of reusing
 * the old one, so what the interrupted attempt recorded is never overwritten; "current"
 * means the latest attempt of each trial (the `current_runs` view).
 */
import type Database from 'better-sqlite3';
import type { TrialConfig } from '../sweep/configSchema';
import { bootTime, ownerAlive, pidExists, processIdentity } from './liveness';
import type { Annotations, FinalRunStatus, NewTrial, RunEnv, RunFilter, RunRecord, RunStatus } from './types';

export interface RunRepository {
  /** Queues a sweep's trials (replicates with their `replicateOf`), all or none (one transaction). */
  createQueued(sweepId: number, trials: readonly NewTrial[]): RunRecord[];
  /**
   * queued → running, recording what it runs with and on (`worker`: the queue worker's
   * name; null: this machine). Throws if the run is not queued. A run that had started
   * before (a queue job a restarted coordinator took back: runAdoption.ts) keeps its first
   * start time.
   */
  start(runId: number, env: RunEnv, dataset?: object, worker?: string | null): void;
  /** Ends a queued or running run. False if it had already ended (e.g. recovered as interrupted). */
  finish(runId: number, status: FinalRunStatus, error?: string, errorCode?: string): boolean;
  get(id: number): RunRecord | null;
  /** Ordered by sweep, trial index, attempt; by default the current attempts only. */
  list(filter?: RunFilter): RunRecord[];
  /**
   * The current runs of a sweep that did not finish: what `--resume` must run again.
   * A pruned run did finish (a tuner judged it, on its own curves), so it is not here.
   */
  remainingTrials(sweepId: number): RunRecord[];
  /**
   * Cleans up after processes that died: a sweep whose owner is gone loses its owner,
   * its `running` runs become `interrupted`, and so does the sweep. A sweep owned by a
   * live process (another CLI, `serve`, the app) is left alone, runs and all: it is
   * that process's to finish. Returns the number of runs marked.
   */
  recoverInterrupted(opts?: { isAlive?: (pid: number) => boolean }): number;
  /**
   * Marks the sweep's `running` runs interrupted. Only for the sweep's owner, before it
   * runs the sweep again: any run still `running` then was left by a crash or by a write
   * that failed (a full disk), not by a live worker. Returns the number marked.
   */
  interruptLeftovers(sweepId: number): number;
  /**
   * What queue workers (runs.worker) do for this database, by worker name: the runs
   * training on each now, and how many each finished (completed or pruned: results).
   */
  workerActivity(): Map<string, { running: number[]; done: number }>;
  /** Sets what a person wrote on the run (name, note, tags, star); absent fields stay. Null if there is no such run. */
  annotate(id: number, changes: Annotations): RunRecord | null;
  /**
   * Deletes one run and what it recorded (params, metrics, artifacts rows cascade);
   * returns its artifact paths for the caller to remove. Refuses a running run: its
   * worker would go on writing into a run that is gone. Null if there is no such run.
   */
  delete(id: number): string[] | null;
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
  error_code: string | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  name: string | null;
  note: string | null;
  tags: string;
  starred: 0 | 1;
  replicate_of: number | null;
  worker: string | null;
}

interface RunningRow {
  id: number;
  pid: number | null;
  /** The queue worker that trains it (its pid is that machine's); null: a process here. */
  worker: string | null;
  started_at: number | null;
  sweep_id: number;
  owner_pid: number | null;
  owner_host: string | null;
  owner_token: string | null;
  owner_since: number | null;
}

const FINAL: readonly RunStatus[] = ['completed', 'pruned', 'failed', 'cancelled', 'interrupted'];
/** Outcomes `--resume` runs again; `completed` and `pruned` are results and stay. */
const UNFINISHED: RunStatus[] = ['queued', 'running', 'failed', 'cancelled', 'interrupted'];
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
    errorCode: row.error_code,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    name: row.name,
    note: row.note,
    tags: JSON.parse(row.tags) as string[],
    starred: row.starred === 1,
    replicateOf: row.replicate_of,
    worker: row.worker ?? null,
    params,
    metrics,
  };
}

export function createRunRepository(db: Database.Database, now: () => number = Date.now): RunRepository {
  const insertRun = db.prepare<[number, number, number, string, number, number | null, number], RunRow>(
    `INSERT INTO runs (sweep_id, trial_index, attempt, status, config, seed, replicate_of, created_at)
     VALUES (?, ?, ?, 'queued', ?, ?, ?, ?) RETURNING *`,
  );
  const insertParam = db.prepare<[number, string, string]>('INSERT INTO params (run_id, key, value) VALUES (?, ?, ?)');
  const startRun = db.prepare(`
    UPDATE runs SET status = 'running', engine = @engine, backend = @backend, gpu = @gpu, app_version = @appVersion,
                    versions = @versions, dataset = @dataset, pid = @pid, worker = @worker, started_at = coalesce(started_at, @now)
    WHERE id = @id AND status = 'queued'`);
  const finishRun = db.prepare<{ id: number; status: FinalRunStatus; error: string | null; code: string | null; now: number }>(`
    UPDATE runs SET status = @status, error = @error, error_code = @code, finished_at = @now
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
  const running = db.prepare<[], RunningRow>(`
    SELECT r.id, r.pid, r.worker, r.started_at, s.id AS sweep_id, s.owner_pid, s.owner_host, s.owner_token, s.owner_since
    FROM runs r JOIN sweeps s ON s.id = r.sweep_id WHERE r.status = 'running'`);
  const ownedSweeps = db.prepare<[], Pick<RunningRow, 'sweep_id' | 'owner_pid' | 'owner_host' | 'owner_token' | 'owner_since'>>(
    'SELECT id AS sweep_id, owner_pid, owner_host, owner_token, owner_since FROM sweeps WHERE owner_pid IS NOT NULL',
  );
  const dropOwner = db.prepare<[number]>(
    'UPDATE sweeps SET owner_pid = NULL, owner_host = NULL, owner_token = NULL, owner_since = NULL WHERE id = ?',
  );
  const markInterrupted = db.prepare<[string, number, number]>(
    `UPDATE runs SET status = 'interrupted', error = ?, finished_at = ? WHERE id = ? AND status = 'running'`,
  );
  // Between two trials an owned sweep has no running run, yet it is running: only a sweep
  // nobody owns any more is interrupted.
  const interruptSweeps = db.prepare<[number]>(`
    UPDATE sweeps SET status = 'interrupted', finished_at = ?
    WHERE status = 'running' AND owner_pid IS NULL
      AND NOT EXISTS (SELECT 1 FROM runs WHERE sweep_id = sweeps.id AND status = 'running')`);
  const interruptOfSweep = db.prepare<[string, number, number]>(
    `UPDATE runs SET status = 'interrupted', error = COALESCE(error, ?), finished_at = ? WHERE sweep_id = ? AND status = 'running'`,
  );
  const annotateRun = db.prepare<{ id: number; setName: number; name: string | null; setNote: number; note: string | null; tags: string | null; starred: number | null }>(`
    UPDATE runs SET name = CASE WHEN @setName THEN @name ELSE name END,
                    note = CASE WHEN @setNote THEN @note ELSE note END,
                    tags = COALESCE(@tags, tags), starred = COALESCE(@starred, starred)
    WHERE id = @id`);
  const byWorker = db.prepare<[], { worker: string; id: number; status: RunStatus }>(
    `SELECT worker, id, status FROM runs WHERE worker IS NOT NULL AND status IN ('running', 'completed', 'pruned') ORDER BY id`,
  );
  const artifactPathsOf = db.prepare<[number], string>('SELECT path FROM artifacts WHERE run_id = ? ORDER BY id').pluck();
  const removeRun = db.prepare<[number]>(`DELETE FROM runs WHERE id = ? AND status != 'running'`);
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
        const row = insertRun.get(sweepId, t.trialIndex, t.attempt ?? 1, JSON.stringify(t.config), t.seed, t.replicateOf ?? null, created)!;
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
    start(runId, env, dataset, worker) {
      const { changes } = startRun.run({
        id: runId,
        engine: env.engine,
        backend: env.backend,
        gpu: env.gpu ? 1 : 0,
        appVersion: env.appVersion,
        versions: JSON.stringify(env.versions),
        dataset: dataset === undefined ? null : JSON.stringify(dataset),
        pid: env.pid,
        worker: worker ?? null,
        now: now(),
      });
      if (changes === 0) {
        const status = statusOf.get(runId);
        throw new Error(status === undefined ? `no run with id ${runId}` : `run ${runId} is ${status}, not queued: it cannot start`);
      }
    },
    finish(runId, status, error, errorCode) {
      if (!FINAL.includes(status)) throw new RangeError(`a run cannot finish as "${status}"`);
      const { changes } = finishRun.run({ id: runId, status, error: error ?? null, code: errorCode ?? null, now: now() });
      if (changes === 0 && statusOf.get(runId) === undefined) throw new Error(`no run with id ${runId}`);
      return changes > 0;
    },
    get(id) {
      return withDetails(byId.all(id))[0] ?? null;
    },
    list,
    remainingTrials(sweepId) {
      return list({ sweepId, status: UNFINISHED });
    },
    workerActivity() {
      const activity = new Map<string, { running: number[]; done: number }>();
      for (const r of byWorker.all()) {
        let a = activity.get(r.worker);
        if (!a) activity.set(r.worker, (a = { running: [], done: 0 }));
        if (r.status === 'running') a.running.push(r.id);
        else a.done++;
      }
      return activity;
    },
    interruptLeftovers(sweepId) {
      return interruptOfSweep.run(CRASHED, now(), sweepId).changes;
    },
    annotate(id, changes) {
      annotateRun.run({
        id,
        setName: 'name' in changes ? 1 : 0,
        name: changes.name ?? null,
        setNote: 'note' in changes ? 1 : 0,
        note: changes.note ?? null,
        tags: changes.tags === undefined ? null : JSON.stringify(changes.tags),
        starred: changes.starred === undefined ? null : changes.starred ? 1 : 0,
      });
      return withDetails(byId.all(id))[0] ?? null;
    },
    delete: (id) =>
      db.transaction((): string[] | null => {
        const status = statusOf.get(id);
        if (status === undefined) return null;
        if (status === 'running') throw new Error(`run ${id} is running; stop it before deleting it`);
        // Read the paths first: the cascade below deletes the rows that name them.
        const paths = artifactPathsOf.all(id);
        removeRun.run(id);
        return paths;
      }).immediate(),
    recoverInterrupted: (opts = {}) =>
      db.transaction(() => {
        const isAlive = opts.isAlive ?? pidExists;
        const t = now();
        const me = processIdentity();
        const ownerLives = (r: Pick<RunningRow, 'owner_pid' | 'owner_host' | 'owner_token' | 'owner_since'>) =>
          ownerAlive({ pid: r.owner_pid!, host: r.owner_host ?? '', token: r.owner_token ?? '', since: r.owner_since ?? 0 }, isAlive);
        let marked = 0;
        for (const r of running.all()) {
          // Owned sweeps: the owner decides. Unowned (a crash left it, or a file from
          // before owners were recorded): the worker's own pid, if it still lives here (a
          // queue worker's pid is another machine's: it says nothing about this one).
          const alive =
            r.owner_pid !== null
              ? ownerLives(r)
              : r.worker === null && r.pid !== null && r.pid !== me.pid && r.started_at !== null && r.started_at >= bootTime(t) && isAlive(r.pid);
          if (!alive) marked += markInterrupted.run(CRASHED, t, r.id).changes;
        }
        for (const s of ownedSweeps.all()) if (!ownerLives(s)) dropOwner.run(s.sweep_id);
        interruptSweeps.run(t);
        return marked;
      }).immediate(),
  };
}
