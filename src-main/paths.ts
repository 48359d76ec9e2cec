/**
 * Where Sweeplab keeps things. The CLI and the desktop app must agree, so the user-data
 * folder here is the one Electron's `app.getPath('userData')` gives for productName
 * "Sweeplab"; the app and the command line then share one database by default.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const APP_NAME = 'Sweeplab';

/** The per-user application folder; `SWEEPLAB_HOME` overrides it (tests, portable installs). */
export function userDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.SWEEPLAB_HOME) return path.resolve(env.SWEEPLAB_HOME);
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_NAME);
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_NAME);
}

export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(userDataDir(env), 'sweeplab.db');
}

/** `--db FILE` beats `SWEEPLAB_DB`, which beats the user-data default. */
export function resolveDbPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return path.resolve(flag);
  if (env.SWEEPLAB_DB) return path.resolve(env.SWEEPLAB_DB);
  return defaultDbPath(env);
}

/** Run artifacts (weights, images) live beside the database: `/tmp/s.db` → `/tmp/s-artifacts/`. */
export function artifactsDir(dbPath: string): string {
  const { dir, name } = path.parse(dbPath);
  return path.join(dir, `${name}-artifacts`);
}

/** Data sets Sweeplab downloaded itself. */
export function appDatasetsDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(userDataDir(env), 'datasets');
}

let cachedResources: string | undefined;

/**
 * The `resources/` folder: bundled data sets and example configs. Found by walking up
 * from this module, so it works from source (tsx), from the electron-vite bundle
 * (`out/main/`), and in a packaged app where `SWEEPLAB_RESOURCES` points at it.
 */
export function resourcesDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SWEEPLAB_RESOURCES) return path.resolve(env.SWEEPLAB_RESOURCES);
  if (cachedResources) return cachedResources;
  const root = findAbove(path.dirname(fileURLToPath(import.meta.url)), path.join('resources', 'datasets', 'iris.csv'));
  if (root === null) throw new Error('cannot find the resources/ folder (set SWEEPLAB_RESOURCES)');
  return (cachedResources = path.join(root, 'resources'));
}

/**
 * The nearest folder, `from` or one above it, that holds `relative`; null if none does.
 * How code finds the checkout it runs from, as source (tsx) or as the bundle in out/.
 */
export function findAbove(from: string, relative: string): string | null {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, relative))) return dir;
    if (path.dirname(dir) === dir) return null;
  }
}
