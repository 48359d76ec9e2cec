/** saveFile: a failed write in the desktop shell reaches the page as a sentence, not errno text or INTERNAL. */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppServices } from '../../src-main/api/services';
import { writeFileAtomic } from '../../src-main/export/outputFiles';
import { failure, openServices, tempDir } from './helpers';

describe('saveFile errors', () => {
  const t = tempDir();
  let s: AppServices;
  beforeAll(() => {
    s = openServices(t.dir);
  });
  afterAll(async () => {
    await s.close();
    t.cleanup();
  });

  it('a full disk: UNAVAILABLE, naming the file and the folder', async () => {
    s.setPlatform({
      saveFile: async () => {
        throw Object.assign(new Error("ENOSPC: no space left on device, write '/media/usb/loss.png'"), { code: 'ENOSPC', path: '/media/usb/loss.png' });
      },
    });
    expect(await failure(s, 'saveFile', { suggestedName: 'loss.png', base64: 'aGk=' })).toEqual({
      code: 'UNAVAILABLE',
      message: 'the disk is full while writing loss.png in /media/usb: free some space and save again',
    });
  });

  it('a folder under the chosen name (written atomically by the shell): BAD_INPUT, in words', async () => {
    const dir = path.join(t.dir, 'chosen');
    mkdirSync(path.join(dir, 'runs.csv'), { recursive: true });
    s.setPlatform({ saveFile: async ({ base64 }) => (await writeFileAtomic(path.join(dir, 'runs.csv'), Buffer.from(base64, 'base64')), { saved: true, path: dir }) });
    const e = await failure(s, 'saveFile', { suggestedName: 'runs.csv', base64: 'aGk=' });
    expect(e.code).toBe('BAD_INPUT');
    expect(e.message).toContain(`${path.join(dir, 'runs.csv')} is a folder, so no file can take its name`);
  });

  it('leaves other failures to the usual translation', async () => {
    s.setPlatform({ saveFile: async () => Promise.reject(new Error('the dialog crashed')) });
    expect(await failure(s, 'saveFile', { suggestedName: 'a.txt', base64: 'aGk=' })).toMatchObject({ code: 'INTERNAL', message: 'saveFile: the dialog crashed' });
  });
});
