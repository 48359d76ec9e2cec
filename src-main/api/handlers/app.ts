/** The app itself: versions, where it keeps its database, whether the native ops load, which queue the environment names, and the queue's workers. */
import os from 'node:os';
import { queueFromEnv } from '../../cluster/queueUrl';
import { loadNativeOps } from '../../engine/scratch/ops/native';
import { APP_NAME } from '../../paths';
import { APP_VERSION, runtimeVersions } from '../../version';
import type { AppInfo } from '../contract';
import type { ApiContext, Handlers } from '../context';
import { schemas } from '../schemas';
import { listWorkers } from '../workersView';

function appInfo(ctx: ApiContext): AppInfo {
  const sqlite = ctx.store.db.prepare('SELECT sqlite_version()').pluck().get() as string;
  const versions: Record<string, string> = { ...runtimeVersions(), sqlite };
  if (process.versions.chrome) versions.chrome = process.versions.chrome;
  return { name: APP_NAME, version: APP_VERSION, mode: ctx.mode, versions, cpus: Math.max(1, os.availableParallelism()), dbPath: ctx.store.file, nativeOps: nativeOps(ctx), queueEnv: queueEnv(ctx) };
}

/** SWEEPLAB_QUEUE, redacted: Settings says it overrides the queue setting. (A malformed one stopped the services from starting.) */
function queueEnv(ctx: ApiContext): string | null {
  try {
    return queueFromEnv(ctx.env)?.redacted ?? null;
  } catch {
    return null;
  }
}

/**
 * Whether scratch trials get the native ops, with the BLAS library and its threads per
 * trial (trials inherit this process's environment), or why they fall back to the
 * TypeScript ops.
 */
function nativeOps(ctx: ApiContext): AppInfo['nativeOps'] {
  const native = loadNativeOps(ctx.env);
  if (!native.ok) return { available: false, detail: native.reason };
  const { blas, config, threads } = native.info;
  const perTrial = threads > 0 ? ` (${threads} BLAS thread${threads === 1 ? '' : 's'} per trial)` : '';
  return { available: true, detail: `${config || blas}${perTrial}` };
}

export const appHandlers = {
  appInfo: { input: schemas.appInfo, run: appInfo },
  listWorkers: { input: schemas.listWorkers, run: listWorkers },
} satisfies Handlers<'appInfo' | 'listWorkers'>;
