/**
 * The output folder and atomic writes: /proc and friends refused at once (Node's
 * recursive mkdir spins there forever), and a write that fails leaves no file, and no
 * truncated one, under the final name.
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareOutputDir, writeFileAtomic } from '../../src-main/export/outputFiles';
import { FileWriteError } from '../../src-main/lib/fsErrors';
import { tempDir } from '../cli/helpers';
import { mountTmpfs } from './tmpfs';

const tmp = tempDir('sweeplab-out-');
afterAll(() => tmp.cleanup());

async function failure(p: Promise<unknown>): Promise<FileWriteError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(FileWriteError);
  return e as FileWriteError;
}

const leftovers = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

describe('prepareOutputDir', () => {
  it('creates missing levels and accepts an existing folder', async () => {
    const dir = path.join(tmp.dir, 'a', 'b', 'c');
    expect(await prepareOutputDir(dir)).toBe(dir);
    expect(statSync(dir).isDirectory()).toBe(true);
    expect(await prepareOutputDir(dir)).toBe(dir);
  });

  it.runIf(process.platform === 'linux').each(['/proc/sweeplab-x', '/proc/self/sweeplab/y', '/sys/sweeplab-x', '/dev/sweeplab-x'])(
    'refuses %s at once, creating nothing',
    async (dir) => {
      const started = performance.now();
      const e = await failure(prepareOutputDir(dir));
      expect(performance.now() - started).toBeLessThan(1000);
      expect(e.code).toBe('BAD_INPUT');
      expect(e.message).toBe(`${dir} is inside /${dir.split('/')[1]}, a view of the system, not a folder for files: choose a folder on a regular disk, e.g. in your home folder`);
      expect(existsSync(dir)).toBe(false);
    },
  );

  it.runIf(process.platform === 'linux')('refuses a symlink that leads into /proc', async () => {
    const link = path.join(tmp.dir, 'to-proc');
    symlinkSync('/proc', link);
    const e = await failure(prepareOutputDir(path.join(link, 'out')));
    expect(e.message).toContain('is inside /proc');
  });

  it('refuses a file in the way, as the target or as a parent', async () => {
    const file = path.join(tmp.dir, 'plain.txt');
    writeFileSync(file, 'x');
    const target = await failure(prepareOutputDir(file));
    expect(target.message).toBe(`${file} already exists and is not a folder (while creating the folder ${file}): remove it or choose another folder`);
    const parent = await failure(prepareOutputDir(path.join(file, 'out')));
    expect(parent.message).toContain(`part of the path ${path.join(file, 'out')} is a file, not a folder`);
    expect(parent.code).toBe('BAD_INPUT');
  });
});

describe('writeFileAtomic', () => {
  it('writes the file whole, replaces an old one keeping its permissions, and leaves no temporary file', async () => {
    const dir = path.join(tmp.dir, 'w');
    mkdirSync(dir);
    const file = path.join(dir, 'runs.csv');
    await writeFileAtomic(file, 'a,b\n1,2\n');
    expect(readFileSync(file, 'utf8')).toBe('a,b\n1,2\n');
    chmodSync(file, 0o600);
    await writeFileAtomic(file, Buffer.from('new'));
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['runs.csv']);
  });

  it('refuses to put a file where a folder is, and cleans up', async () => {
    const dir = path.join(tmp.dir, 'isdir');
    mkdirSync(path.join(dir, 'loss.png'), { recursive: true });
    const e = await failure(writeFileAtomic(path.join(dir, 'loss.png'), 'x'));
    expect(e.errno).toBe('EISDIR');
    expect(e.message).toContain('is a folder, so no file can take its name');
    expect(leftovers(dir)).toEqual([]);
  });

  it('on a full disk: no file under the final name (an old one stays intact), no temporary file, plain words', async (ctx) => {
    const fs = mountTmpfs('size=64k');
    if ('skip' in fs) return ctx.skip(fs.skip);
    try {
      const old = path.join(fs.dir, 'best.png');
      writeFileSync(old, 'the previous export');
      const big = Buffer.alloc(200 * 1024, 7);
      const e = await failure(writeFileAtomic(path.join(fs.dir, 'loss.png'), big, { again: 'export again' }));
      expect(e.message).toBe(`the disk is full while writing loss.png in ${fs.dir}: free some space and export again`);
      expect(e.code).toBe('UNAVAILABLE');
      await failure(writeFileAtomic(old, big));
      expect(readFileSync(old, 'utf8')).toBe('the previous export');
      expect(readdirSync(fs.dir)).toEqual(['best.png']);
    } finally {
      fs.unmount();
    }
  });

  it('on a read-only file system: refused in plain words, nothing written', async (ctx) => {
    const fs = mountTmpfs('ro,size=64k');
    if ('skip' in fs) return ctx.skip(fs.skip);
    try {
      const e = await failure(writeFileAtomic(path.join(fs.dir, 'runs.tex'), 'x'));
      expect(e.message).toBe(`${fs.dir} is on a read-only file system (while writing runs.tex in ${fs.dir}): choose a folder on a writable disk`);
      expect(readdirSync(fs.dir)).toEqual([]);
    } finally {
      fs.unmount();
    }
  });
});
