/**
 * Who may talk to the browser-mode server. It listens on 127.0.0.1 only, and still
 * every API request must prove it holds the access token, because any local process
 * and any web page the user visits can reach 127.0.0.1:
 *
 * - Host must be 127.0.0.1:<port> or localhost:<port>: a DNS-rebinding page reaches us
 *   under its own host name, and is refused here before anything else.
 * - Origin, when present, must be this server: no cross-site fetch or WebSocket.
 * - The token travels only as `Authorization: Bearer`, which the page sets itself from
 *   what it keeps in sessionStorage. Never a cookie: cookies are not separated by port,
 *   so every other server on 127.0.0.1 would receive it. The event WebSocket (where a
 *   browser cannot set headers) uses single-use tickets instead (tickets.ts).
 *
 * Nothing here decodes or throws: a malformed header is simply not a valid credential.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface Guard {
  readonly token: string;
  readonly port: number;
}

/**
 * What a token may look like: base64url (hex is a subset). 16 characters is the least
 * that is still hard to guess; 256 keeps a pasted file from being something else.
 */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,256}$/;

export function isWellFormedToken(token: string): boolean {
  return TOKEN_PATTERN.test(token);
}

/** 24 random bytes: 32 base64url characters. */
export function newAccessToken(): string {
  return randomBytes(24).toString('base64url');
}

export function createGuard(token: string, port: number): Guard {
  return { token, port };
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

/**
 * Constant-time equality of two secrets. Hashing first gives both sides the same length,
 * so not even the length of the expected secret leaks through timing.
 */
export function sameSecret(expected: string, candidate: string | null | undefined): boolean {
  if (!candidate) return false;
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(expected), digest(candidate));
}

/** The credentials of `Authorization: Bearer <token>`; the scheme is case-insensitive (RFC 7235). */
export function bearerToken(req: IncomingMessage): string | null {
  const m = /^Bearer +(\S+) *$/i.exec(req.headers.authorization ?? '');
  return m ? m[1] : null;
}

export function authorized(g: Guard, req: IncomingMessage): boolean {
  return sameSecret(g.token, bearerToken(req));
}
