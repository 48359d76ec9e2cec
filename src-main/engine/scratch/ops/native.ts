/**
 * The native ops: the `sweeplab_ops` addon (native/src/ops.c) behind the `Ops`
 * interface. Matrix products go to CBLAS sgemm/dgemm (OpenBLAS on Linux, Accelerate on
 * macOS), the element-wise kernels are C loops over the caller's typed arrays. The addon
 * is Node-API, so the same build loads in Node and in Electron.
 *
 * Where it is looked for, first match wins:
 *   1. `SWEEPLAB_NATIVE_OPS`: a path to the .node file, or `off` to never load it;
 *   2. native/build/Release/sweeplab_ops.node in a folder above this module (a checkout,
 *      from source or from the electron-vite bundle in out/).
 * The packaged app sets the variable (src-main/index.ts). A failed load is remembered
 * with its reason, which a run's environment then records.
 *
 * BLAS threads: the addon starts OpenBLAS with one; `SWEEPLAB_BLAS_THREADS` asks for
 * more. Trials, not threads, are the unit of parallelism: the scheduler runs one trial
 * per core, and at these matrix sizes two threads on one trial are slower than one.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findAbove } from '../../../paths';
import type { Float, SmoothActivation } from '../../types';
import type { Ops } from './ops';

export const ADDON_PATH = path.join('native', 'build', 'Release', 'sweeplab_ops.node');

export interface NativeInfo {
  /** `OpenBLAS`, `Accelerate` or `CBLAS` (another CBLAS library). */
  blas: string;
  /** The library's own description, e.g. `OpenBLAS 0.3.21 DYNAMIC_ARCH … Cooperlake`. */
  config: string;
  /** BLAS threads in this process (0 where the library does not say). */
  threads: number;
}

/**
 * What the addon exports (native/src/ops.c): the element-wise kernels exactly as `Ops`
 * has them; one gemm (sizes in BLAS terms) for the three products; Adam's coefficients
 * as plain numbers; and the BLAS controls.
 */
type Addon = Omit<Ops, 'name' | 'matmul' | 'matmulTransA' | 'matmulTransB' | 'adamUpdate' | 'activationForward' | 'activationBackward'> & {
  gemm(transA: boolean, transB: boolean, m: number, n: number, k: number, a: Float, b: Float, out: Float): void;
  adamUpdate(p: Float, g: Float, m: Float, v: Float, n: number, lr: number, beta1: number, beta2: number, eps: number, c1: number, c2: number, decay: number): void;
  activationForward(kind: number, z: Float, out: Float, n: number): void;
  activationBackward(kind: number, dY: Float, z: Float, out: Float, n: number): void;
  setThreads(n: number): void;
  info(): NativeInfo;
};

/** The addon's codes for the smooth activations (ACT_* in native/src/ops.c). */
export const ACTIVATION_CODES: Record<SmoothActivation, number> = { leaky_relu: 0, tanh: 1, sigmoid: 2, gelu: 3 };

function activationCode(kind: SmoothActivation): number {
  if (!Object.hasOwn(ACTIVATION_CODES, kind)) throw new Error(`unknown activation "${kind as string}"`);
  return ACTIVATION_CODES[kind];
}

export type NativeLoad = { ok: true; ops: Ops; info: NativeInfo; file: string } | { ok: false; reason: string };

/** The addon file to load, or why there is none. */
export function locateAddon(env: NodeJS.ProcessEnv = process.env, from = path.dirname(fileURLToPath(import.meta.url))): { file: string } | { reason: string } {
  const configured = env.SWEEPLAB_NATIVE_OPS?.trim();
  if (configured === 'off') return { reason: 'turned off by SWEEPLAB_NATIVE_OPS=off' };
  if (configured) return existsSync(configured) ? { file: path.resolve(configured) } : { reason: `SWEEPLAB_NATIVE_OPS names ${configured}, which does not exist` };
  const root = findAbove(from, ADDON_PATH);
  if (root !== null) return { file: path.join(root, ADDON_PATH) };
  return { reason: `the addon is not built (no ${ADDON_PATH}; run \`npm run build:native\`, which needs a C compiler and libopenblas-dev)` };
}

/** `SWEEPLAB_BLAS_THREADS`, checked: an integer 1–256, or undefined when unset. */
export function blasThreadsFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env.SWEEPLAB_BLAS_THREADS?.trim();
  if (!raw) return undefined;
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new RangeError(`SWEEPLAB_BLAS_THREADS must be an integer from 1 to 256, got "${raw}"`);
  return n;
}

/** Wraps the addon in the `Ops` interface: the three products become one gemm. */
export function wrapAddon(addon: Addon): Ops {
  return {
    name: 'native',
    matmul: (a, b, out, m, k, n) => addon.gemm(false, false, m, n, k, a, b, out),
    // A is m×k, so Aᵀ·B is k×n with inner size m.
    matmulTransA: (a, b, out, m, k, n) => addon.gemm(true, false, k, n, m, a, b, out),
    matmulTransB: (a, b, out, m, k, n) => addon.gemm(false, true, m, n, k, a, b, out),
    addRowVector: addon.addRowVector,
    columnSums: addon.columnSums,
    reluForward: addon.reluForward,
    reluBackward: addon.reluBackward,
    activationForward: (kind, z, out, n) => addon.activationForward(activationCode(kind), z, out, n),
    activationBackward: (kind, dY, z, out, n) => addon.activationBackward(activationCode(kind), dY, z, out, n),
    multiply: addon.multiply,
    scale: addon.scale,
    axpy: addon.axpy,
    axpby: addon.axpby,
    adamUpdate: (p, g, m, v, n, c) => addon.adamUpdate(p, g, m, v, n, c.lr, c.beta1, c.beta2, c.eps, c.correction1, c.correction2, c.decay),
    softmaxRows: addon.softmaxRows,
    softmaxBackwardRows: addon.softmaxBackwardRows,
    crossEntropySum: addon.crossEntropySum,
    crossEntropyBackward: addon.crossEntropyBackward,
    argmaxRows: addon.argmaxRows,
    gatherRows: addon.gatherRows,
  };
}

let cached: NativeLoad | undefined;

/** Loads the addon once per process; never throws (a failure comes back with its reason). */
export function loadNativeOps(env: NodeJS.ProcessEnv = process.env): NativeLoad {
  if (cached) return cached;
  const where = locateAddon(env);
  if ('reason' in where) return (cached = { ok: false, reason: where.reason });
  let threads: number | undefined;
  try {
    threads = blasThreadsFromEnv(env);
  } catch (e) {
    return (cached = { ok: false, reason: (e as Error).message });
  }
  try {
    const addon = createRequire(import.meta.url)(where.file) as Addon;
    if (threads !== undefined) addon.setThreads(threads);
    return (cached = { ok: true, ops: wrapAddon(addon), info: addon.info(), file: where.file });
  } catch (e) {
    return (cached = { ok: false, reason: `cannot load ${where.file}: ${(e as Error).message.split('\n')[0]}` });
  }
}

/** Forgets the cached load (tests that change the environment). */
export function resetNativeOpsForTests(): void {
  cached = undefined;
}
