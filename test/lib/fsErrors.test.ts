/** Errno codes in plain words: which file, where, what to do; and the code the API and the CLI act on. */
import { describe, expect, it } from 'vitest';
import { FileWriteError, errnoOf, fileWriteError } from '../../src-main/lib/fsErrors';

const fsError = (code: string) => Object.assign(new Error(`${code}: raw text, write '/x/out/runs.png'`), { code, syscall: 'write' });

describe('fileWriteError', () => {
  it.each([
    ['ENOSPC', 'UNAVAILABLE', 'the disk is full while writing runs.png in /x/out: free some space and export again'],
    ['EDQUOT', 'UNAVAILABLE', 'quota is used up while writing runs.png in /x/out: free some space'],
    ['EIO', 'UNAVAILABLE', 'input/output error while writing runs.png in /x/out: check the disk'],
    ['EMFILE', 'UNAVAILABLE', 'too many files open while writing runs.png in /x/out'],
    ['EFBIG', 'UNAVAILABLE', 'larger than this file system or your limits allow while writing runs.png in /x/out'],
    ['EACCES', 'BAD_INPUT', 'no permission for writing runs.png in /x/out: choose a folder you can write to, or change the permissions of /x/out'],
    ['EPERM', 'BAD_INPUT', 'the system does not allow writing runs.png in /x/out: choose another folder'],
    ['EROFS', 'BAD_INPUT', '/x/out is on a read-only file system (while writing runs.png in /x/out): choose a folder on a writable disk'],
    ['ENOTDIR', 'BAD_INPUT', 'part of the path /x/out/runs.png is a file, not a folder'],
    ['EEXIST', 'BAD_INPUT', '/x/out/runs.png already exists and is not a folder'],
    ['EISDIR', 'BAD_INPUT', '/x/out/runs.png is a folder, so no file can take its name'],
    ['ENAMETOOLONG', 'BAD_INPUT', 'the path is too long for the file system (while writing runs.png in /x/out): choose a folder with a shorter path'],
  ])('%s → %s, naming the file and the way out', (errno, code, words) => {
    const e = fileWriteError(fsError(errno), '/x/out/runs.png', { again: 'export again' });
    expect(e).toBeInstanceOf(FileWriteError);
    expect(e.code).toBe(code);
    expect(e.errno).toBe(errno);
    expect(e.path).toBe('/x/out/runs.png');
    expect(e.message).toContain(words);
    // No errno text for people; the original stays as the cause for a debugger.
    expect(e.message).not.toMatch(/\bE[A-Z]{3,}\b|raw text/);
    expect((e.cause as Error).message).toContain('raw text');
  });

  it('says "creating the folder" for mkdir, and "try again" unless told what to do again', () => {
    const e = fileWriteError(fsError('ENOSPC'), '/x/out', { op: 'mkdir' });
    expect(e.message).toBe('the disk is full while creating the folder /x/out: free some space and try again');
  });

  it('keeps Node\'s text for an errno it has no words for, and passes its own errors through', () => {
    const odd = fileWriteError(fsError('ESTALE'), '/x/out/runs.png');
    expect(odd.message).toMatch(/^could not finish writing runs.png in \/x\/out: ESTALE/);
    expect(odd.code).toBe('UNAVAILABLE');
    expect(fileWriteError(odd, '/elsewhere')).toBe(odd);
  });

  it('finds errno codes only where Node puts them', () => {
    expect(errnoOf(fsError('ENOSPC'))).toBe('ENOSPC');
    expect(errnoOf(Object.assign(new Error(), { code: 'NOT_FOUND' }))).toBeNull();
    expect(errnoOf(null)).toBeNull();
  });
});
