import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { appPage } from '../../src-main/electron/appUrl';
import { createMainWindow } from '../../src-main/electron/window';
import { BrowserWindow, resetFakes, screen, shell } from './fakeElectron';

vi.mock('electron', () => import('./fakeElectron'));

const html = path.resolve('/opt/sweeplab/out/renderer/index.html');
const filePage = appPage({ rendererHtml: html, devServerUrl: undefined, isPackaged: true });
const devPage = appPage({ rendererHtml: html, devServerUrl: 'http://localhost:5173/', isPackaged: false });

let dir: string;
beforeEach(() => {
  resetFakes();
  dir = mkdtempSync(path.join(os.tmpdir(), 'sweeplab-window-'));
});

function open(page = filePage, stateFile = path.join(dir, 'window-state.json')): BrowserWindow {
  createMainWindow({ page, preload: '/opt/sweeplab/out/preload/preload.cjs', stateFile });
  return BrowserWindow.created.at(-1)!;
}

describe('main window', () => {
  it('is sandboxed and context-isolated, with no Node in the page and the preload as its bridge', () => {
    const prefs = open().options.webPreferences;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webSecurity: true,
      webviewTag: false,
      preload: '/opt/sweeplab/out/preload/preload.cjs',
    });
  });

  it('loads the bundled page, or the dev server in development', () => {
    expect(open().loadURL).toHaveBeenCalledWith(pathToFileURL(html).href);
    expect(open(devPage).loadURL).toHaveBeenCalledWith('http://localhost:5173/');
  });

  it('opens no windows: http(s) links go to the browser, everything else is dropped', () => {
    const wc = open().webContents;
    expect(wc.openHandler!({ url: 'https://example.org/paper.pdf' })).toEqual({ action: 'deny' });
    expect(wc.openHandler!({ url: 'http://example.org/' })).toEqual({ action: 'deny' });
    expect(wc.openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(wc.openHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(wc.openHandler!({ url: 'smb://host/share' })).toEqual({ action: 'deny' });
    expect(shell.openExternal.mock.calls).toEqual([['https://example.org/paper.pdf'], ['http://example.org/']]);
  });

  it('navigates only to its own page', () => {
    const wc = open().webContents;
    expect(wc.navigate(pathToFileURL(html).href + '#/runs/3')).toBe(false);
    expect(wc.navigate('file:///etc/passwd')).toBe(true);
    expect(wc.navigate(pathToFileURL(path.resolve('/opt/sweeplab/out/renderer/other.html')).href)).toBe(true);
    expect(wc.navigate('https://evil.example/')).toBe(true);
    // A foreign web page is shown in the browser instead, never in the app.
    expect(shell.openExternal).toHaveBeenCalledWith('https://evil.example/');
    expect(shell.openExternal).toHaveBeenCalledTimes(1);
  });

  it('in development, navigates within the dev server only', () => {
    const wc = open(devPage).webContents;
    expect(wc.navigate('http://localhost:5173/')).toBe(false);
    expect(wc.navigate('http://localhost:5173/index.html?t=1')).toBe(false);
    expect(wc.navigate('http://localhost:5174/')).toBe(true);
    expect(wc.navigate(pathToFileURL(html).href)).toBe(true);
  });

  it('comes back where it was closed, maximized if it was', () => {
    const first = open();
    first.bounds = { x: 100, y: 80, width: 1000, height: 700 };
    first.maximized = true;
    first.emit('close');
    expect(JSON.parse(readFileSync(path.join(dir, 'window-state.json'), 'utf8'))).toEqual({ x: 100, y: 80, width: 1000, height: 700, maximized: true });
    const second = open();
    expect(second.options).toMatchObject({ x: 100, y: 80, width: 1000, height: 700 });
    second.emit('ready-to-show');
    expect(second.maximize).toHaveBeenCalled();
    expect(second.show).toHaveBeenCalled();
  });

  it('moves a window saved on a monitor that is gone back onto the screen', () => {
    const file = path.join(dir, 'window-state.json');
    writeFileSync(file, JSON.stringify({ x: 3000, y: 200, width: 1200, height: 800, maximized: false }));
    screen.displays = [{ id: 7, workArea: { x: 0, y: 0, width: 1600, height: 900 } }];
    expect(open(filePage, file).options).toMatchObject({ x: 400, y: 100, width: 1200, height: 800 });
  });

  it('ignores a corrupt state file and uses the defaults', () => {
    const file = path.join(dir, 'window-state.json');
    writeFileSync(file, '{"x": 10, "width": "wide"');
    const w = open(filePage, file);
    expect(w.options.width).toBe(1280);
    expect(w.options.x).toBeUndefined();
  });
});
