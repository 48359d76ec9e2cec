/**
 * Metrics: the time series every chart is drawn from. The scheduler batches worker
 * progress and calls `append` once per batch, so a batch is one transaction: one WAL
 * commit instead of hundreds, and a crash leaves whole batches or nothing (never half an
 * epoch). `latest_metrics` is updated in the same transaction, so it can't disagree with
 * `metrics`.
 */
import type Database from 'better-sqlite3';
import { lttbIndices, pick } from './downsample';
import type { MetricPoint, MetricSeries, SeriesOptions } from './types';

export interface MetricRepository {
  /** Stores a batch atomically; a point at an existing (run, key, step) replaces it. */
  append(points: readonly MetricPoint[]): void;
  /** One series per (run, key) asked for, in that order (runs outer); empty when nothing was recorded. */
  series(runIds: readonly number[], keys: readonly string[], opts?: SeriesOptions): MetricSeries[];
  /** The latest (highest-step) value of each of the run's metrics. */
  latest(runId: number): Record<string, number | null>;
}

type Latest = { runId: number; key: string; step: number; value: number | null; time: number };

function checkPoint(p: MetricPoint): void {
  if (!Number.isInteger(p.runId)) throw new TypeError(`metric point: runId must be an integer (got ${p.runId})`);
  if (typeof p.key !== 'string' || !p.key) throw new TypeError(`metric point of run ${p.runId}: key must be a non-empty string`);
  if (!Number.isInteger(p.step)) throw new TypeError(`metric ${p.key} of run ${p.runId}: step must be an integer (got ${p.step})`);
  if (p.value !== null && typeof p.value !== 'number')
    throw new TypeError(`metric ${p.key} of run ${p.runId}: value must be a number or null (got ${typeof p.value})`);
}

export function createMetricRepository(db: Database.Database, now: () => number = Date.now): MetricRepository {
  // Prepared once: preparing costs about as much as running these tiny statements.
  const insert = db.prepare<[number, string, number, number | null, number]>(
    'INSERT OR REPLACE INTO metrics (run_id, key, step, value, time) VALUES (?, ?, ?, ?, ?)',
  );
  // `>=`: a re-sent point at the latest step replaces it, as it does in `metrics`.
  const upsertLatest = db.prepare<[number, string, number | null, number, number]>(`
    INSERT INTO latest_metrics (run_id, key, value, step, time) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value, step = excluded.step, time = excluded.time
    WHERE excluded.step >= latest_metrics.step`);
  const seriesOf = db
    .prepare<[number, string, number], [number, number | null, number]>(
      'SELECT step, value, time FROM metrics WHERE run_id = ? AND key = ? AND step > ? ORDER BY step',
    )
    .raw();
  const latestOf = db.prepare<[number], { key: string; value: number | null }>('SELECT key, value FROM latest_metrics WHERE run_id = ?');

  const appendBatch = db.transaction((points: readonly MetricPoint[]) => {
    const t = now();
    // A batch holds many steps of the same metric; only the highest reaches latest_metrics.
    const latest = new Map<string, Latest>();
    for (const p of points) {
      checkPoint(p);
      // SQLite would store ±Infinity as a REAL and NaN as NULL; store both as NULL so
      // every reader sees one "not a number" and JSON (which has neither) survives.
      const value = p.value !== null && Number.isFinite(p.value) ? p.value : null;
      const time = p.time ?? t;
      insert.run(p.runId, p.key, p.step, value, time);
      const id = `${p.runId}\u0000${p.key}`;
      const prev = latest.get(id);
      if (!prev || p.step >= prev.step) latest.set(id, { runId: p.runId, key: p.key, step: p.step, value, time });
    }
    for (const l of latest.values()) upsertLatest.run(l.runId, l.key, l.value, l.step, l.time);
  });

  return {
    append(points) {
      if (points.length) appendBatch(points);
    },
    series(runIds, keys, opts = {}) {
      const { maxPoints, sinceStep } = opts;
      if (maxPoints !== undefined && (!Number.isInteger(maxPoints) || maxPoints < 2))
        throw new RangeError(`maxPoints must be an integer ≥ 2 (got ${maxPoints})`);
      const after = sinceStep ?? Number.MIN_SAFE_INTEGER;
      const out: MetricSeries[] = [];
      // One read transaction, so a live run's series all reflect the same moment.
      db.transaction(() => {
        for (const runId of runIds) {
          for (const key of keys) {
            const rows = seriesOf.all(runId, key, after);
            let steps = rows.map((r) => r[0]);
            let values = rows.map((r) => r[1]);
            let times = rows.map((r) => r[2]);
            if (maxPoints !== undefined && rows.length > maxPoints) {
              const keep = lttbIndices(steps, values, maxPoints);
              [steps, values, times] = [pick(steps, keep), pick(values, keep), pick(times, keep)];
            }
            out.push({ runId, key, steps, values, times });
          }
        }
      }).deferred();
      return out;
    },
    latest(runId) {
      return Object.fromEntries(latestOf.all(runId).map((r) => [r.key, r.value]));
    },
  };
}
