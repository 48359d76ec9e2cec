import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApiClient } from '../../src-renderer/src/api/client';
import { createElectronTransport, type ElectronBridge } from '../../src-renderer/src/api/electronTransport';
import { TOKEN_KEY, createHttpTransport, takeToken, type SocketLike } from '../../src-renderer/src/api/httpTransport';
import type { EventMessage } from '../../src-renderer/src/shared';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

function memoryStorage() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) };
}

describe('takeToken', () => {
  it('moves ?token= into sessionStorage and out of the visible URL, keeping the route', () => {
    const storage = memoryStorage();
    const history = { state: null, replaceState: vi.fn() };
    const token = takeToken({ href: 'http://127.0.0.1:5123/?token=abc123&x=1#/sweeps/4' }, storage, history);
    expect(token).toBe('abc123');
    expect(storage.getItem(TOKEN_KEY)).toBe('abc123');
    expect(history.replaceState).toHaveBeenCalledWith(null, '', '/?x=1#/sweeps/4');
  });

  it('after a reload (no token in the URL) uses the one kept for the tab', () => {
    const storage = memoryStorage();
    storage.setItem(TOKEN_KEY, 'kept');
    const history = { state: null, replaceState: vi.fn() };
    expect(takeToken({ href: 'http://127.0.0.1:5123/#/' }, storage, history)).toBe('kept');
    expect(history.replaceState).not.toHaveBeenCalled();
  });
});

describe('HTTP transport', () => {
  it('POSTs JSON to /api/<method> with the bearer token and returns the Result', async () => {
    const fetch = vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) => json(200, { ok: true, data: { sweepId: 9, trials: 12 } }));
    const api = createHttpTransport({ origin: 'http://127.0.0.1:5123', token: 'tok', fetch });
    const r = await api.call('createSweep', { config: { name: 'x' } });
    expect(r).toEqual({ ok: true, data: { sweepId: 9, trials: 12 } });
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe('http://127.0.0.1:5123/api/createSweep');
    expect(init?.method).toBe('POST');
    expect((init?.headers as Record<string, string>).Authorization).toBe('Bearer tok');
    expect(JSON.parse(String(init?.body))).toEqual({ config: { name: 'x' } });
  });

  it('sends no body for methods without arguments and no Authorization without a token (cookie auth)', async () => {
    const fetch = vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) => json(200, { ok: true, data: [] }));
    const api = createHttpTransport({ origin: '', token: null, fetch });
    await api.call('listSweeps', undefined);
    const init = fetch.mock.calls[0][1];
    expect(init?.body).toBeUndefined();
    expect((init?.headers as Record<string, string>).Authorization).toBeUndefined();
    expect(init?.credentials).toBe('same-origin');
  });

  it('passes error Results through, issues included (HTTP 400)', async () => {
    const error = { code: 'BAD_INPUT', message: 'train.lr: must be > 0', issues: [{ path: 'train.lr', message: 'must be > 0' }] };
    const api = createHttpTransport({ origin: '', token: 't', fetch: async () => json(400, { ok: false, error }) });
    expect(await api.call('createSweep', { config: {} })).toEqual({ ok: false, error });
  });

  it('turns a network failure into an UNAVAILABLE Result instead of throwing', async () => {
    const api = createHttpTransport({ origin: '', token: 't', fetch: async () => Promise.reject(new TypeError('Failed to fetch')) });
    const r = await api.call('listSweeps', undefined);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('UNAVAILABLE');
      expect(r.error.message).toContain('Failed to fetch');
    }
  });

  it('turns a non-JSON answer (a proxy error page) into an error Result', async () => {
    const api = createHttpTransport({ origin: '', token: 't', fetch: async () => new Response('<html>Bad gateway</html>', { status: 502 }) });
    const r = await api.call('listSweeps', undefined);
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });
});

class FakeSocket implements SocketLike {
  static all: FakeSocket[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  closed = false;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  close() {
    this.closed = true;
  }
  open() {
    this.onopen?.({});
  }
  drop() {
    this.onclose?.({});
  }
  send(m: EventMessage) {
    this.onmessage?.({ data: JSON.stringify(m) });
  }
}

describe('HTTP transport events', () => {
  afterEach(() => {
    vi.useRealTimers();
    FakeSocket.all = [];
  });

  it('opens one socket with the token, dispatches events by name, reconnects with backoff', async () => {
    vi.useFakeTimers();
    const api = createHttpTransport({ origin: 'http://127.0.0.1:5123', token: 'a b', openSocket: (u) => new FakeSocket(u), initialDelayMs: 100, maxDelayMs: 1000 });
    const created = vi.fn();
    const deleted = vi.fn();
    api.listen('sweep-created', created);
    const off = api.listen('sweep-deleted', deleted);
    expect(FakeSocket.all).toHaveLength(1);
    expect(FakeSocket.all[0].url).toBe('ws://127.0.0.1:5123/api/events?token=a%20b');
    expect(api.connection.value).toBe('connecting');

    FakeSocket.all[0].open();
    expect(api.connection.value).toBe('open');
    FakeSocket.all[0].send({ event: 'sweep-created', data: { sweepId: 1, name: 'n', trials: 2 } });
    off();
    FakeSocket.all[0].send({ event: 'sweep-deleted', data: { sweepId: 1 } });
    expect(created).toHaveBeenCalledWith({ sweepId: 1, name: 'n', trials: 2 });
    expect(deleted).not.toHaveBeenCalled();

    FakeSocket.all[0].drop();
    expect(api.connection.value).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(99);
    expect(FakeSocket.all).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeSocket.all).toHaveLength(2);
    // The server is still down: the next wait doubles.
    FakeSocket.all[1].drop();
    await vi.advanceTimersByTimeAsync(199);
    expect(FakeSocket.all).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeSocket.all).toHaveLength(3);
    FakeSocket.all[2].open();
    expect(api.connection.value).toBe('open');
    FakeSocket.all[2].send({ event: 'sweep-created', data: { sweepId: 2, name: 'm', trials: 1 } });
    expect(created).toHaveBeenCalledTimes(2);

    api.close();
    expect(FakeSocket.all[2].closed).toBe(true);
    FakeSocket.all[2].drop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(FakeSocket.all).toHaveLength(3);
  });
});

function fakeBridge() {
  let handler: ((m: EventMessage) => void) | null = null;
  const unsubscribe = vi.fn(() => void (handler = null));
  const bridge = {
    platform: 'electron',
    listSweeps: vi.fn(async () => ({ ok: true, data: [] })),
    deleteSweep: vi.fn(async () => Promise.reject(new Error('IPC channel closed'))),
    onEvent: vi.fn((cb: (m: EventMessage) => void) => {
      handler = cb;
      return unsubscribe;
    }),
  };
  return { bridge: bridge as unknown as ElectronBridge, raw: bridge, unsubscribe, push: (m: EventMessage) => handler?.(m) };
}

describe('Electron transport', () => {
  it('calls the preload function of the method with the request', async () => {
    const { bridge, raw } = fakeBridge();
    const api = createElectronTransport(bridge);
    expect(await api.call('listSweeps', undefined)).toEqual({ ok: true, data: [] });
    expect(raw.listSweeps).toHaveBeenCalledWith(undefined);
  });

  it('turns a rejected IPC call into an error Result', async () => {
    const api = createElectronTransport(fakeBridge().bridge);
    const r = await api.call('deleteSweep', { id: 3 });
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    if (!r.ok) expect(r.error.message).toContain('IPC channel closed');
  });

  it('subscribes to onEvent once and unsubscribes when the last listener leaves', () => {
    const { bridge, raw, unsubscribe, push } = fakeBridge();
    const api = createElectronTransport(bridge);
    const a = vi.fn();
    const b = vi.fn();
    const offA = api.listen('run-finished', a);
    const offB = api.listen('sweep-finished', b);
    expect(raw.onEvent).toHaveBeenCalledTimes(1);
    push({ event: 'run-finished', data: { sweepId: 1, runId: 2, status: 'completed', error: null } });
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).not.toHaveBeenCalled();
    offA();
    expect(unsubscribe).not.toHaveBeenCalled();
    offB();
    expect(unsubscribe).toHaveBeenCalledTimes(1);
  });
});

describe('createApiClient', () => {
  it('uses the preload bridge when the desktop app provides one', async () => {
    const { bridge, raw } = fakeBridge();
    const client = createApiClient({ sweeplab: bridge } as unknown as Window);
    expect(client.transport).toBe('electron');
    await client.call('listSweeps', undefined);
    expect(raw.listSweeps).toHaveBeenCalled();
  });
});
