/** `appInfo`: what the app runs on, including whether the scratch engine's native ops load. */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppInfo } from '../../src-main/api/contract';
import type { AppServices } from '../../src-main/api/services';
import { loadNativeOps, resetNativeOpsForTests } from '../../src-main/engine/scratch/ops/native';
import { call, openServices, tempDir } from './helpers';

let t: ReturnType<typeof tempDir>;
let s: AppServices | undefined;

beforeEach(() => {
  t = tempDir();
  resetNativeOpsForTests();
});
afterEach(async () => {
  await s?.close();
  s = undefined;
  t.cleanup();
  resetNativeOpsForTests();
});

describe('appInfo', () => {
  it('says where the database is and what the app runs on', async () => {
    s = openServices(t.dir);
    const info = await call<AppInfo>(s, 'appInfo');
    expect(info).toMatchObject({ name: expect.any(String), mode: 'browser', dbPath: path.join(t.dir, 'sweeplab.db'), cpus: expect.any(Number) });
    expect(info.versions.sqlite).toMatch(/^\d+\.\d+/);
  });

  it('reports the native ops as this process loads them: the BLAS library and threads, or why not', async () => {
    s = openServices(t.dir);
    const { nativeOps } = await call<AppInfo>(s, 'appInfo');
    expect(Object.keys(nativeOps).sort()).toEqual(['available', 'detail']);
    expect(nativeOps.detail.length).toBeGreaterThan(0);
    const native = loadNativeOps();
    expect(nativeOps.available).toBe(native.ok);
    if (native.ok) {
      expect(nativeOps.detail.startsWith(native.info.config || native.info.blas)).toBe(true);
      // The addon starts BLAS with one thread; trials, not threads, use the cores.
      if (native.info.threads === 1) expect(nativeOps.detail).toMatch(/\(1 BLAS thread per trial\)$/);
    } else expect(nativeOps.detail).toBe(native.reason);
  });

  it('says why when the native ops are turned off', async () => {
    s = openServices(t.dir, { env: { ...process.env, SWEEPLAB_HOME: path.join(t.dir, 'home'), SWEEPLAB_DATA: '', SWEEPLAB_NATIVE_OPS: 'off' } });
    expect((await call<AppInfo>(s, 'appInfo')).nativeOps).toEqual({ available: false, detail: 'turned off by SWEEPLAB_NATIVE_OPS=off' });
  });

  it('names a missing addon file', async () => {
    const missing = path.join(t.dir, 'nope.node');
    s = openServices(t.dir, { env: { ...process.env, SWEEPLAB_HOME: path.join(t.dir, 'home'), SWEEPLAB_DATA: '', SWEEPLAB_NATIVE_OPS: missing } });
    const { nativeOps } = await call<AppInfo>(s, 'appInfo');
    expect(nativeOps.available).toBe(false);
    expect(nativeOps.detail).toContain(missing);
  });
});
