/**
 * Settings: the app's preferences (data folder, default backend, window size, …) as
 * JSON values under string keys. In the database rather than a separate file so the
 * CLI and the app, which share the database, also share their settings.
 */
import type Database from 'better-sqlite3';

export interface SettingRepository {
  /** The stored value, or undefined if the key was never set. Not validated: callers own their shapes. */
  get<T = unknown>(key: string): T | undefined;
  set(key: string, value: unknown): void;
  remove(key: string): void;
  all(): Record<string, unknown>;
}

export function createSettingRepository(db: Database.Database): SettingRepository {
  const read = db.prepare<[string], string>('SELECT value FROM settings WHERE key = ?').pluck();
  const write = db.prepare<[string, string]>(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  const erase = db.prepare<[string]>('DELETE FROM settings WHERE key = ?');
  const everything = db.prepare<[], { key: string; value: string }>('SELECT key, value FROM settings ORDER BY key');
  return {
    get<T>(key: string) {
      const json = read.get(key);
      return json === undefined ? undefined : (JSON.parse(json) as T);
    },
    set(key, value) {
      const json = JSON.stringify(value);
      // undefined (or a function) has no JSON form; refusing beats silently storing nothing.
      if (json === undefined) throw new TypeError(`setting ${key}: value has no JSON form (use remove to unset it)`);
      write.run(key, json);
    },
    remove(key) {
      erase.run(key);
    },
    all() {
      return Object.fromEntries(everything.all().map((r) => [r.key, JSON.parse(r.value)]));
    },
  };
}
