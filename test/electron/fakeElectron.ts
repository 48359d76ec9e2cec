/**
 * A stand-in for the `electron` module: its binary cannot be installed on the build
 * machines, so the Electron-facing code is tested against this. Used only through
 * `vi.mock('electron', () => import('./fakeElectron'))`; the test imports the same
 * instance to inspect it. Only what src-main/electron uses, recording what was done.
 */
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { vi } from 'vitest';

let nextId = 1;

export class FakeWebContents extends EventEmitter {
  readonly id = nextId++;
  openHandler: ((d: { url: string }) => { action: string }) | null = null;
  send = vi.fn();
  setWindowOpenHandler(h: (d: { url: string }) => { action: string }): void {
    this.openHandler = h;
  }
  /** Emits will-navigate the way Electron does; true when the navigation was prevented. */
  navigate(url: string): boolean {
    let prevented = false;
    this.emit('will-navigate', { url, preventDefault: () => (prevented = true) }, url);
    return prevented;
  }
}

export class BrowserWindow extends EventEmitter {
  static created: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  destroyed = false;
  minimized = false;
  maximized = false;
  bounds: { x: number; y: number; width: number; height: number };
  loadURL = vi.fn(async (_url: string) => undefined);
  show = vi.fn();
  focus = vi.fn();
  restore = vi.fn(() => void (this.minimized = false));
  maximize = vi.fn(() => void (this.maximized = true));
  constructor(readonly options: Record<string, any>) {
    super();
    this.bounds = { x: options.x ?? 0, y: options.y ?? 0, width: options.width, height: options.height };
    BrowserWindow.created.push(this);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  getNormalBounds(): { x: number; y: number; width: number; height: number } {
    return { ...this.bounds };
  }
}

class FakeApp extends EventEmitter {
  isPackaged = false;
  requestSingleInstanceLock = vi.fn(() => true);
  quit = vi.fn();
  exit = vi.fn();
  setName = vi.fn();
  setPath = vi.fn();
  whenReady = vi.fn(async () => undefined);
  getAppPath = vi.fn(() => '/fake/app');
  getPath = vi.fn((name: string) => `/fake/${name}`);
}
export const app = new FakeApp();

export const ipcMain = {
  handlers: new Map<string, (event: unknown, ...args: unknown[]) => unknown>(),
  handle(channel: string, fn: (event: unknown, ...args: unknown[]) => unknown): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, fn);
  },
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  },
};

export const ipcRenderer = Object.assign(new EventEmitter(), { invoke: vi.fn(async (..._args: unknown[]): Promise<unknown> => ({ ok: true, data: null })) });
export const contextBridge = { exposeInMainWorld: vi.fn() };

export const shell = { openExternal: vi.fn(async (_url: string) => undefined), openPath: vi.fn(async (_p: string) => '') };

export const dialog = {
  showSaveDialog: vi.fn(),
  showOpenDialog: vi.fn(),
  showMessageBox: vi.fn(async () => ({ response: 0, checkboxChecked: false })),
  showErrorBox: vi.fn(),
};

export const Menu = {
  buildFromTemplate: vi.fn((template: unknown) => ({ template })),
  setApplicationMenu: vi.fn(),
};

export const screen = {
  displays: [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } }],
  getAllDisplays(): { id: number; workArea: { x: number; y: number; width: number; height: number } }[] {
    return this.displays;
  },
  getPrimaryDisplay(): { id: number; workArea: { x: number; y: number; width: number; height: number } } {
    return this.displays[0]!;
  },
};

type HeadersListener = (details: { url: string; responseHeaders?: Record<string, string[]> }, cb: (r: { responseHeaders?: Record<string, string[]> }) => void) => void;
export const session = {
  defaultSession: {
    webRequest: {
      listener: null as HeadersListener | null,
      onHeadersReceived(l: HeadersListener): void {
        this.listener = l;
      },
    },
    requestHandler: null as ((wc: unknown, permission: string, cb: (granted: boolean) => void, details: unknown) => void) | null,
    checkHandler: null as ((wc: unknown, permission: string) => boolean) | null,
    setPermissionRequestHandler(h: (wc: unknown, permission: string, cb: (granted: boolean) => void, details: unknown) => void): void {
      this.requestHandler = h;
    },
    setPermissionCheckHandler(h: (wc: unknown, permission: string) => boolean): void {
      this.checkHandler = h;
    },
  },
};

export class FakeUtilityProcess extends EventEmitter {
  static forked: { process: FakeUtilityProcess; modulePath: string; args: string[]; options: Record<string, any> }[] = [];
  pid: number | undefined = 4242;
  stdout = null;
  stderr: PassThrough | null;
  postMessage = vi.fn();
  kill = vi.fn(() => true);
  constructor(options: Record<string, any>) {
    super();
    const stdio = options.stdio;
    this.stderr = stdio === 'pipe' || (Array.isArray(stdio) && stdio[2] === 'pipe') ? new PassThrough() : null;
  }
}
export const utilityProcess = {
  fork: vi.fn((modulePath: string, args: string[] = [], options: Record<string, any> = {}) => {
    const p = new FakeUtilityProcess(options);
    FakeUtilityProcess.forked.push({ process: p, modulePath, args, options });
    return p;
  }),
};

/** Forgets everything the previous test did. */
export function resetFakes(): void {
  vi.clearAllMocks();
  BrowserWindow.created = [];
  FakeUtilityProcess.forked = [];
  ipcMain.handlers.clear();
  ipcRenderer.removeAllListeners();
  app.removeAllListeners();
  app.isPackaged = false;
  app.requestSingleInstanceLock.mockImplementation(() => true);
  session.defaultSession.webRequest.listener = null;
  session.defaultSession.requestHandler = null;
  session.defaultSession.checkHandler = null;
  screen.displays = [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } }];
}

export default { app, BrowserWindow, contextBridge, dialog, ipcMain, ipcRenderer, Menu, screen, session, shell, utilityProcess };
