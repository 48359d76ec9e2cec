/**
 * The app's settings, kept in the store's settings table so the CLI and the app, which
 * share a database, share them too. Stored values are read back through a schema: a
 * value some other version wrote in another shape falls back to the default instead of
 * breaking the app.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Store } from '../store/store';
import { TFJS_BACKENDS } from '../sweep/configSchema';
import type { Settings } from './contract';
import { badInput } from './errors';

const KEYS = { dataDir: 'dataDir', backend: 'backend', concurrency: 'concurrency' } as const satisfies Record<keyof Settings, string>;

const DEFAULTS: Settings = { dataDir: null, backend: 'auto', concurrency: null };

const stored = {
  dataDir: z.string().min(1).nullable(),
  backend: z.enum(TFJS_BACKENDS),
  concurrency: z.number().int().min(1).max(64).nullable(),
};

export class SettingsService {
  constructor(private readonly store: Store) {}

  get(): Settings {
    const read = <K extends keyof Settings>(key: K): Settings[K] => {
      const r = stored[key].safeParse(this.store.settings.get(KEYS[key]));
      return r.success ? (r.data as Settings[K]) : DEFAULTS[key];
    };
    return { dataDir: read('dataDir'), backend: read('backend'), concurrency: read('concurrency') };
  }

  /** Applies a validated patch; `null` clears a setting back to its default. */
  set(patch: Partial<Settings>): Settings {
    const next = { ...patch };
    if (typeof next.dataDir === 'string') next.dataDir = checkFolder(next.dataDir);
    this.store.db.transaction(() => {
      for (const key of Object.keys(next) as (keyof Settings)[]) {
        const value = next[key];
        if (value === undefined) continue;
        if (value === null || value === DEFAULTS[key]) this.store.settings.remove(KEYS[key]);
        else this.store.settings.set(KEYS[key], value);
      }
    })();
    return this.get();
  }
}

function checkFolder(dir: string): string {
  const abs = path.resolve(dir);
  let isDir = false;
  try {
    isDir = statSync(abs).isDirectory();
  } catch {
    throw badInput(`dataDir: no such folder: ${abs}`, [{ path: 'dataDir', message: `no such folder: ${abs}` }]);
  }
  if (!isDir) throw badInput(`dataDir: ${abs} is not a folder`, [{ path: 'dataDir', message: `${abs} is not a folder` }]);
  return abs;
}
