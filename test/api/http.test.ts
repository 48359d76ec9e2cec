/** The browser-mode transport over real sockets, a real database and real workers. */
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { EventMessage } from '../../src-main/api/contract';
import { startHttpServer, type HttpServer } from '../../src-main/api/http/server';
import type { AppServices } from '../../src-main/api/services';
import { openServices, tempDir, tinyIrisConfig } from './helpers';

let t: ReturnType<typeof tempDir>;
let services: AppServices;
let server: HttpServer;
let token: string;
let port: number;
const SECRET = 'top secret, outside the static folder';
/** Every reply's headers, to check at the end that none ever set a cookie. */
const seenHeaders: http.IncomingHttpHeaders[] = [];

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: () => any;
}

/** A raw request: node:http lets a test send any Host, Origin or path, as an attacker could. */
function request(opts: { method?: string; path?: string; headers?: Record<string, string>; body?: string }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path ?? '/', headers: { Host: `127.0.0.1:${port}`, ...opts.headers } }, (res) => {
      seenHeaders.push(res.headers);
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body, json: () => JSON.parse(body) }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

const bearer = () => ({ Authorization: `Bearer ${token}` });
const api = (method: string, body?: unknown, headers: Record<string, string> = bearer()) =>
  request({ method: 'POST', path: `/api/${method}`, headers: { 'Content-Type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });

const wsUrl = () => `ws://127.0.0.1:${port}/api/events`;

async function ticket(): Promise<string> {
  const r = await request({ method: 'POST', path: '/api/_ticket', headers: bearer() });
  expect(r.status).toBe(200);
  expect(r.headers['cache-control']).toBe('no-store');
  const body = r.json();
  expect(body).toMatchObject({ ok: true, data: { expiresInMs: 30_000 } });
  return body.data.ticket;
}

/** The HTTP status an upgrade is refused with; fails the test if it opens. */
function refusal(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('unexpected-response', (_req, res) => {
      seenHeaders.push(res.headers);
      resolve(res.statusCode!);
    });
    ws.on('open', () => (ws.close(), reject(new Error(`${url} should have been refused`))));
    ws.on('error', () => undefined);
    // A server that died mid-upgrade answers nothing: fail now rather than at the test timeout.
    ws.on('close', () => reject(new Error(`${url}: closed without an HTTP answer`)));
    setTimeout(() => reject(new Error(`${url}: no answer within 10 s`)), 10_000).unref();
  });
}

function opened(url: string): Promise<WebSocket> {
  const ws = new WebSocket(url);
  ws.on('upgrade', (res) => seenHeaders.push(res.headers));
  return new Promise((resolve, reject) => (ws.on('open', () => resolve(ws)), ws.on('error', reject)));
}

beforeAll(async () => {
  t = tempDir();
  const staticDir = path.join(t.dir, 'renderer');
  mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Sweeplab app</title><script type="module" src="/assets/app.js"></script>');
  writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log("app")');
  writeFileSync(path.join(t.dir, 'secret.txt'), SECRET);
  services = openServices(t.dir);
  server = await startHttpServer({ services, staticDir, bodyLimitBytes: 64 * 1024 });
  port = server.port;
  token = new URL(server.url).searchParams.get('token')!;
});

afterAll(async () => {
  await server.close();
  await services.close();
  t.cleanup();
});

describe('browser-mode HTTP server', () => {
  it('prints a URL on 127.0.0.1 with a long random token, and listens on loopback only', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${port}/?token=${token}`);
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const other = Object.values(os.networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal);
    for (const host of ['::1', ...(other ? [other.address] : [])]) {
      const refused = await new Promise<boolean>((resolve) => {
        const socket = net.connect({ host, port });
        socket.on('connect', () => (socket.destroy(), resolve(false)));
        socket.on('error', () => resolve(true));
      });
      expect(refused, host).toBe(true);
    }
  });

  it('answers 401 on /api/ without the bearer token, with a wrong one, or with the token anywhere else', async () => {
    const replies = [
      await api('listSweeps', undefined, {}),
      await api('listSweeps', undefined, { Authorization: 'Bearer nope' }),
      await api('listSweeps', undefined, { Authorization: `Basic ${token}` }),
      // The token is accepted as a Bearer header only: not in the query, not as a cookie.
      await request({ method: 'POST', path: `/api/listSweeps?token=${token}` }),
      await api('listSweeps', undefined, { Cookie: `sweeplab_token_${port}=${token}` }),
      await request({ method: 'POST', path: '/api/_ticket' }),
      await request({ path: '/api/events' }),
    ];
    for (const r of replies) {
      expect(r.status).toBe(401);
      expect(r.headers['www-authenticate']).toBe('Bearer');
      expect(r.json()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(r.json().error.message).toContain('sweeplab serve');
    }
    // The scheme is case-insensitive (RFC 7235).
    expect((await api('listSweeps', undefined, { Authorization: `bearer ${token}` })).status).toBe(200);
  });

  it('serves the page and its files without a token (they hold no data), and never trades ?token= for a cookie', async () => {
    for (const p of ['/', `/?token=${token}`, '/?token=nope', '/sweeps/3']) {
      const page = await request({ path: p });
      expect(page.status, p).toBe(200);
      expect(page.headers.location, p).toBeUndefined();
      expect(page.headers['set-cookie'], p).toBeUndefined();
      expect(page.body, p).toContain('<title>Sweeplab app</title>');
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.headers['referrer-policy']).toBe('no-referrer');
      expect(page.headers['cache-control']).toBe('no-store');
    }
    const page = await request({ path: '/' });
    const csp = page.headers['content-security-policy']!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("img-src 'self' data: blob:");
    expect((await request({ path: '/assets/app.js' })).status).toBe(200);
    expect((await request({ method: 'POST', path: '/' })).status).toBe(405);
  });

  it('refuses another Host (DNS rebinding) and cross-origin requests, token or not', async () => {
    for (const host of [`evil.example:${port}`, `127.0.0.1:${port + 1}`, 'localhost']) {
      const r = await request({ path: '/api/listSweeps', method: 'POST', headers: { ...bearer(), Host: host } });
      expect(r.status, host).toBe(403);
      expect(r.json().error.code).toBe('FORBIDDEN');
    }
    expect((await request({ path: '/', headers: { Host: `evil.example:${port}` } })).status).toBe(403);
    expect((await request({ path: '/', headers: { Host: `localhost:${port}` } })).status).toBe(200);
    const cross = await api('listSweeps', undefined, { ...bearer(), Origin: 'http://evil.example' });
    expect(cross.status).toBe(403);
    expect((await api('listSweeps', undefined, { ...bearer(), Origin: `http://localhost:${port}` })).status).toBe(200);
  });

  it('answers POST /api/<method> with the Result, and an HTTP status from its code', async () => {
    expect((await api('listSweeps')).json()).toEqual({ ok: true, data: [] });
    const bad = await api('getSweep', { id: 0 });
    expect(bad.status).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'BAD_INPUT', message: 'getSweep: id: must be a positive integer' });
    expect((await api('getSweep', { id: 99 })).status).toBe(404);
    expect((await api('nope', {})).json().error.message).toContain('unknown method');
    expect((await api('openConfigFile')).status).toBe(503);
  });

  it('says clearly what is wrong with a request that is not a JSON call', async () => {
    const broken = await request({ method: 'POST', path: '/api/getSweep', headers: { ...bearer(), 'Content-Type': 'application/json' }, body: '{"id": ' });
    expect(broken.status).toBe(400);
    expect(broken.json().error.message).toMatch(/^request body is not valid JSON/);
    const form = await request({ method: 'POST', path: '/api/getSweep', headers: { ...bearer(), 'Content-Type': 'text/plain' }, body: '{"id": 1}' });
    expect(form.status).toBe(415);
    expect((await request({ method: 'GET', path: '/api/listSweeps', headers: bearer() })).status).toBe(405);
    const huge = await api('parseConfig', { name: 'a.json', text: 'x'.repeat(100 * 1024) });
    expect(huge.status).toBe(413);
    expect(huge.json().error.message).toContain('larger than');
  });

  it('serves the renderer with MIME types, falls back to the page for app routes, and refuses traversal', async () => {
    const js = await request({ path: '/assets/app.js', headers: bearer() });
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['x-content-type-options']).toBe('nosniff');
    expect((await request({ path: '/sweeps/3', headers: bearer() })).body).toContain('Sweeplab app');
    expect((await request({ path: '/assets/missing.js', headers: bearer() })).status).toBe(404);
    for (const p of ['/../secret.txt', '/assets/../../secret.txt', '/..%2fsecret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt', '/%00']) {
      const r = await request({ path: p, headers: bearer() });
      expect([403, 404], p).toContain(r.status);
      expect(r.body, p).not.toContain(SECRET);
    }
  });

  it('hands out WebSocket tickets to bearers only: random, single-use', async () => {
    expect((await request({ method: 'GET', path: '/api/_ticket', headers: bearer() })).status).toBe(405);
    const a = await ticket();
    const b = await ticket();
    expect(a).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(b).not.toBe(a);
    const ws = await opened(`${wsUrl()}?ticket=${a}`);
    ws.close();
    expect(await refusal(`${wsUrl()}?ticket=${a}`)).toBe(401);
    // b is untouched by a's use.
    (await opened(`${wsUrl()}?ticket=${b}`)).close();
  });

  it('refuses an upgrade without a valid ticket (401), from another Host or Origin (403), or elsewhere (404)', async () => {
    const fresh = await ticket();
    expect(await refusal(wsUrl())).toBe(401);
    expect(await refusal(`${wsUrl()}?ticket=nope`)).toBe(401);
    // Only tickets open the socket: not the token itself, in the query or as a header.
    expect(await refusal(`${wsUrl()}?token=${token}`)).toBe(401);
    expect(await refusal(wsUrl(), bearer())).toBe(401);
    expect(await refusal(wsUrl(), { Cookie: `sweeplab_token_${port}=${token}` })).toBe(401);
    expect(await refusal(`${wsUrl()}?ticket=${fresh}`, { Origin: 'http://evil.example' })).toBe(403);
    expect(await refusal(`${wsUrl()}?ticket=${fresh}`, { Host: `evil.example:${port}` })).toBe(403);
    expect(await refusal(`ws://127.0.0.1:${port}/api/other?ticket=${fresh}`)).toBe(404);
    // Refusals before the ticket check leave it usable.
    (await opened(`${wsUrl()}?ticket=${fresh}`)).close();
  });

  it('lets a ticket expire after 30 s', async () => {
    const old = await ticket();
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 29_000);
      const young = await ticket();
      vi.setSystemTime(Date.now() + 2_000);
      expect(await refusal(`${wsUrl()}?ticket=${old}`)).toBe(401);
      (await opened(`${wsUrl()}?ticket=${young}`)).close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('survives malformed percent-encodings anywhere: a 4xx, no stack in the log, and still serving', async () => {
    const logged = vi.spyOn(console, 'error');
    try {
      // This cookie once threw URI malformed in the upgrade handler and stopped the server.
      expect(await refusal(wsUrl(), { Cookie: `sweeplab_token_${port}=%` })).toBe(401);
      expect(await refusal(`${wsUrl()}?ticket=%`, { Cookie: '%; a=%E0%A4%A' })).toBe(401);
      expect(await refusal(`${wsUrl()}%`)).toBe(404);
      expect((await api('listSweeps')).status).toBe(200);
      const malformed: Parameters<typeof request>[0][] = [
        { path: '/', headers: { Cookie: `sweeplab_token_${port}=%` } },
        { method: 'POST', path: '/api/listSweeps', headers: { Cookie: `sweeplab_token_${port}=%`, 'Content-Type': 'application/json' } },
        { method: 'POST', path: '/api/listSweeps', headers: { Authorization: 'Bearer %' } },
        { method: 'POST', path: '/api/%E0%A4%A', headers: bearer() },
        { method: 'POST', path: '/api/listSweeps?x=%&token=%', headers: bearer() },
        { path: '/%' },
        { path: '/assets/%E0%A4%A.js' },
        { path: '/?token=%' },
        { path: '/', headers: { Host: '%' } },
        { path: '/', headers: { Origin: '%' } },
        { path: '/', headers: { Referer: '%' } },
        { path: `//evil.example/api/listSweeps` },
        { path: 'http://evil.example/api/listSweeps' },
      ];
      for (const r of malformed) {
        const reply = await request(r);
        const what = `${r.method ?? 'GET'} ${r.path} ${JSON.stringify(r.headers ?? {})}`;
        expect(reply.status, what).toBeLessThan(500);
        if (reply.status >= 400) expect(reply.json().ok, what).toBe(false);
        expect(reply.body, what).not.toContain(SECRET);
      }
      expect((await request({ method: 'POST', path: '/api/%E0%A4%A', headers: bearer() })).status).toBe(400);
      expect((await request({ path: 'http://evil.example/' })).status).toBe(400);
      expect(logged.mock.calls.flat().join('\n')).not.toMatch(/\n\s+at /);
    } finally {
      logged.mockRestore();
    }
    expect((await api('listSweeps')).json()).toEqual({ ok: true, data: [] });
  });

  it('pushes events over a ticketed WebSocket', async () => {
    const ws = await opened(`${wsUrl()}?ticket=${await ticket()}`);
    const received: EventMessage[] = [];
    ws.on('message', (d) => received.push(JSON.parse(String(d))));

    const created = (await api('createSweep', { config: tinyIrisConfig() })).json();
    expect(created).toMatchObject({ ok: true, data: { trials: 2 } });
    const deadline = Date.now() + 60_000;
    while (!received.some((m) => m.event === 'sweep-finished') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    ws.close();
    const kinds = received.map((m) => m.event);
    expect(kinds[0]).toBe('sweep-created');
    expect(kinds).toContain('run-started');
    expect(kinds).toContain('run-progress');
    expect(kinds.filter((k) => k === 'run-finished')).toHaveLength(2);
    expect(kinds.at(-1)).toBe('sweep-finished');
    expect(received.at(-1)!.data).toMatchObject({ sweepId: created.data.sweepId, status: 'completed' });
  });

  it('never set a cookie, on any of the replies above', () => {
    expect(seenHeaders.length).toBeGreaterThan(40);
    expect(seenHeaders.filter((h) => h['set-cookie'] !== undefined)).toEqual([]);
  });
});

describe('without a built renderer', () => {
  it('answers / (no token needed) with a page that says to run npm run build', async () => {
    const d = tempDir();
    const s = openServices(d.dir);
    const srv = await startHttpServer({ services: s, staticDir: path.join(d.dir, 'nothing-here'), token: 'fixed-token-for-this-test' });
    try {
      const r = await fetch(`http://127.0.0.1:${srv.port}/`);
      expect(r.status).toBe(200);
      expect(await r.text()).toContain('npm run build');
    } finally {
      await srv.close();
      await s.close();
      d.cleanup();
    }
  });
});
