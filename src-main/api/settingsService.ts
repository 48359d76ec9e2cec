/**
 * The app's settings, kept in the store's settings table so the CLI and the app, which
 * share a database, share them too. Stored values are read back through a schema: a
 * value some other version wrote in another shape falls back to the default instead of
 * breaking the app.
 *
 * The queue setting holds a Redis URL whose password lets anyone make the workers train:
 * it is stored as given (a sweep needs it to connect) but never read back whole through
 * the API. `get` answers it redacted (`redis://:***@host:6379`), so the GUI can show
 * where trials go; a patch carrying that redacted form back means "unchanged", so a form
 * that saves every field at once cannot overwrite the password with stars. Redacted
 * rather than write-only, because "which queue?" is what a person checks in Settings.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseQueueUrl, QueueUrlError } from '../cluster/queueUrl';
import type { Store } from '../store/store';
import { TFJS_BACKENDS } from '../sweep/configSchema';
import type { Settings } from './contract';
import { badInput } from './errors';

const KEYS = { dataDir: 'dataDir', backend: 'backend', concurrency: 'concurrency', queue: 'queue' } as const satisfies Record<keyof Settings, string>;

const DEFAULTS: Settings = { dataDir: null, backend: 'auto', concurrency: null, queue: null };

const stored = {
  dataDir: z.string().min(1).nullable(),
  backend: z.enum(TFJS_BACKENDS),
  concurrency: z.number().int().min(1).max(64).nullable(),
  queue: z.string().min(1).nullable(),
};

export class SettingsService {
  constructor(private readonly store: Store) {}

  /** The settings as the API shows them: the queue redacted. */
  get(): Settings {
    const queue = this.queueUrl();
    return { dataDir: this.read('dataDir'), backend: this.read('backend'), concurrency: this.read('concurrency'), queue: queue === null ? null : redacted(queue) };
  }

  /** The queue setting whole, password included: only for connecting (cluster/executorChoice.ts). */
  queueUrl(): string | null {
    const url = this.read('queue');
    // One another version stored that this one cannot parse counts as none, like any bad stored value.
    return url !== null && redacted(url) !== null ? url : null;
  }

  private read<K extends keyof Settings>(key: K): Settings[K] {
    const r = stored[key].safeParse(this.store.settings.get(KEYS[key]));
    return r.success ? (r.data as Settings[K]) : DEFAULTS[key];
  }

  /** Applies a validated patch; `null` clears a setting back to its default. */
  set(patch: Partial<Settings>): Settings {
    const next = { ...patch };
    if (typeof next.dataDir === 'string') next.dataDir = checkFolder(next.dataDir);
    if (typeof next.queue === 'string') {
      const current = this.queueUrl();
      // The redacted form back (a form saving every field): keep the stored URL and its password.
      if (current !== null && next.queue.trim() === redacted(current)) delete next.queue;
      else next.queue = checkQueue(next.queue);
    }
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

/** A queue URL, checked; empty text clears the setting. The error names what is wrong, never the password. */
function checkQueue(text: string): string | null {
  if (text.trim() === '') return null;
  try {
    return parseQueueUrl(text, 'queue').href;
  } catch (e) {
    if (!(e instanceof QueueUrlError)) throw e;
    throw badInput(e.message, [{ path: 'queue', message: e.message.replace(/^queue: /, '') }]);
  }
}

/** The URL with its password as `***`; null if it does not parse. */
function redacted(url: string): string | null {
  try {
    return parseQueueUrl(url, 'queue').redacted;
  } catch {
    return null;
  }
}
