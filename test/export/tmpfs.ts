/**
 * A tiny tmpfs for tests of a really full or really read-only disk. Mounting needs root
 * (or CAP_SYS_ADMIN); where it is not allowed the test is skipped and says why.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type Tmpfs = { dir: string; unmount(): void } | { skip: string };

export function mountTmpfs(options: string): Tmpfs {
  if (process.platform !== 'linux') return { skip: 'tmpfs is Linux only' };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sweeplab-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    const why = String((err as { stderr?: Buffer }).stderr ?? (err as Error).message).trim();
    return { skip: `cannot mount a tmpfs here (${why || 'mount failed'}): needs root or CAP_SYS_ADMIN` };
  }
  return {
    dir,
    unmount() {
      execFileSync('umount', [dir], { stdio: 'pipe' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Fills `dir`'s file system until about `leftBytes` are free; returns the filler, to unlink when space should come back. */
export function fillLeaving(dir: string, leftBytes: number): string {
  const free = Number(execFileSync('df', ['--output=avail', '-B1', dir]).toString().split('\n')[1]);
  const filler = path.join(dir, 'filler');
  writeFileSync(filler, Buffer.alloc(Math.max(0, free - leftBytes)));
  return filler;
}
