/** fetchDataset against a local mirror: real HTTP, real files, real digests. */
import { createReadStream, existsSync, readdirSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiEvents } from '../../src-main/api/contract';
import type { AppServices } from '../../src-main/api/services';
import { openServices, recordEvents, tempDir } from './helpers';

const SYSTEM = '/usr/share/datasets/fashion-mnist';

let t: ReturnType<typeof tempDir>;
let mirror: http.Server;
let base: string;
let s: AppServices;

beforeEach(async () => {
  t = tempDir();
  mirror = http.createServer((req, res) => {
    const file = path.join(SYSTEM, path.basename(req.url ?? ''));
    if (!existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200);
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => mirror.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}/`;
});
afterEach(async () => {
  await s?.close();
  await new Promise((resolve) => mirror.close(resolve));
  t.cleanup();
});

describe('fetchDataset', () => {
  it.runIf(existsSync(SYSTEM))('downloads Fashion-MNIST with progress events, one download at a time', async () => {
    s = openServices(t.dir, { downloadBaseUrl: base });
    const rec = recordEvents(s);
    const first = s.dispatch('fetchDataset', { name: 'fashion-mnist' });
    const second = await s.dispatch('fetchDataset', { name: 'fashion-mnist' });
    expect(second).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const done = await first;
    expect(done).toEqual({ ok: true, data: { dir: path.join(t.dir, 'home', 'datasets', 'fashion-mnist') } });
    expect(readdirSync((done as { data: { dir: string } }).data.dir).sort()).toEqual(readdirSync(SYSTEM).sort());

    const progress = rec.events.flatMap((m) => (m.event === 'dataset-progress' ? [m.data as ApiEvents['dataset-progress']] : []));
    expect(new Set(progress.map((p) => p.file)).size).toBe(4);
    expect(progress.at(-1)).toMatchObject({ name: 'fashion-mnist', done: true, error: null, fileIndex: 3, files: 4 });
    expect(progress.filter((p) => p.done)).toHaveLength(1);
    // Throttled: far fewer events than the thousands of chunks of 30 MB.
    expect(progress.length).toBeLessThan(400);
    // A second download finds the files already there.
    expect((await s.dispatch('fetchDataset', { name: 'fashion-mnist' })).ok).toBe(true);
  });

  it('reports a failing mirror as UNAVAILABLE, with an event that carries the error', async () => {
    s = openServices(t.dir, { downloadBaseUrl: `${base}missing/` });
    mirror.removeAllListeners('request');
    mirror.on('request', (_req, res) => res.writeHead(404, 'Not Found').end());
    const rec = recordEvents(s);
    const r = await s.dispatch('fetchDataset', { name: 'fashion-mnist' });
    expect(r).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    if (!r.ok) expect(r.error.message).toContain('HTTP 404');
    const last = rec.events.at(-1);
    expect(last?.event).toBe('dataset-progress');
    expect(last?.data).toMatchObject({ done: true, error: expect.stringContaining('404') });
  });
});
