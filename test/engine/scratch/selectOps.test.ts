/**
 * Choosing the scratch engine's ops: `selectOps`, `loadNativeOps`, `locateAddon` and
 * `blasThreadsFromEnv`. None of this needs the addon: each test passes its own
 * environment (or a fake addon file), and the load cache is cleared around every test.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NativeOpsUnavailableError, referenceOps, selectOps } from '../../../src-main/engine/scratch/ops';
import { ADDON_PATH, blasThreadsFromEnv, loadNativeOps, locateAddon, resetNativeOpsForTests } from '../../../src-main/engine/scratch/ops/native';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sweeplab-select-ops-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => resetNativeOpsForTests());
afterEach(() => resetNativeOpsForTests());

const OFF = { SWEEPLAB_NATIVE_OPS: 'off' };

/** A file that exists but is no addon: locating succeeds, loading fails. */
function garbageAddon(name = 'garbage.node'): string {
  const file = path.join(dir, name);
  writeFileSync(file, 'this is not a shared library\n'.repeat(20));
  return file;
}

/** What `fn` throws (and fails the test when it does not throw). */
function thrownBy(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}

describe('selectOps', () => {
  it('"js" is the TypeScript reference, with nothing to record, whatever the environment says', () => {
    for (const env of [{}, OFF, { SWEEPLAB_NATIVE_OPS: path.join(dir, 'missing.node') }, { SWEEPLAB_BLAS_THREADS: 'x' }]) {
      const choice = selectOps('js', env);
      expect(choice.ops).toBe(referenceOps);
      expect(choice.ops.name).toBe('js');
      expect(choice.versions).toEqual({});
    }
  });

  it('"auto" with SWEEPLAB_NATIVE_OPS=off falls back to the reference and records why', () => {
    const choice = selectOps('auto', OFF);
    expect(choice.ops).toBe(referenceOps);
    expect(choice.versions).toEqual({ nativeOps: 'unavailable, using the TypeScript ops: turned off by SWEEPLAB_NATIVE_OPS=off' });
    expect(choice.versions.nativeOps).toContain('SWEEPLAB_NATIVE_OPS=off');
  });

  it('"off" is read with surrounding blanks trimmed', () => {
    expect(loadNativeOps({ SWEEPLAB_NATIVE_OPS: '  off \n' })).toEqual({ ok: false, reason: 'turned off by SWEEPLAB_NATIVE_OPS=off' });
  });

  it('"native" that cannot load throws NativeOpsUnavailableError naming the reason and the way out', () => {
    const e = thrownBy(() => selectOps('native', OFF));
    expect(e).toBeInstanceOf(NativeOpsUnavailableError);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('NativeOpsUnavailableError');
    expect(e.message).toContain('turned off by SWEEPLAB_NATIVE_OPS=off');
    expect(e.message).toContain('backend "native"');
    expect(e.message).toContain('Use backend "auto" or "js"');
  });

  it('SWEEPLAB_NATIVE_OPS naming a missing file: the reason names the path', () => {
    const missing = path.join(dir, 'nowhere', 'sweeplab_ops.node');
    const env = { SWEEPLAB_NATIVE_OPS: missing };
    expect(loadNativeOps(env)).toEqual({ ok: false, reason: `SWEEPLAB_NATIVE_OPS names ${missing}, which does not exist` });
    resetNativeOpsForTests();
    expect(selectOps('auto', env).versions.nativeOps).toContain(missing);
    resetNativeOpsForTests();
    expect(thrownBy(() => selectOps('native', env)).message).toContain(missing);
  });

  it.each(['x', '0', '300', '-1', '1.5', '257'])('SWEEPLAB_BLAS_THREADS="%s" is refused with the value in the reason', (raw) => {
    // An existing file, so the thread count is checked before any load is tried.
    const env = { SWEEPLAB_NATIVE_OPS: garbageAddon(), SWEEPLAB_BLAS_THREADS: raw };
    const reason = `SWEEPLAB_BLAS_THREADS must be an integer from 1 to 256, got "${raw}"`;
    expect(loadNativeOps(env)).toEqual({ ok: false, reason });
    resetNativeOpsForTests();
    expect(selectOps('auto', env)).toEqual({ ops: referenceOps, versions: { nativeOps: `unavailable, using the TypeScript ops: ${reason}` } });
    resetNativeOpsForTests();
    expect(thrownBy(() => selectOps('native', env)).message).toContain(reason);
  });

  it('a corrupt .node file: "cannot load" and its path, as a reason, never a throw', () => {
    const file = garbageAddon('corrupt.node');
    const env = { SWEEPLAB_NATIVE_OPS: file };
    const load = loadNativeOps(env);
    expect(load.ok).toBe(false);
    const reason = (load as { reason: string }).reason;
    expect(reason.startsWith(`cannot load ${file}: `)).toBe(true);
    expect(reason).not.toContain('\n'); // only the first line of the loader's message
    resetNativeOpsForTests();
    const auto = selectOps('auto', env);
    expect(auto.ops).toBe(referenceOps);
    expect(auto.versions.nativeOps).toContain('cannot load');
    resetNativeOpsForTests();
    expect(thrownBy(() => selectOps('native', env))).toBeInstanceOf(NativeOpsUnavailableError);
  });

  it('an empty .node file cannot load either', () => {
    const file = path.join(dir, 'empty.node');
    writeFileSync(file, '');
    expect(loadNativeOps({ SWEEPLAB_NATIVE_OPS: file })).toMatchObject({ ok: false, reason: expect.stringMatching(/^cannot load /) });
  });

  it('the load is cached per process until resetNativeOpsForTests', () => {
    const first = loadNativeOps(OFF);
    const missing = path.join(dir, 'missing.node');
    // Another environment, same answer: the first load is remembered.
    expect(loadNativeOps({ SWEEPLAB_NATIVE_OPS: missing })).toBe(first);
    expect(selectOps('auto', { SWEEPLAB_NATIVE_OPS: missing }).versions.nativeOps).toContain('SWEEPLAB_NATIVE_OPS=off');
    resetNativeOpsForTests();
    expect(loadNativeOps({ SWEEPLAB_NATIVE_OPS: missing })).toEqual({ ok: false, reason: `SWEEPLAB_NATIVE_OPS names ${missing}, which does not exist` });
  });
});

describe('blasThreadsFromEnv', () => {
  it('is undefined when unset or blank', () => {
    expect(blasThreadsFromEnv({})).toBeUndefined();
    expect(blasThreadsFromEnv({ SWEEPLAB_BLAS_THREADS: '' })).toBeUndefined();
    expect(blasThreadsFromEnv({ SWEEPLAB_BLAS_THREADS: '   ' })).toBeUndefined();
  });

  it.each([['1', 1], ['4', 4], [' 8 ', 8], ['256', 256]])('"%s" → %i', (raw, n) => {
    expect(blasThreadsFromEnv({ SWEEPLAB_BLAS_THREADS: raw })).toBe(n);
  });

  it.each(['0', '257', '300', '-2', '2.5', 'x', 'four', 'NaN', 'Infinity', '1e2', '0x10'])('"%s" is a RangeError quoting it', (raw) => {
    expect(() => blasThreadsFromEnv({ SWEEPLAB_BLAS_THREADS: raw })).toThrow(RangeError);
    expect(() => blasThreadsFromEnv({ SWEEPLAB_BLAS_THREADS: raw })).toThrow(`SWEEPLAB_BLAS_THREADS must be an integer from 1 to 256, got "${raw}"`);
  });
});

describe('locateAddon', () => {
  it('walks up from a nested folder to native/build/Release/sweeplab_ops.node', () => {
    const root = path.join(dir, 'checkout');
    const addon = path.join(root, ADDON_PATH);
    mkdirSync(path.dirname(addon), { recursive: true });
    writeFileSync(addon, '');
    const nested = path.join(root, 'out', 'main', 'chunks');
    mkdirSync(nested, { recursive: true });
    expect(ADDON_PATH).toBe(path.join('native', 'build', 'Release', 'sweeplab_ops.node'));
    expect(locateAddon({}, nested)).toEqual({ file: addon });
    expect(locateAddon({}, root)).toEqual({ file: addon });
  });

  it('without an addon above, the reason says how to build one', () => {
    const lonely = path.join(dir, 'lonely', 'a', 'b');
    mkdirSync(lonely, { recursive: true });
    const where = locateAddon({}, lonely);
    expect(where).not.toHaveProperty('file');
    const reason = (where as { reason: string }).reason;
    expect(reason).toContain('npm run build:native');
    expect(reason).toContain(ADDON_PATH);
  });

  it('SWEEPLAB_NATIVE_OPS wins over the walk, resolved to an absolute path', () => {
    const file = garbageAddon('configured.node');
    const relative = path.relative(process.cwd(), file);
    expect(locateAddon({ SWEEPLAB_NATIVE_OPS: relative }, path.join(dir, 'lonely'))).toEqual({ file });
    expect(locateAddon({ SWEEPLAB_NATIVE_OPS: ` ${file} ` }, path.join(dir, 'lonely'))).toEqual({ file });
    expect(locateAddon({ SWEEPLAB_NATIVE_OPS: 'off' }, path.join(dir, 'checkout'))).toEqual({ reason: 'turned off by SWEEPLAB_NATIVE_OPS=off' });
  });
});
