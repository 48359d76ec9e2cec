#!/usr/bin/env node
/**
 * Builds better-sqlite3 for Electron, beside the one built for Node, so one checkout runs
 * both the tests/CLI (Node) and `npm start` (Electron). node_modules/better-sqlite3 is
 * copied to .native/electron/better-sqlite3 and its native part built there for the
 * installed Electron's ABI. `npm start` loads that binary from there, and `npm run dist`
 * ships it (src-main/electron/nativeBinding.ts, build/electron-builder.yml); node_modules
 * itself is never rebuilt for Electron, or Node could no longer load it.
 *
 * Two ways to get the binary, in the order better-sqlite3's own install script uses:
 * a prebuilt one (prebuild-install, from GitHub), else a source build (node-gyp, with
 * Electron's headers from electronjs.org). A marker file records what was built, so a
 * later run with the same Electron does nothing.
 *
 * Plain Node, no dependencies beyond those npm installed: it runs before anything builds.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// Keep in step with src-main/electron/nativeBinding.ts.
export const NATIVE_DIR = path.join('.native', 'electron', 'better-sqlite3');
export const BINARY = path.join('build', 'Release', 'better_sqlite3.node');
export const MARKER = '.sweeplab-build.json';
export const HEADERS_URL = 'https://electronjs.org/headers';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** What the app needs: this Electron, this better-sqlite3, this machine. */
export function wantedBuild(root = ROOT, platform = process.platform, arch = process.arch) {
  const version = (pkg) => JSON.parse(readFileSync(path.join(root, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  return { electron: version('electron'), betterSqlite3: version('better-sqlite3'), platform, arch };
}

export function readMarker(dir) {
  try {
    return JSON.parse(readFileSync(path.join(dir, MARKER), 'utf8'));
  } catch {
    return null;
  }
}

/** Up to date when the binary is there and the marker names exactly what is wanted. */
export function isUpToDate(marker, want, binaryExists) {
  if (!binaryExists || !marker || typeof marker !== 'object') return false;
  return Object.keys(want).every((k) => marker[k] === want[k]);
}

/** The two attempts, as [label, node script, args]; run in the copy's folder. */
export function buildSteps(want, tools) {
  const target = [`--target=${want.electron}`, `--arch=${want.arch}`];
  return [
    ['prebuilt binary (prebuild-install)', tools.prebuildInstall, ['--runtime=electron', ...target, `--platform=${want.platform}`]],
    ['source build (node-gyp)', tools.nodeGyp, ['rebuild', '--release', ...target, `--dist-url=${HEADERS_URL}`, '--runtime=electron', `--devdir=${path.join(os.homedir(), '.electron-gyp')}`]],
  ];
}

export function failureMessage(want, dir) {
  return [
    `electron-native: could not build better-sqlite3 ${want.betterSqlite3} for Electron ${want.electron} (${want.platform}-${want.arch}).`,
    `  Tried a prebuilt binary (downloaded from github.com) and a source build (Electron's headers from`,
    `  ${HEADERS_URL}; needs python3, make and a C++ compiler). Both need network access.`,
    `  The desktop app cannot open its database without it. Everything else works without it:`,
    `  the CLI, browser mode (\`sweeplab serve\`) and the tests use Node's own build.`,
    `  Fix the cause shown above and run \`node scripts/electron-native.js\` again (work folder: ${dir}).`,
  ].join('\n');
}

function resolveTools() {
  const fromSqlite = createRequire(path.join(ROOT, 'node_modules', 'better-sqlite3', 'package.json'));
  const fromRoot = createRequire(path.join(ROOT, 'package.json'));
  const tryResolve = (req, id) => {
    try {
      return req.resolve(id);
    } catch {
      return null;
    }
  };
  return {
    prebuildInstall: tryResolve(fromSqlite, 'prebuild-install/bin.js'),
    // npm names its own node-gyp in npm_config_node_gyp when it runs a script.
    nodeGyp: tryResolve(fromRoot, 'node-gyp/bin/node-gyp.js') ?? process.env.npm_config_node_gyp ?? null,
  };
}

function main() {
  const want = wantedBuild();
  const dir = path.join(ROOT, NATIVE_DIR);
  if (isUpToDate(readMarker(dir), want, existsSync(path.join(dir, BINARY)))) {
    console.log(`electron-native: better-sqlite3 is built for Electron ${want.electron}`);
    return 0;
  }
  if (!process.env.ELECTRON_OVERRIDE_DIST_PATH && !existsSync(path.join(ROOT, 'node_modules', 'electron', 'path.txt'))) {
    console.error('electron-native: the Electron binary is not installed (was it skipped with ELECTRON_SKIP_BINARY_DOWNLOAD?).');
    console.error('  Install it with `node node_modules/electron/install.js` where github.com is reachable.');
    return 1;
  }
  console.log(`electron-native: building better-sqlite3 ${want.betterSqlite3} for Electron ${want.electron} in ${NATIVE_DIR}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.dirname(dir), { recursive: true });
  const source = path.join(ROOT, 'node_modules', 'better-sqlite3');
  // Without Node's build/: a stale binary must not pass for the new one.
  cpSync(source, dir, { recursive: true, filter: (p) => path.relative(source, p).split(path.sep)[0] !== 'build' });
  for (const [label, script, args] of buildSteps(want, resolveTools())) {
    if (!script) {
      console.error(`electron-native: ${label}: not installed, skipped`);
      continue;
    }
    console.log(`electron-native: trying a ${label}`);
    const r = spawnSync(process.execPath, [script, ...args], { cwd: dir, stdio: 'inherit' });
    if (r.status === 0 && existsSync(path.join(dir, BINARY))) {
      writeFileSync(path.join(dir, MARKER), JSON.stringify(want, null, 2));
      console.log(`electron-native: done (${path.join(NATIVE_DIR, BINARY)})`);
      return 0;
    }
  }
  console.error(failureMessage(want, dir));
  return 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) process.exit(main());
