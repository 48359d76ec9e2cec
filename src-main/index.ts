/**
 * The desktop app's entry: lifecycle and wiring only. Everything the GUI can do lives in
 * AppServices (shared with browser mode); src-main/electron/ holds the window, its
 * security, the IPC transport, the menu and the utility-process workers.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, session, type BrowserWindow } from 'electron';
import { createAppServices, type AppServices } from './api/services';
import { appPage } from './electron/appUrl';
import { createDialogs } from './electron/dialogs';
import { sendEvent, setupIpc } from './electron/ipc';
import { claimSingleInstance, closeBeforeQuit } from './electron/lifecycle';
import { installMenu } from './electron/menu';
import { sqliteBindingFor } from './electron/nativeBinding';
import { hardenSession } from './electron/security';
import { utilityWorker } from './electron/utilityWorker';
import { createMainWindow } from './electron/window';
import { APP_NAME, resolveDbPath, userDataDir } from './paths';

const here = path.dirname(fileURLToPath(import.meta.url)); // out/main
const page = appPage({ rendererHtml: path.join(here, '../renderer/index.html'), devServerUrl: process.env.ELECTRON_RENDERER_URL, isPackaged: app.isPackaged });
const windows = new Set<BrowserWindow>();
const mainWindow = (): BrowserWindow | null => [...windows][0] ?? null;

app.setName(APP_NAME);
// The CLI's folder, SWEEPLAB_HOME included, so both use one database (and one instance lock).
app.setPath('userData', userDataDir());
if (app.isPackaged) {
  process.env.SWEEPLAB_RESOURCES = path.join(process.resourcesPath, 'resources');
  // The scratch engine's native ops ship beside the resources; the trial workers inherit this.
  process.env.SWEEPLAB_NATIVE_OPS ??= path.join(process.resourcesPath, 'native', 'sweeplab_ops.node');
}

function openWindow(): void {
  const preload = path.join(here, '../preload/preload.cjs');
  const win = createMainWindow({ page, preload, stateFile: path.join(app.getPath('userData'), 'window-state.json') });
  windows.add(win);
  win.on('closed', () => windows.delete(win));
}

function fail(message: string): void {
  dialog.showErrorBox('Sweeplab cannot start', message);
  app.exit(1);
}

async function start(): Promise<void> {
  await app.whenReady(); // utility processes (the trial workers) can only start after ready
  const sqlite = sqliteBindingFor({ appPath: app.getAppPath(), resourcesPath: process.resourcesPath, isPackaged: app.isPackaged, electronVersion: process.versions.electron });
  if ('problem' in sqlite) return fail(sqlite.problem);
  process.env.SWEEPLAB_SQLITE_BINDING = sqlite.binding; // read by openStore, here and in workers
  let services: AppServices;
  try {
    services = createAppServices({ dbPath: resolveDbPath(undefined), launchWorker: utilityWorker, mode: 'electron' });
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err));
  }
  closeBeforeQuit(() => services.close());
  services.setPlatform(createDialogs(mainWindow));
  hardenSession(session.defaultSession, page);
  setupIpc({ services, page, windows: () => [...windows] });
  installMenu({
    isPackaged: app.isPackaged,
    platform: process.platform,
    window: mainWindow,
    readmePath: app.isPackaged ? path.join(process.resourcesPath, 'README.md') : path.join(app.getAppPath(), 'README.md'),
    send: (command) => sendEvent([...windows], { event: 'menu-command', data: { command } }),
  });
  openWindow();
  app.on('activate', () => {
    if (windows.size === 0) openWindow(); // macOS: the dock icon clicked with no window open
  });
}

if (!claimSingleInstance(mainWindow)) app.quit();
else {
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  void start();
}
