/** The browser-mode transport over real sockets, a real database and real workers. */
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

  it('answers 401 without the token, or with a wrong one', async () => {
    for (const r of [await request({ path: '/' }), await api('listSweeps', undefined, {}), await api('listSweeps', undefined, { Authorization: 'Bearer nope' }), await request({ path: '/?token=nope' })]) {
      expect(r.status).toBe(401);
      expect(r.json()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
  });

  it('trades the token in the URL for an HttpOnly, SameSite=Strict cookie', async () => {
    const first = await request({ path: `/?token=${token}` });
    expect(first.status).toBe(302);
    expect(first.headers.location).toBe('/');
    const cookie = first.headers['set-cookie']![0];
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await request({ path: '/', headers: { Cookie: cookie.split(';')[0] } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Sweeplab app</title>');
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = page.headers['content-security-policy']!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("img-src 'self' data: blob:");
    expect((await api('listSweeps', undefined, { Cookie: cookie.split(';')[0] })).json()).toEqual({ ok: true, data: [] });
  });

  it('refuses another Host (DNS rebinding) and cross-origin requests, token or not', async () => {
    for (const host of [`evil.example:${port}`, `127.0.0.1:${port + 1}`, 'localhost']) {
      const r = await request({ path: '/api/listSweeps', method: 'POST', headers: { ...bearer(), Host: host } });
      expect(r.status, host).toBe(403);
      expect(r.json().error.code).toBe('FORBIDDEN');
    }
    expect((await request({ path: '/', headers: { ...bearer(), Host: `localhost:${port}` } })).status).toBe(200);
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

  it('pushes events over the WebSocket to holders of the token only', async () => {
    const wsUrl = `ws://127.0.0.1:${port}/api/events`;
    const refusal = (url: string, headers: Record<string, string> = {}) =>
      new Promise<number>((resolve, reject) => {
        const ws = new WebSocket(url, { headers });
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode!));
        ws.on('open', () => (ws.close(), reject(new Error(`${url} should have been refused`))));
        ws.on('error', () => undefined);
      });
    expect(await refusal(wsUrl)).toBe(401);
    expect(await refusal(`${wsUrl}?token=${token}`, { Origin: 'http://evil.example' })).toBe(403);

    const ws = new WebSocket(`${wsUrl}?token=${token}`);
    const received: EventMessage[] = [];
    ws.on('message', (d) => received.push(JSON.parse(String(d))));
    await new Promise((resolve, reject) => (ws.on('open', resolve), ws.on('error', reject)));
    // And with the cookie instead of the query token.
    const viaCookie = new WebSocket(wsUrl, { headers: { Cookie: `sweeplab_token_${port}=${token}` } });
    await new Promise((resolve, reject) => (viaCookie.on('open', resolve), viaCookie.on('error', reject)));
    viaCookie.close();

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
    expect(received.at(-1)!.data).toEqual({ sweepId: created.data.sweepId, status: 'completed' });
  });
});

describe('without a built renderer', () => {
  it('answers / with a page that says to run npm run build', async () => {
    const d = tempDir();
    const s = openServices(d.dir);
    const srv = await startHttpServer({ services: s, staticDir: path.join(d.dir, 'nothing-here'), token: 'fixed-token-for-this-test' });
    try {
      const r = await fetch(`http://127.0.0.1:${srv.port}/`, { headers: { Authorization: 'Bearer fixed-token-for-this-test' } });
      expect(r.status).toBe(200);
      expect(await r.text()).toContain('npm run build');
    } finally {
      await srv.close();
      await s.close();
      d.cleanup();
    }
  });
});
