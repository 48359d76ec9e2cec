import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { BackendUnavailableError, isPackageMissing, selectBackend, TFJS_NODE_HINT, wasmDistDir } from '../../../src-main/engine/tfjs/backend';
import { nativeTfInstalled } from '../fixtures';

describe('selectBackend', () => {
  it('cpu: plain JavaScript, no banner about tfjs-node', async () => {
    const warnings: unknown[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args);
    try {
      const b = await selectBackend('cpu');
      expect(b).toEqual({ name: 'cpu', gpu: false, versions: { tfjs: tf.version.tfjs, 'tfjs-core': tf.version['tfjs-core'], 'tfjs-backend-cpu': tf.version['tfjs-backend-cpu'] } });
      expect(tf.getBackend()).toBe('cpu');
      tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(2)).dataSync()); // the cpu backend's first write prints the banner
    } finally {
      console.warn = warn;
    }
    expect(warnings).toEqual([]);
  });

  it('wasm: records SIMD and the wasm package version, and leaves process handlers alone', async () => {
    const handlers = () => [process.listenerCount('uncaughtException'), process.listenerCount('unhandledRejection')];
    const before = handlers();
    const b = await selectBackend('wasm');
    expect(handlers()).toEqual(before);
    expect(b.name).toBe('wasm');
    expect(b.gpu).toBe(false);
    expect(tf.getBackend()).toBe('wasm');
    expect(typeof b.simd).toBe('boolean');
    expect(b.versions).toMatchObject({ tfjs: tf.version.tfjs, 'tfjs-backend-wasm': tf.version.tfjs, 'wasm-simd': b.simd ? 'yes' : 'no' });
    // Node 20 has WebAssembly SIMD; the fast binary must be the one in use.
    expect(b.simd).toBe(true);
    expect(tf.tidy(() => Array.from(tf.matMul(tf.tensor2d([1, 2], [1, 2]), tf.tensor2d([3, 4], [2, 1])).dataSync()))).toEqual([11]);
  });

  it('switches between backends in one process', async () => {
    expect((await selectBackend('cpu')).name).toBe('cpu');
    expect((await selectBackend('wasm')).name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });

  it.skipIf(nativeTfInstalled)('auto ends on wasm when tfjs-node is absent', async () => {
    await selectBackend('cpu');
    const b = await selectBackend('auto');
    expect(b.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });

  it.skipIf(nativeTfInstalled)('tensorflow, asked for by name, says how to install tfjs-node', async () => {
    const err = await selectBackend('tensorflow').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendUnavailableError);
    expect((err as Error).message).toBe('backend "tensorflow" needs @tensorflow/tfjs-node; install it with npm install @tensorflow/tfjs-node');
    expect((err as Error).message).toBe(TFJS_NODE_HINT);
    expect((err as BackendUnavailableError).code).toBe('BACKEND_UNAVAILABLE');
  });

  it('rejects an unknown preference', async () => {
    await expect(selectBackend('webgpu' as 'cpu')).rejects.toThrow(/unknown backend "webgpu"/);
  });
});

describe('wasmDistDir', () => {
  const entry = '/opt/app/node_modules/@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.node.js';

  it('is the folder of the resolved entry, with a trailing slash', () => {
    expect(wasmDistDir(entry)).toBe('/opt/app/node_modules/@tensorflow/tfjs-backend-wasm/dist/');
  });

  it('reads from app.asar.unpacked inside a packaged Electron app', () => {
    const packed = '/opt/Sweeplab/resources/app.asar/node_modules/@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.node.js';
    expect(wasmDistDir(packed)).toBe('/opt/Sweeplab/resources/app.asar.unpacked/node_modules/@tensorflow/tfjs-backend-wasm/dist/');
    // Already unpacked, or a folder that merely starts with the name: left alone.
    const unpacked = '/opt/Sweeplab/resources/app.asar.unpacked/node_modules/@tensorflow/tfjs-backend-wasm/dist/x.js';
    expect(wasmDistDir(unpacked)).toBe('/opt/Sweeplab/resources/app.asar.unpacked/node_modules/@tensorflow/tfjs-backend-wasm/dist/');
    expect(wasmDistDir('/home/me/app.asarx/dist/x.js')).toBe('/home/me/app.asarx/dist/');
  });

  it('points at the folder that really holds the .wasm binaries', async () => {
    const { existsSync } = await import('node:fs');
    const dir = wasmDistDir(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'));
    for (const f of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm']) expect(existsSync(dir + f), f).toBe(true);
  });
});

describe('isPackageMissing', () => {
  const error = (code: string, message: string) => Object.assign(new Error(message), { code });
  const pkg = '@tensorflow/tfjs-node';

  it('is true when the package itself cannot be found (ESM and CommonJS wording)', () => {
    expect(isPackageMissing(error('ERR_MODULE_NOT_FOUND', "Cannot find package '@tensorflow/tfjs-node' imported from /app/out/main.js"), pkg)).toBe(true);
    expect(isPackageMissing(error('MODULE_NOT_FOUND', "Cannot find module '@tensorflow/tfjs-node'\nRequire stack: …"), pkg)).toBe(true);
  });

  it('is false when the package is there but a file it loads is not, or for another package', () => {
    const binding = "Cannot find module '/app/node_modules/@tensorflow/tfjs-node/lib/napi-v8/tfjs_binding.node'";
    expect(isPackageMissing(error('MODULE_NOT_FOUND', binding), pkg)).toBe(false);
    expect(isPackageMissing(error('ERR_MODULE_NOT_FOUND', "Cannot find package '@tensorflow/tfjs-node-gpu' imported from /app"), pkg)).toBe(false);
    expect(isPackageMissing(error('ERR_DLOPEN_FAILED', 'libtensorflow.so.2: cannot open shared object file'), pkg)).toBe(false);
  });
});
