import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApiClient } from '../../src-renderer/src/api/client';
import { createElectronTransport, type ElectronBridge } from '../../src-renderer/src/api/electronTransport';
import { Window as HappyWindow } from 'happy-dom';
import { ACCESS_PAGE_ID, showAccessPage } from '../../src-renderer/src/api/accessPage';
import { TICKET_PATH, TOKEN_KEY, createHttpTransport, takeToken, type SocketLike } from '../../src-renderer/src/api/httpTransport';
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

  it('still takes the token (and hides it) when the browser refuses sessionStorage', () => {
    const refusing = {
      getItem: () => {
        throw new DOMException('blocked', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('blocked', 'SecurityError');
      },
    };
    const history = { state: null, replaceState: vi.fn() };
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(takeToken({ href: 'http://127.0.0.1:5123/?token=abc123' }, refusing, history)).toBe('abc123');
      expect(history.replaceState).toHaveBeenCalledWith(null, '', '/');
      expect(takeToken({ href: 'http://127.0.0.1:5123/' }, refusing, history)).toBeNull();
    } finally {
      error.mockRestore();
    }
  });
});

describe('HTTP transport', () => {
  it('POSTs JSON to /api/<method> with the bearer token, no ambient credentials, and returns the Result', async () => {
    const fetch = vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) => json(200, { ok: true, data: { sweepId: 9, trials: 12 } }));
    const api = createHttpTransport({ origin: 'http://127.0.0.1:5123', token: 'tok', fetch, onAccessLost: vi.fn() });
    const r = await api.call('createSweep', { config: { name: 'x' } });
    expect(r).toEqual({ ok: true, data: { sweepId: 9, trials: 12 } });
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe('http://127.0.0.1:5123/api/createSweep');
    expect(init?.method).toBe('POST');
    expect((init?.headers as Record<string, string>).Authorization).toBe('Bearer tok');
    // The bearer header is the only credential: cookies would reach every port of 127.0.0.1.
    expect(init?.credentials).toBe('omit');
    expect(JSON.parse(String(init?.body))).toEqual({ config: { name: 'x' } });
    expect(api.access.value).toBe('ok');
  });

  it('sends no body for methods without arguments', async () => {
    const fetch = vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) => json(200, { ok: true, data: [] }));
    const api = createHttpTransport({ origin: '', token: 't', fetch, onAccessLost: vi.fn() });
    await api.call('listSweeps', undefined);
    expect(fetch.mock.calls[0][1]?.body).toBeUndefined();
  });

  it('without a token: says access is missing at once, and calls nothing', async () => {
    const fetch = vi.fn(async () => json(200, { ok: true, data: [] }));
    const onAccessLost = vi.fn();
    const api = createHttpTransport({ origin: '', token: null, fetch, onAccessLost });
    expect(api.access.value).toBe('missing');
    expect(onAccessLost).toHaveBeenCalledWith('missing');
    const r = await api.call('listSweeps', undefined);
    expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    if (!r.ok) expect(r.error.message).toContain('sweeplab serve');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('a 401 (the server restarted with a new token) makes the token stale, reported once', async () => {
    const onAccessLost = vi.fn();
    const refused = { ok: false, error: { code: 'FORBIDDEN', message: 'missing or wrong access token' } };
    const api = createHttpTransport({ origin: '', token: 'old', fetch: async () => json(401, refused), onAccessLost });
    expect(await api.call('listSweeps', undefined)).toEqual(refused);
    await api.call('listSweeps', undefined);
    expect(api.access.value).toBe('stale');
    expect(onAccessLost).toHaveBeenCalledTimes(1);
    expect(onAccessLost).toHaveBeenCalledWith('stale');
  });

  it('a 403 (a refused Host or Origin) is an error, not a stale token', async () => {
    const onAccessLost = vi.fn();
    const api = createHttpTransport({ origin: '', token: 't', fetch: async () => json(403, { ok: false, error: { code: 'FORBIDDEN', message: 'Host refused' } }), onAccessLost });
    expect(await api.call('listSweeps', undefined)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(api.access.value).toBe('ok');
    expect(onAccessLost).not.toHaveBeenCalled();
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
    expect(api.access.value).toBe('ok');
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

/** A server that hands out numbered tickets, or answers what `next` says. */
function ticketServer() {
  let n = 0;
  const state = { next: 'ticket' as 'ticket' | 'refuse' | 'down' };
  const fetch = vi.fn(async (url: RequestInfo | URL, _init?: RequestInit) => {
    if (String(url).endsWith(TICKET_PATH)) {
      if (state.next === 'down') throw new TypeError('Failed to fetch');
      if (state.next === 'refuse') return json(401, { ok: false, error: { code: 'FORBIDDEN', message: 'wrong token' } });
      return json(200, { ok: true, data: { ticket: `t${++n}`, expiresInMs: 30_000 } });
    }
    return json(200, { ok: true, data: [] });
  });
  return { fetch, state, ticketCalls: () => fetch.mock.calls.filter(([u]) => String(u).endsWith(TICKET_PATH)) };
}

describe('HTTP transport events', () => {
  afterEach(() => {
    vi.useRealTimers();
    FakeSocket.all = [];
  });

  it('opens one socket with a fresh ticket, dispatches events by name, reconnects with backoff', async () => {
    vi.useFakeTimers();
    const srv = ticketServer();
    const api = createHttpTransport({ origin: 'http://127.0.0.1:5123', token: 'a b', fetch: srv.fetch, openSocket: (u) => new FakeSocket(u), initialDelayMs: 100, maxDelayMs: 1000 });
    const created = vi.fn();
    const deleted = vi.fn();
    api.listen('sweep-created', created);
    const off = api.listen('sweep-deleted', deleted);
    await vi.advanceTimersByTimeAsync(0);
    expect(FakeSocket.all).toHaveLength(1);
    // The token never rides in a URL: the socket gets a single-use ticket, fetched with the bearer header.
    expect(FakeSocket.all[0].url).toBe('ws://127.0.0.1:5123/api/events?ticket=t1');
    expect(srv.ticketCalls()).toHaveLength(1);
    const [ticketUrl, ticketInit] = srv.ticketCalls()[0];
    expect(ticketUrl).toBe(`http://127.0.0.1:5123${TICKET_PATH}`);
    expect(ticketInit?.method).toBe('POST');
    expect((ticketInit?.headers as Record<string, string>).Authorization).toBe('Bearer a b');
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
    expect(FakeSocket.all[1].url).toBe('ws://127.0.0.1:5123/api/events?ticket=t2');
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

  it('keeps retrying the ticket while the server is unreachable, then connects', async () => {
    vi.useFakeTimers();
    const srv = ticketServer();
    srv.state.next = 'down';
    const api = createHttpTransport({ origin: 'http://127.0.0.1:5123', token: 'tok', fetch: srv.fetch, openSocket: (u) => new FakeSocket(u), initialDelayMs: 100, maxDelayMs: 1000, onAccessLost: vi.fn() });
    api.listen('sweep-created', vi.fn());
    await vi.advanceTimersByTimeAsync(0);
    expect(api.connection.value).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(100 + 200);
    expect(srv.ticketCalls()).toHaveLength(3);
    expect(FakeSocket.all).toHaveLength(0);
    srv.state.next = 'ticket';
    await vi.advanceTimersByTimeAsync(400);
    expect(FakeSocket.all).toHaveLength(1);
    FakeSocket.all[0].open();
    expect(api.connection.value).toBe('open');
    expect(api.access.value).toBe('ok');
    api.close();
  });

  it('after a restart with a new token: the ticket request gets 401, access turns stale and retries stop', async () => {
    vi.useFakeTimers();
    const srv = ticketServer();
    const onAccessLost = vi.fn();
    const api = createHttpTransport({ origin: 'http://127.0.0.1:5123', token: 'tok', fetch: srv.fetch, openSocket: (u) => new FakeSocket(u), initialDelayMs: 100, maxDelayMs: 1000, onAccessLost });
    api.listen('sweep-created', vi.fn());
    await vi.advanceTimersByTimeAsync(0);
    FakeSocket.all[0].open();
    // The server stops, comes back with another token.
    srv.state.next = 'refuse';
    FakeSocket.all[0].drop();
    await vi.advanceTimersByTimeAsync(100);
    expect(api.access.value).toBe('stale');
    expect(onAccessLost).toHaveBeenCalledExactlyOnceWith('stale');
    const asked = srv.ticketCalls().length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(srv.ticketCalls()).toHaveLength(asked);
    expect(FakeSocket.all).toHaveLength(1);
    // "Retry now" cannot bring a refused token back either.
    api.reconnect();
    await vi.advanceTimersByTimeAsync(0);
    expect(FakeSocket.all).toHaveLength(1);
    api.close();
  });

  it('without a token never asks for a ticket nor opens a socket', async () => {
    vi.useFakeTimers();
    const srv = ticketServer();
    const api = createHttpTransport({ origin: 'http://127.0.0.1:5123', token: null, fetch: srv.fetch, openSocket: (u) => new FakeSocket(u), onAccessLost: vi.fn() });
    api.listen('sweep-created', vi.fn());
    await vi.advanceTimersByTimeAsync(10_000);
    expect(srv.fetch).not.toHaveBeenCalled();
    expect(FakeSocket.all).toHaveLength(0);
  });
});

describe('the access page', () => {
  const page = (html = '<div id="app">the app</div>') => {
    const win = new HappyWindow({ url: 'http://127.0.0.1:5123/' });
    win.document.body.innerHTML = html;
    return win.document as unknown as Document;
  };

  it('covers the app with a plain explanation that names the command and the address to open', () => {
    const doc = page();
    showAccessPage(doc, 'missing');
    const shown = doc.getElementById(ACCESS_PAGE_ID)!;
    expect(shown.getAttribute('role')).toBe('alert');
    expect(shown.getAttribute('data-problem')).toBe('missing');
    expect(shown.textContent).toContain('sweeplab serve');
    expect(shown.textContent).toContain('http://127.0.0.1:5123/?token=');
    expect(shown.textContent).not.toContain('FORBIDDEN');
    expect(doc.getElementById('app')!.hasAttribute('hidden')).toBe(true);
  });

  it('for a refused token says the server was probably restarted; shown twice it is still one page', () => {
    const doc = page();
    showAccessPage(doc, 'missing');
    showAccessPage(doc, 'stale');
    expect(doc.querySelectorAll(`#${ACCESS_PAGE_ID}`)).toHaveLength(1);
    const shown = doc.getElementById(ACCESS_PAGE_ID)!;
    expect(shown.getAttribute('data-problem')).toBe('stale');
    expect(shown.textContent).toMatch(/restarted/);
    expect(shown.textContent).toContain('--token-file');
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
    push({ event: 'run-finished', data: { sweepId: 1, runId: 2, status: 'completed', error: null, errorCode: null } });
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

  it('in a browser: takes the printed ?token= into the tab, out of the address bar, and sends it as Bearer', async () => {
    const win = new HappyWindow({ url: 'http://127.0.0.1:5123/?token=printed-token-1234#/sweeps/2' });
    const fetch = vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) => json(200, { ok: true, data: [] }));
    vi.stubGlobal('fetch', fetch);
    try {
      const client = createApiClient(win as unknown as Window);
      expect(client.transport).toBe('http');
      expect(win.location.href).toBe('http://127.0.0.1:5123/#/sweeps/2');
      expect(win.sessionStorage.getItem(TOKEN_KEY)).toBe('printed-token-1234');
      await client.call('listSweeps', undefined);
      expect(fetch.mock.calls[0][0]).toBe('http://127.0.0.1:5123/api/listSweeps');
      expect((fetch.mock.calls[0][1]?.headers as Record<string, string>).Authorization).toBe('Bearer printed-token-1234');
      client.close();
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('in a browser without a token: shows the access page instead of a failing app', () => {
    const win = new HappyWindow({ url: 'http://127.0.0.1:5123/#/sweeps/2' });
    win.document.body.innerHTML = '<div id="app"></div>';
    vi.stubGlobal('document', win.document);
    try {
      const client = createApiClient(win as unknown as Window);
      expect(win.document.getElementById(ACCESS_PAGE_ID)?.getAttribute('data-problem')).toBe('missing');
      expect(win.document.getElementById('app')!.hasAttribute('hidden')).toBe(true);
      client.close();
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
