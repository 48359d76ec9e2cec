/**
 * Artifacts: files a run produced (weights, predictions), stored under the artifacts
 * folder beside the database (`artifactsDir` in paths.ts). Only the relative path is
 * recorded, so a database and its folder can be moved or copied together.
 */
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { ArtifactRecord } from './types';

export interface ArtifactRepository {
  add(runId: number, kind: string, relPath: string, bytes: number | null): ArtifactRecord;
  list(runId: number): ArtifactRecord[];
}

interface ArtifactRow {
  id: number;
  run_id: number;
  kind: string;
  path: string;
  bytes: number | null;
  created_at: number;
}

/**
 * `sweeps.delete` hands these paths to code that deletes files, so a path that is
 * absolute or climbs out of the artifacts folder is refused here, where it enters.
 * Stored with `/` so a database written on Windows reads the same elsewhere.
 */
export function normalizeArtifactPath(relPath: string): string {
  const slashed = relPath.replaceAll('\\', '/');
  const normal = path.posix.normalize(slashed);
  const absolute = path.posix.isAbsolute(slashed) || path.win32.isAbsolute(relPath);
  if (!relPath || absolute || normal === '.' || normal === '..' || normal.startsWith('../'))
    throw new RangeError(`artifact path must be relative to the artifacts folder and stay inside it (got "${relPath}")`);
  return normal;
}

function toRecord(row: ArtifactRow): ArtifactRecord {
  return { id: row.id, runId: row.run_id, kind: row.kind, path: row.path, bytes: row.bytes, createdAt: row.created_at };
}

export function createArtifactRepository(db: Database.Database, now: () => number = Date.now): ArtifactRepository {
  const insert = db.prepare<[number, string, string, number | null, number], ArtifactRow>(
    'INSERT INTO artifacts (run_id, kind, path, bytes, created_at) VALUES (?, ?, ?, ?, ?) RETURNING *',
  );
  const byRun = db.prepare<[number], ArtifactRow>('SELECT * FROM artifacts WHERE run_id = ? ORDER BY id');
  return {
    add(runId, kind, relPath, bytes) {
      return toRecord(insert.get(runId, kind, normalizeArtifactPath(relPath), bytes, now())!);
    },
    list(runId) {
      return byRun.all(runId).map(toRecord);
    },
  };
}
