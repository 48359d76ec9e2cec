/**
 * The CLI's one door to the data: the same AppServices as the desktop app and `serve`
 * (mode `cli`, child-process workers), on the database `--db` / SWEEPLAB_DB / the default
 * names, used through `dispatch` and `onEvent` only. So every rule the API applies (the
 * data folder, trials at once, who owns a sweep) applies to the CLI, written once.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ApiError, ApiMethod, ConfigIssue, EventMessage, Req, Res } from '../api/contract';
import { openAppServices } from '../api/services';
import { resolveDbPath } from '../paths';
import { forkWorker } from '../sweep/workerLauncher';

/** An API call that answered `{ ok: false }`; its code decides the exit code (errors.ts). */
export class ApiCallError extends Error {
  readonly code: ApiError['code'];
  readonly issues?: ConfigIssue[];

  constructor(error: ApiError) {
    super(error.message);
    this.name = 'ApiCallError';
    this.code = error.code;
    this.issues = error.issues;
  }
}

export interface CliSession {
  readonly dbPath: string;
  /** The method's data, or an ApiCallError. */
  call<M extends ApiMethod>(method: M, req: Req<M>): Promise<Res<M>>;
  onEvent(cb: (m: EventMessage) => void): () => void;
  close(): Promise<void>;
}

export interface SessionOptions {
  /** `--db`. */
  db?: string;
  /** `--data-dir`: beats the data folder in the app's settings. */
  dataDir?: string;
  /**
   * When the database does not exist: `create` it (a sweep), `refuse` (a command that
   * reads results should not leave an empty database behind a typo), or use `none`
   * (a private in-memory one: no settings to read, nothing written; `datasets`).
   */
  missing: 'create' | 'refuse' | 'none';
  /** Fashion-MNIST mirror for fetchDataset (`datasets fetch --url`). */
  downloadBaseUrl?: string;
}

export async function openSession(opts: SessionOptions): Promise<CliSession> {
  const file = resolveDbPath(opts.db);
  const exists = existsSync(file);
  if (!exists && opts.missing === 'refuse')
    throw Object.assign(new Error(`no database at ${file}: run a sweep first (sweeplab sweep <config>), or choose one with --db FILE`), { code: 'NOT_FOUND' });
  const dbPath = exists || opts.missing === 'create' ? file : ':memory:';
  const services = await openAppServices(
    {
      dbPath,
      launchWorker: forkWorker,
      mode: 'cli',
      dataDirOverride: opts.dataDir === undefined ? undefined : path.resolve(opts.dataDir),
      downloadBaseUrl: opts.downloadBaseUrl,
      // A command's only writer is itself; nobody needs telling about other processes' writes.
      watchMs: 0,
    },
    () => process.stderr.write('The database is locked by another process; waiting…\n'),
  );
  return {
    dbPath,
    async call(method, req) {
      const r = await services.dispatch(method, req);
      if (!r.ok) throw new ApiCallError(r.error);
      return r.data as Res<typeof method>;
    },
    onEvent: (cb) => services.onEvent(cb),
    close: () => services.close(),
  };
}

/** Runs `fn` on a session that is closed afterwards, whatever happens. */
export async function withSession<T>(opts: SessionOptions, fn: (s: CliSession) => Promise<T>): Promise<T> {
  const session = await openSession(opts);
  try {
    return await fn(session);
  } finally {
    await session.close();
  }
}
