/**
 * `sweeplab export` when the folder is wrong or the disk gives out: refused at once (it
 * used to spin at 100 % CPU on /proc), every file whole or absent, and the reason in words.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli, tempDir, type CliResult } from '../cli/helpers';
import { mountTmpfs } from './tmpfs';

const tmp = tempDir('sweeplab-export-');
const db = path.join(tmp.dir, 'e.db');
const TABLES = ['runs.csv', 'runs.md', 'runs.tex'];

/** The CLI with a time limit: a regression that spins is killed and fails the test, not the suite. */
function exportTo(out: string, opts: { fileSizeKb?: number; limitMs?: number } = {}): Promise<CliResult & { ms: number }> {
  const args = [BIN, 'export', 'tiny', '--db', db, '--out', out];
  // `ulimit -f` makes the kernel fail writes past the size with EFBIG (Node ignores
  // SIGXFSZ): a disk that gives out in the middle of a file, without root.
  const [cmd, argv] = opts.fileSizeKb ? ['sh', ['-c', `ulimit -f ${opts.fileSizeKb} && exec "$0" "$@"`, process.execPath, ...args]] : [process.execPath, args];
  const child = spawn(cmd, argv as string[], { cwd: ROOT, env: { ...process.env, SWEEPLAB_DB: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const started = performance.now();
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.limitMs ?? 60_000);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: performance.now() - started });
    }),
  );
}

let complete: Record<string, string>;

beforeAll(async () => {
  const config = { name: 'tiny', dataset: { name: 'iris' }, engine: 'scratch', model: { hidden: [4] }, train: { epochs: 5, batchSize: 16, lr: 0.1 } };
  writeFileSync(path.join(tmp.dir, 'tiny.json'), JSON.stringify(config));
  const sweep = await runCli(['sweep', path.join(tmp.dir, 'tiny.json'), '--db', db]);
  expect(sweep.code, sweep.stderr).toBe(0);
  // A good export to a new nested folder: the reference for what "complete" means.
  const out = path.join(tmp.dir, 'good', 'nested');
  const r = await exportTo(out);
  expect(r.code, r.stderr).toBe(0);
  expect(readdirSync(out).sort()).toEqual(['accuracy-epochs.png', 'best.png', 'confusion.png', 'loss-epochs.png', 'loss.png', 'loss.svg', ...TABLES].sort());
  complete = Object.fromEntries(TABLES.map((f) => [f, readFileSync(path.join(out, f), 'utf8')]));
}, 120_000);
afterAll(() => tmp.cleanup());

describe('sweeplab export: unsafe or failing output folders', () => {
  it.runIf(process.platform === 'linux')('refuses /proc at once with exit 2 and a sentence, instead of spinning', async () => {
    const r = await exportTo('/proc/sweeplab-export', { limitMs: 20_000 });
    expect(r.code).toBe(2);
    expect(r.ms).toBeLessThan(15_000); // the CLI's start-up; the old mkdir never returned
    expect(r.stderr).toBe('sweeplab: /proc/sweeplab-export is inside /proc, a view of the system, not a folder for files: choose a folder on a regular disk, e.g. in your home folder\n');
    expect(r.stdout).toBe('');
  });

  it.runIf(process.platform !== 'win32')('a write that fails midway (file size limit) leaves the earlier files whole and no file under the failed name', async () => {
    const out = path.join(tmp.dir, 'limited');
    // 64 KB: above SQLite's 32 KB shared-memory file and the tables, below every chart (~70-90 KB).
    const r = await exportTo(out, { fileSizeKb: 64 });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^sweeplab: the file grew larger than this file system or your limits allow while writing (\\S+\\.png) in ${out}: choose a folder on another disk\\n$`));
    const failed = /writing (\S+\.png)/.exec(r.stderr)![1];
    const files = readdirSync(out);
    expect(files).not.toContain(failed);
    expect(files.filter((f) => f.startsWith('.'))).toEqual([]);
    for (const f of TABLES) expect(readFileSync(path.join(out, f), 'utf8')).toBe(complete[f]);
    // What was printed is what is there, each file complete.
    expect(r.stdout.trim().split('\n').map((p) => path.basename(p)).sort()).toEqual(files.sort());
  });

  it('a really full disk: the same, in the words of a full disk', async (ctx) => {
    const fs = mountTmpfs('size=48k');
    if ('skip' in fs) return ctx.skip(fs.skip);
    try {
      const r = await exportTo(fs.dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`^sweeplab: the disk is full while writing \\S+\\.png in ${fs.dir}: free some space and export again\\n$`));
      const failed = /writing (\S+\.png)/.exec(r.stderr)![1];
      const files = readdirSync(fs.dir);
      expect(files).not.toContain(failed);
      expect(files.filter((f) => f.startsWith('.'))).toEqual([]);
      for (const f of TABLES) expect(readFileSync(path.join(fs.dir, f), 'utf8')).toBe(complete[f]);
      expect(r.stdout.trim().split('\n').map((p) => path.basename(p)).sort()).toEqual(files.sort());
    } finally {
      fs.unmount();
    }
  });
});
