// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppInfo, Settings } from '../../src-renderer/src/shared';
import SettingsView from '../../src-renderer/src/views/SettingsView.vue';
import { createFakeApi } from './fakeApi';
import { mountWithApp } from './mountHelpers';

function appInfo(nativeOps: AppInfo['nativeOps']): AppInfo {
  return { name: 'Sweeplab', version: '0.1.0', mode: 'browser', versions: { node: '20.0.0' }, cpus: 8, dbPath: '/tmp/sweeplab.db', nativeOps };
}

function server(nativeOps: AppInfo['nativeOps']) {
  let settings: Settings = { dataDir: null, backend: 'auto', concurrency: null };
  return createFakeApi({
    getSettings: () => settings,
    setSettings: (patch) => (settings = { ...settings, ...patch }),
    appInfo: () => appInfo(nativeOps),
  });
}

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
});
