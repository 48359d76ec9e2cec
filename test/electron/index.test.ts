/**
 * The Electron entry wired to the real AppServices (a temporary database), with only
 * Electron itself faked: what the app does from launch to quit.
 */
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { API_METHODS, EVENT_CHANNEL, ipcChannel, type Result } from '../../src-main/api/contract';
import type * as Fake from './fakeElectron';

vi.mock('electron', () => import('./fakeElectron'));

const ROOT = path.resolve(import.meta.dirname, '../..');
const savedEnv = { ...process.env };
let home: string;
// Each test starts the app afresh (index.ts acts on import), so the module registry is
// reset; the mocked 'electron' survives that (vitest keeps mocks), and is what the app sees.
let fake: typeof Fake;
let app: typeof Fake.app;
let BrowserWindow: typeof Fake.BrowserWindow;

beforeEach(async () => {
  vi.resetModules();
  fake = (await import('electron')) as unknown as typeof Fake;
  ({ app, BrowserWindow } = fake);
  fake.resetFakes();
  home = mkdtempSync(path.join(os.tmpdir(), 'sweeplab-app-'));
  process.env.SWEEPLAB_HOME = home;
  delete process.env.SWEEPLAB_DB;
  delete process.env.SWEEPLAB_RESOURCES;
  delete process.env.SWEEPLAB_SQLITE_BINDING;
  (process as { resourcesPath?: string }).resourcesPath = packagedResources();
  app.isPackaged = true;
});

afterEach(async () => {
  // Let a started app shut down (closes the database) before the next test.
  app.emit('before-quit', { preventDefault: () => undefined });
  await vi.waitFor(() => expect(app.quit).toHaveBeenCalled());
  process.env = { ...savedEnv };
});

/**
 * A packaged app's resources folder: the bundled resources, and better-sqlite3 in native/
 * (here Node's own build, since this Electron is Node).
 */
function packagedResources(): string {
  const res = path.join(home, 'app-resources');
  mkdirSync(path.join(res, 'native'), { recursive: true });
  const sqlite = path.dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json'));
  copyFileSync(path.join(sqlite, 'build', 'Release', 'better_sqlite3.node'), path.join(res, 'native', 'better_sqlite3.node'));
  symlinkSync(path.join(ROOT, 'resources'), path.join(res, 'resources'));
  return res;
}

async function launch(): Promise<Fake.BrowserWindow | undefined> {
  await import('../../src-main/index');
  await vi.waitFor(() => expect(BrowserWindow.created.length + app.exit.mock.calls.length + app.quit.mock.calls.length).toBeGreaterThan(0));
  return BrowserWindow.created[0];
}

function callFrom(win: Fake.BrowserWindow, method: string, payload?: unknown): Promise<Result<any>> {
  const url = win.loadURL.mock.calls[0]![0];
  const event = { sender: win.webContents, senderFrame: { url, parent: null } };
  return fake.ipcMain.handlers.get(ipcChannel(method as never))!(event, payload) as Promise<Result<any>>;
}

describe('the desktop app', () => {
  it('starts: user-data folder shared with the CLI, resources, one secure window, IPC, menu', async () => {
    const win = await launch();
    expect(app.setPath).toHaveBeenCalledWith('userData', home);
    expect(process.env.SWEEPLAB_RESOURCES).toBe(path.join(home, 'app-resources', 'resources'));
    expect(process.env.SWEEPLAB_SQLITE_BINDING).toBe(path.join(home, 'app-resources', 'native', 'better_sqlite3.node'));
    expect(win!.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(win!.options.webPreferences.preload).toBe(path.join(ROOT, 'src-main', '..', 'preload', 'preload.cjs'));
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual(API_METHODS.map((m) => ipcChannel(m)).sort());
    expect(fake.Menu.setApplicationMenu).toHaveBeenCalledTimes(1);
  });

  it('answers calls from its window with the real services, in electron mode', async () => {
    const win = (await launch())!;
    const info = await callFrom(win, 'appInfo');
    expect(info).toMatchObject({ ok: true, data: { name: 'Sweeplab', mode: 'electron', dbPath: path.join(home, 'sweeplab.db') } });
    expect(await callFrom(win, 'listSweeps')).toEqual({ ok: true, data: [] });
    expect(await callFrom(win, 'getSweep', { id: 'x' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });

  it('sends File menu commands to the window', async () => {
    const win = (await launch())!;
    const template = fake.Menu.buildFromTemplate.mock.calls[0]![0] as { label?: string; submenu?: { label?: string; click?: () => void }[] }[];
    const file = template.find((i) => i.label === '&File')!;
    file.submenu!.find((i) => i.label === 'Export…')!.click!();
    expect(win.webContents.send).toHaveBeenCalledWith(EVENT_CHANNEL, { event: 'menu-command', data: { command: 'export' } });
  });

  it('closes the services before quitting', async () => {
    const win = (await launch())!;
    const e = { prevented: false, preventDefault: () => void (e.prevented = true) };
    app.emit('before-quit', e);
    expect(e.prevented).toBe(true);
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledTimes(1));
    expect(await callFrom(win, 'listSweeps')).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
  });

  it('a second instance quits at once, touching nothing', async () => {
    app.requestSingleInstanceLock.mockImplementation(() => false);
    await launch();
    expect(app.quit).toHaveBeenCalled();
    expect(BrowserWindow.created).toHaveLength(0);
    expect(fake.ipcMain.handlers.size).toBe(0);
  });

  it('unpackaged without better-sqlite3 built for Electron: says how to fix it and exits', async () => {
    app.isPackaged = false;
    app.getAppPath.mockImplementation(() => home);
    await launch();
    expect(fake.dialog.showErrorBox).toHaveBeenCalledWith('Sweeplab cannot start', expect.stringContaining('node scripts/electron-native.js'));
    expect(app.exit).toHaveBeenCalledWith(1);
    expect(BrowserWindow.created).toHaveLength(0);
    app.quit(); // nothing to close
  });
});
