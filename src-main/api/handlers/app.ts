/** The app itself: versions and where it keeps its database. */
import os from 'node:os';
import { APP_NAME } from '../../paths';
import { APP_VERSION, runtimeVersions } from '../../version';
import type { AppInfo } from '../contract';
import type { ApiContext, Handlers } from '../context';
import { schemas } from '../schemas';

function appInfo(ctx: ApiContext): AppInfo {
  const sqlite = ctx.store.db.prepare('SELECT sqlite_version()').pluck().get() as string;
  const versions: Record<string, string> = { ...runtimeVersions(), sqlite };
  if (process.versions.chrome) versions.chrome = process.versions.chrome;
  return { name: APP_NAME, version: APP_VERSION, mode: ctx.mode, versions, cpus: Math.max(1, os.availableParallelism()), dbPath: ctx.store.file };
}

export const appHandlers = {
  appInfo: { input: schemas.appInfo, run: appInfo },
} satisfies Handlers<'appInfo'>;
