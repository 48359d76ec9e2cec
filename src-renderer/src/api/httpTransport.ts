/**
 * Browser mode's transport (`sweeplab serve`): `POST /api/<method>` with a JSON body
 * answers the method's Result; `/api/events` is a WebSocket carrying every
 * EventMessage. Network failures come back as UNAVAILABLE Results, never as throws, and
 * the event socket reconnects with exponential backoff while `connection` says so.
 *
 * Auth: the server trades `?token=` for an HttpOnly cookie on its first page load; when a
 * token does reach the page (another host, a proxy) it is kept for the tab in
 * sessionStorage and sent as `Authorization: Bearer`, and dropped from the visible URL.
 */
import { ref } from 'vue';
import type { ApiErrorCode, ApiEvent, ApiEvents, ApiMethod, EventMessage, Req, Res, Result } from '../shared';
import type { ConnectionState, SweeplabClient } from './client';
import { failure, isResult, messageOf } from './result';

export const TOKEN_KEY = 'sweeplab.token';

/** The part of the browser's WebSocket this transport uses (tests pass a fake). */
export interface SocketLike {
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  close(): void;
}

export interface HttpTransportOptions {
  /** e.g. `http://127.0.0.1:5123` (default: the page's origin). */
  origin: string;
  token: string | null;
  fetch?: typeof fetch;
  openSocket?: (url: string) => SocketLike;
  /** First reconnect delay, doubled on each failure up to `maxDelayMs`. */
  initialDelayMs?: number;
  maxDelayMs?: number;
}

/** Reads `?token=` from the address (then hides it), else the one kept for this tab. */
export function takeToken(loc: Pick<Location, 'href'>, storage: Pick<Storage, 'getItem' | 'setItem'>, history: Pick<History, 'replaceState' | 'state'>): string | null {
  const url = new URL(loc.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    storage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return storage.getItem(TOKEN_KEY);
}

const STATUS_CODES: Record<number, ApiErrorCode> = { 400: 'BAD_INPUT', 401: 'FORBIDDEN', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'CONFLICT', 503: 'UNAVAILABLE' };

export function createHttpTransport(opts: HttpTransportOptions): SweeplabClient {
  const doFetch = opts.fetch ?? ((input, init) => fetch(input, init));
  const openSocket = opts.openSocket ?? ((url: string) => new WebSocket(url) as unknown as SocketLike);
  const initialDelay = opts.initialDelayMs ?? 500;
  const maxDelay = opts.maxDelayMs ?? 10_000;
  const connection = ref<ConnectionState>('connecting');
  const listeners = new Map<ApiEvent, Set<(data: never) => void>>();
  let socket: SocketLike | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let failures = 0;
  let closed = false;

  async function call<M extends ApiMethod>(method: M, req: Req<M>): Promise<Result<Res<M>>> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
    let response: Response;
    try {
      response = await doFetch(`${opts.origin}/api/${method}`, {
        method: 'POST',
        headers,
        body: req === undefined ? undefined : JSON.stringify(req),
        credentials: 'same-origin',
      });
    } catch (err) {
      return failure('UNAVAILABLE', `cannot reach the Sweeplab server (${messageOf(err)}); is \`sweeplab serve\` still running?`);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    if (isResult(body)) return body as Result<Res<M>>;
    const code = STATUS_CODES[response.status] ?? (response.status >= 500 ? 'INTERNAL' : 'BAD_INPUT');
    return failure(code, `${method}: the server answered HTTP ${response.status} without a result`);
  }

  function dispatch(raw: unknown): void {
    let message: EventMessage;
    try {
      message = JSON.parse(String(raw)) as EventMessage;
    } catch {
      return console.error('sweeplab: ignoring an event that is not JSON');
    }
    for (const cb of listeners.get(message.event) ?? []) {
      try {
        (cb as (data: unknown) => void)(message.data);
      } catch (err) {
        console.error(`sweeplab: a listener for "${message.event}" failed:`, err);
      }
    }
  }

  function connect(): void {
    if (closed || socket) return;
    const wsOrigin = opts.origin.replace(/^http/, 'ws');
    const query = opts.token ? `?token=${encodeURIComponent(opts.token)}` : '';
    let s: SocketLike;
    try {
      s = openSocket(`${wsOrigin}/api/events${query}`);
    } catch (err) {
      console.error('sweeplab: cannot open the event socket:', err);
      return scheduleRetry();
    }
    socket = s;
    s.onopen = () => {
      failures = 0;
      connection.value = 'open';
    };
    s.onmessage = (ev) => dispatch(ev.data);
    s.onerror = () => undefined; // onclose follows and handles it
    s.onclose = () => {
      if (socket !== s) return;
      socket = null;
      if (!closed) scheduleRetry();
    };
  }

  function scheduleRetry(): void {
    connection.value = 'reconnecting';
    const delay = Math.min(maxDelay, initialDelay * 2 ** failures);
    failures++;
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connect();
    }, delay);
  }

  return {
    transport: 'http',
    connection,
    call,
    listen<E extends ApiEvent>(event: E, cb: (data: ApiEvents[E]) => void): () => void {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(cb as (data: never) => void);
      connect();
      return () => void set.delete(cb as (data: never) => void);
    },
    reconnect() {
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      failures = 0;
      connect();
    },
    close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      socket?.close();
      socket = null;
      listeners.clear();
    },
  };
}
