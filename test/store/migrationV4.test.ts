/**
 * Migration 4 rebuilds `runs` to let its CHECK accept `pruned`. A version-3 file with runs
 * in every status, their params, metrics and artifacts must come through whole: same rows,
 * same ids, the AUTOINCREMENT sequence where it was, indexes and triggers as they were, and
 * the children still cascading from runs.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from '../../src-main/store/migrations';
import { ENV, sweepConfig, tempDbFile, tempStore, trialConfig } from './helpers';

const V3_STATUSES = ['queued', 'running', 'completed', 'failed', 'cancelled', 'interrupted'];
const CHILDREN = ['params', 'metrics', 'latest_metrics', 'artifacts'];

/** A version-3 file: one sweep with a run in every status it allowed, each with params, metrics and an artifact. */
function version3File(): string {
  const file = tempDbFile();
  const db = new Database(file);
  migrate(db, MIGRATIONS.filter((m) => m.version <= 3));
  db.prepare(`INSERT INTO sweeps (id, name, config, status, created_at) VALUES (5, 'old', ?, 'interrupted', 1)`).run(JSON.stringify(sweepConfig('old')));
  const run = db.prepare(
    `INSERT INTO runs (id, sweep_id, trial_index, attempt, status, config, seed, engine, pid, error, error_code, created_at, started_at, finished_at)
     VALUES (?, 5, ?, 1, ?, ?, ?, 'scratch', 99, ?, ?, 1, 2, 3)`,
  );
  V3_STATUSES.forEach((status, i) => {
    const id = 40 + i;
    run.run(id, i, status, JSON.stringify(trialConfig(0.01 * (i + 1))), i, status === 'failed' ? 'diverged' : null, status === 'failed' ? 'DIVERGED' : null);
    db.prepare(`INSERT INTO params VALUES (?, 'train.lr', ?)`).run(id, JSON.stringify(0.01 * (i + 1)));
    db.prepare(`INSERT INTO metrics VALUES (?, 'val_acc', 1, 0.5, 1), (?, 'val_acc', 2, ?, 2)`).run(id, id, 0.6 + i / 100);
    db.prepare(`INSERT INTO latest_metrics VALUES (?, 'val_acc', ?, 2, 2)`).run(id, 0.6 + i / 100);
    db.prepare(`INSERT INTO artifacts (run_id, kind, path, bytes, created_at) VALUES (?, 'weights', ?, 10, 3)`).run(id, `run-${id}/weights.json`);
  });
  // A deleted run whose id (60) must never be given again, and a trigger somebody added.
  run.run(60, 20, 'completed', JSON.stringify(trialConfig(0.5)), 0, null, null);
  db.prepare('DELETE FROM runs WHERE id = 60').run();
  db.exec(`CREATE TRIGGER runs_touched AFTER UPDATE OF status ON runs BEGIN SELECT 1; END`);
  expect(() => db.prepare(`UPDATE runs SET status = 'pruned' WHERE id = 40`).run()).toThrow(/CHECK constraint/);
  db.close();
  return file;
}

function snapshot(db: Database.Database) {
  const rows = (table: string) => db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all();
  return {
    runs: rows('runs'),
    children: Object.fromEntries(CHILDREN.map((t) => [t, rows(t)])),
    // Indexes and triggers on runs, as SQL text: they must come back exactly.
    dependents: db.prepare(`SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'runs' AND type IN ('index', 'trigger') ORDER BY name`).all(),
    views: db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'view'`).all(),
    seq: db.prepare(`SELECT seq FROM sqlite_sequence WHERE name = 'runs'`).pluck().get(),
  };
}

describe('migration 4 (runs.status may be pruned)', () => {
  it('keeps every run, child row, id, index, trigger and the id sequence of a version-3 file', () => {
    const file = version3File();
    const before = snapshot(new Database(file, { readonly: true }));
    expect(before.seq).toBe(60);

    const store = tempStore(undefined, file);
    expect(store.db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get()).toBeGreaterThanOrEqual(4);
    // Migrations 5 and 6 (after this one) only add columns to runs: compare what version 4 had.
    const after = snapshot(store.db);
    const v4Runs = (after.runs as Record<string, unknown>[]).map(({ name: _n, note: _o, tags: _t, starred: _s, replicate_of: _ro, worker: _w, ...r }) => r);
    expect({ ...after, runs: v4Runs }).toEqual(before);
    expect(store.db.pragma('foreign_key_check')).toEqual([]);
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    for (const child of CHILDREN) {
      const refs = store.db.pragma(`foreign_key_list(${child})`) as { table: string; on_delete: string }[];
      expect(refs.map((r) => [r.table, r.on_delete])).toEqual([['runs', 'CASCADE']]);
    }
    // The view and the repositories read the rebuilt table as before.
    expect(store.runs.list({ sweepId: 5 }).map((r) => [r.id, r.status])).toEqual(V3_STATUSES.map((s, i) => [40 + i, s]));
    expect(store.runs.get(43)).toMatchObject({ status: 'failed', error: 'diverged', errorCode: 'DIVERGED', params: { 'train.lr': 0.04 }, metrics: { val_acc: 0.63 } });
    // AUTOINCREMENT goes on from the deleted run's id, not from the highest one left.
    const [next] = store.runs.createQueued(5, [{ trialIndex: 9, params: {}, config: trialConfig(0.1), seed: 9 }]);
    expect(next.id).toBe(61);
  });

  it('accepts pruned afterwards and still refuses a status outside the list', () => {
    const store = tempStore(undefined, version3File());
    store.runs.finish(41, 'pruned', 'stopped at epoch 3: val_acc 0.71 below the median 0.80 of 6 trials', 'PRUNED');
    expect(store.runs.get(41)).toMatchObject({ status: 'pruned', errorCode: 'PRUNED' });
    const [q] = store.runs.createQueued(5, [{ trialIndex: 10, params: {}, config: trialConfig(0.1), seed: 10 }]);
    store.runs.start(q.id, ENV);
    expect(store.runs.finish(q.id, 'pruned')).toBe(true);
    expect(() => store.db.prepare(`UPDATE runs SET status = 'finished' WHERE id = 40`).run()).toThrow(/CHECK constraint/);
    expect(() =>
      store.db.prepare(`INSERT INTO runs (sweep_id, trial_index, status, config, seed, created_at) VALUES (5, 11, 'bogus', '{}', 0, 0)`).run(),
    ).toThrow(/CHECK constraint/);
  });

  it('still cascades: deleting a run or its sweep removes everything they recorded', () => {
    const store = tempStore(undefined, version3File());
    const count = (table: string) => store.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
    store.db.prepare('DELETE FROM runs WHERE id = 42').run();
    for (const child of CHILDREN) {
      expect(store.db.prepare(`SELECT COUNT(*) FROM ${child} WHERE run_id = 42`).pluck().get()).toBe(0);
      expect(count(child)).toBeGreaterThan(0);
    }
    expect(store.sweeps.delete(5)).toEqual([40, 41, 43, 44, 45].map((id) => `run-${id}/weights.json`));
    for (const table of ['runs', ...CHILDREN]) expect(count(table)).toBe(0);
  });
});
