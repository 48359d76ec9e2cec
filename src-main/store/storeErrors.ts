/**
 * What a failed SQLite call means for whoever was writing. Three kinds, each with its
 * own answer:
 * - busy: another connection holds the write lock (another Sweeplab, a long delete).
 *   Nothing is wrong; keep what you meant to write and try again shortly.
 * - storage: the write can never succeed as things stand (disk full, I/O error,
 *   read-only file or folder, a damaged file). Stop starting work that cannot be
 *   recorded and tell the person what to do.
 * - anything else: a bug or a refused value; the caller's usual error handling.
 */
export type StoreFailure = 'busy' | 'storage' | 'other';

const BUSY = /^SQLITE_(BUSY|LOCKED)/;
const STORAGE = /^SQLITE_(FULL|IOERR|READONLY|CORRUPT|CANTOPEN|NOTADB|PERM)/;
/** The same failures met by a worker writing a run's files (weights, predictions). */
const STORAGE_ERRNO = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EIO']);

export function classifyStoreError(err: unknown): StoreFailure {
  const code = (err as { code?: unknown })?.code;
  if (typeof code !== 'string') return 'other';
  if (BUSY.test(code)) return 'busy';
  if (STORAGE.test(code) || STORAGE_ERRNO.has(code)) return 'storage';
  return 'other';
}

/** A sentence for a person: what went wrong with the database file and what to do. */
export function describeStorageError(err: unknown, file: string): string {
  const code = String((err as { code?: unknown })?.code ?? '');
  if (code === 'ENOSPC' || code === 'EDQUOT') return `the disk holding ${file} is full: free some space, then resume the sweep`;
  if (code === 'EROFS') return `${file} is on a read-only file system: make it writable, then resume the sweep`;
  if (code === 'EIO') return `the disk holding ${file} reported an I/O error: check the disk, then resume the sweep`;
  if (code.startsWith('SQLITE_FULL')) return `the disk holding ${file} is full: free some space, then resume the sweep`;
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_PERM'))
    return `${file} cannot be written (read-only file, folder or file system): make it writable, then resume the sweep`;
  if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB'))
    return `${file} is damaged: copy it somewhere safe and open another database with --db (SQLite's .recover can rescue what is left)`;
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN'))
    return `reading or writing ${file} failed (${code}: the disk or file system reported an error): check the disk, then resume the sweep`;
  return `${file}: ${(err as Error)?.message ?? String(err)}`;
}

/** Thrown when a sweep must stop because what it produces can no longer be stored. */
export class StorageFailure extends Error {
  readonly code = 'STORAGE';
  constructor(
    message: string,
    override readonly cause: unknown,
  ) {
    super(message);
    this.name = 'StorageFailure';
  }
}

/**
 * Runs a one-off write (create a sweep, claim it, change its status), waiting out a
 * database that another process holds locked: each try blocks for at most the
 * connection's busy timeout, and the event loop runs between tries. Other errors, and a
 * lock held longer than `maxWaitMs`, are thrown.
 */
export async function retryBusy<T>(fn: () => T, opts: { maxWaitMs?: number; onWait?: () => void } = {}): Promise<T> {
  const deadline = Date.now() + (opts.maxWaitMs ?? 60_000);
  let delay = 50;
  let told = false;
  for (;;) {
    try {
      return fn();
    } catch (err) {
      if (classifyStoreError(err) !== 'busy' || Date.now() > deadline) throw err;
      if (!told) opts.onWait?.();
      told = true;
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 1000);
    }
  }
}
