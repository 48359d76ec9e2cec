/** `sweeplab serve` as a person runs it: a real process, stopped by a signal. */
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOrCreateTokenFile } from '../../src-main/cli/tokenFile';
import { openStore } from '../../src-main/store/store';
import { runCli, startCli } from '../cli/helpers';
import { longConfig, tempDir } from './helpers';

let t: ReturnType<typeof tempDir>;
beforeEach(() => void (t = tempDir()));
afterEach(() => t.cleanup());

/** Starts `sweeplab serve` and resolves with the printed URL once it is listening. */
function startServe(args: string[]) {
  const child = startCli(['serve', ...args], { SWEEPLAB_HOME: path.join(t.dir, 'home'), SWEEPLAB_RENDERER: path.join(t.dir, 'no-renderer') });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      stdout += d;
      const m = /Sweeplab is running at (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)\n/.exec(stdout);
      if (m) resolve(m[1]);
    });
    void exited.then((code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  return { child, url, exited, stderr: () => stderr };
}

describe('sweeplab serve', () => {
  it('prints the URL with its token, serves the API, and on SIGTERM leaves training runs interrupted', async () => {
    const db = path.join(t.dir, 'serve.db');
    const { child, url: printed, exited, stderr } = startServe(['--db', db]);
    const url = await printed;
    const { origin, searchParams } = new URL(url);
    expect(searchParams.get('token')).toMatch(/^[\w-]{32}$/);
    const headers = { Authorization: `Bearer ${searchParams.get('token')}`, 'Content-Type': 'application/json' };
    const call = async (method: string, body?: unknown): Promise<any> => (await fetch(`${origin}/api/${method}`, { method: 'POST', headers, body: JSON.stringify(body ?? {}) })).json();

    expect(await call('appInfo')).toMatchObject({ ok: true, data: { mode: 'browser', dbPath: db } });
    // The page needs no token (the page itself then reads ?token=); the API does.
    expect((await fetch(`${origin}/`)).status).toBe(200);
    expect((await fetch(`${origin}/api/appInfo`, { method: 'POST' })).status).toBe(401);
    const created = await call('createSweep', { config: longConfig() });
    expect(created.ok).toBe(true);
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const runs = (await call('listRuns', { status: ['running'] })).data as unknown[];
      if (runs.length === 2) break;
      await new Promise((r) => setTimeout(r, 100));
    }

    child.kill('SIGTERM');
    expect(await exited, stderr()).toBe(0);
    const store = openStore(db);
    try {
      expect(store.sweeps.get(created.data.sweepId)?.status).toBe('interrupted');
      expect(store.runs.list({ sweepId: created.data.sweepId }).map((r) => r.status)).toEqual(['interrupted', 'interrupted']);
    } finally {
      store.close();
    }
  });

  it('refuses a port that is not a number', async () => {
    const child = startCli(['serve', '--port', 'http', '--db', path.join(t.dir, 'x.db')], { SWEEPLAB_HOME: path.join(t.dir, 'home') });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    expect(await new Promise((resolve) => child.on('close', resolve))).toBe(2);
    expect(stderr).toContain('--port');
  });
});

describe('--token-file', () => {
  it('creates the file owner-only with a fresh token, then reuses it, whitespace and all', () => {
    const file = path.join(t.dir, 'token');
    const first = loadOrCreateTokenFile(file);
    expect(first.created).toBe(true);
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.token);
    expect(loadOrCreateTokenFile(file)).toEqual({ token: first.token, created: false });
    writeFileSync(file, '  0123456789abcdef0123456789abcdef \n');
    chmodSync(file, 0o600);
    expect(loadOrCreateTokenFile(file).token).toBe('0123456789abcdef0123456789abcdef');
  });

  it('refuses a file that holds no valid token, naming the file', () => {
    const bad: Record<string, string> = { empty: '', short: 'abc123', spaces: 'abcdefgh ijklmnopqrst', plus: 'abc+def/ghijklmnopqrstuvw==', long: 'a'.repeat(257), twoLines: 'abcdefghijklmnop\nqrstuvwxyzabcdef' };
    for (const [name, content] of Object.entries(bad)) {
      const file = path.join(t.dir, name);
      writeFileSync(file, content, { mode: 0o600 });
      expect(() => loadOrCreateTokenFile(file), name).toThrow(file);
      expect(() => loadOrCreateTokenFile(file), name).toThrow(/16–256 characters/);
      expect(readFileSync(file, 'utf8'), `${name} is left as it was`).toBe(content);
    }
    const dir = path.join(t.dir, 'a-folder');
    mkdirSync(dir);
    expect(() => loadOrCreateTokenFile(dir)).toThrow(/not a regular file/);
    expect(() => loadOrCreateTokenFile(path.join(t.dir, 'missing', 'token'))).toThrow(/cannot create it/);
  });

  it('warns about a token file others can read', () => {
    const file = path.join(t.dir, 'token');
    writeFileSync(file, '0123456789abcdef0123', { mode: 0o644 });
    chmodSync(file, 0o644);
    expect(loadOrCreateTokenFile(file, 'linux').warning).toMatch(/other users can read it/);
    expect(loadOrCreateTokenFile(file, 'win32').warning).toBeUndefined();
  });

  it('keeps the token across a restart, so an open tab still gets in', async () => {
    const file = path.join(t.dir, 'serve.token');
    const db = path.join(t.dir, 'serve.db');
    const first = startServe(['--db', db, '--token-file', file]);
    const token = new URL(await first.url).searchParams.get('token');
    expect(readFileSync(file, 'utf8').trim()).toBe(token);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const second = startServe(['--db', db, '--token-file', file]);
    const url = new URL(await second.url);
    try {
      expect(url.searchParams.get('token')).toBe(token);
      const r = await fetch(`${url.origin}/api/appInfo`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
      expect(r.status).toBe(200);
      expect(second.stderr()).toContain(`Using the access token in ${file}`);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });

  it('exits with a usage error naming a token file with bad content', async () => {
    const file = path.join(t.dir, 'bad.token');
    writeFileSync(file, 'not a token\n');
    const r = await runCli(['serve', '--db', path.join(t.dir, 'x.db'), '--token-file', file], { SWEEPLAB_HOME: path.join(t.dir, 'home') });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--token-file ${file}`);
    expect(r.stdout).not.toContain('running at');
  });

  it('is documented in the help', async () => {
    const r = await runCli(['serve', '--help']);
    expect(r.stdout).toContain('--token-file <file>');
    expect(r.stdout).toMatch(/restart/);
  });
});
