/**
 * Run artifacts on disk. Paths come from the artifacts table, which refuses anything
 * absolute or climbing out of the folder (normalizeArtifactPath); these functions check
 * again before touching a file, because deleting is not undoable.
 */
import { readFile, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';

const MIME: Record<string, string> = {
  '.json': 'application/json',
  '.bin': 'application/octet-stream',
  '.png': 'image/png',
  '.csv': 'text/csv',
  '.txt': 'text/plain',
};

/** Refuse to read more than this into memory for one call. */
const MAX_ARTIFACT_BYTES = 100 * 1024 * 1024;

function inside(root: string, rel: string): string | null {
  const abs = path.resolve(root, rel);
  return abs.startsWith(path.resolve(root) + path.sep) ? abs : null;
}

export async function readArtifact(root: string, rel: string): Promise<{ filename: string; mime: string; bytes: Buffer }> {
  const abs = inside(root, rel);
  if (!abs) throw Object.assign(new Error(`artifact ${rel}: outside the artifacts folder`), { code: 'BAD_INPUT' });
  const info = await stat(abs).catch(() => null);
  if (!info?.isFile()) throw Object.assign(new Error(`artifact ${rel}: the file is gone from ${abs}`), { code: 'NOT_FOUND' });
  if (info.size > MAX_ARTIFACT_BYTES) throw Object.assign(new Error(`artifact ${rel}: ${info.size} bytes is too large to send`), { code: 'BAD_INPUT' });
  return { filename: path.basename(abs), mime: MIME[path.extname(abs).toLowerCase()] ?? 'application/octet-stream', bytes: await readFile(abs) };
}

/** Removes the files, then the run folders they leave empty. Problems are logged, not thrown: the records are already gone. */
export async function removeArtifacts(root: string, relPaths: readonly string[]): Promise<void> {
  const folders = new Set<string>();
  for (const rel of relPaths) {
    const abs = inside(root, rel);
    if (!abs) continue;
    await rm(abs, { force: true }).catch((err: Error) => console.error(`sweeplab: could not delete ${abs}: ${err.message}`));
    folders.add(path.dirname(abs));
  }
  const base = path.resolve(root);
  for (const dir of folders) {
    if (dir === base) continue;
    await rmdir(dir).catch(() => undefined); // still holds files we did not record: leave it
  }
}
