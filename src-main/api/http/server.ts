/**
 * Browser mode's transport: the API over HTTP and WebSocket on 127.0.0.1, for
 * `sweeplab serve`. `POST /api/<method>` with a JSON body answers the method's Result
 * as JSON; `/api/events` is the event WebSocket; everything else is the built renderer.
 * Every request passes the guard (guard.ts) first.
 */
import { randomBytes } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiErrorCode, Result } from '../contract';
import type { AppServices } from '../services';
import { EVENTS_PATH, attachEventSocket } from './eventSocket';
import { authorized, createGuard, hostAllowed, isValidQueryToken, originAllowed, tokenCookie, type Guard } from './guard';
import { serveStatic } from './staticFiles';

export interface HttpServerOptions {
  services: AppServices;
  /** The built renderer, usually `out/renderer`. */
  staticDir: string;
  /** 0 (default): any free port. */
  port?: number;
  /** Default: 24 random bytes, base64url. */
  token?: string;
  /** Largest accepted request body (default 10 MB). */
  bodyLimitBytes?: number;
}

export interface HttpServer {
  /** The address to open, token included. */
  url: string;
  port: number;
  close(): Promise<void>;
}

const HTTP_STATUS: Record<ApiErrorCode, number> = {
  BAD_INPUT: 400,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  CANCELLED: 409,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

const BASE_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'self'",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "img-src 'self' data: blob:",
    "style-src 'self' 'unsafe-inline'",
    "script-src 'self'",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...BASE_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, code: ApiErrorCode, message: string, headers?: Record<string, string>): void {
  const body: Result<never> = { ok: false, error: { code, message } };
  sendJson(res, status, body, headers);
}

async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const declared = Number(req.headers['content-length']);
  const tooLarge = () => new HttpFailure(413, 'BAD_INPUT', `request body is larger than ${Math.round(limit / 1024 / 1024)} MB`);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  // A JSON content type cannot be sent cross-site without a CORS preflight, which we never grant.
  if (type !== 'application/json') throw new HttpFailure(415, 'BAD_INPUT', 'request body must be JSON sent as Content-Type: application/json');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new HttpFailure(400, 'BAD_INPUT', `request body is not valid JSON: ${(e as Error).message}`);
  }
}

async function handleApi(services: AppServices, req: IncomingMessage, res: ServerResponse, pathname: string, limit: number): Promise<void> {
  if (pathname === EVENTS_PATH) return sendError(res, 426, 'BAD_INPUT', `${EVENTS_PATH} is a WebSocket endpoint`, { Upgrade: 'websocket' });
  if (req.method !== 'POST') return sendError(res, 405, 'BAD_INPUT', `${pathname}: use POST with a JSON body`, { Allow: 'POST' });
  let method: string;
  try {
    method = decodeURIComponent(pathname.slice('/api/'.length));
  } catch {
    return sendError(res, 400, 'BAD_INPUT', `${pathname}: malformed method name`);
  }
  const payload = await readJsonBody(req, limit);
  const result = await services.dispatch(method, payload);
  sendJson(res, result.ok ? 200 : HTTP_STATUS[result.error.code], result);
}

async function handle(opts: Required<Pick<HttpServerOptions, 'services' | 'staticDir' | 'bodyLimitBytes'>>, guard: Guard, csp: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', `http://127.0.0.1:${guard.port}`);
  if (!hostAllowed(guard, req))
    return sendError(res, 403, 'FORBIDDEN', `Host "${req.headers.host ?? ''}" refused: open http://127.0.0.1:${guard.port}/ or http://localhost:${guard.port}/`);
  if (!originAllowed(guard, req)) return sendError(res, 403, 'FORBIDDEN', `cross-origin request from ${req.headers.origin} refused`);
  if (url.pathname === '/' && req.method === 'GET' && isValidQueryToken(guard, url)) {
    // Trade the token in the address bar for a cookie, and drop it from the history.
    res.writeHead(302, { ...BASE_HEADERS, 'Set-Cookie': tokenCookie(guard), Location: '/', 'Cache-Control': 'no-store' });
    return void res.end();
  }
  if (!authorized(guard, req, url))
    return sendError(res, 401, 'FORBIDDEN', 'missing or wrong token: open the address `sweeplab serve` printed', { 'WWW-Authenticate': 'Bearer' });
  if (url.pathname.startsWith('/api/')) return handleApi(opts.services, req, res, url.pathname, opts.bodyLimitBytes);
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, 'BAD_INPUT', `${req.method} is not allowed here`, { Allow: 'GET, HEAD' });
  const served = await serveStatic(opts.staticDir, req, res, url.pathname, { ...BASE_HEADERS, 'Content-Security-Policy': csp });
  if (served === 'forbidden') return sendError(res, 403, 'FORBIDDEN', `${url.pathname}: outside the app's files`);
  if (served === 'not-found') return sendError(res, 404, 'NOT_FOUND', `${url.pathname}: no such file`);
}

export async function startHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const opts = { services: options.services, staticDir: options.staticDir, bodyLimitBytes: options.bodyLimitBytes ?? 10 * 1024 * 1024 };
  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // 127.0.0.1 only: never reachable from another machine, whatever the firewall says.
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const guard = createGuard(token, port);
  const csp = contentSecurityPolicy(port);

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    handle(opts, guard, csp, req, res).catch((err: unknown) => {
      if (res.headersSent) return void res.destroy();
      if (err instanceof HttpFailure) {
        sendError(res, err.status, err.code, err.message, err.status === 413 ? { Connection: 'close' } : {});
        if (err.status === 413) res.on('finish', () => req.destroy());
        return;
      }
      console.error('sweeplab: HTTP request failed:', err);
      sendError(res, 500, 'INTERNAL', (err as Error)?.message ?? String(err));
    });
  });
  const events = attachEventSocket(server, guard, opts.services);

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        events.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
