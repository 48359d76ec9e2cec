/**
 * Where exported files go, and how they get there.
 *
 * - The output folder is made one missing level at a time, each level once. Node's own
 *   `mkdir(…, { recursive: true })` can loop forever: on /proc (and other virtual file
 *   systems) mkdir answers ENOENT although the parent exists, so it creates the parent
 *   (EEXIST, fine), retries the child, gets ENOENT again… at 100 % CPU until killed.
 * - /proc, /sys and /dev, and any Linux pseudo file system (told by statfs), are refused
 *   before anything is created: files written there are not files.
 * - Every file is written to a hidden temporary name in the same folder, synced, then
 *   renamed over the final name (a rename within a folder is atomic), and the temporary
 *   file is removed on any failure. A full disk therefore never leaves a truncated
 *   runs.png under its real name: either the old file or the complete new one.
 *
 * Failures come out as FileWriteError (src-main/lib/fsErrors.ts): which file, where,
 * what to do. Why not the `write-file-atomic` package: it is the same open/write/fsync/
 * rename, but its errors are raw errno text, it is not a dependency yet (package.json),
 * and its exit-time cleanup hooks signals, which the CLI handles itself.
 */
import type { WrittenFile } from './types';
import { chmod, lstat, mkdir, open, realpath, rename, rm, stat, statfs, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { FileWriteError, errnoOf, fileWriteError, type FileErrorContext } from '../lib/fsErrors';

/** Top-level folders that are views of the kernel or of devices, never a place for files. */
const SPECIAL_ROOTS = ['/proc', '/sys', '/dev'];

/**
 * statfs `f_type` of Linux pseudo file systems (linux/magic.h): proc, sysfs, devpts,
 * debugfs, tracefs, securityfs, cgroup, cgroup2, pstore, bpf, configfs, efivarfs,
 * fusectl, binfmt_misc, mqueue. Unsigned: Node may hand them back as negative int32.
 */
const PSEUDO_FS = new Set([
  0x9fa0, 0x62656572, 0x1cd1, 0x64626720, 0x74726163, 0x73636673, 0x27e0eb, 0x63677270, 0x6165676c, 0xcafe4a11, 0x62656570, 0xde5e81e4,
  0x65735543, 0x42494e4d, 0x19800202,
]);

/**
 * Why `existing` (a folder that exists) is no place for files, or null when it is one.
 * Checked on its real path: a symlink into /proc is /proc.
 */
async function whyNotHere(existing: string): Promise<string | null> {
  const real = await realpath(existing);
  if (process.platform !== 'win32') {
    const root = SPECIAL_ROOTS.find((r) => real === r || real.startsWith(`${r}/`));
    if (root) return `is inside ${root}, a view of the system, not a folder for files`;
  } else if (real.startsWith('\\\\.\\')) {
    // \\.\ is Windows' device namespace (\\.\COM1, \\.\PhysicalDrive0).
    return 'is a device path';
  }
  if (process.platform === 'linux') {
    const fs = await statfs(real).catch(() => null);
    if (fs && PSEUDO_FS.has(fs.type >>> 0)) return 'is on a virtual file system of the kernel';
  }
  return null;
}

/** Throws a BAD_INPUT FileWriteError naming `target` when `existing` (it or its nearest existing parent) is no place for files. */
async function checkPlace(target: string, existing: string): Promise<void> {
  const why = await whyNotHere(existing);
  if (why) throw new FileWriteError(`${target} ${why}: choose a folder on a regular disk, e.g. in your home folder`, 'BAD_INPUT', target);
}

/**
 * Makes `dir` (and its missing parents) and returns it absolute. Bounded: one stat per
 * level going up, one mkdir per missing level going down, never a retry loop.
 */
export async function prepareOutputDir(dir: string, ctx: FileErrorContext = {}): Promise<string> {
  const abs = path.resolve(dir);
  const asMkdir = (err: unknown, p: string) => fileWriteError(err, p, { ...ctx, op: 'mkdir' });
  const missing: string[] = [];
  let existing = abs;
  for (;;) {
    const info = await stat(existing).catch((err: unknown) => {
      if (errnoOf(err) === 'ENOENT') return null;
      throw asMkdir(err, abs);
    });
    if (info) {
      if (!info.isDirectory()) throw asMkdir(Object.assign(new Error('not a folder'), { code: existing === abs ? 'EEXIST' : 'ENOTDIR' }), abs);
      break;
    }
    missing.unshift(existing);
    const parent = path.dirname(existing);
    if (parent === existing) throw asMkdir(Object.assign(new Error('no such root'), { code: 'ENOENT' }), abs);
    existing = parent;
  }
  // Before creating anything: nothing of ours goes into /proc, not even an empty folder.
  await checkPlace(abs, existing).catch((err: unknown) => {
    throw asMkdir(err, abs);
  });
  for (const level of missing) {
    await mkdir(level).catch(async (err: unknown) => {
      // Made meanwhile by someone else: fine if it is a folder.
      if (errnoOf(err) === 'EEXIST' && (await stat(level).catch(() => null))?.isDirectory()) return;
      throw asMkdir(err, level);
    });
  }
  return abs;
}

let counter = 0;

/** `.runs.png.1234-0-7.tmp`: hidden, unique per process, thread and call, short enough for any name. */
function tempName(file: string): string {
  const base = path.basename(file).slice(0, 120);
  return path.join(path.dirname(file), `.${base}.${process.pid}-${threadId}-${counter++}.tmp`);
}

/**
 * Writes `data` to `file` so that `file` is either untouched or complete: a temporary
 * file, fsync, rename. An existing file keeps its permissions. The folder must exist
 * (prepareOutputDir) and be a regular one (checked again: a save dialog can point anywhere).
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, ctx: FileErrorContext = {}): Promise<void> {
  const tmp = tempName(file);
  let handle: FileHandle | undefined;
  try {
    const dir = path.dirname(path.resolve(file));
    await checkPlace(dir, dir);
    const old = await lstat(file).catch(() => null);
    if (old?.isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
    // 'wx': never write through a file (or a planted symlink) that already has the name.
    handle = await open(tmp, 'wx');
    await handle.writeFile(data);
    // Without this a crash soon after the rename can leave an empty file on some file
    // systems (ext4 delayed allocation); it also surfaces ENOSPC that a network share
    // only reports on flush.
    await handle.sync();
    await handle.close();
    handle = undefined;
    if (old?.isFile()) await chmod(tmp, old.mode & 0o7777);
    await rename(tmp, file);
  } catch (err) {
    await handle?.close().catch(() => undefined);
    await rm(tmp, { force: true }).catch(() => undefined);
    throw fileWriteError(err, file, ctx);
  }
}

/**
 * The folder of a report or a pack, made ready (a bad folder is refused before seconds of
 * rendering), and a `write` that puts each file there whole (writeFileAtomic), lists it in
 * `written` and tells `onWritten` as it lands: a failure later still leaves an honest list.
 */
export async function reportFolder(
  dir: string,
  ctx: FileErrorContext,
  onWritten?: (file: WrittenFile) => void,
): Promise<{ written: WrittenFile[]; write: (name: string, data: string | Uint8Array) => Promise<void> }> {
  await prepareOutputDir(dir, ctx);
  const written: WrittenFile[] = [];
  const write = async (name: string, data: string | Uint8Array) => {
    const file = path.join(dir, name);
    await writeFileAtomic(file, data, ctx);
    written.push({ name, path: file });
    onWritten?.({ name, path: file });
  };
  return { written, write };
}
