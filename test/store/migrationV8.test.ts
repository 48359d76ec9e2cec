/**
 * Migration 8 adds runs.worker (the queue worker that trained a run). A version-7 file
 * must come through whole, its runs reading as trained on this machine (worker null);
 * afterwards a run's start records the worker, and a start without one leaves it null.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from '../../src-main/store/migrations';
import { ENV, seedSweep, sweepConfig, tempDbFile, tempStore, trialConfig } from './helpers';

function version7File(): string {
  const file = tempDbFile();
  const db = new Database(file);
  migrate(db, MIGRATIONS.filter((m) => m.version <= 7));
  db.prepare(`INSERT INTO sweeps (id, name, config, status, created_at) VALUES (2, 'old', ?, 'completed', 1)`).run(JSON.stringify(sweepConfig('old')));
  db.prepare(`INSERT INTO runs (id, sweep_id, trial_index, attempt, status, config, seed, engine, pid, created_at) VALUES (5, 2, 0, 1, 'completed', ?, 0, 'scratch', 77, 1)`).run(
    JSON.stringify(trialConfig(0.01)),
  );
  db.prepare(`INSERT INTO latest_metrics VALUES (5, 'val_acc', 0.9, 3, 3)`).run();
  db.close();
  return file;
}

describe('migration 8 (runs.worker)', () => {
  it('keeps a version-7 file whole; its runs ran on this machine', () => {
    const store = tempStore(undefined, version7File());
    expect(store.db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get()).toBe(8);
    expect(store.runs.get(5)).toMatchObject({ status: 'completed', engine: 'scratch', pid: 77, worker: null, metrics: { val_acc: 0.9 } });
    expect(store.db.pragma('foreign_key_check')).toEqual([]);
  });

  it('records the worker a run starts on, and null for a local start', () => {
    const store = tempStore();
    const { runs } = seedSweep(store, 2);
    expect(runs[0].worker).toBeNull();
    store.runs.start(runs[0].id, ENV, undefined, 'box1');
    store.runs.start(runs[1].id, ENV);
    expect(store.runs.get(runs[0].id)?.worker).toBe('box1');
    expect(store.runs.get(runs[1].id)?.worker).toBeNull();
    expect(store.runs.list({ status: ['running'] }).map((r) => r.worker)).toEqual(['box1', null]);
  });
});
