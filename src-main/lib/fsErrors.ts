/**
 * File-system failures in plain words. Node's errors read "ENOSPC: no space left on
 * device, write"; a person needs to know which file, where, and what to do about it.
 * Every writer of user-chosen files (exports, the save dialog, model files) throws
 * these, so the CLI, the GUI and the HTTP client all show the same sentence.
 */
import path from 'node:path';

/**
 * BAD_INPUT: the place chosen cannot take the file (choose another); UNAVAILABLE: the
 * place is right but the machine cannot write now (free space, check the disk).
 * Both are codes the API contract and the CLI's exit codes already know.
 */
export type FileErrorCode = 'BAD_INPUT' | 'UNAVAILABLE';

export class FileWriteError extends Error {
  /** Node's errno code (`ENOSPC`, …), or null for a refusal of Sweeplab's own. */
  readonly errno: string | null;

  constructor(
    message: string,
    readonly code: FileErrorCode,
    readonly path: string,
    options: { errno?: string | null; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'FileWriteError';
    this.errno = options.errno ?? null;
  }
}

export interface FileErrorContext {
  /** What was being done: it decides how the sentence starts. Default 'write'. */
  op?: 'write' | 'mkdir';
  /** The advice's last words, e.g. "export again", "save again". Default "try again". */
  again?: string;
}

interface Wording {
  code: FileErrorCode;
  /** `what` is "writing runs.png in /x" or "creating the folder /x/out"; `again` "export again". */
  say: (what: string, p: { file: string; name: string; dir: string }, again: string) => string;
}

const WORDING: Record<string, Wording> = {
  ENOSPC: { code: 'UNAVAILABLE', say: (what, _, again) => `the disk is full while ${what}: free some space and ${again}` },
  EDQUOT: { code: 'UNAVAILABLE', say: (what, _, again) => `your disk quota is used up while ${what}: free some space (or ask for a larger quota) and ${again}` },
  EFBIG: { code: 'UNAVAILABLE', say: (what) => `the file grew larger than this file system or your limits allow while ${what}: choose a folder on another disk` },
  EIO: { code: 'UNAVAILABLE', say: (what, _, again) => `the disk reported an input/output error while ${what}: check the disk (or the network share) and ${again}` },
  EMFILE: { code: 'UNAVAILABLE', say: (what, _, again) => `Sweeplab has too many files open while ${what}: close some views or restart Sweeplab, then ${again}` },
  ENFILE: { code: 'UNAVAILABLE', say: (what, _, again) => `the system has too many files open while ${what}: close some programs and ${again}` },
  EACCES: { code: 'BAD_INPUT', say: (what, p) => `no permission for ${what}: choose a folder you can write to, or change the permissions of ${p.dir}` },
  EPERM: { code: 'BAD_INPUT', say: (what, p) => `the system does not allow ${what}: choose another folder, or check what protects ${p.dir}` },
  EROFS: { code: 'BAD_INPUT', say: (what, p) => `${p.dir} is on a read-only file system (while ${what}): choose a folder on a writable disk` },
  ENOTDIR: { code: 'BAD_INPUT', say: (what, p) => `part of the path ${p.file} is a file, not a folder (while ${what}): choose another folder` },
  EEXIST: { code: 'BAD_INPUT', say: (what, p) => `${p.file} already exists and is not a folder (while ${what}): remove it or choose another folder` },
  EISDIR: { code: 'BAD_INPUT', say: (what, p) => `${p.file} is a folder, so no file can take its name (while ${what}): move that folder away or choose another one` },
  ENAMETOOLONG: { code: 'BAD_INPUT', say: (what) => `the path is too long for the file system (while ${what}): choose a folder with a shorter path` },
  ENOENT: { code: 'BAD_INPUT', say: (what, p, again) => `${p.dir} does not exist (any more) while ${what}: choose an existing folder and ${again}` },
};

/** The errno code of a Node error, if it has one. */
export function errnoOf(err: unknown): string | null {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? code : null;
}

/**
 * `err` (from fs) as a FileWriteError naming `file`. A FileWriteError passes through
 * unchanged, so helpers can translate at every level without wrapping twice.
 */
export function fileWriteError(err: unknown, file: string, { op = 'write', again = 'try again' }: FileErrorContext = {}): FileWriteError {
  if (err instanceof FileWriteError) return err;
  const abs = path.resolve(file);
  const parts = { file: abs, name: path.basename(abs), dir: path.dirname(abs) };
  const what = op === 'mkdir' ? `creating the folder ${abs}` : `writing ${parts.name} in ${parts.dir}`;
  const errno = errnoOf(err);
  const wording = errno ? WORDING[errno] : undefined;
  if (wording) return new FileWriteError(wording.say(what, parts, again), wording.code, abs, { errno, cause: err });
  const detail = err instanceof Error ? err.message : String(err);
  return new FileWriteError(`could not finish ${what}: ${detail}`, 'UNAVAILABLE', abs, { errno, cause: err });
}
