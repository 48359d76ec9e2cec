/**
 * Which ops a scratch model computes with. `auto` takes the native addon when it loads
 * and falls back to the TypeScript reference when it does not; either way the choice
 * and the reason are recorded with the run (its `backend` and `versions`).
 */
import { loadNativeOps } from './native';
import type { Ops } from './ops';
import { referenceOps } from './reference';

export type { AdamCoefficients, Ops } from './ops';
export { allocate } from './ops';
export { referenceOps } from './reference';

export type OpsPreference = 'auto' | 'native' | 'js';

export interface OpsChoice {
  ops: Ops;
  /** For the run's environment: the BLAS library and threads, or why native is absent. */
  versions: Record<string, string>;
}

export class NativeOpsUnavailableError extends Error {
  constructor(reason: string) {
    super(`the native ops were asked for (backend "native") but cannot be used: ${reason}. Use backend "auto" or "js" to run on the TypeScript ops.`);
    this.name = 'NativeOpsUnavailableError';
  }
}

export function selectOps(preference: OpsPreference, env: NodeJS.ProcessEnv = process.env): OpsChoice {
  if (preference === 'js') return { ops: referenceOps, versions: {} };
  const native = loadNativeOps(env);
  if (native.ok) return { ops: native.ops, versions: { blas: native.info.config || native.info.blas, blasThreads: String(native.info.threads) } };
  if (preference === 'native') throw new NativeOpsUnavailableError(native.reason);
  return { ops: referenceOps, versions: { nativeOps: `unavailable, using the TypeScript ops: ${native.reason}` } };
}
