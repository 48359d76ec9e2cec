// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppInfo, Settings } from '../../src-renderer/src/shared';
import SettingsView from '../../src-renderer/src/views/SettingsView.vue';
import { createFakeApi, fail } from './fakeApi';
import { mountWithApp } from './mountHelpers';

function appInfo(nativeOps: AppInfo['nativeOps'], queueEnv: string | null = null): AppInfo {
  return { name: 'Sweeplab', version: '0.1.0', mode: 'browser', versions: { node: '20.0.0' }, cpus: 8, dbPath: '/tmp/sweeplab.db', nativeOps, queueEnv };
}

/** A settings server that, like the real one, answers the queue redacted and refuses a port it cannot parse. */
function server(nativeOps: AppInfo['nativeOps'], opts: { queue?: string | null; queueEnv?: string } = {}) {
  let settings: Settings = { dataDir: null, backend: 'auto', concurrency: null, queue: opts.queue ?? null };
  return createFakeApi({
    getSettings: () => settings,
    setSettings: (patch) => {
      if (patch.queue?.includes(':99999')) throw fail('BAD_INPUT', 'setSettings: queue: "redis://:***@h:99999" is not a URL', [{ path: 'queue', message: 'is not a URL' }]);
      const queue = patch.queue === undefined ? settings.queue : patch.queue && patch.queue.replace(/:[^:@/]*@/, ':***@');
      return (settings = { ...settings, ...patch, queue });
    },
    appInfo: () => appInfo(nativeOps, opts.queueEnv ?? null),
  });
}

const OPS = { available: true, detail: 'OpenBLAS' };

describe('SettingsView', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('offers only TensorFlow.js backends as the default backend, and saves one', async () => {
    const api = server({ available: true, detail: 'OpenBLAS' });
    const { wrapper } = await mountWithApp(SettingsView, api, { path: '/settings' });
    await flushPromises();
    const select = wrapper.find('[data-testid="settings-backend"]');
    expect(select.findAll('option').map((o) => o.attributes('value'))).toEqual(['auto', 'tensorflow', 'wasm', 'cpu']);
    expect(select.findAll('option').map((o) => o.text())).toContain('tensorflow (native)');
    await select.setValue('wasm');
    await wrapper.find('[data-testid="settings-form"]').trigger('submit');
    await flushPromises();
    expect(api.callsOf('setSettings')).toEqual([{ dataDir: null, backend: 'wasm', concurrency: null }]);
  });

  it('says which BLAS the scratch engine uses', async () => {
    const detail = 'OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Cooperlake MAX_THREADS=64 (1 BLAS thread per trial)';
    const { wrapper } = await mountWithApp(SettingsView, server({ available: true, detail }), { path: '/settings' });
    await flushPromises();
    const line = wrapper.find('[data-testid="native-ops"]');
    expect(line.text()).toBe(detail);
    expect(line.element.previousElementSibling!.textContent).toBe('Native ops');
    expect(line.classes()).not.toContain('unavailable');
  });

  it('says why the native ops are unavailable', async () => {
    const reason = 'the addon is not built (no native/build/Release/sweeplab_ops.node; run `npm run build:native`, which needs a C compiler and libopenblas-dev)';
    const { wrapper } = await mountWithApp(SettingsView, server({ available: false, detail: reason }), { path: '/settings' });
    await flushPromises();
    const line = wrapper.find('[data-testid="native-ops"]');
    expect(line.text()).toBe(`unavailable — ${reason}`);
    expect(line.classes()).toContain('unavailable');
  });

  it('runs trials on a queue once its address is given; says what is wrong before and after sending', async () => {
    const api = server(OPS);
    const { wrapper } = await mountWithApp(SettingsView, api, { path: '/settings' });
    await flushPromises();
    const url = wrapper.get('[data-testid="settings-queue-url"]');
    expect((wrapper.get('[data-testid="settings-run-local"]').element as HTMLInputElement).checked).toBe(true);
    expect(url.attributes('disabled')).toBeDefined();
    await wrapper.get('[data-testid="settings-run-queue"]').setValue(true);
    // Chosen but empty: said at once, and Save waits.
    expect(wrapper.get('[data-testid="settings-queue"] [data-testid="field-error"]').text()).toContain('redis://');
    expect(wrapper.get('[data-testid="settings-save"]').attributes('disabled')).toBeDefined();
    await url.setValue('http://box:6379');
    expect(wrapper.get('[data-testid="settings-queue"] [data-testid="field-error"]').text()).toMatch(/^must start with redis:\/\//);
    // What only the server can tell: its message lands under the field.
    await url.setValue('redis://:pw@h:99999');
    await wrapper.get('[data-testid="settings-form"]').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[data-testid="settings-queue"] [data-testid="field-error"]').text()).toBe('is not a URL');
    expect(url.attributes('aria-invalid')).toBe('true');
    await url.setValue('redis://:pw@queue-host:6379');
    await wrapper.get('[data-testid="settings-form"]').trigger('submit');
    await flushPromises();
    expect(api.callsOf('setSettings').at(-1)).toMatchObject({ queue: 'redis://:pw@queue-host:6379' });
    // Back from the server redacted; the password is not shown again.
    expect((url.element as HTMLInputElement).value).toBe('redis://:***@queue-host:6379');
    expect(wrapper.find('[data-testid="settings-queue"] [data-testid="field-error"]').exists()).toBe(false);
  });

  it('never sends the redacted queue back as new, and goes back to this machine with null', async () => {
    const api = server(OPS, { queue: 'redis://:***@queue-host:6379' });
    const { wrapper } = await mountWithApp(SettingsView, api, { path: '/settings' });
    await flushPromises();
    expect((wrapper.get('[data-testid="settings-run-queue"]').element as HTMLInputElement).checked).toBe(true);
    await wrapper.get('[data-testid="settings-concurrency"]').setValue('4');
    await wrapper.get('[data-testid="settings-form"]').trigger('submit');
    await flushPromises();
    expect(api.callsOf('setSettings').at(-1)).not.toHaveProperty('queue');
    await wrapper.get('[data-testid="settings-run-local"]').setValue(true);
    await wrapper.get('[data-testid="settings-form"]').trigger('submit');
    await flushPromises();
    expect(api.callsOf('setSettings').at(-1)).toMatchObject({ queue: null });
  });

  it('says when SWEEPLAB_QUEUE overrides the choice', async () => {
    const { wrapper } = await mountWithApp(SettingsView, server(OPS, { queueEnv: 'redis://:***@env-host:6379' }), { path: '/settings' });
    await flushPromises();
    expect(wrapper.get('[data-testid="settings-queue-env"]').text()).toContain('redis://:***@env-host:6379');
  });
});
