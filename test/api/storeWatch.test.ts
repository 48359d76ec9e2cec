/**
 * An open app notices what another process writes to its database (the CLI training a
 * sweep next to the GUI), and a busy database answers a call with words, not a crash.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventMessage } from '../../src-main/api/contract';
import type { AppServices } from '../../src-main/api/services';
import { openServices, tempDir, tinyIrisConfig } from './helpers';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function setup(watchMs: number): { services: AppServices; events: EventMessage[]; file: string } {
  const tmp = tempDir();
  const services = openServices(tmp.dir, { watchMs });
  cleanups.push(tmp.cleanup, () => services.close());
  const events: EventMessage[] = [];
  services.onEvent((m) => events.push(m));
  return { services, events, file: services.store.file };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('writes by another process', () => {
  it('send `store-changed`; the app’s own writes do not', async () => {
    const { services, events, file } = setup(50);
    const r = await services.dispatch('setSettings', { concurrency: 1 });
    expect(r.ok).toBe(true);
    await sleep(200);
    expect(events.filter((e) => e.event === 'store-changed')).toEqual([]);

    const other = new Database(file);
    cleanups.push(() => void other.close());
    other.prepare("INSERT INTO settings (key, value) VALUES ('fromTheCli', '1')").run();
    for (let i = 0; i < 40 && !events.some((e) => e.event === 'store-changed'); i++) await sleep(50);
    expect(events.filter((e) => e.event === 'store-changed')).toHaveLength(1);
  });
});

describe('a database locked by another process', () => {
  it('answers a write call UNAVAILABLE in plain words, and works again once the lock is gone', async () => {
    const { services, file } = setup(0);
    const other = new Database(file);
    cleanups.push(() => void other.close());
    other.exec('BEGIN IMMEDIATE');
    const busy = await services.dispatch('createSweep', { config: tinyIrisConfig() });
    expect(busy).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    if (!busy.ok) expect(busy.error.message).toMatch(/the database is busy \(another Sweeplab process is writing to it\); try again/);
    other.exec('COMMIT');
    const listed = await services.dispatch('listSweeps', undefined);
    expect(listed).toEqual({ ok: true, data: [] }); // the refused call left nothing behind
  });
});
