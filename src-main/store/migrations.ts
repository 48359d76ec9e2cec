/**
 * The database schema, as an ordered list of migrations, and the code that applies them.
 * Modelled on MLflow's SQL store. Times are integer milliseconds since the epoch; JSON
 * columns hold `JSON.stringify` output.
 *
 * sweeps — one launch of a sweep config. Names are not unique: the same config may run twice.
 *   id           INTEGER PK AUTOINCREMENT (v2): a deleted sweep's id is never given again
 *   name         sweep name (usually config.name); `resolve(name)` picks the newest
 *   config       JSON of the validated SweepConfig, defaults filled in
 *   status       queued | running | completed | failed | cancelled | interrupted (CHECK;
 *                `failed` since v2: every run failed)
 *   created_at   when it was created; started_at when it first ran; finished_at when it
 *                last stopped (cleared again if it is resumed)
 *   owner_pid, owner_host, owner_token, owner_since (v2) — the live process running the
 *                sweep, null when none: one owner per sweep (see sweepRepository.claim)
 *   note         (v5) free text a person wrote about it; null when none
 *   tags         (v5) JSON array of strings (CHECK json_valid), '[]' when none
 *   starred      (v5) 0 or 1 (CHECK): starred sweeps and runs are listed first / marked
 *
 * runs — one attempt at one trial. Resuming a trial adds a row with attempt + 1 and keeps
 *   the old (interrupted) one with its metrics; the "current" run of a trial is its
 *   highest attempt (view `current_runs`).
 *   id           INTEGER PK AUTOINCREMENT (v2)
 *   sweep_id     → sweeps.id, ON DELETE CASCADE
 *   trial_index  0-based position of the trial in the sweep's expansion
 *   attempt      1, 2, …; UNIQUE (sweep_id, trial_index, attempt)
 *   status       queued | running | completed | pruned | failed | cancelled | interrupted
 *                (CHECK; `pruned` since v4: a tuner stopped it early at an epoch end, a
 *                finished outcome that keeps its curves and is not run again by --resume)
 *   config       JSON of the TrialConfig the worker ran
 *   seed         the trial's seed
 *   engine, backend  engine name and the backend actually used (null until started)
 *   gpu          1 if a GPU did the work, 0 if not, null until known
 *   app_version  Sweeplab version that ran it
 *   versions     JSON {library: version} (node, tfjs, …)
 *   dataset      JSON of what the worker reported about the data (source, split sizes, …)
 *   pid          process id of the process running it (lets recovery spare live runs)
 *   error        why it failed or was interrupted; for a pruned run, the pruner's reason
 *   error_code   (v3) the same as a code: DIVERGED, BACKEND_UNAVAILABLE, WORKER_EXITED, ENOSPC, …
 *   created_at, started_at, finished_at
 *   name         (v5) a person's label for the run; null: the default (`run 12`)
 *   note, tags, starred  (v5) as on sweeps: free text, a JSON array of strings, 0/1
 *   replicate_of (v6) null for the search's own trials; for a replicate (`sweeplab confirm`:
 *                the same configuration trained again with a fresh seed), the trial index of
 *                the search trial it repeats (CHECK: ≥ 0 and not the run's own index)
 *   worker       (v8) the name of the queue worker that trained it (`sweeplab worker --name`);
 *                null: this machine's own lanes
 *
 * params — the swept values of each run (keys like `train.lr`, `model.hidden`).
 *   run_id → runs.id CASCADE, key, value (JSON-encoded); PK (run_id, key)
 *
 * metrics — every recorded value; which metrics exist and when each is recorded (per
 *   step, per epoch, once per run) is listed once, in src-main/api/metrics.ts.
 *   run_id → runs.id CASCADE, key, step INTEGER, value REAL (NULL: the value was not a
 *   finite number, e.g. a diverged run's last loss),
 *   time; PK (run_id, key, step) — a re-sent point replaces the old one
 *
 * latest_metrics — the highest-step value of each (run, key), kept in step with `metrics`
 *   by the same transaction, so run tables need no scan of the time series.
 *   run_id → runs.id CASCADE, key, value, step, time; PK (run_id, key)
 *
 * artifacts — files a run produced, stored under the artifacts folder beside the database.
 *   id PK, run_id → runs.id CASCADE, kind (`weights`, `predictions`, …), path (relative to
 *   the artifacts folder), bytes, created_at
 *
 * frames — (v7) snapshots a run recorded while training, for replaying it as an animation
 *   (src-main/frames/types.ts has what they hold). run_id → runs.id CASCADE, seq (0, 1, …
 *   in capture order), step, epoch, time, loss (NULL: none or not finite), meta (JSON),
 *   codec ('raw' | 'deflate': how `data` is stored), data BLOB (the quantised bytes);
 *   PK (run_id, seq). A rowid table: a row holds kilobytes, too big to cluster on the key.
 *
 * settings — app settings (data folder, default backend, window size, …).
 *   key TEXT PK, value (JSON)
 *
 * schema_migrations — version, description, applied_at of every migration applied.
 *
 * Indexes are named for the query they serve: runs_by_sweep (a sweep's runs in trial order,
 * a trial's current attempt, the uniqueness rule), runs_by_status (crash recovery, status
 * filters), sweeps_by_name (a name's newest sweep), artifacts_by_run (a run's files, cascade
 * deletes). WITHOUT ROWID tables are clustered on their primary key, which is how they are read.
 */
import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  /** Why this migration exists: recorded in schema_migrations and read by whoever comes next. */
  description: string;
  up(db: Database.Database): void;
}

/**
 * Never edit a migration that has shipped: add a new one. Migrations run with foreign
 * keys off (see `migrate`), so one may rebuild a table the SQLite way (create new, copy,
 * drop old, rename) without the drop cascading into the child tables.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description:
      'Initial schema: sweeps, runs with attempts, params, metrics and latest_metrics (MLflow-style), artifacts, settings.',
    up(db) {
      db.exec(`
        CREATE TABLE sweeps (
          id          INTEGER PRIMARY KEY,
          name        TEXT NOT NULL,
          config      TEXT NOT NULL CHECK (json_valid(config)),
          status      TEXT NOT NULL DEFAULT 'queued'
                      CHECK (status IN ('queued', 'running', 'completed', 'cancelled', 'interrupted')),
          created_at  INTEGER NOT NULL,
          started_at  INTEGER,
          finished_at INTEGER
        );
        CREATE INDEX sweeps_by_name ON sweeps (name, created_at);

        CREATE TABLE runs (
          id          INTEGER PRIMARY KEY,
          sweep_id    INTEGER NOT NULL REFERENCES sweeps (id) ON DELETE CASCADE,
          trial_index INTEGER NOT NULL CHECK (trial_index >= 0),
          attempt     INTEGER NOT NULL DEFAULT 1 CHECK (attempt >= 1),
          status      TEXT NOT NULL DEFAULT 'queued'
                      CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled', 'interrupted')),
          config      TEXT NOT NULL CHECK (json_valid(config)),
          seed        INTEGER NOT NULL,
          engine      TEXT,
          backend     TEXT,
          gpu         INTEGER CHECK (gpu IN (0, 1)),
          app_version TEXT,
          versions    TEXT CHECK (versions IS NULL OR json_valid(versions)),
          dataset     TEXT CHECK (dataset IS NULL OR json_valid(dataset)),
          pid         INTEGER,
          error       TEXT,
          created_at  INTEGER NOT NULL,
          started_at  INTEGER,
          finished_at INTEGER
        );
        -- Also the UNIQUE (sweep_id, trial_index, attempt) rule, under a name that says what it serves.
        CREATE UNIQUE INDEX runs_by_sweep ON runs (sweep_id, trial_index, attempt);
        CREATE INDEX runs_by_status ON runs (status);

        -- The latest attempt of each trial: what tables, counts and --resume look at.
        CREATE VIEW current_runs AS
          SELECT r.* FROM runs r
          WHERE NOT EXISTS (SELECT 1 FROM runs n
                            WHERE n.sweep_id = r.sweep_id AND n.trial_index = r.trial_index AND n.attempt > r.attempt);

        CREATE TABLE params (
          run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
          key    TEXT NOT NULL,
          value  TEXT NOT NULL CHECK (json_valid(value)),
          PRIMARY KEY (run_id, key)
        ) WITHOUT ROWID;

        CREATE TABLE metrics (
          run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
          key    TEXT NOT NULL,
          step   INTEGER NOT NULL,
          value  REAL,
          time   INTEGER NOT NULL,
          PRIMARY KEY (run_id, key, step)
        ) WITHOUT ROWID;

        CREATE TABLE latest_metrics (
          run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
          key    TEXT NOT NULL,
          value  REAL,
          step   INTEGER NOT NULL,
          time   INTEGER NOT NULL,
          PRIMARY KEY (run_id, key)
        ) WITHOUT ROWID;

        CREATE TABLE artifacts (
          id         INTEGER PRIMARY KEY,
          run_id     INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
          kind       TEXT NOT NULL,
          path       TEXT NOT NULL,
          bytes      INTEGER,
          created_at INTEGER NOT NULL
        );
        CREATE INDEX artifacts_by_run ON artifacts (run_id);

        CREATE TABLE settings (
          key   TEXT PRIMARY KEY,
          value TEXT NOT NULL CHECK (json_valid(value))
        ) WITHOUT ROWID;
      `);
    },
  },
  {
    version: 2,
    description:
      'Hardening: ids are never reused (AUTOINCREMENT on sweeps and runs, so a deleted sweep\'s number never names another); ' +
      'a sweep records the live process that owns it (owner_pid, owner_host, owner_token, owner_since), so a second process ' +
      'cannot run or resume it and crash recovery spares it; a sweep whose runs all failed can say `failed`.',
    up(db) {
      // The SQLite way to change a table: create the new one, copy, drop, rename. The
      // view reads runs, so it goes first and comes back last.
      db.exec(`
        DROP VIEW current_runs;

        CREATE TABLE sweeps_v2 (
          id          INTEGER PRIMARY KEY AUTOINCREMENT,
          name        TEXT NOT NULL,
          config      TEXT NOT NULL CHECK (json_valid(config)),
          status      TEXT NOT NULL DEFAULT 'queued'
                      CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled', 'interrupted')),
          created_at  INTEGER NOT NULL,
          started_at  INTEGER,
          finished_at INTEGER,
          owner_pid   INTEGER,
          owner_host  TEXT,
          owner_token TEXT,
          owner_since INTEGER,
          CHECK ((owner_token IS NULL) = (owner_pid IS NULL))
        );
        INSERT INTO sweeps_v2 (id, name, config, status, created_at, started_at, finished_at)
          SELECT id, name, config, status, created_at, started_at, finished_at FROM sweeps;
        DROP TABLE sweeps;
        ALTER TABLE sweeps_v2 RENAME TO sweeps;
        CREATE INDEX sweeps_by_name ON sweeps (name, created_at);

        CREATE TABLE runs_v2 (
          id          INTEGER PRIMARY KEY AUTOINCREMENT,
          sweep_id    INTEGER NOT NULL REFERENCES sweeps (id) ON DELETE CASCADE,
          trial_index INTEGER NOT NULL CHECK (trial_index >= 0),
          attempt     INTEGER NOT NULL DEFAULT 1 CHECK (attempt >= 1),
          status      TEXT NOT NULL DEFAULT 'queued'
                      CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled', 'interrupted')),
          config      TEXT NOT NULL CHECK (json_valid(config)),
          seed        INTEGER NOT NULL,
          engine      TEXT,
          backend     TEXT,
          gpu         INTEGER CHECK (gpu IN (0, 1)),
          app_version TEXT,
          versions    TEXT CHECK (versions IS NULL OR json_valid(versions)),
          dataset     TEXT CHECK (dataset IS NULL OR json_valid(dataset)),
          pid         INTEGER,
          error       TEXT,
          created_at  INTEGER NOT NULL,
          started_at  INTEGER,
          finished_at INTEGER
        );
        INSERT INTO runs_v2 SELECT * FROM runs;
        DROP TABLE runs;
        ALTER TABLE runs_v2 RENAME TO runs;
        CREATE UNIQUE INDEX runs_by_sweep ON runs (sweep_id, trial_index, attempt);
        CREATE INDEX runs_by_status ON runs (status);

        CREATE VIEW current_runs AS
          SELECT r.* FROM runs r
          WHERE NOT EXISTS (SELECT 1 FROM runs n
                            WHERE n.sweep_id = r.sweep_id AND n.trial_index = r.trial_index AND n.attempt > r.attempt);
      `);
      // Ids already used by rows deleted before this migration are unknown; at least never
      // go below the highest id there is now (AUTOINCREMENT starts from sqlite_sequence).
      for (const table of ['sweeps', 'runs']) {
        const max = db.prepare(`SELECT COALESCE(MAX(id), 0) FROM ${table}`).pluck().get() as number;
        db.prepare('DELETE FROM sqlite_sequence WHERE name = ?').run(table);
        db.prepare('INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)').run(table, max);
      }
    },
  },
  {
    version: 3,
    description:
      'runs.error_code: why a run failed as a code (DIVERGED, BACKEND_UNAVAILABLE, ENOSPC, WORKER_EXITED, …) next to the ' +
      'message, so the tables can tell a divergence from a crash without matching text.',
    up(db) {
      db.exec('ALTER TABLE runs ADD COLUMN error_code TEXT');
    },
  },
  {
    version: 4,
    description:
      'runs.status may be `pruned`: a tuner stopped the trial early at an epoch end because it trailed its peers. It is a ' +
      'finished outcome (its curves are kept, --resume does not run it again), not a failure, so it gets a status of its ' +
      'own rather than `cancelled` or `failed`. SQLite cannot alter a CHECK, so runs is rebuilt with every row, id and ' +
      'the AUTOINCREMENT sequence kept.',
    up(db) {
      rebuildRuns(db, `
        CREATE TABLE runs_new (
          id          INTEGER PRIMARY KEY AUTOINCREMENT,
          sweep_id    INTEGER NOT NULL REFERENCES sweeps (id) ON DELETE CASCADE,
          trial_index INTEGER NOT NULL CHECK (trial_index >= 0),
          attempt     INTEGER NOT NULL DEFAULT 1 CHECK (attempt >= 1),
          status      TEXT NOT NULL DEFAULT 'queued'
                      CHECK (status IN ('queued', 'running', 'completed', 'pruned', 'failed', 'cancelled', 'interrupted')),
          config      TEXT NOT NULL CHECK (json_valid(config)),
          seed        INTEGER NOT NULL,
          engine      TEXT,
          backend     TEXT,
          gpu         INTEGER CHECK (gpu IN (0, 1)),
          app_version TEXT,
          versions    TEXT CHECK (versions IS NULL OR json_valid(versions)),
          dataset     TEXT CHECK (dataset IS NULL OR json_valid(dataset)),
          pid         INTEGER,
          error       TEXT,
          created_at  INTEGER NOT NULL,
          started_at  INTEGER,
          finished_at INTEGER,
          error_code  TEXT
        )`);
    },
  },
  {
    version: 5,
    description:
      'Run management: runs gain name (null: the default label), note, tags (a JSON array) and starred; sweeps gain note, ' +
      'tags and starred (they already have a name). A sweep of a thousand runs is read by what people wrote on the runs ' +
      'that mattered, so it is kept with the runs, not in a file beside them. Plain ADD COLUMNs: the defaults describe ' +
      'every existing row, and the CHECKs hold for them.',
    up(db) {
      for (const table of ['sweeps', 'runs']) {
        if (table === 'runs') db.exec('ALTER TABLE runs ADD COLUMN name TEXT');
        db.exec(`
          ALTER TABLE ${table} ADD COLUMN note TEXT;
          ALTER TABLE ${table} ADD COLUMN tags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags));
          ALTER TABLE ${table} ADD COLUMN starred INTEGER NOT NULL DEFAULT 0 CHECK (starred IN (0, 1));
        `);
      }
    },
  },
  {
    version: 6,
    description:
      'runs.replicate_of: `confirm` re-trains the best configurations of a sweep with fresh seeds, in the same sweep, so ' +
      'tables and group statistics see them beside the search. They are not the search\'s trials: the tuner must not learn ' +
      'from them, count them against its budget or prune them, and the statistics must not count the run that won the ' +
      'selection among them. So each run says which search trial it replicates (its trial index), null for the search\'s ' +
      'own. A plain ADD COLUMN: null describes every existing run; the CHECK keeps it a trial index and never the run\'s own.',
    up(db) {
      db.exec('ALTER TABLE runs ADD COLUMN replicate_of INTEGER CHECK (replicate_of IS NULL OR (replicate_of >= 0 AND replicate_of != trial_index))');
    },
  },
  {
    version: 7,
    description:
      'frames: snapshots of a model taken while it trains (decision boundaries, first-layer units, weight tiles, ' +
      'confusion), so a run can be replayed as an animation. They travel like metrics (the worker records them, the ' +
      'scheduler writes them in its batches), so they live in the database with the run and go when it goes (CASCADE), ' +
      'not in files that a deleted run could leave behind. One row per frame: a small JSON meta and one BLOB of bytes, ' +
      'deflated when that pays (codec), about 2 MB a run at the defaults. A plain rowid table with a primary key: rows ' +
      'of kilobytes do not suit WITHOUT ROWID, and a new table describes no existing run.',
    up(db) {
      db.exec(`
        CREATE TABLE frames (
          run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
          seq    INTEGER NOT NULL CHECK (seq >= 0),
          step   INTEGER NOT NULL CHECK (step >= 0),
          epoch  INTEGER NOT NULL CHECK (epoch >= 0),
          time   INTEGER NOT NULL,
          loss   REAL,
          meta   TEXT NOT NULL CHECK (json_valid(meta)),
          codec  TEXT NOT NULL CHECK (codec IN ('raw', 'deflate')),
          data   BLOB NOT NULL,
          PRIMARY KEY (run_id, seq)
        );
      `);
    },
  },
  {
    version: 8,
    description:
      'runs.worker: with a queue (BullMQ on Redis) a run may train on another machine, and a result that differs ' +
      '(speed, a backend, a numeric quirk) is explained by where it ran, which the worker is only around to say while it ' +
      'runs. So a run records the name of the worker that trained it, taken from its `started` message; null means this ' +
      'machine, which describes every existing run, so a plain ADD COLUMN.',
    up(db) {
      db.exec('ALTER TABLE runs ADD COLUMN worker TEXT');
    },
  },
];

/**
 * Replaces `runs` by the table `createSql` makes (named runs_new there), following SQLite's
 * 12-step recipe (https://www.sqlite.org/lang_altertable.html#otheralter): the indexes and
 * triggers on runs and the views are read back from sqlite_master first and re-created
 * from that same text afterwards, so they come back exactly as they were, whatever made
 * them. Views go first because a view naming a table that is being renamed stops the
 * rename. The children (params, metrics, latest_metrics, artifacts) name `runs` by name,
 * so with foreign keys off (see `migrate`) they are left untouched by the drop and point
 * at the new table once it takes the name; `migrate`'s foreign_key_check proves it.
 */
function rebuildRuns(db: Database.Database, createSql: string): void {
  const columns = (db.pragma('table_info(runs)') as { name: string }[]).map((c) => c.name).join(', ');
  const dependents = db
    .prepare(`SELECT sql FROM sqlite_master WHERE tbl_name = 'runs' AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY type, name`)
    .pluck()
    .all() as string[];
  const views = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'view' ORDER BY name`).all() as { name: string; sql: string }[];
  // The copy sets sqlite_sequence to the highest id there is, but a run deleted before
  // now may have had a higher one: AUTOINCREMENT must keep counting from where it was.
  const seq = (db.prepare(`SELECT seq FROM sqlite_sequence WHERE name = 'runs'`).pluck().get() as number | undefined) ?? 0;

  for (const v of views) db.exec(`DROP VIEW "${v.name}"`);
  db.exec(createSql);
  db.exec(`INSERT INTO runs_new (${columns}) SELECT ${columns} FROM runs`);
  db.exec('DROP TABLE runs');
  db.exec('ALTER TABLE runs_new RENAME TO runs');
  for (const sql of dependents) db.exec(sql);
  for (const v of views) db.exec(v.sql);

  const max = db.prepare('SELECT COALESCE(MAX(id), 0) FROM runs').pluck().get() as number;
  db.prepare(`DELETE FROM sqlite_sequence WHERE name = 'runs'`).run();
  db.prepare(`INSERT INTO sqlite_sequence (name, seq) VALUES ('runs', ?)`).run(Math.max(seq, max));
}

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/** Refusals to open a file; `code` survives serialisation across IPC, the message is for people. */
export class StoreSchemaError extends Error {
  constructor(readonly code: 'SCHEMA_TOO_NEW' | 'SCHEMA_TOO_OLD' | 'NOT_SWEEPLAB' | 'DAMAGED', message: string) {
    super(message);
    this.name = 'StoreSchemaError';
  }
}

/**
 * The schema version of an open file: 0 for a new, empty one. A file with tables of its
 * own but no schema_migrations is somebody else's database (a mistyped `--db`), and is
 * refused before anything is written to it.
 */
export function schemaVersion(db: Database.Database): number {
  const tracked = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).get();
  if (!tracked) {
    const other = db.prepare(`SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' LIMIT 1`).pluck().get();
    if (other !== undefined)
      throw new StoreSchemaError('NOT_SWEEPLAB', `${db.name} is not a Sweeplab database (it has a table "${other}" but no schema_migrations)`);
    return 0;
  }
  return db.prepare('SELECT COALESCE(MAX(version), 0) FROM schema_migrations').pluck().get() as number;
}

/**
 * Refuses a file written by a newer Sweeplab: this version cannot know what the newer
 * schema means, and "fixing" it would corrupt that version's data. Runs before anything
 * (even the switch to WAL) is written to the file.
 */
export function assertNotNewer(db: Database.Database, latest = LATEST_VERSION): number {
  const version = schemaVersion(db);
  if (version > latest)
    throw new StoreSchemaError(
      'SCHEMA_TOO_NEW',
      `${db.name} has schema version ${version}, newer than this Sweeplab understands (${latest}); ` +
        'update Sweeplab or open another database with --db',
    );
  return version;
}

/**
 * Applies the pending migrations in order, each in its own IMMEDIATE transaction (the
 * write lock is taken up front, and the version re-read under it, so the app and the CLI
 * opening the same new file at once cannot both apply a migration). A failing migration
 * rolls back entirely and leaves the file at the previous version. Returns the versions
 * applied; an up-to-date file costs one read and no write.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  migrations.forEach((m, i) => {
    if (i > 0 && m.version <= migrations[i - 1].version) throw new Error(`migration ${m.version} is out of order`);
  });
  const latest = migrations.length ? migrations[migrations.length - 1].version : 0;
  if (assertNotNewer(db, latest) === latest) return [];

  const applied: number[] = [];
  // foreign_keys cannot change inside a transaction, hence around the whole batch;
  // each migration proves it left no dangling reference before it commits.
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
  db.pragma('foreign_keys = OFF');
  try {
    for (const m of migrations) {
      db.transaction(() => {
        db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
          version     INTEGER PRIMARY KEY,
          description TEXT NOT NULL,
          applied_at  INTEGER NOT NULL
        )`);
        if (m.version <= schemaVersion(db)) return;
        m.up(db);
        const dangling = db.pragma('foreign_key_check') as unknown[];
        if (dangling.length) throw new Error(`migration ${m.version} left ${dangling.length} dangling foreign keys`);
        db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.version, m.description, Date.now());
        applied.push(m.version);
      }).immediate();
    }
  } finally {
    db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
  }
  return applied;
}
