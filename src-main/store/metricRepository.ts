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
  /**
   * Stores one run's batch atomically; a point at an existing (run, key, step) replaces
   * it. A value must be a finite number or null (not a number: see MetricPoint); NaN
   * and ±Infinity are refused, since `metricValue` in the worker is where they become null.
   */
  append(runId: number, points: readonly MetricPoint[]): void;
  /** One series per (run, key) asked for, in that order (runs outer); empty when nothing was recorded. */
  series(runIds: readonly number[], keys: readonly string[], opts?: SeriesOptions): MetricSeries[];
  /** The latest (highest-step) value of each of the run's metrics. */
  latest(runId: number): Record<string, number | null>;
}

function checkPoint(runId: number, p: MetricPoint): void {
  if (typeof p.key !== 'string' || !p.key) throw new TypeError(`metric point of run ${runId}: key must be a non-empty string`);
  if (!Number.isInteger(p.step)) throw new TypeError(`metric ${p.key} of run ${runId}: step must be an integer (got ${p.step})`);
  if (p.value !== null && (typeof p.value !== 'number' || !Number.isFinite(p.value)))
    throw new TypeError(`metric ${p.key} of run ${runId}: value must be a finite number or null (got ${String(p.value)})`);
  if (!Number.isFinite(p.time)) throw new TypeError(`metric ${p.key} of run ${runId}: time must be a number of milliseconds (got ${String(p.time)})`);
}

export function createMetricRepository(db: Database.Database): MetricRepository {
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

  const appendBatch = db.transaction((runId: number, points: readonly MetricPoint[]) => {
    if (!Number.isInteger(runId)) throw new TypeError(`metric points: runId must be an integer (got ${runId})`);
    // A batch holds many steps of the same metric; only the highest reaches latest_metrics.
    const latest = new Map<string, MetricPoint>();
    for (const p of points) {
      checkPoint(runId, p);
      insert.run(runId, p.key, p.step, p.value, p.time);
      const prev = latest.get(p.key);
      if (!prev || p.step >= prev.step) latest.set(p.key, p);
    }
    for (const l of latest.values()) upsertLatest.run(runId, l.key, l.value, l.step, l.time);
  });

  return {
    append(runId, points) {
      if (points.length) appendBatch(runId, points);
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
