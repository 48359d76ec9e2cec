// @vitest-environment happy-dom
/** The sidebar: starred sweeps marked, sweeps sharing a name told apart by id, and folding away (remembered). */
import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import App from '../../src-renderer/src/App.vue';
import SweepSidebar from '../../src-renderer/src/components/SweepSidebar.vue';
import { useSweepsStore } from '../../src-renderer/src/stores/sweeps';
import { createFakeApi, summary } from './fakeApi';
import { mountWithApp } from './mountHelpers';

describe('SweepSidebar marks', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('marks starred sweeps and shows the id of sweeps that share a name', async () => {
    let list = [summary({ id: 1, name: 'lr-grid' }), summary({ id: 2, name: 'lr-grid', starred: true }), summary({ id: 3, name: 'widths' })];
    const api = createFakeApi({ listSweeps: () => list });
    const { wrapper } = await mountWithApp(SweepSidebar, api, { path: '/' });
    await useSweepsStore().refresh();
    await flushPromises();
    const item = (id: number) => wrapper.get(`[data-testid="sweep-item"][data-sweep-id="${id}"]`);
    expect(item(1).find('[data-testid="sweep-id"]').text()).toBe('#1');
    expect(item(2).find('[data-testid="sweep-id"]').text()).toBe('#2');
    expect(item(3).find('[data-testid="sweep-id"]').exists()).toBe(false);
    expect(item(2).find('[data-testid="sweep-starred"]').exists()).toBe(true);
    expect(item(1).find('[data-testid="sweep-starred"]').exists()).toBe(false);

    // Renamed in another window: the list follows.
    list = [summary({ id: 1, name: 'lr-grid v1' }), ...list.slice(1)];
    api.emit('sweep-updated', { sweepId: 1 });
    await flushPromises();
    expect(item(1).find('[data-testid="sweep-id"]').exists()).toBe(false);
    expect(item(1).text()).toContain('lr-grid v1');
  });
});

describe('App sidebar', () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => (document.body.innerHTML = ''));

  it('folds away with a button that says whether it is expanded, and remembers it', async () => {
    const api = createFakeApi({ listSweeps: () => [summary({ id: 1 })] });
    let { wrapper } = await mountWithApp(App, api, { path: '/' });
    await flushPromises();
    const toggle = () => wrapper.get('[data-testid="sidebar-toggle"]');
    expect(toggle().attributes('aria-expanded')).toBe('true');
    expect(wrapper.find('[data-testid="sweep-item"]').isVisible()).toBe(true);
    await toggle().trigger('click');
    expect(toggle().attributes('aria-expanded')).toBe('false');
    expect((wrapper.get('#sidebar-content').element as HTMLElement).style.display).toBe('none');
    expect(localStorage.getItem('sweeplab.sidebarCollapsed')).toBe('1');
    wrapper.unmount();

    ({ wrapper } = await mountWithApp(App, api, { path: '/' }));
    await flushPromises();
    expect(toggle().attributes('aria-expanded')).toBe('false');
    await toggle().trigger('click');
    expect(localStorage.getItem('sweeplab.sidebarCollapsed')).toBe('0');
    wrapper.unmount();
  });
});
