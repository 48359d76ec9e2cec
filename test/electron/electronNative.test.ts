import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

interface Want {
  electron: string;
  betterSqlite3: string;
  platform: string;
  arch: string;
}
interface Script {
  wantedBuild(root?: string, platform?: string, arch?: string): Want;
  readMarker(dir: string): unknown;
  isUpToDate(marker: unknown, want: Want, binaryExists: boolean): boolean;
  buildSteps(want: Want, tools: { prebuildInstall: string | null; nodeGyp: string | null }): [string, string | null, string[]][];
  failureMessage(want: Want, dir: string): string;
}

// A plain-JS script (it runs before anything is built), loaded as such.
const script = (await import(pathToFileURL(path.resolve('scripts/electron-native.js')).href)) as Script;
const want: Want = { electron: '38.8.6', betterSqlite3: '12.11.1', platform: 'linux', arch: 'x64' };

describe('scripts/electron-native.js', () => {
  it('wants the installed Electron and better-sqlite3 versions', () => {
    const installed = (pkg: string) => JSON.parse(readFileSync(`node_modules/${pkg}/package.json`, 'utf8')).version;
    expect(script.wantedBuild(process.cwd(), 'linux', 'x64')).toEqual({ electron: installed('electron'), betterSqlite3: installed('better-sqlite3'), platform: 'linux', arch: 'x64' });
  });

  it('rebuilds unless the binary is there and the marker matches exactly', () => {
    expect(script.isUpToDate({ ...want }, want, true)).toBe(true);
    expect(script.isUpToDate({ ...want }, want, false)).toBe(false);
    expect(script.isUpToDate(null, want, true)).toBe(false);
    expect(script.isUpToDate('38.8.6', want, true)).toBe(false);
    for (const k of Object.keys(want) as (keyof Want)[]) expect(script.isUpToDate({ ...want, [k]: 'other' }, want, true), k).toBe(false);
  });

  it('reads a missing or corrupt marker as none', () => {
    expect(script.readMarker('/no/such/dir')).toBeNull();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sweeplab-marker-'));
    writeFileSync(path.join(dir, '.sweeplab-build.json'), '{"electron": "38.8');
    expect(script.readMarker(dir)).toBeNull();
    writeFileSync(path.join(dir, '.sweeplab-build.json'), JSON.stringify(want));
    expect(script.isUpToDate(script.readMarker(dir), want, true)).toBe(true);
  });

  it('builds for Electron: a prebuilt binary first, then node-gyp against Electron headers', () => {
    const [prebuilt, source] = script.buildSteps(want, { prebuildInstall: '/p.js', nodeGyp: '/g.js' });
    expect(prebuilt![1]).toBe('/p.js');
    expect(prebuilt![2]).toEqual(expect.arrayContaining(['--runtime=electron', '--target=38.8.6', '--arch=x64']));
    expect(source![1]).toBe('/g.js');
    expect(source![2]).toEqual(expect.arrayContaining(['rebuild', '--release', '--target=38.8.6', '--dist-url=https://electronjs.org/headers', '--runtime=electron']));
  });

  it('explains a failure: what, why, and that the rest still works', () => {
    const m = script.failureMessage(want, '/x/.native/electron/better-sqlite3');
    expect(m).toMatch(/better-sqlite3 12\.11\.1 for Electron 38\.8\.6/);
    expect(m).toMatch(/network/);
    expect(m).toMatch(/CLI/);
  });
});
