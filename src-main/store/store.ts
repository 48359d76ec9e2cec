/**
 * The run store: one SQLite file (better-sqlite3) holding every sweep, run, metric and
 * artifact record. `openStore` is the only way in; it configures the connection and
 * brings the schema up to date, so every repository can assume both.
 *
 * Connection settings, and why:
 * - WAL journal: readers (the GUI polling charts, a CLI `list`) never block the one
 *   writer (the scheduler), and a commit appends to the log instead of rewriting pages.
 * - synchronous=NORMAL: in WAL mode a commit is written to the log before it returns but
 *   not fsync'ed; the log is synced at checkpoints. A committed transaction therefore
 *   survives a crash of the process (the OS still has the bytes); only an OS crash or
 *   power cut can lose the last commits, and even then the file stays consistent (it
 *   rolls back to an earlier commit, never to half a batch). FULL would fsync on every
 *   metric batch, milliseconds each, for protection against a power cut mid-training.
 * - foreign_keys=ON: the cascades depend on it, and stock SQLite leaves it off per
 *   connection (better-sqlite3's build turns it on; we don't rely on the build).
 * - busy_timeout: the app and the CLI may share the file; a writer holds the lock for
 *   one batch (milliseconds), so waiting a little beats failing with SQLITE_BUSY. Only a
 *   little: better-sqlite3 waits synchronously, freezing the process's event loop, so a
 *   lock held longer (another process's long transaction) surfaces as SQLITE_BUSY and the
 *   writer retries later without blocking (the scheduler's write queue, `retryBusy`).
 * - quick_check when opened for writing: a damaged file is refused with a clear message
 *   before anything new is written into it. The whole file while it is small; above
 *   FULL_CHECK_BYTES every table but `metrics` (measured: 1.0–2.1 s for a 141 MB file of
 *   4M points, against under 1 ms for the other tables), since a damaged metrics page is
 *   met on read or write anyway, as SQLITE_CORRUPT, and reported as damage then. `frames`
 *   (v7) is skipped likewise: megabytes of snapshot bytes per run, met on read the same way.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { artifactsDir } from '../paths';
import { createArtifactRepository, type ArtifactRepository } from './artifactRepository';
import { createFrameRepository, type FrameRepository } from './frameRepository';
import { createMetricRepository, type MetricRepository } from './metricRepository';
import { LATEST_VERSION, StoreSchemaError, assertNotNewer, migrate } from './migrations';
import { createRunRepository, type RunRepository } from './runRepository';
import { createSettingRepository, type SettingRepository } from './settingRepository';
import { createSweepRepository, type SweepRepository } from './sweepRepository';

export * from './types';
export { LATEST_VERSION, StoreSchemaError } from './migrations';
export type { ArtifactRepository, FrameRepository, MetricRepository, RunRepository, SettingRepository, SweepRepository };

export const BUSY_TIMEOUT_MS = 1000;
export const FULL_CHECK_BYTES = 32 * 1024 * 1024;
/** Checked one by one on a big file: everything that says what sweeps and runs exist. */
const RECORD_TABLES = ['schema_migrations', 'sweeps', 'runs', 'params', 'latest_metrics', 'artifacts', 'settings'];

export interface Store {
  /** Absolute path of the database file. */
  readonly file: string;
  /** Where this database's artifacts live; artifact paths are relative to it. */
  readonly artifactsDir: string;
  /** The raw connection, for the few things the repositories don't cover (exports, tests). */
  readonly db: Database.Database;
  readonly sweeps: SweepRepository;
  readonly runs: RunRepository;
  readonly metrics: MetricRepository;
  readonly artifacts: ArtifactRepository;
  /** Snapshots recorded while training (v7). */
  readonly frames: FrameRepository;
  readonly settings: SettingRepository;
  /** Idempotent. */
  close(): void;
}

export interface OpenStoreOptions {
  /** Open without writing anything (no folder, no WAL switch, no migration); the file must be up to date. */
  readonly?: boolean;
  /** The clock for every timestamp; tests pass a fake one. */
  now?: () => number;
  /**
   * The better-sqlite3 native binary to load instead of node_modules' own: the desktop
   * app needs one built for Electron's ABI (src-main/electron/nativeBinding.ts).
   * Defaults to `SWEEPLAB_SQLITE_BINDING`, which the Electron entry sets, so the services
   * in between need not know about Electron.
   */
  nativeBinding?: string;
}

function configure(db: Database.Database, readonly: boolean): void {
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('foreign_keys = ON');
  // Before anything is written: a newer file must be refused untouched.
  const version = assertNotNewer(db);
  if (readonly) {
    if (version < LATEST_VERSION)
      throw new StoreSchemaError('SCHEMA_TOO_OLD', `${db.name} has schema version ${version} (current: ${LATEST_VERSION}); open it read-write once to upgrade it`);
    return;
  }
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  if (version > 0) checkIntact(db);
  migrate(db);
}

function checkIntact(db: Database.Database): void {
  const bytes = (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
  const targets = bytes <= FULL_CHECK_BYTES ? [''] : RECORD_TABLES.filter((t) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(t));
  const problems: string[] = [];
  for (const table of targets) {
    const rows = db.pragma(table ? `quick_check(${table})` : 'quick_check(5)') as { quick_check: string }[];
    problems.push(...rows.map((r) => r.quick_check).filter((m) => m !== 'ok'));
  }
  if (problems.length) throw damaged(db.name, problems.slice(0, 5).join('; '));
}

function damaged(file: string, detail: string): StoreSchemaError {
  return new StoreSchemaError(
    'DAMAGED',
    `${file} is damaged (${detail}); nothing was written to it. Keep a copy, then open another database with --db ` +
      '(the sqlite3 shell\'s .recover can rescue what is readable)',
  );
}

export function openStore(file: string, opts: OpenStoreOptions = {}): Store {
  const readonly = opts.readonly ?? false;
  const abs = file === ':memory:' ? file : path.resolve(file);
  if (!readonly && abs !== ':memory:') mkdirSync(path.dirname(abs), { recursive: true });
  const nativeBinding = opts.nativeBinding ?? (process.env.SWEEPLAB_SQLITE_BINDING || undefined);
  const db = new Database(abs, { readonly, fileMustExist: readonly, timeout: BUSY_TIMEOUT_MS, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    configure(db, readonly);
  } catch (err) {
    db.close();
    const code = (err as { code?: string }).code;
    if (code === 'SQLITE_NOTADB') throw new StoreSchemaError('NOT_SWEEPLAB', `${abs} is not a SQLite database`);
    if (code === 'SQLITE_CORRUPT') throw damaged(abs, (err as Error).message);
    throw err;
  }
  const now = opts.now ?? Date.now;
  return {
    file: abs,
    artifactsDir: artifactsDir(abs),
    db,
    sweeps: createSweepRepository(db, now),
    runs: createRunRepository(db, now),
    metrics: createMetricRepository(db),
    artifacts: createArtifactRepository(db, now),
    frames: createFrameRepository(db),
    settings: createSettingRepository(db),
    close() {
      if (!db.open) return;
      try {
        // Cheap, and keeps the query planner's statistics fresh for the next session.
        if (!readonly) db.pragma('optimize');
      } catch {
        // A full or locked disk: the statistics can wait; closing cannot.
      }
      db.close();
    },
  };
}
