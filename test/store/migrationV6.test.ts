/**
 * Migration 6 adds runs.replicate_of (which search trial a `confirm` replicate repeats).
 * A version-5 file must come through whole, its runs reading as the search's own
 * (replicateOf null); afterwards the column is written, read, kept across attempts, and
 * its CHECK refuses what cannot be a replicate.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from '../../src-main/store/migrations';
import { ENV, sweepConfig, tempDbFile, tempStore, trialConfig } from './helpers';

/** A version-5 file: a sweep with a completed, an interrupted and a queued run, with params, metrics, an artifact and a note. */
function version5File(): string {
  const file = tempDbFile();
  const db = new Database(file);
  migrate(db, MIGRATIONS.filter((m) => m.version <= 5));
  db.prepare(`INSERT INTO sweeps (id, name, config, status, created_at) VALUES (4, 'old', ?, 'interrupted', 1)`).run(JSON.stringify(sweepConfig('old')));
  const run = db.prepare(`INSERT INTO runs (id, sweep_id, trial_index, attempt, status, config, seed, note, tags, created_at) VALUES (?, 4, ?, 1, ?, ?, ?, ?, ?, 1)`);
  ['completed', 'interrupted', 'queued'].forEach((status, i) => {
    run.run(20 + i, i, status, JSON.stringify(trialConfig(0.01 * (i + 1))), i, i === 0 ? 'the good one' : null, i === 0 ? '["keep"]' : '[]');
    db.prepare(`INSERT INTO params VALUES (?, 'train.lr', ?)`).run(20 + i, JSON.stringify(0.01 * (i + 1)));
    db.prepare(`INSERT INTO latest_metrics VALUES (?, 'val_acc', ?, 2, 2)`).run(20 + i, 0.7 + i / 100);
  });
  db.prepare(`INSERT INTO artifacts (run_id, kind, path, bytes, created_at) VALUES (20, 'weights', 'run-20/weights.json', 5, 3)`).run();
  db.close();
  return file;
}

const rows = (db: Database.Database, table: string) => db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all() as Record<string, unknown>[];

describe('migration 6 (runs.replicate_of)', () => {
  it('keeps every row of a version-5 file; its runs are the search’s own', () => {
    const file = version5File();
    const before = new Database(file, { readonly: true });
    const snapshot = ['runs', 'params', 'latest_metrics', 'artifacts', 'sweeps'].map((t) => rows(before, t));
    before.close();

    const store = tempStore(undefined, file);
    expect(store.db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get()).toBeGreaterThanOrEqual(6);
    const [runs, ...others] = ['runs', 'params', 'latest_metrics', 'artifacts', 'sweeps'].map((t) => rows(store.db, t));
    expect(runs.map((r) => r.replicate_of)).toEqual([null, null, null]);
    // Migration 8 adds runs.worker (null: this machine) after it.
    expect(runs.map(({ replicate_of: _r, worker: _w, ...r }) => r)).toEqual(snapshot[0]);
    expect(others).toEqual(snapshot.slice(1));
    expect(store.runs.list({ sweepId: 4 }).map((r) => [r.id, r.status, r.replicateOf])).toEqual([
      [20, 'completed', null],
      [21, 'interrupted', null],
      [22, 'queued', null],
    ]);
    expect(store.runs.get(20)).toMatchObject({ note: 'the good one', tags: ['keep'], params: { 'train.lr': 0.01 }, metrics: { val_acc: 0.7 } });
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(store.db.pragma('foreign_key_check')).toEqual([]);
  });

  it('records a replicate’s source trial, and a queued attempt keeps it', () => {
    const store = tempStore(undefined, version5File());
    const [rep] = store.runs.createQueued(4, [{ trialIndex: 3, params: { 'train.lr': 0.01 }, config: trialConfig(0.01), seed: 777, replicateOf: 0 }]);
    expect(rep).toMatchObject({ trialIndex: 3, seed: 777, replicateOf: 0, status: 'queued' });
    store.runs.start(rep.id, ENV);
    store.runs.finish(rep.id, 'interrupted');
    const [again] = store.runs.createQueued(4, [{ trialIndex: 3, params: rep.params, config: rep.config, seed: rep.seed, attempt: 2, replicateOf: rep.replicateOf! }]);
    expect(store.runs.get(again.id)).toMatchObject({ trialIndex: 3, attempt: 2, replicateOf: 0 });
    // Without replicateOf a new run is the search's own.
    const [own] = store.runs.createQueued(4, [{ trialIndex: 4, params: {}, config: trialConfig(0.2), seed: 4 }]);
    expect(store.runs.get(own.id)!.replicateOf).toBeNull();
  });

  it('refuses a replicate of itself or of a negative index', () => {
    const store = tempStore(undefined, version5File());
    const bad = (replicateOf: number) => () => store.runs.createQueued(4, [{ trialIndex: 5, params: {}, config: trialConfig(0.1), seed: 5, replicateOf }]);
    expect(bad(5)).toThrow(/CHECK constraint/);
    expect(bad(-1)).toThrow(/CHECK constraint/);
    expect(store.runs.list({ sweepId: 4 })).toHaveLength(3);
  });
});
