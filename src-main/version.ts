/** The versions recorded with every run, so a result can be traced to what made it. */
import { version } from '../package.json';

export const APP_VERSION: string = version;

export function runtimeVersions(extra: Record<string, string> = {}): Record<string, string> {
  const v: Record<string, string> = { sweeplab: APP_VERSION, node: process.versions.node, v8: process.versions.v8 };
  if (process.versions.electron) v.electron = process.versions.electron;
  return { ...v, ...extra };
}
