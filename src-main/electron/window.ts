/**
 * The main window: sandboxed, context-isolated, no Node in the page, the preload as the
 * only bridge, and the guards of security.ts on its contents. It reopens where the user
 * left it (windowState.ts).
 */
import path from 'node:path';
import { BrowserWindow, screen } from 'electron';
import type { AppPage } from './appUrl';
import { guardWebContents } from './security';
import { DEFAULT_STATE, MIN_SIZE, clampToScreens, readWindowState, writeWindowState, type WindowState } from './windowState';

export interface MainWindowOptions {
  page: AppPage;
  /** The built preload, out/preload/preload.cjs. */
  preload: string;
  /** Where the window's size and position are kept (in userData). */
  stateFile: string;
}

export function createMainWindow(opts: MainWindowOptions): BrowserWindow {
  const saved = readWindowState(opts.stateFile) ?? DEFAULT_STATE;
  const state = clampToScreens(saved, workAreas());
  const win = new BrowserWindow({
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: 'Sweeplab',
    show: false,
    backgroundColor: '#ffffff',
    autoHideMenuBar: false,
    webPreferences: {
      preload: opts.preload,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  guardWebContents(win.webContents, opts.page);
  win.once('ready-to-show', () => {
    if (state.maximized) win.maximize();
    win.show();
  });
  // Saved on close, while the window still has its bounds; the normal (unmaximized)
  // bounds, so un-maximizing next time gives back the size the user chose.
  win.on('close', () => {
    const b = win.getNormalBounds();
    const next: WindowState = { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() };
    try {
      writeWindowState(opts.stateFile, next);
    } catch (err) {
      console.warn(`Sweeplab: could not save the window position to ${path.basename(opts.stateFile)}: ${(err as Error).message}`);
    }
  });
  void win.loadURL(opts.page.url);
  return win;
}

/** The screens' usable areas, the primary display's first. */
function workAreas(): Electron.Rectangle[] {
  const primary = screen.getPrimaryDisplay();
  return [primary.workArea, ...screen.getAllDisplays().filter((d) => d.id !== primary.id).map((d) => d.workArea)];
}
