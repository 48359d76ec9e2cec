/**
 * Which TensorFlow.js backend computes: native `tensorflow` (when @tensorflow/tfjs-node
 * or -node-gpu is installed) → `wasm` (XNNPACK, SIMD where the runtime has it) → `cpu`
 * (plain JS: ~210 ms per 128-row step of a 784-256-10 MLP here, against ~8 ms on wasm).
 * The choice is process-wide in tfjs, which suits a worker that runs one trial.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';

export type BackendPreference = 'auto' | 'tensorflow' | 'wasm' | 'cpu';
export type TfjsBackendName = 'tensorflow' | 'wasm' | 'cpu';

export interface SelectedBackend {
  name: TfjsBackendName;
  /** True only for @tensorflow/tfjs-node-gpu. */
  gpu: boolean;
  /** Recorded with the run: `tfjs`, the backend package's version, `wasm-simd` for wasm. */
  versions: Record<string, string>;
  /** wasm only: whether the SIMD build of the binary is in use. */
  simd?: boolean;
}

/** A backend that was asked for by name and cannot run here. */
export class BackendUnavailableError extends Error {
  readonly code = 'BACKEND_UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BackendUnavailableError';
  }
}

// In variables, so bundlers leave these optional packages to be found at run time.
const TFJS_NODE_GPU = '@tensorflow/tfjs-node-gpu';
const TFJS_NODE = '@tensorflow/tfjs-node';
const TFJS_WASM = '@tensorflow/tfjs-backend-wasm';

export const TFJS_NODE_HINT = `backend "tensorflow" needs ${TFJS_NODE}; install it with npm install ${TFJS_NODE}`;

export async function selectBackend(pref: BackendPreference): Promise<SelectedBackend> {
  switch (pref) {
    case 'tensorflow':
      return activateNative();
    case 'wasm':
      return activateWasm();
    case 'cpu':
      return activateCpu();
    case 'auto': {
      const failures: string[] = [];
      for (const activate of [activateNative, activateWasm, activateCpu]) {
        try {
          return await activate();
        } catch (e) {
          failures.push((e as Error).message);
        }
      }
      throw new BackendUnavailableError(`no TensorFlow.js backend could start: ${failures.join('; ')}`);
    }
    default:
      throw new BackendUnavailableError(`unknown backend "${String(pref)}" (expected auto, tensorflow, wasm or cpu)`);
  }
}

const baseVersions = (): Record<string, string> => ({ tfjs: tf.version.tfjs, 'tfjs-core': tf.version['tfjs-core'] });

async function use(name: TfjsBackendName): Promise<void> {
  if (tf.getBackend() === name) return;
  // setBackend resolves false (it does not throw) when the backend's init failed.
  if (!(await tf.setBackend(name))) throw new BackendUnavailableError(`the TensorFlow.js "${name}" backend failed to initialise`);
  await tf.ready();
}

/** The package itself is missing, as opposed to a file it needs (its native binding, say). */
export function isPackageMissing(e: unknown, pkg: string): boolean {
  const code = (e as { code?: string }).code;
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && String((e as Error).message).includes(`'${pkg}'`);
}

async function activateNative(): Promise<SelectedBackend> {
  for (const [pkg, gpu] of [
    [TFJS_NODE_GPU, true],
    [TFJS_NODE, false],
  ] as const) {
    let mod: { version?: Record<string, string> };
    try {
      mod = await import(/* @vite-ignore */ pkg);
    } catch (e) {
      if (isPackageMissing(e, pkg)) continue;
      // Installed but broken, typically its native libtensorflow is missing.
      throw new BackendUnavailableError(`backend "tensorflow": ${pkg} is installed but failed to load: ${(e as Error).message}`, { cause: e });
    }
    // A tfjs-node built against another copy of tfjs registers its backend there, not with ours.
    if (tf.findBackendFactory('tensorflow') === null)
      throw new BackendUnavailableError(
        `backend "tensorflow": ${pkg} ${mod.version?.['tfjs-node'] ?? ''} did not register with @tensorflow/tfjs ${tf.version.tfjs}; install matching versions`,
      );
    await use('tensorflow');
    const nodeVersion = mod.version?.['tfjs-node'];
    return { name: 'tensorflow', gpu, versions: { ...baseVersions(), ...(nodeVersion ? { [gpu ? 'tfjs-node-gpu' : 'tfjs-node']: nodeVersion } : {}) } };
  }
  throw new BackendUnavailableError(TFJS_NODE_HINT);
}

/**
 * The folder holding the .wasm binaries, with a trailing separator as setWasmPaths wants.
 * In a packaged Electron app the module resolves inside app.asar, but the binaries are
 * unpacked next to it (asarUnpack) and must be read from app.asar.unpacked.
 */
export function wasmDistDir(resolvedEntry: string): string {
  const dir = path.dirname(resolvedEntry);
  const unpacked = dir.replace(/([\\/])app\.asar(?=[\\/]|$)/, '$1app.asar.unpacked');
  return unpacked.endsWith(path.sep) ? unpacked : unpacked + path.sep;
}

let wasmPathsSet = false;

async function activateWasm(): Promise<SelectedBackend> {
  let wasm: typeof import('@tensorflow/tfjs-backend-wasm');
  try {
    wasm = await import('@tensorflow/tfjs-backend-wasm');
  } catch (e) {
    throw new BackendUnavailableError(`backend "wasm": cannot load ${TFJS_WASM}: ${(e as Error).message}`, { cause: e });
  }
  if (!wasmPathsSet) {
    // Read once, when the backend first initialises.
    wasm.setWasmPaths(wasmDistDir(createRequire(import.meta.url).resolve(TFJS_WASM)));
    wasmPathsSet = true;
  }
  await keepingProcessHandlers(() => use('wasm'));
  const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
  return { name: 'wasm', gpu: false, simd, versions: { ...baseVersions(), 'tfjs-backend-wasm': wasm.version_wasm, 'wasm-simd': simd ? 'yes' : 'no' } };
}

/**
 * The emscripten runtime inside tfjs-backend-wasm adds process-wide handlers that rethrow
 * every uncaught error and rejection (printing its 100 kB minified source line), which
 * would defeat any handler the host installs. The host decides what a crash does, so
 * whatever `run` added is taken back off.
 */
async function keepingProcessHandlers(run: () => Promise<void>): Promise<void> {
  const emitter: NodeJS.EventEmitter = process;
  const events = ['uncaughtException', 'unhandledRejection'];
  const before = events.map((e) => emitter.listeners(e));
  try {
    await run();
  } finally {
    events.forEach((e, i) => {
      for (const listener of emitter.listeners(e)) if (!before[i].includes(listener)) emitter.removeListener(e, listener as (...args: unknown[]) => void);
    });
  }
}

async function activateCpu(): Promise<SelectedBackend> {
  // The cpu backend prints an "install tfjs-node" banner on first use. In tfjs 4.x the
  // PROD flag only gates tfjs's own console warnings, so this silences just that kind.
  tf.enableProdMode();
  await use('cpu');
  return { name: 'cpu', gpu: false, versions: { ...baseVersions(), 'tfjs-backend-cpu': tf.version['tfjs-backend-cpu'] } };
}
