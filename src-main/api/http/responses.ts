/**
 * How the browser-mode server answers: the security headers every response carries, the
 * page's Content-Security-Policy, and errors as the contract's Result in JSON. No
 * response ever sets a cookie (see guard.ts for why).
 */
import type { ServerResponse } from 'node:http';
import type { ApiErrorCode, Result } from '../contract';

export const HTTP_STATUS: Record<ApiErrorCode, number> = {
  BAD_INPUT: 400,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  CANCELLED: 409,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

export const BASE_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  // The address bar may briefly hold `?token=`: no request may carry it on as a Referer.
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export function contentSecurityPolicy(port: number): string {
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

/** A request the server refuses with a given status; thrown inside handlers, answered once. */
export class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...BASE_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

export function sendError(res: ServerResponse, status: number, code: ApiErrorCode, message: string, headers?: Record<string, string>): void {
  const body: Result<never> = { ok: false, error: { code, message } };
  sendJson(res, status, body, headers);
}

export const UNAUTHORIZED_MESSAGE = 'missing or wrong access token: open the address `sweeplab serve` printed (a restarted server has a new token)';
