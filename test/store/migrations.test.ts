import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { LATEST_VERSION, MIGRATIONS, migrate, type Migration } from '../../src-main/store/migrations';
import { BUSY_TIMEOUT_MS, openStore, StoreSchemaError } from '../../src-main/store/store';
import { tempDbFile, tempStore } from './helpers';
import { refusal as refuse } from '../sweep/helpers';

const TABLES = ['artifacts', 'frames', 'latest_metrics', 'metrics', 'params', 'runs', 'schema_migrations', 'settings', 'sweeps'];
const INDEXES = ['artifacts_by_run', 'runs_by_status', 'runs_by_sweep', 'sweeps_by_name'];

function objects(db: Database.Database, type: string): string[] {
  return db.prepare(`SELECT name FROM sqlite_master WHERE type = ? AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all(type) as string[];
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** openStore's refusal of the file: the shared helper, with the store's error class. */
const refusal = (fn: () => unknown) => refuse(fn, StoreSchemaError);

describe('migrations', () => {
  it('create every table, index and the current_runs view, and record the version', () => {
    const { db } = tempStore({}, tempDbFile('nested/folders/s.db'));
    expect(objects(db, 'table')).toEqual(TABLES);
    expect(objects(db, 'index')).toEqual(INDEXES);
    expect(objects(db, 'view')).toEqual(['current_runs']);
    const rows = db.prepare('SELECT version, description FROM schema_migrations').all();
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, description: m.description })));
    expect(LATEST_VERSION).toBe(MIGRATIONS[MIGRATIONS.length - 1].version);
  });

  it('re-opening a migrated file is a no-op that keeps the data', () => {
    const file = tempDbFile();
    const first = openStore(file);
    first.settings.set('theme', 'dark');
    const applied = first.db.prepare('SELECT applied_at FROM schema_migrations').pluck().all();
    first.close();

    const again = tempStore({}, file);
    expect(migrate(again.db)).toEqual([]);
    expect(again.db.prepare('SELECT applied_at FROM schema_migrations').pluck().all()).toEqual(applied);
    expect(again.settings.get('theme')).toBe('dark');
  });

  it('refuse a file from a newer version without writing to it', () => {
    const file = tempDbFile();
    const store = openStore(file);
    store.db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(LATEST_VERSION + 1, 'from the future', Date.now());
    store.close();
    const before = sha(file);

    const err = refusal(() => openStore(file));
    expect(err.code).toBe('SCHEMA_TOO_NEW');
    expect(err.message).toMatch(new RegExp(`schema version ${LATEST_VERSION + 1}, newer than this Sweeplab understands \\(${LATEST_VERSION}\\)`));
    expect(sha(file)).toBe(before);
  });

  it('roll a failing migration back entirely, leaving the previous version', () => {
    const db = new Database(tempDbFile());
    db.pragma('foreign_keys = ON');
    const broken: Migration = {
      version: LATEST_VERSION + 1,
      description: 'fails halfway',
      up(d) {
        d.exec('CREATE TABLE half_done (x)');
        throw new Error('boom');
      },
    };
    expect(() => migrate(db, [...MIGRATIONS, broken])).toThrow('boom');
    expect(objects(db, 'table')).toEqual(TABLES);
    expect(db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get()).toBe(LATEST_VERSION);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1); // turned off for the migrations, then restored
    db.close();
  });

  it('refuse migrations listed out of order', () => {
    const db = new Database(':memory:');
    const m = (version: number): Migration => ({ version, description: '', up() {} });
    expect(() => migrate(db, [m(2), m(1)])).toThrow('migration 1 is out of order');
    db.close();
  });

  it('refuse a database that is not Sweeplab’s, and a file that is not a database', () => {
    const foreign = tempDbFile('other.db');
    const db = new Database(foreign);
    db.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY)');
    db.close();
    expect(refusal(() => openStore(foreign)).code).toBe('NOT_SWEEPLAB');
    expect(objects(new Database(foreign, { readonly: true }), 'table')).toEqual(['invoices']);

    const text = tempDbFile('notes.db');
    writeFileSync(text, 'just some text, long enough to have a header '.repeat(5));
    expect(refusal(() => openStore(text)).message).toMatch(/is not a SQLite database/);
  });
});

describe('openStore', () => {
  it('turns on WAL, synchronous=NORMAL, foreign keys and a busy timeout', () => {
    const { db } = tempStore();
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(BUSY_TIMEOUT_MS);
  });

  it('puts artifacts beside the database', () => {
    const file = tempDbFile('runs.db');
    expect(tempStore({}, file).artifactsDir).toBe(file.replace(/runs\.db$/, 'runs-artifacts'));
  });

  it('opens read-only without writing, and refuses a missing file', () => {
    const file = tempDbFile();
    openStore(file).close();
    const ro = tempStore({ readonly: true }, file);
    expect(ro.sweeps.list()).toEqual([]);
    expect(() => ro.settings.set('x', 1)).toThrow(/readonly/);
    expect(() => openStore(tempDbFile('missing.db'), { readonly: true })).toThrow();
  });

  it('close is idempotent', () => {
    const store = openStore(tempDbFile());
    store.close();
    expect(() => store.close()).not.toThrow();
  });
});

describe('CHECK constraints', () => {
  it('refuse a status outside the enum', () => {
    const store = tempStore();
    const sweep = store.sweeps.create({ name: 's', config: {} as never });
    expect(() => store.sweeps.setStatus(sweep.id, 'done' as never)).toThrow(/CHECK constraint/);
    const insertRun = (status: string) =>
      store.db
        .prepare(`INSERT INTO runs (sweep_id, trial_index, status, config, seed, created_at) VALUES (?, 0, ?, '{}', 0, 0)`)
        .run(sweep.id, status);
    expect(() => insertRun('finished')).toThrow(/CHECK constraint/);
    expect(() => insertRun('failed')).not.toThrow();
  });

  it('refuse invalid JSON, a gpu flag other than 0/1, and an attempt below 1', () => {
    const { db } = tempStore();
    expect(() => db.prepare(`INSERT INTO sweeps (name, config, created_at) VALUES ('s', '{oops', 0)`).run()).toThrow(/CHECK constraint/);
    db.prepare(`INSERT INTO sweeps (id, name, config, created_at) VALUES (1, 's', '{}', 0)`).run();
    const run = (cols: string, vals: string) =>
      db.prepare(`INSERT INTO runs (sweep_id, trial_index, config, seed, created_at${cols}) VALUES (1, 0, '{}', 0, 0${vals})`).run();
    expect(() => run(', gpu', ', 2')).toThrow(/CHECK constraint/);
    expect(() => run(', attempt', ', 0')).toThrow(/CHECK constraint/);
  });
});
