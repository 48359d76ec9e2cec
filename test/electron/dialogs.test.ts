import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_CONFIG_BYTES, createDialogs } from '../../src-main/electron/dialogs';
import { BrowserWindow, dialog, resetFakes } from './fakeElectron';

vi.mock('electron', () => import('./fakeElectron'));

let dir: string;
beforeEach(() => {
  resetFakes();
  dir = mkdtempSync(path.join(os.tmpdir(), 'sweeplab-dialogs-'));
});

describe('save dialog', () => {
  it('writes the decoded bytes where the user chose, modal to the window', async () => {
    const win = new BrowserWindow({ width: 1, height: 1 });
    const target = path.join(dir, 'loss.png');
    dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: target });
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 255, 10, 13]);
    const res = await createDialogs(() => win as unknown as Electron.BrowserWindow).saveFile({ suggestedName: 'loss.png', base64: bytes.toString('base64') });
    expect(res).toEqual({ saved: true, path: target });
    expect(readFileSync(target)).toEqual(bytes);
    const [parent, opts] = dialog.showSaveDialog.mock.calls[0]!;
    expect(parent).toBe(win);
    expect(opts.defaultPath).toBe(path.join('/fake/documents', 'loss.png'));
    expect(opts.filters[0]).toEqual({ name: 'PNG file', extensions: ['png'] });
  });

  it('uses only the name of the suggestion, never its folders', async () => {
    dialog.showSaveDialog.mockResolvedValue({ canceled: true, filePath: '' });
    await createDialogs(() => null).saveFile({ suggestedName: '../../etc/cron.d/x.csv', base64: '' });
    const [opts] = dialog.showSaveDialog.mock.calls[0]!;
    expect(opts.defaultPath).toBe(path.join('/fake/documents', 'x.csv'));
  });

  it('writes nothing when cancelled', async () => {
    dialog.showSaveDialog.mockResolvedValue({ canceled: true, filePath: path.join(dir, 'no.csv') });
    expect(await createDialogs(() => null).saveFile({ suggestedName: 'runs.csv', base64: 'YQ==' })).toEqual({ saved: false, path: null });
    expect(() => readFileSync(path.join(dir, 'no.csv'))).toThrow();
  });
});

describe('folder dialog', () => {
  it('asks for a folder (which it may create) and returns it', async () => {
    dialog.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: [dir] });
    expect(await createDialogs(() => null).chooseFolder({ title: 'Paper pack folder' })).toEqual({ path: dir });
    const [opts] = dialog.showOpenDialog.mock.calls[0]!;
    expect(opts.properties).toEqual(['openDirectory', 'createDirectory']);
    expect(opts.title).toBe('Paper pack folder');
  });

  it('returns null when cancelled', async () => {
    dialog.showOpenDialog.mockResolvedValue({ canceled: true, filePaths: [] });
    expect(await createDialogs(() => null).chooseFolder({})).toEqual({ path: null });
  });
});

describe('open config dialog', () => {
  it('offers JSON and YAML files and returns the chosen one', async () => {
    const file = path.join(dir, 'sweep.yaml');
    writeFileSync(file, 'name: lr-sweep\n');
    dialog.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: [file] });
    expect(await createDialogs(() => null).openConfigFile()).toEqual({ name: 'sweep.yaml', text: 'name: lr-sweep\n' });
    const [opts] = dialog.showOpenDialog.mock.calls[0]!;
    expect(opts.properties).toEqual(['openFile']);
    expect(opts.filters[0].extensions).toEqual(['json', 'yaml', 'yml']);
  });

  it('returns null when cancelled', async () => {
    dialog.showOpenDialog.mockResolvedValue({ canceled: true, filePaths: [] });
    expect(await createDialogs(() => null).openConfigFile()).toBeNull();
  });

  it('refuses a file over 1 MB, saying which and how big', async () => {
    const file = path.join(dir, 'huge.json');
    writeFileSync(file, Buffer.alloc(MAX_CONFIG_BYTES + 1, 32));
    dialog.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: [file] });
    await expect(createDialogs(() => null).openConfigFile()).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/huge\.json is 1\.0 MB/) });
  });
});
