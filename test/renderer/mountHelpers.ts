/** Mounting views and components the way the app does: Pinia, the real routes, a fake API. */
import { mount, type ComponentMountingOptions } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { Component } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import { setApi } from '../../src-renderer/src/api/client';
import { routes } from '../../src-renderer/src/router';
import type { FakeApi } from './fakeApi';

export async function mountWithApp<C extends Component>(component: C, api: FakeApi, opts: { path?: string } & ComponentMountingOptions<C> = {}) {
  setApi(api);
  const pinia = createPinia();
  setActivePinia(pinia);
  const router = createRouter({ history: createMemoryHistory(), routes });
  await router.push(opts.path ?? '/');
  await router.isReady();
  const { path: _path, ...mountOpts } = opts;
  const wrapper = mount(component, { ...mountOpts, attachTo: document.body, global: { plugins: [pinia, router] } } as ComponentMountingOptions<C>);
  return { wrapper, router, pinia };
}
