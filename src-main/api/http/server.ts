/**
 * Browser mode's transport: the API over HTTP and WebSocket on 127.0.0.1, for
 * `sweeplab serve`. `POST /api/<method>` with a JSON body answers the method's Result
 * as JSON; `/api/events` is the event WebSocket (tickets from `POST /api/_ticket`);
 * everything else is the built renderer.
 *
 * Every request passes the Host and Origin checks (guard.ts) first. Everything under
 * /api/ needs the bearer token; the renderer's files do not, since they hold no data,
 * and the page itself tells a person without a valid token where to get one. Whatever a
 * request carries, it gets an HTTP status: no request can stop the server.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppServices } from '../services';
import { EVENTS_PATH, TICKET_PATH, attachEventSocket } from './eventSocket';
import { authorized, createGuard, hostAllowed, isWellFormedToken, newAccessToken, originAllowed, type Guard } from './guard';
import { requestUrl } from './requestUrl';
import { BASE_HEADERS, HTTP_STATUS, HttpFailure, UNAUTHORIZED_MESSAGE, contentSecurityPolicy, sendError, sendJson } from './responses';
import { serveStatic } from './staticFiles';
import { createTicketBook, type TicketBook } from './tickets';

export interface HttpServerOptions {
  services: AppServices;
  /** The built renderer, usually `out/renderer`. */
  staticDir: string;
  /** 0 (default): any free port. */
  port?: number;
  /** Default: a fresh random one (24 bytes, base64url); must match guard.ts's TOKEN_PATTERN. */
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

interface Context {
  services: AppServices;
  staticDir: string;
  bodyLimitBytes: number;
  guard: Guard;
  tickets: TicketBook;
  csp: string;
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

/** Everything under /api/: the caller has already shown the bearer token. */
async function handleApi(ctx: Context, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
  if (pathname === EVENTS_PATH) return sendError(res, 426, 'BAD_INPUT', `${EVENTS_PATH} is a WebSocket endpoint`, { Upgrade: 'websocket' });
  if (req.method !== 'POST') return sendError(res, 405, 'BAD_INPUT', `${pathname}: use POST with a JSON body`, { Allow: 'POST' });
  if (pathname === TICKET_PATH) {
    req.resume(); // a body, if any, means nothing here
    return sendJson(res, 200, { ok: true, data: ctx.tickets.issue() });
  }
  let method: string;
  try {
    method = decodeURIComponent(pathname.slice('/api/'.length));
  } catch {
    return sendError(res, 400, 'BAD_INPUT', `${pathname}: malformed method name`);
  }
  const payload = await readJsonBody(req, ctx.bodyLimitBytes);
  const result = await ctx.services.dispatch(method, payload);
  sendJson(res, result.ok ? 200 : HTTP_STATUS[result.error.code], result);
}

async function handle(ctx: Context, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { guard } = ctx;
  if (!hostAllowed(guard, req))
    return sendError(res, 403, 'FORBIDDEN', `Host "${req.headers.host ?? ''}" refused: open http://127.0.0.1:${guard.port}/ or http://localhost:${guard.port}/`);
  if (!originAllowed(guard, req)) return sendError(res, 403, 'FORBIDDEN', 'cross-origin request refused');
  const url = requestUrl(req, guard.port);
  if (!url) return sendError(res, 400, 'BAD_INPUT', 'the request target must be a path starting with /');
  if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
    if (!authorized(guard, req)) return sendError(res, 401, 'FORBIDDEN', UNAUTHORIZED_MESSAGE, { 'WWW-Authenticate': 'Bearer' });
    return handleApi(ctx, req, res, url.pathname);
  }
  // The renderer's files: no token needed. `?token=` on the page is read by the page itself.
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, 'BAD_INPUT', `${req.method} is not allowed here`, { Allow: 'GET, HEAD' });
  const served = await serveStatic(ctx.staticDir, req, res, url.pathname, { ...BASE_HEADERS, 'Content-Security-Policy': ctx.csp });
  if (served === 'forbidden') return sendError(res, 403, 'FORBIDDEN', `${url.pathname}: outside the app's files`);
  if (served === 'not-found') return sendError(res, 404, 'NOT_FOUND', `${url.pathname}: no such file`);
}

/** Any failure becomes a status and one log line: no stack, no URL (it may hold a secret). */
function answerFailure(req: IncomingMessage, res: ServerResponse, err: unknown): void {
  try {
    if (res.headersSent) return void res.destroy();
    if (err instanceof HttpFailure) {
      sendError(res, err.status, err.code, err.message, err.status === 413 ? { Connection: 'close' } : {});
      if (err.status === 413) res.on('finish', () => req.destroy());
      return;
    }
    console.error(`sweeplab: HTTP ${req.method} request failed: ${err instanceof Error ? err.message : String(err)}`);
    sendError(res, 500, 'INTERNAL', 'the server failed to answer this request; its log says why');
  } catch {
    res.destroy();
  }
}

export async function startHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const token = options.token ?? newAccessToken();
  if (!isWellFormedToken(token)) throw new Error('startHttpServer: the access token must be 16–256 characters of A–Z, a–z, 0–9, "-" or "_"');
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
  const ctx: Context = {
    services: options.services,
    staticDir: options.staticDir,
    bodyLimitBytes: options.bodyLimitBytes ?? 10 * 1024 * 1024,
    guard: createGuard(token, port),
    tickets: createTicketBook(),
    csp: contentSecurityPolicy(port),
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    handle(ctx, req, res).catch((err: unknown) => answerFailure(req, res, err));
  });
  const events = attachEventSocket(server, ctx.guard, ctx.tickets, ctx.services);

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
