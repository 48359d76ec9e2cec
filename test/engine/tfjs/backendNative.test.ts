/**
 * The `tensorflow` path of selectBackend, with @tensorflow/tfjs-node(-gpu) replaced by
 * stand-ins: the real packages cannot install on this machine, and the selection logic
 * (which package wins, gpu flag, versions, failures) must still be right where they do.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nativeTfInstalled } from '../fixtures';

/** What tfjs-node does on import: registers and activates a `tensorflow` backend. */
class StandInBackend extends tf.KernelBackend {
  override dispose(): void {}
}
const registerTensorflow = () => {
  tf.registerBackend('tensorflow', () => new StandInBackend(), 3);
};
const fakeNodePackage = (name: string) => () => {
  registerTensorflow();
  return { version: { ...tf.version, 'tfjs-node': '4.22.0' }, name };
};
// Neither package is installed here, so an unmocked one fails to import as it really would.

async function freshSelectBackend() {
  vi.resetModules();
  return (await import('../../../src-main/engine/tfjs/backend')).selectBackend;
}

beforeEach(async () => {
  await tf.setBackend('cpu');
});

afterEach(() => {
  vi.doUnmock('@tensorflow/tfjs-node');
  vi.doUnmock('@tensorflow/tfjs-node-gpu');
  if (tf.findBackendFactory('tensorflow') !== null) tf.removeBackend('tensorflow');
});

describe.skipIf(nativeTfInstalled)('selectBackend with tfjs-node present', () => {
  it('tfjs-node: backend "tensorflow", no GPU, its version recorded', async () => {
    vi.doMock('@tensorflow/tfjs-node', fakeNodePackage('@tensorflow/tfjs-node'));
    const selectBackend = await freshSelectBackend();
    const b = await selectBackend('tensorflow');
    expect(b).toEqual({ name: 'tensorflow', gpu: false, versions: { tfjs: tf.version.tfjs, 'tfjs-core': tf.version['tfjs-core'], 'tfjs-node': '4.22.0' } });
    expect(tf.getBackend()).toBe('tensorflow');
  });

  it('auto prefers it over wasm', async () => {
    vi.doMock('@tensorflow/tfjs-node', fakeNodePackage('@tensorflow/tfjs-node'));
    const selectBackend = await freshSelectBackend();
    expect((await selectBackend('auto')).name).toBe('tensorflow');
  });

  it('tfjs-node-gpu wins over tfjs-node and reports gpu: true', async () => {
    vi.doMock('@tensorflow/tfjs-node-gpu', fakeNodePackage('@tensorflow/tfjs-node-gpu'));
    vi.doMock('@tensorflow/tfjs-node', () => {
      throw new Error('tfjs-node must not be loaded when tfjs-node-gpu is there');
    });
    const selectBackend = await freshSelectBackend();
    const b = await selectBackend('tensorflow');
    expect(b.gpu).toBe(true);
    expect(b.versions['tfjs-node-gpu']).toBe('4.22.0');
  });

  it('installed but broken (no libtensorflow): a clear error by name, wasm under auto', async () => {
    // What a missing native library looks like: MODULE_NOT_FOUND, but for a file inside the package.
    const cause = Object.assign(new Error("Cannot find module '/app/node_modules/@tensorflow/tfjs-node/lib/napi-v8/tfjs_binding.node'"), { code: 'MODULE_NOT_FOUND' });
    vi.doMock('@tensorflow/tfjs-node', () => {
      throw cause;
    });
    const selectBackend = await freshSelectBackend();
    const err = (await selectBackend('tensorflow').catch((e: unknown) => e)) as Error & { code: string };
    expect(err.message).toMatch(/^backend "tensorflow": @tensorflow\/tfjs-node is installed but failed to load: /);
    expect(err.code).toBe('BACKEND_UNAVAILABLE');
    // vitest wraps a throwing mock factory; the original error is further down the chain.
    const chain: unknown[] = [];
    for (let e: unknown = err; e instanceof Error; e = e.cause) chain.push(e);
    expect(chain).toContain(cause);
    expect((await selectBackend('auto')).name).toBe('wasm');
  });

  it('a tfjs-node that registered with another copy of tfjs is refused', async () => {
    vi.doMock('@tensorflow/tfjs-node', () => ({ version: { 'tfjs-node': '3.0.0' } }));
    const selectBackend = await freshSelectBackend();
    await expect(selectBackend('tensorflow')).rejects.toThrow(/tfjs-node 3.0.0 did not register with @tensorflow\/tfjs 4.22.0; install matching versions/);
  });
});
