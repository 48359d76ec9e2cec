/** Opening the database for commands that read what sweeps recorded. */
import { existsSync } from 'node:fs';
import { resolveDbPath } from '../paths';
import { openStore, type Store } from '../store/store';

/**
 * The database `--db` / SWEEPLAB_DB / the default names, which must exist: a command that
 * only reads results should not leave an empty database behind a typo.
 */
export function openExistingStore(flag: string | undefined): Store {
  const file = resolveDbPath(flag);
  if (!existsSync(file))
    throw Object.assign(new Error(`no database at ${file}: run a sweep first (sweeplab sweep <config>), or choose one with --db FILE`), { code: 'NOT_FOUND' });
  return openStore(file);
}
