/**
 * The application menu. File commands belong to the page (it owns the forms), so they
 * are sent to it as 'menu-command' events; the rest are Electron roles. Developer tools
 * only in an unpackaged app.
 */
import { Menu, dialog, shell, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import type { ApiEvents } from '../api/contract';
import { APP_VERSION } from '../version';

export type MenuCommand = ApiEvents['menu-command']['command'];

export interface MenuOptions {
  isPackaged: boolean;
  platform: NodeJS.Platform;
  /** Tells the page to run a command. */
  send(command: MenuCommand): void;
  /** The window the About dialog belongs to. */
  window(): BrowserWindow | null;
  /** The README shipped with the app, opened by Help → README. */
  readmePath: string;
}

export function aboutText(versions: NodeJS.ProcessVersions = process.versions): { message: string; detail: string } {
  const v = (k: string): string => (versions as Record<string, string | undefined>)[k] ?? 'unknown';
  return {
    message: `Sweeplab ${APP_VERSION}`,
    detail: [`Electron ${v('electron')}`, `Chrome ${v('chrome')}`, `Node.js ${v('node')}`, `V8 ${v('v8')}`].join('\n'),
  };
}

function showAbout(opts: MenuOptions): void {
  const box = { type: 'info' as const, title: 'About Sweeplab', buttons: ['OK'], ...aboutText() };
  const w = opts.window();
  void (w ? dialog.showMessageBox(w, box) : dialog.showMessageBox(box));
}

export function menuTemplate(opts: MenuOptions): MenuItemConstructorOptions[] {
  const mac = opts.platform === 'darwin';
  const command = (label: string, accelerator: string, c: MenuCommand): MenuItemConstructorOptions => ({
    label,
    accelerator,
    click: () => opts.send(c),
  });
  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      command('New Sweep', 'CmdOrCtrl+N', 'new-sweep'),
      command('Open Config…', 'CmdOrCtrl+O', 'open-config'),
      { type: 'separator' },
      command('Export…', 'CmdOrCtrl+E', 'export'),
      ...(mac ? [] : [{ type: 'separator' } as const, { role: 'quit' } as const]),
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      { role: 'reload' },
      ...(opts.isPackaged ? [] : [{ role: 'forceReload' } as const, { role: 'toggleDevTools' } as const]),
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [
      { label: 'Sweeplab README', click: () => void shell.openPath(opts.readmePath) },
      ...(mac ? [] : [{ type: 'separator' } as const, { label: 'About Sweeplab', click: () => showAbout(opts) }]),
    ],
  };
  const appMenu: MenuItemConstructorOptions = {
    label: 'Sweeplab',
    submenu: [
      { label: 'About Sweeplab', click: () => showAbout(opts) },
      { type: 'separator' },
      { role: 'services' },
      { type: 'separator' },
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      { type: 'separator' },
      { role: 'quit' },
    ],
  };
  return [...(mac ? [appMenu] : []), file, { role: 'editMenu' }, view, ...(mac ? [{ role: 'windowMenu' } as const] : []), help];
}

export function installMenu(opts: MenuOptions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(opts)));
}
