import { beforeAll, describe, expect, it, vi } from 'vitest';
import { API_METHODS, EVENT_CHANNEL, ipcChannel, type EventMessage } from '../../src-main/api/contract';
import type { SweeplabBridge } from '../../src-main/preload';
import { contextBridge, ipcRenderer } from './fakeElectron';

vi.mock('electron', () => import('./fakeElectron'));

let api: SweeplabBridge;
beforeAll(async () => {
  await import('../../src-main/preload');
  expect(contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
  const [key, value] = contextBridge.exposeInMainWorld.mock.calls[0]!;
  expect(key).toBe('sweeplab');
  api = value as SweeplabBridge;
});

describe('preload bridge', () => {
  it('exposes exactly the API methods, onEvent and the platform', () => {
    expect(Object.keys(api).sort()).toEqual([...API_METHODS, 'onEvent', 'platform'].sort());
    expect(api.platform).toBe('electron');
    for (const m of API_METHODS) expect(typeof api[m], m).toBe('function');
  });

  it('never hands out ipcRenderer or its methods', () => {
    for (const value of Object.values(api)) {
      expect(value).not.toBe(ipcRenderer);
      expect(value).not.toBe(ipcRenderer.invoke);
      expect(value).not.toBe(ipcRenderer.on);
    }
  });

  it('invokes each method on its contract channel with the request', async () => {
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, data: [] });
    await expect(api.listSweeps(undefined)).resolves.toEqual({ ok: true, data: [] });
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith('api:listSweeps', undefined);
    for (const m of API_METHODS) {
      const req = { probe: m };
      await (api[m] as (r: unknown) => Promise<unknown>)(req);
      expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(ipcChannel(m), req);
    }
  });

  it('delivers events as the message alone, until unsubscribed', () => {
    const got: EventMessage[] = [];
    const stop = api.onEvent((m) => got.push(m));
    const m: EventMessage = { event: 'menu-command', data: { command: 'new-sweep' } };
    const fakeEvent = { sender: ipcRenderer, senderId: 0 };
    ipcRenderer.emit(EVENT_CHANNEL, fakeEvent, m);
    expect(got).toEqual([m]);
    expect(ipcRenderer.listenerCount(EVENT_CHANNEL)).toBe(1);
    stop();
    ipcRenderer.emit(EVENT_CHANNEL, fakeEvent, m);
    expect(got).toHaveLength(1);
    expect(ipcRenderer.listenerCount(EVENT_CHANNEL)).toBe(0);
  });

  it('listens to nothing but the event channel', () => {
    const stop = api.onEvent(() => undefined);
    expect(ipcRenderer.eventNames()).toEqual([EVENT_CHANNEL]);
    stop();
  });
});
