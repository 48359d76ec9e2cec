/**
 * `sweeplab serve --token-file FILE`: a token that survives restarts, so open tabs keep
 * working. An existing file is read and checked (guard.ts's token format, surrounding
 * whitespace ignored); a missing one is created, exclusively and readable by its owner
 * only, with a fresh random token. Whoever can read the file can use the app.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { isWellFormedToken, newAccessToken } from '../api/http/guard';
import { UsageError } from './errors';

/** More than this is not a token file (the longest valid token is 256 characters). */
const MAX_FILE_BYTES = 4096;

function reason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e?.code ? `${e.code}: ${e.message}` : String(err);
}

function readToken(file: string): string {
  const info = statSync(file);
  if (!info.isFile()) throw new UsageError(`--token-file ${file}: not a regular file`);
  if (info.size > MAX_FILE_BYTES) throw new UsageError(`--token-file ${file}: ${info.size} bytes is too large for a token file`);
  const token = readFileSync(file, 'utf8').trim();
  if (!isWellFormedToken(token))
    throw new UsageError(`--token-file ${file}: the file must hold one token of 16–256 characters A–Z, a–z, 0–9, "-" or "_" (e.g. from \`openssl rand -hex 32\`); delete it to have a new one made`);
  return token;
}

export interface TokenFileResult {
  token: string;
  created: boolean;
  /** Set when the file can be read by others than its owner (POSIX only). */
  warning?: string;
}

export function loadOrCreateTokenFile(file: string, platform: NodeJS.Platform = process.platform): TokenFileResult {
  const token = newAccessToken();
  try {
    // 'wx': never overwrite, even when another process creates the file meanwhile.
    writeFileSync(file, `${token}\n`, { flag: 'wx', mode: 0o600 });
    return { token, created: true };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new UsageError(`--token-file ${file}: cannot create it (${reason(err)})`);
  }
  let existing: string;
  try {
    existing = readToken(file);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`--token-file ${file}: cannot read it (${reason(err)})`);
  }
  const loose = platform !== 'win32' && (statSync(file).mode & 0o077) !== 0;
  return { token: existing, created: false, warning: loose ? `--token-file ${file}: other users can read it; chmod 600 it` : undefined };
}
