import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { BINARY, MARKER, NATIVE_DIR, PACKAGED_BINARY, sqliteBindingFor } from '../../src-main/electron/nativeBinding';
import { openStore } from '../../src-main/store/store';

const built = { electron: '38.8.6', betterSqlite3: '12.11.1', platform: 'linux', arch: 'x64' };

function checkout(marker: unknown, withBinary = true): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'sweeplab-native-'));
  const dir = path.join(root, NATIVE_DIR);
  mkdirSync(path.join(dir, path.dirname(BINARY)), { recursive: true });
  if (withBinary) writeFileSync(path.join(dir, BINARY), '');
  if (marker !== undefined) writeFileSync(path.join(dir, MARKER), typeof marker === 'string' ? marker : JSON.stringify(marker));
  return root;
}

const choose = (appPath: string, isPackaged = false, resourcesPath = '/nowhere') =>
  sqliteBindingFor({ appPath, resourcesPath, isPackaged, electronVersion: '38.8.6', platform: 'linux', arch: 'x64' });

describe('which better-sqlite3 binary Electron loads', () => {
  it('packaged: the one shipped in resources/native', () => {
    const res = mkdtempSync(path.join(os.tmpdir(), 'sweeplab-res-'));
    mkdirSync(path.join(res, 'native'));
    writeFileSync(path.join(res, PACKAGED_BINARY), '');
    expect(choose('/nowhere', true, res)).toEqual({ binding: path.join(res, 'native', 'better_sqlite3.node') });
  });

  it('packaged without it: an incomplete installation, said so', () => {
    const c = choose('/nowhere', true, '/no/such/resources');
    expect('problem' in c && c.problem).toMatch(/incomplete.*better_sqlite3\.node is missing/);
  });

  it('unpackaged: the copy built for this Electron', () => {
    const root = checkout(built);
    expect(choose(root)).toEqual({ binding: path.join(root, NATIVE_DIR, BINARY) });
  });

  it('unpackaged and not built: says how to build it', () => {
    for (const root of [checkout(undefined), checkout(built, false), checkout('{corrupt')]) {
      const c = choose(root);
      expect('problem' in c && c.problem).toMatch(/not been built for Electron.*node scripts\/electron-native\.js/);
    }
  });

  it('built for another Electron or machine: says so', () => {
    for (const other of [{ ...built, electron: '37.0.0' }, { ...built, arch: 'arm64' }]) {
      const c = choose(checkout(other));
      expect('problem' in c && c.problem).toMatch(/was built for Electron .* this is Electron 38\.8\.6/);
    }
  });

  it('stays in step with scripts/electron-native.js', async () => {
    const script = (await import(pathToFileURL(path.resolve('scripts/electron-native.js')).href)) as Record<string, unknown>;
    expect([script.NATIVE_DIR, script.BINARY, script.MARKER]).toEqual([NATIVE_DIR, BINARY, MARKER]);
  });
});

describe('openStore with a native binding', () => {
  const nodeBinary = path.join(path.dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
  const saved = process.env.SWEEPLAB_SQLITE_BINDING;
  afterEach(() => {
    if (saved === undefined) delete process.env.SWEEPLAB_SQLITE_BINDING;
    else process.env.SWEEPLAB_SQLITE_BINDING = saved;
  });

  it('loads the binary it is given', () => {
    const store = openStore(':memory:', { nativeBinding: nodeBinary });
    expect(store.db.prepare('select sqlite_version() as v').get()).toHaveProperty('v');
    store.close();
    expect(() => openStore(':memory:', { nativeBinding: '/no/such/better_sqlite3.node' })).toThrow(/better_sqlite3\.node/);
  });

  it('takes SWEEPLAB_SQLITE_BINDING when no option is given', () => {
    process.env.SWEEPLAB_SQLITE_BINDING = '/no/such/from-env.node';
    expect(() => openStore(':memory:')).toThrow(/from-env\.node/);
    process.env.SWEEPLAB_SQLITE_BINDING = nodeBinary;
    openStore(':memory:').close();
  });
});
