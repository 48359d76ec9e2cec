/**
 * Sweeps: one launch of a sweep config. A name may be launched many times, so a name
 * resolves to its newest sweep, and everything a person types (`sweeplab show lr-grid`,
 * `sweeplab show 12`) goes through `resolve`.
 */
import type Database from 'better-sqlite3';
import type { SweepConfig } from '../sweep/configSchema';
import { ownerAlive, type ProcessIdentity } from './liveness';
import { RUN_STATUSES, type Annotations, type RunStatus, type SweepRecord, type SweepStatus, type SweepSummary } from './types';

export interface SweepRepository {
  create(sweep: { name: string; config: SweepConfig }): SweepRecord;
  get(id: number): SweepRecord | null;
  /** A numeric string is an id; anything else is a name, meaning its most recent sweep. */
  resolve(ref: string): SweepRecord | null;
  /** Newest first, with run counts over the current attempt of each trial. */
  list(): SweepSummary[];
  /** Stamps started_at on the first `running`, finished_at on every stop. */
  setStatus(id: number, status: SweepStatus): SweepRecord;
  /** Sets the name, note, tags or star (absent fields stay); null if there is no such sweep. A sweep's name cannot be null. */
  annotate(id: number, changes: Annotations): SweepRecord | null;
  /** Deletes the sweep, its runs and everything they recorded; returns the runs' artifact paths for the caller to remove. */
  delete(id: number): string[];
  /**
   * Deletes up to `limit` of the sweep's metric points in one short transaction and
   * returns how many went. A sweep with millions of points is deleted by calling this
   * until it returns 0, then `delete`: the write lock is never held for long, so the
   * scheduler and other processes keep writing in between.
   */
  deleteMetricsChunk(id: number, limit: number): number;
  /**
   * Makes `me` the sweep's one owner: the process that may run it, resume it or delete
   * it. Succeeds when nobody owns it, `me` already does, or its owner is no longer alive
   * (crashed, killed); otherwise answers who holds it. Atomic across processes.
   */
  claim(id: number, me: ProcessIdentity, isAlive?: (pid: number) => boolean): { ok: true } | { ok: false; owner: SweepOwner };
  /** Gives up ownership; a no-op unless `me` owns it. */
  release(id: number, me: ProcessIdentity): void;
  /** The recorded owner, alive or not; null if none. */
  owner(id: number): SweepOwner | null;
  /** Whether a live process other than `me` owns the sweep. */
  ownedElsewhere(id: number, me: ProcessIdentity, isAlive?: (pid: number) => boolean): SweepOwner | null;
}

/** Who runs a sweep: a process on a host, since a time. */
export interface SweepOwner {
  pid: number;
  host: string;
  token: string;
  since: number;
}

interface SweepRow {
  id: number;
  name: string;
  config: string;
  status: SweepStatus;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  owner_pid: number | null;
  owner_host: string | null;
  owner_token: string | null;
  owner_since: number | null;
  note: string | null;
  tags: string;
  starred: 0 | 1;
}

type SummaryRow = Omit<SweepRow, 'config' | 'owner_pid' | 'owner_host' | 'owner_token' | 'owner_since'> & { trials: number; best_val_acc: number | null } & Record<RunStatus, number>;

const STOPPED: readonly SweepStatus[] = ['completed', 'failed', 'cancelled', 'interrupted'];

function toRecord(row: SweepRow): SweepRecord {
  return {
    id: row.id,
    name: row.name,
    config: JSON.parse(row.config) as SweepConfig,
    status: row.status,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    note: row.note,
    tags: JSON.parse(row.tags) as string[],
    starred: row.starred === 1,
  };
}

// One pass over current_runs per sweep; `val_acc` is each run's final (latest-step) value,
// the same number the runs table shows, so "best" agrees with what people see there.
// Only completed runs compete: a pruned run's val_acc is from the epoch it was stopped at.
// One count per RUN_STATUSES entry, so a new status (`pruned`, v4) is counted by itself.
const SUMMARY_SQL = `
  SELECT s.id, s.name, s.status, s.created_at, s.started_at, s.finished_at, s.note, s.tags, s.starred,
         COUNT(c.id) AS trials,
         ${RUN_STATUSES.map((st) => `COALESCE(SUM(c.status = '${st}'), 0) AS ${st}`).join(',\n         ')},
         MAX(CASE WHEN c.status = 'completed' THEN lm.value END) AS best_val_acc
  FROM sweeps s
  LEFT JOIN current_runs c ON c.sweep_id = s.id
  LEFT JOIN latest_metrics lm ON lm.run_id = c.id AND lm.key = 'val_acc'
  GROUP BY s.id
  ORDER BY s.created_at DESC, s.id DESC`;

export function createSweepRepository(db: Database.Database, now: () => number = Date.now): SweepRepository {
  const insert = db.prepare<[string, string, number], SweepRow>(
    `INSERT INTO sweeps (name, config, status, created_at) VALUES (?, ?, 'queued', ?) RETURNING *`,
  );
  const byId = db.prepare<[number], SweepRow>('SELECT * FROM sweeps WHERE id = ?');
  const byName = db.prepare<[string], SweepRow>('SELECT * FROM sweeps WHERE name = ? ORDER BY created_at DESC, id DESC LIMIT 1');
  const summaries = db.prepare<[], SummaryRow>(SUMMARY_SQL);
  // Resuming (interrupted → running) keeps the first start and reopens the sweep.
  const updateStatus = db.prepare<{ status: SweepStatus; now: number; stops: number; id: number }, SweepRow>(`
    UPDATE sweeps SET status = @status,
      started_at  = CASE WHEN @status = 'running' THEN COALESCE(started_at, @now) ELSE started_at END,
      finished_at = CASE WHEN @stops THEN @now WHEN @status = 'running' THEN NULL ELSE finished_at END
    WHERE id = @id RETURNING *`);
  const artifactPaths = db.prepare<[number], string>(
    'SELECT a.path FROM artifacts a JOIN runs r ON r.id = a.run_id WHERE r.sweep_id = ? ORDER BY a.id',
  ).pluck();
  const remove = db.prepare<[number]>('DELETE FROM sweeps WHERE id = ?');
  const annotateSweep = db.prepare<{ id: number; name: string | null; setNote: number; note: string | null; tags: string | null; starred: number | null }>(`
    UPDATE sweeps SET name = COALESCE(@name, name), note = CASE WHEN @setNote THEN @note ELSE note END,
                      tags = COALESCE(@tags, tags), starred = COALESCE(@starred, starred)
    WHERE id = @id`);
  const runWithMetrics = db
    .prepare<[number], number>('SELECT m.run_id FROM runs r JOIN metrics m ON m.run_id = r.id WHERE r.sweep_id = ? LIMIT 1')
    .pluck();
  const deleteRunMetrics = db.prepare<[number, number, number]>(
    'DELETE FROM metrics WHERE run_id = ? AND (key, step) IN (SELECT key, step FROM metrics WHERE run_id = ? LIMIT ?)',
  );
  const ownerOf = db.prepare<[number], Pick<SweepRow, 'owner_pid' | 'owner_host' | 'owner_token' | 'owner_since'>>(
    'SELECT owner_pid, owner_host, owner_token, owner_since FROM sweeps WHERE id = ?',
  );
  const setOwner = db.prepare<[number, string, string, number, number]>(
    'UPDATE sweeps SET owner_pid = ?, owner_host = ?, owner_token = ?, owner_since = ? WHERE id = ?',
  );
  const clearOwner = db.prepare<[number, string]>(
    'UPDATE sweeps SET owner_pid = NULL, owner_host = NULL, owner_token = NULL, owner_since = NULL WHERE id = ? AND owner_token = ?',
  );

  const owner = (id: number): SweepOwner | null => {
    const row = ownerOf.get(id);
    if (!row || row.owner_pid === null) return null;
    return { pid: row.owner_pid, host: row.owner_host ?? '', token: row.owner_token ?? '', since: row.owner_since ?? 0 };
  };
  const ownedElsewhere = (id: number, me: ProcessIdentity, isAlive?: (pid: number) => boolean): SweepOwner | null => {
    const o = owner(id);
    return o && o.token !== me.token && ownerAlive(o, isAlive) ? o : null;
  };

  const get = (id: number) => {
    const row = byId.get(id);
    return row ? toRecord(row) : null;
  };

  return {
    create({ name, config }) {
      return toRecord(insert.get(name, JSON.stringify(config), now())!);
    },
    get,
    resolve(ref) {
      const trimmed = ref.trim();
      if (/^\d+$/.test(trimmed)) return get(Number(trimmed));
      const row = byName.get(trimmed);
      return row ? toRecord(row) : null;
    },
    list() {
      return summaries.all().map((r) => ({
        id: r.id,
        name: r.name,
        status: r.status,
        createdAt: r.created_at,
        startedAt: r.started_at,
        finishedAt: r.finished_at,
        trials: r.trials,
        counts: Object.fromEntries(RUN_STATUSES.map((st) => [st, r[st]])) as Record<RunStatus, number>,
        bestValAcc: r.best_val_acc,
        note: r.note,
        tags: JSON.parse(r.tags) as string[],
        starred: r.starred === 1,
      }));
    },
    setStatus(id, status) {
      const row = updateStatus.get({ status, now: now(), stops: STOPPED.includes(status) ? 1 : 0, id });
      if (!row) throw new Error(`no sweep with id ${id}`);
      return toRecord(row);
    },
    annotate(id, changes) {
      if (changes.name === null) throw new RangeError('a sweep must have a name');
      annotateSweep.run({
        id,
        name: changes.name ?? null,
        setNote: 'note' in changes ? 1 : 0,
        note: changes.note ?? null,
        tags: changes.tags === undefined ? null : JSON.stringify(changes.tags),
        starred: changes.starred === undefined ? null : changes.starred ? 1 : 0,
      });
      return get(id);
    },
    delete: db.transaction((id: number) => {
      // Read the paths first: the cascade below deletes the rows that name them.
      const paths = artifactPaths.all(id);
      remove.run(id);
      return paths;
    }),
    deleteMetricsChunk(id, limit) {
      return db.transaction(() => {
        const runId = runWithMetrics.get(id);
        return runId === undefined ? 0 : deleteRunMetrics.run(runId, runId, limit).changes;
      }).immediate();
    },
    claim(id, me, isAlive) {
      return db.transaction((): { ok: true } | { ok: false; owner: SweepOwner } => {
        if (!byId.get(id)) throw new Error(`no sweep with id ${id}`);
        const held = ownedElsewhere(id, me, isAlive);
        if (held) return { ok: false, owner: held };
        if (owner(id)?.token !== me.token) setOwner.run(me.pid, me.host, me.token, now(), id);
        return { ok: true };
      }).immediate();
    },
    release(id, me) {
      clearOwner.run(id, me.token);
    },
    owner,
    ownedElsewhere,
  };
}
