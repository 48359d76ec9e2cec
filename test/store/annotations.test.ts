/**
 * Migration 5 and run management: names, notes, tags and stars on sweeps and runs, and
 * deleting one run with everything it recorded.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from '../../src-main/store/migrations';
import { ENV, runToEnd, seedSweep, sweepConfig, tempDbFile, tempStore, trialConfig } from './helpers';

/** A version-4 file: a sweep with a completed, a pruned and a queued run, params, metrics, an artifact. */
function version4File(): string {
  const file = tempDbFile();
  const db = new Database(file);
  migrate(db, MIGRATIONS.filter((m) => m.version <= 4));
  db.prepare(`INSERT INTO sweeps (id, name, config, status, created_at) VALUES (3, 'old', ?, 'completed', 1)`).run(JSON.stringify(sweepConfig('old')));
  const run = db.prepare(`INSERT INTO runs (id, sweep_id, trial_index, attempt, status, config, seed, created_at) VALUES (?, 3, ?, 1, ?, ?, 0, 1)`);
  ['completed', 'pruned', 'queued'].forEach((status, i) => {
    run.run(10 + i, i, status, JSON.stringify(trialConfig(0.01 * (i + 1))));
    db.prepare(`INSERT INTO params VALUES (?, 'train.lr', ?)`).run(10 + i, JSON.stringify(0.01 * (i + 1)));
    db.prepare(`INSERT INTO latest_metrics VALUES (?, 'val_acc', 0.7, 2, 2)`).run(10 + i);
  });
  db.prepare(`INSERT INTO artifacts (run_id, kind, path, bytes, created_at) VALUES (10, 'weights', 'run-10/weights.json', 5, 3)`).run();
  db.close();
  return file;
}

describe('migration 5 (names, notes, tags, stars)', () => {
  it('keeps every row of a version-4 file and gives them the defaults', () => {
    const file = version4File();
    const before = new Database(file, { readonly: true });
    const runsBefore = before.prepare('SELECT * FROM runs ORDER BY id').all();
    const childrenBefore = ['params', 'latest_metrics', 'artifacts'].map((t) => before.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all());
    before.close();

    const store = tempStore(undefined, file);
    expect(store.db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get()).toBeGreaterThanOrEqual(5);
    const runsAfter = store.db.prepare('SELECT * FROM runs ORDER BY id').all() as Record<string, unknown>[];
    // Migrations 6 (replicate_of) and 8 (worker) only add a column too.
    expect(runsAfter.map(({ name: _n, note: _o, tags: _t, starred: _s, replicate_of: _ro, worker: _w, ...r }) => r)).toEqual(runsBefore);
    expect(['params', 'latest_metrics', 'artifacts'].map((t) => store.db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all())).toEqual(childrenBefore);
    expect(store.runs.get(10)).toMatchObject({ status: 'completed', name: null, note: null, tags: [], starred: false, params: { 'train.lr': 0.01 } });
    expect(store.sweeps.get(3)).toMatchObject({ name: 'old', note: null, tags: [], starred: false });
    expect(store.sweeps.list()[0]).toMatchObject({ id: 3, trials: 3, note: null, tags: [], starred: false });
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('refuses tags that are not JSON and a star that is not 0 or 1', () => {
    const store = tempStore();
    const { runs, sweep } = seedSweep(store, 1);
    expect(() => store.db.prepare(`UPDATE runs SET tags = 'nope' WHERE id = ?`).run(runs[0].id)).toThrow(/CHECK constraint/);
    expect(() => store.db.prepare(`UPDATE runs SET starred = 2 WHERE id = ?`).run(runs[0].id)).toThrow(/CHECK constraint/);
    expect(() => store.db.prepare(`UPDATE sweeps SET tags = '[' WHERE id = ?`).run(sweep.id)).toThrow(/CHECK constraint/);
  });
});

describe('annotations', () => {
  it('sets and clears a run’s name, note, tags and star, leaving absent fields alone', () => {
    const store = tempStore();
    const { runs } = seedSweep(store, 2);
    const id = runs[0].id;
    expect(store.runs.annotate(id, { name: 'baseline', tags: ['keep', 'paper'], starred: true })).toMatchObject({ name: 'baseline', note: null, tags: ['keep', 'paper'], starred: true });
    expect(store.runs.annotate(id, { note: 'lr too high?' })).toMatchObject({ name: 'baseline', note: 'lr too high?', tags: ['keep', 'paper'], starred: true });
    expect(store.runs.annotate(id, { name: null, starred: false })).toMatchObject({ name: null, note: 'lr too high?', starred: false });
    expect(store.runs.list({ sweepId: runs[0].sweepId }).map((r) => r.tags)).toEqual([['keep', 'paper'], []]);
    expect(store.runs.annotate(9999, { starred: true })).toBeNull();
  });

  it('renames, notes, tags and stars a sweep; the summary shows it', () => {
    const store = tempStore();
    const { sweep } = seedSweep(store, 1);
    expect(store.sweeps.annotate(sweep.id, { name: 'lr grid v2', note: 'first try', tags: ['iris'], starred: true })).toMatchObject({ name: 'lr grid v2', note: 'first try', tags: ['iris'], starred: true });
    expect(store.sweeps.annotate(sweep.id, { note: null })).toMatchObject({ name: 'lr grid v2', note: null, starred: true });
    expect(store.sweeps.list()[0]).toMatchObject({ name: 'lr grid v2', tags: ['iris'], starred: true });
    expect(() => store.sweeps.annotate(sweep.id, { name: null })).toThrow(/must have a name/);
    expect(store.sweeps.annotate(9999, { starred: true })).toBeNull();
  });
});

describe('deleting a run', () => {
  it('removes the run and what it recorded, returns its artifact paths and spares the others', () => {
    const store = tempStore();
    const { runs, sweep } = seedSweep(store, 2);
    const [doomed, kept] = runs;
    runToEnd(store, doomed.id);
    store.metrics.append(doomed.id, [{ key: 'loss', step: 1, value: 0.5, time: 1 }]);
    store.metrics.append(kept.id, [{ key: 'loss', step: 1, value: 0.4, time: 1 }]);
    store.artifacts.add(doomed.id, 'weights', `run-${doomed.id}/weights.json`, 10);
    expect(store.runs.delete(doomed.id)).toEqual([`run-${doomed.id}/weights.json`]);
    expect(store.runs.get(doomed.id)).toBeNull();
    for (const table of ['params', 'metrics', 'latest_metrics', 'artifacts'])
      expect(store.db.prepare(`SELECT COUNT(*) FROM ${table} WHERE run_id = ?`).pluck().get(doomed.id)).toBe(0);
    expect(store.runs.get(kept.id)!.metrics).toEqual({ loss: 0.4 });
    expect(store.sweeps.list()[0]).toMatchObject({ id: sweep.id, trials: 1 });
    expect(store.runs.delete(doomed.id)).toBeNull();
  });

  it('refuses a running run', () => {
    const store = tempStore();
    const { runs } = seedSweep(store, 1);
    store.runs.start(runs[0].id, ENV);
    expect(() => store.runs.delete(runs[0].id)).toThrow(/running; stop it/);
    expect(store.runs.get(runs[0].id)).not.toBeNull();
  });
});
