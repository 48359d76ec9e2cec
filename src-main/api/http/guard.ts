/**
 * Who may talk to the browser-mode server. It listens on 127.0.0.1 only, and still
 * every request must prove it holds the per-launch token, because any local process
 * and any web page the user visits can reach 127.0.0.1:
 *
 * - Host must be 127.0.0.1:<port> or localhost:<port>: a DNS-rebinding page reaches us
 *   under its own host name, and is refused here before anything else.
 * - Origin, when present, must be this server: no cross-site fetch or WebSocket.
 * - The token: `GET /?token=…` (the URL the CLI prints) sets an HttpOnly, SameSite=Strict
 *   cookie; after that the cookie, an `Authorization: Bearer` header or `?token=` works.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface Guard {
  readonly token: string;
  readonly port: number;
  readonly cookieName: string;
}

/** Cookies are shared between ports of one host; the port in the name keeps two servers apart. */
export function createGuard(token: string, port: number): Guard {
  return { token, port, cookieName: `sweeplab_token_${port}` };
}

export function allowedOrigins(g: Guard): string[] {
  return [`http://127.0.0.1:${g.port}`, `http://localhost:${g.port}`];
}

export function hostAllowed(g: Guard, req: IncomingMessage): boolean {
  const host = req.headers.host?.toLowerCase();
  return host === `127.0.0.1:${g.port}` || host === `localhost:${g.port}`;
}

export function originAllowed(g: Guard, req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  return origin === undefined || allowedOrigins(g).includes(origin.toLowerCase());
}

function sameToken(g: Guard, candidate: string | null | undefined): boolean {
  if (!candidate) return false;
  const a = Buffer.from(candidate);
  const b = Buffer.from(g.token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function cookieValue(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

export function queryToken(url: URL): string | null {
  return url.searchParams.get('token');
}

export function authorized(g: Guard, req: IncomingMessage, url: URL): boolean {
  const auth = req.headers.authorization;
  const bearer = auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length).trim() : null;
  return sameToken(g, cookieValue(req, g.cookieName)) || sameToken(g, bearer) || sameToken(g, queryToken(url));
}

export function tokenCookie(g: Guard): string {
  return `${g.cookieName}=${encodeURIComponent(g.token)}; HttpOnly; SameSite=Strict; Path=/`;
}

export function isValidQueryToken(g: Guard, url: URL): boolean {
  return sameToken(g, queryToken(url));
}
