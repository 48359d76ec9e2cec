/**
 * A run's files (its weights) travel inline with its `finished` message: the worker's
 * disk is not the coordinator's, and a small network's weights are kilobytes to a few
 * MB. The worker reads them from its scratch folder; the coordinator writes them under
 * its artifacts folder, refusing any path from the queue that would land outside it.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { StreamEntry } from './jobs';

export type RunFiles = NonNullable<StreamEntry['files']>;

/** Worker side: the files a trial wrote, by the paths it reported (relative to `dir`). */
export function readRunFiles(dir: string, artifacts: { path: string }[]): RunFiles {
  return artifacts.map((a) => ({ path: a.path, base64: readFileSync(path.join(dir, a.path)).toString('base64') }));
}

/** Coordinator side: writes the files under `artifactsDir`; throws (with an errno `code` where there is one) on failure. */
export function saveRunFiles(artifactsDir: string, files: RunFiles): void {
  const root = path.resolve(artifactsDir);
  for (const f of files) {
    const target = path.resolve(root, f.path);
    if (!target.startsWith(root + path.sep)) throw Object.assign(new Error(`refusing the file path "${f.path}" from the queue: it leaves the artifacts folder`), { code: 'BAD_FILE' });
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, Buffer.from(f.base64, 'base64'));
  }
}
