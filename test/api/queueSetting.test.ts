/**
 * The `queue` setting: checked as a queue URL, its password never sent back (redacted in
 * getSettings, absent from errors), the redacted form accepted back as "unchanged"; and
 * where trials go: SWEEPLAB_QUEUE first, else the setting, else this machine.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppInfo, Settings } from '../../src-main/api/contract';
import type { AppServices } from '../../src-main/api/services';
import { SettingsService } from '../../src-main/api/settingsService';
import { queueInUse } from '../../src-main/cluster/executorChoice';
import { call, failure, openServices, tempDir } from './helpers';

const SECRET = 'hunter2';
let t: ReturnType<typeof tempDir>;
let s: AppServices | undefined;

beforeEach(() => (t = tempDir()));
afterEach(async () => {
  await s?.close();
  s = undefined;
  t.cleanup();
});

describe('the queue setting', () => {
  it('stores a queue URL, answers it redacted, and keeps the password when the redacted form comes back', async () => {
    s = openServices(t.dir);
    expect((await call<Settings>(s, 'getSettings')).queue).toBeNull();
    const saved = await call<Settings>(s, 'setSettings', { queue: ` redis://:${SECRET}@10.0.0.5:6379 ` });
    expect(saved.queue).toBe('redis://:***@10.0.0.5:6379');
    const settings = new SettingsService(s.store);
    expect(settings.queueUrl()).toBe(`redis://:${SECRET}@10.0.0.5:6379`);
    // A form saving every field at once sends the redacted form back: nothing changes.
    await call(s, 'setSettings', { queue: saved.queue, concurrency: 3 });
    expect(settings.queueUrl()).toBe(`redis://:${SECRET}@10.0.0.5:6379`);
    expect(JSON.stringify(await call<Settings>(s, 'getSettings'))).not.toContain(SECRET);
    // A new URL replaces it; empty text or null clears it.
    await call(s, 'setSettings', { queue: 'rediss://user:pw@queue.example:6380/2' });
    expect((await call<Settings>(s, 'getSettings')).queue).toBe('rediss://user:***@queue.example:6380/2');
    await call(s, 'setSettings', { queue: '' });
    expect(settings.queueUrl()).toBeNull();
    await call(s, 'setSettings', { queue: 'redis://h:1' });
    await call(s, 'setSettings', { queue: null });
    expect((await call<Settings>(s, 'getSettings')).queue).toBeNull();
  });

  it.each([
    [`http://:${SECRET}@host:6379`, 'uses http://'],
    [`redis//:${SECRET}@host`, 'is not a URL'],
    [`redis://:${SECRET}@host:99999`, 'is not a URL'],
    [`redis://:${SECRET}@host:6379/db`, 'database number'],
  ])('refuses %s saying what is wrong (%s), never the password', async (url, words) => {
    s = openServices(t.dir);
    const e = await failure(s, 'setSettings', { queue: url });
    expect(e.code).toBe('BAD_INPUT');
    expect(e.message).toContain(words);
    expect(e.issues?.[0]).toMatchObject({ path: 'queue' });
    expect(JSON.stringify(e)).not.toContain(SECRET);
    expect((await call<Settings>(s, 'getSettings')).queue).toBeNull();
  });

  it('appInfo names SWEEPLAB_QUEUE, redacted, as the queue that overrides the setting', async () => {
    s = openServices(t.dir, { env: { ...process.env, SWEEPLAB_QUEUE: `redis://:${SECRET}@10.1.1.1:6379` } });
    expect((await call<AppInfo>(s, 'appInfo')).queueEnv).toBe('redis://:***@10.1.1.1:6379');
  });
});

describe('where trials go (queueInUse)', () => {
  const env = { SWEEPLAB_QUEUE: 'redis://env-host:6379' };
  const setting = () => 'redis://:pw@setting-host:6379';

  it('SWEEPLAB_QUEUE first, else the setting, else this machine', () => {
    expect(queueInUse({ env, setting })).toMatchObject({ from: 'env', url: { redacted: 'redis://env-host:6379' } });
    expect(queueInUse({ env: {}, setting })).toMatchObject({ from: 'setting', url: { redacted: 'redis://:***@setting-host:6379' } });
    expect(queueInUse({ env: { SWEEPLAB_QUEUE: ' ' }, setting: () => null })).toBeNull();
    expect(queueInUse({ env: {} })).toBeNull();
  });

  it('reads the setting each time it is asked (a changed setting applies to the next sweep)', () => {
    let value: string | null = null;
    const opts = { env: {}, setting: () => value };
    expect(queueInUse(opts)).toBeNull();
    value = 'redis://later:6379';
    expect(queueInUse(opts)?.url.redacted).toBe('redis://later:6379');
  });

  it('a malformed setting is an error naming the setting', () => {
    expect(() => queueInUse({ env: {}, setting: () => 'http://x' })).toThrow(/the queue setting: .*redis:\/\//);
  });
});
