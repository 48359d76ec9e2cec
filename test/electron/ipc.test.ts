import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { API_METHODS, EVENT_CHANNEL, ipcChannel, type EventMessage, type Result } from '../../src-main/api/contract';
import { appPage } from '../../src-main/electron/appUrl';
import { setupIpc, type IpcContext, type IpcServices } from '../../src-main/electron/ipc';
import { BrowserWindow, ipcMain, resetFakes } from './fakeElectron';

vi.mock('electron', () => import('./fakeElectron'));

const html = '/opt/sweeplab/out/renderer/index.html';
const page = appPage({ rendererHtml: html, devServerUrl: undefined, isPackaged: true });
const appUrl = pathToFileURL(html).href;

/** A fake AppServices (dependency injection, not a mock of Electron). */
function fakeServices(dispatch: IpcServices['dispatch']): IpcServices & { emit(m: EventMessage): void; listeners: number } {
  const listeners = new Set<(m: EventMessage) => void>();
  return {
    dispatch: vi.fn(dispatch),
    onEvent(cb) {
      listeners.add(cb);
      return () => void listeners.delete(cb);
    },
    emit: (m) => listeners.forEach((cb) => cb(m)),
    get listeners() {
      return listeners.size;
    },
  };
}

let win: BrowserWindow;
let services: ReturnType<typeof fakeServices>;
let teardown: () => void;

beforeEach(() => {
  resetFakes();
  win = new BrowserWindow({ width: 800, height: 600 });
  services = fakeServices(async (method, payload) => ({ ok: true, data: { method, payload } }));
  const ctx: IpcContext = { services, page, windows: () => [win as unknown as Electron.BrowserWindow] };
  teardown = setupIpc(ctx);
});

/** What Electron hands a handler: the sending WebContents and the frame that called. */
function event(opts: { url?: string; sender?: { id: number }; parent?: unknown; noFrame?: boolean } = {}) {
  return {
    sender: opts.sender ?? win.webContents,
    senderFrame: opts.noFrame ? null : { url: opts.url ?? `${appUrl}#/sweeps`, parent: opts.parent ?? null },
  };
}

function call(method: string, ev: ReturnType<typeof event>, payload?: unknown): Promise<Result<unknown>> {
  const handler = ipcMain.handlers.get(ipcChannel(method as never));
  if (!handler) throw new Error(`no handler for ${method}`);
  return handler(ev, payload) as Promise<Result<unknown>>;
}

describe('IPC transport', () => {
  it('registers exactly one handler per API method, on its contract channel', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual(API_METHODS.map((m) => ipcChannel(m)).sort());
  });

  it('passes a trusted call to services.dispatch and returns its Result as is', async () => {
    const answer = { ok: true as const, data: [{ id: 1 }] };
    services.dispatch = vi.fn(async () => answer);
    const res = await call('listRuns', event(), { sweepId: 3 });
    expect(res).toBe(answer);
    expect(services.dispatch).toHaveBeenCalledWith('listRuns', { sweepId: 3 });
  });

  it('routes every method to dispatch under its own name', async () => {
    for (const m of API_METHODS) expect(await call(m, event(), { x: m })).toEqual({ ok: true, data: { method: m, payload: { x: m } } });
  });

  it('refuses a frame showing another page, without calling dispatch', async () => {
    for (const url of ['https://evil.example/', 'file:///tmp/evil.html', 'about:blank', 'http://localhost:5173/']) {
      const res = await call('deleteSweep', event({ url }), { id: 1 });
      expect(res, url).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(services.dispatch).not.toHaveBeenCalled();
  });

  it('refuses a sender that is not one of the app windows, a subframe, and a frame that is gone', async () => {
    const other = new BrowserWindow({ width: 1, height: 1 });
    expect(await call('getSettings', event({ sender: other.webContents }))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call('getSettings', event({ parent: { url: appUrl } }))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call('getSettings', event({ noFrame: true }))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    win.destroyed = true;
    expect(await call('getSettings', event())).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(services.dispatch).not.toHaveBeenCalled();
  });

  it('turns a throwing or rejecting dispatch into an INTERNAL Result, never a rejection', async () => {
    services.dispatch = vi.fn(() => {
      throw new Error('boom');
    });
    await expect(call('appInfo', event())).resolves.toEqual({ ok: false, error: { code: 'INTERNAL', message: 'boom' } });
    services.dispatch = vi.fn(() => Promise.reject('plain string'));
    await expect(call('appInfo', event())).resolves.toEqual({ ok: false, error: { code: 'INTERNAL', message: 'plain string' } });
  });

  it('forwards service events to the app windows on the event channel', () => {
    const m: EventMessage = { event: 'sweep-deleted', data: { sweepId: 4 } };
    services.emit(m);
    expect(win.webContents.send).toHaveBeenCalledWith(EVENT_CHANNEL, m);
    win.destroyed = true;
    services.emit(m);
    expect(win.webContents.send).toHaveBeenCalledTimes(1);
  });

  it('undoes everything on teardown', () => {
    expect(services.listeners).toBe(1);
    teardown();
    expect(ipcMain.handlers.size).toBe(0);
    expect(services.listeners).toBe(0);
  });
});
