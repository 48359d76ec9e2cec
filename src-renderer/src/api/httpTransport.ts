/**
 * Browser mode's transport (`sweeplab serve`): `POST /api/<method>` with a JSON body
 * answers the method's Result; `/api/events` is a WebSocket carrying every
 * EventMessage. Network failures come back as UNAVAILABLE Results, never as throws, and
 * the event socket reconnects with exponential backoff while `connection` says so.
 *
 * Auth: the page takes `?token=` from the address the CLI printed, keeps it for the tab
 * in sessionStorage, hides it from the address bar, and sends it as `Authorization:
 * Bearer` on every call. No cookie: cookies go to every port of 127.0.0.1. The socket,
 * which cannot carry that header, opens with a single-use ticket fetched just before.
 * Without a token, or once the server answers 401 (a restart made a new token),
 * `access` says so, the access page is shown and the socket stops retrying: retrying
 * cannot fix a refused token, only the new address can.
 */
import { ref, type Ref } from 'vue';
import type { ApiErrorCode, ApiEvent, ApiEvents, ApiMethod, EventMessage, Req, Res, Result } from '../shared';
import { showAccessPage, type AccessProblem } from './accessPage';
import type { ConnectionState, SweeplabClient } from './client';
import { createEventHub } from './eventHub';
import { failure, isResult, messageOf } from './result';

export const TOKEN_KEY = 'sweeplab.token';
/** Transport-only (not a contract method): trades the bearer token for a WebSocket ticket. */
export const TICKET_PATH = '/api/_ticket';

export type AccessState = 'ok' | AccessProblem;

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
  /** Called once when access is lost (default: the full-window access page). */
  onAccessLost?: (problem: AccessProblem) => void;
}

export interface HttpClient extends SweeplabClient {
  /** 'ok' until the page turns out to have no token, or the server refuses it. */
  readonly access: Ref<AccessState>;
}

/**
 * Reads `?token=` from the address (then hides it), else the one kept for this tab.
 * Storage that refuses (blocked by the browser's settings) leaves the token in memory:
 * the page works until it is reloaded.
 */
export function takeToken(loc: Pick<Location, 'href'>, storage: Pick<Storage, 'getItem' | 'setItem'>, history: Pick<History, 'replaceState' | 'state'>): string | null {
  const url = new URL(loc.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    try {
      storage.setItem(TOKEN_KEY, fromUrl);
    } catch {
      console.error('sweeplab: cannot keep the access token in sessionStorage; a reload will need the printed address again');
    }
    url.searchParams.delete('token');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  try {
    return storage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

const STATUS_CODES: Record<number, ApiErrorCode> = { 400: 'BAD_INPUT', 401: 'FORBIDDEN', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'CONFLICT', 503: 'UNAVAILABLE' };

const NO_TOKEN = 'this page has no access token: open the address `sweeplab serve` printed';

function defaultAccessLost(problem: AccessProblem): void {
  if (typeof document !== 'undefined') showAccessPage(document, problem);
}

export function createHttpTransport(opts: HttpTransportOptions): HttpClient {
  const doFetch = opts.fetch ?? ((input, init) => fetch(input, init));
  const openSocket = opts.openSocket ?? ((url: string) => new WebSocket(url) as unknown as SocketLike);
  const onAccessLost = opts.onAccessLost ?? defaultAccessLost;
  const initialDelay = opts.initialDelayMs ?? 500;
  const maxDelay = opts.maxDelayMs ?? 10_000;
  const connection = ref<ConnectionState>('connecting');
  const access = ref<AccessState>('ok');
  const listeners = createEventHub<ApiEvents>();
  let socket: SocketLike | null = null;
  let opening = false;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let failures = 0;
  let closed = false;

  function loseAccess(problem: AccessProblem): void {
    if (access.value !== 'ok') return;
    access.value = problem;
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
    onAccessLost(problem);
  }

  if (!opts.token) loseAccess('missing');

  /** POSTs with the bearer token; a 401 means the token is gone for good. */
  async function post(path: string, body: string | undefined): Promise<Response> {
    const response = await doFetch(`${opts.origin}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${opts.token}` },
      body,
      // Nothing ambient: the bearer header is the only credential.
      credentials: 'omit',
    });
    if (response.status === 401) loseAccess('stale');
    return response;
  }

  async function call<M extends ApiMethod>(method: M, req: Req<M>): Promise<Result<Res<M>>> {
    if (!opts.token) return failure('FORBIDDEN', NO_TOKEN);
    let response: Response;
    try {
      response = await post(`/api/${method}`, req === undefined ? undefined : JSON.stringify(req));
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
    listeners.emit(message);
  }

  /** A fresh ticket, or null when there is none to be had now (the reason is handled). */
  async function fetchTicket(): Promise<string | null> {
    try {
      const response = await post(TICKET_PATH, undefined);
      const body = (await response.json()) as { ok?: unknown; data?: { ticket?: unknown } };
      return body.ok === true && typeof body.data?.ticket === 'string' ? body.data.ticket : null;
    } catch {
      return null; // the server is down (restarting?): the backoff retries
    }
  }

  async function connect(): Promise<void> {
    if (closed || socket || opening || access.value !== 'ok') return;
    opening = true;
    const ticket = await fetchTicket();
    opening = false;
    if (closed || socket || access.value !== 'ok') return;
    if (!ticket) return scheduleRetry();
    const wsOrigin = opts.origin.replace(/^http/, 'ws');
    let s: SocketLike;
    try {
      s = openSocket(`${wsOrigin}/api/events?ticket=${encodeURIComponent(ticket)}`);
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
      // The next attempt asks for a ticket first: a 401 there ends the retries.
      if (!closed) scheduleRetry();
    };
  }

  function scheduleRetry(): void {
    if (access.value !== 'ok') return;
    connection.value = 'reconnecting';
    const delay = Math.min(maxDelay, initialDelay * 2 ** failures);
    failures++;
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connect();
    }, delay);
  }

  return {
    transport: 'http',
    connection,
    access,
    call,
    listen<E extends ApiEvent>(event: E, cb: (data: ApiEvents[E]) => void): () => void {
      const off = listeners.on(event, cb);
      void connect();
      return off;
    },
    reconnect() {
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      failures = 0;
      void connect();
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
