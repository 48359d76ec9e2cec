/** `sweeplab serve` as a person runs it: a real process, stopped by a signal. */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src-main/store/store';
import { startCli } from '../cli/helpers';
import { longConfig, tempDir } from './helpers';

let t: ReturnType<typeof tempDir>;
beforeEach(() => void (t = tempDir()));
afterEach(() => t.cleanup());

describe('sweeplab serve', () => {
  it('prints the URL with its token, serves the API, and on SIGTERM leaves training runs interrupted', async () => {
    const db = path.join(t.dir, 'serve.db');
    const child = startCli(['serve', '--db', db], { SWEEPLAB_HOME: path.join(t.dir, 'home'), SWEEPLAB_RENDERER: path.join(t.dir, 'no-renderer') });
    let stdout = '';
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (d) => {
        stdout += d;
        const m = /Sweeplab is running at (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)\n/.exec(stdout);
        if (m) resolve(m[1]);
      });
      void exited.then((code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
    });
    const { origin, searchParams } = new URL(url);
    const headers = { Authorization: `Bearer ${searchParams.get('token')}`, 'Content-Type': 'application/json' };
    const call = async (method: string, body?: unknown): Promise<any> => (await fetch(`${origin}/api/${method}`, { method: 'POST', headers, body: JSON.stringify(body ?? {}) })).json();

    expect(await call('appInfo')).toMatchObject({ ok: true, data: { mode: 'browser', dbPath: db } });
    expect((await fetch(`${origin}/`, { headers })).status).toBe(200);
    const created = await call('createSweep', { config: longConfig() });
    expect(created.ok).toBe(true);
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const runs = (await call('listRuns', { status: ['running'] })).data as unknown[];
      if (runs.length === 2) break;
      await new Promise((r) => setTimeout(r, 100));
    }

    child.kill('SIGTERM');
    expect(await exited, stderr).toBe(0);
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
