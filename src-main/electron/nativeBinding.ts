/**
 * Which better-sqlite3 binary the desktop app loads. node_modules holds the one built for
 * Node (tests, CLI); Electron has its own ABI and cannot load it. scripts/electron-native.js
 * builds an Electron one in .native/electron/, so Node and Electron both run from one
 * checkout: `npm start` loads it from there, and `npm run dist` ships it as
 * <resources>/native/better_sqlite3.node (node_modules is never rebuilt in place). The
 * marker file written beside the build says for which Electron it was built; keep its
 * shape in step with that script.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const NATIVE_DIR = path.join('.native', 'electron', 'better-sqlite3');
export const BINARY = path.join('build', 'Release', 'better_sqlite3.node');
export const MARKER = '.sweeplab-build.json';
/** In a packaged app, under process.resourcesPath (build/electron-builder.yml's extraResources). */
export const PACKAGED_BINARY = path.join('native', 'better_sqlite3.node');

export interface BuildMarker {
  electron: string;
  betterSqlite3: string;
  platform: string;
  arch: string;
}

export type BindingChoice = { binding: string } | { problem: string };

const FIX = 'run `node scripts/electron-native.js` (`npm start` does it first)';

export interface BindingContext {
  appPath: string;
  resourcesPath: string;
  isPackaged: boolean;
  electronVersion: string;
  platform?: string;
  arch?: string;
}

export function sqliteBindingFor(opts: BindingContext): BindingChoice {
  if (opts.isPackaged) {
    const shipped = path.join(opts.resourcesPath, PACKAGED_BINARY);
    return existsSync(shipped) ? { binding: shipped } : { problem: `this installation is incomplete: ${shipped} is missing; reinstall Sweeplab` };
  }
  const dir = path.join(opts.appPath, NATIVE_DIR);
  const binary = path.join(dir, BINARY);
  let marker: Partial<BuildMarker> | null = null;
  try {
    marker = JSON.parse(readFileSync(path.join(dir, MARKER), 'utf8')) as Partial<BuildMarker>;
  } catch {
    marker = null;
  }
  if (!marker || !existsSync(binary)) return { problem: `better-sqlite3 has not been built for Electron yet: ${FIX}` };
  const platform = opts.platform ?? process.platform;
  const arch = opts.arch ?? process.arch;
  if (marker.electron !== opts.electronVersion || marker.platform !== platform || marker.arch !== arch) {
    const built = `Electron ${marker.electron} (${marker.platform}-${marker.arch})`;
    return { problem: `better-sqlite3 in ${NATIVE_DIR} was built for ${built}, this is Electron ${opts.electronVersion} (${platform}-${arch}): ${FIX}` };
  }
  return { binding: binary };
}
