// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import SweepSidebar from '../../src-renderer/src/components/SweepSidebar.vue';
import type { RunStatus } from '../../src-renderer/src/shared';
import { useSweepsStore } from '../../src-renderer/src/stores/sweeps';
import { createFakeApi, fail, summary } from './fakeApi';
import { mountWithApp } from './mountHelpers';

const counts = (c: Partial<Record<RunStatus, number>>) => ({ queued: 0, running: 0, completed: 0, pruned: 0, failed: 0, cancelled: 0, interrupted: 0, ...c });

async function setup(list = [summary({ id: 1, name: 'iris-grid', trials: 12, counts: counts({ completed: 10, failed: 2 }) }), summary({ id: 2, name: 'fashion', status: 'running', trials: 6, counts: counts({ completed: 1, running: 2, queued: 3 }) })]) {
  const api = createFakeApi({ listSweeps: () => list, deleteSweep: () => ({ deleted: true }) });
  const mounted = await mountWithApp(SweepSidebar, api, { path: '/sweeps/1' });
  await useSweepsStore().refresh();
  await flushPromises();
  return { api, ...mounted };
}

describe('SweepSidebar', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('lists sweeps newest first with progress, best accuracy and the selected one marked', async () => {
    const { wrapper } = await setup();
    const items = wrapper.findAll('[data-testid="sweep-item"]');
    expect(items.map((i) => i.find('.name').text())).toEqual(['fashion', 'iris-grid']);
    const iris = items[1];
    expect(iris.classes()).toContain('selected');
    expect(iris.find('[aria-current="page"]').exists()).toBe(true);
    expect(iris.find('[role="progressbar"]').attributes('aria-valuenow')).toBe('12');
    expect(iris.text()).toContain('12 / 12 (2 failed)');
    expect(iris.text()).toContain('best val 90.0%');
  });

  it('counts pruned runs as done and names them beside the failed ones', async () => {
    const { wrapper } = await setup([summary({ id: 1, name: 'tuned', trials: 12, counts: counts({ completed: 7, pruned: 3, failed: 2 }) })]);
    const item = wrapper.get('[data-testid="sweep-item"]');
    expect(item.find('[role="progressbar"]').attributes('aria-valuenow')).toBe('12');
    expect(item.text()).toContain('12 / 12 (3 pruned, 2 failed)');
  });

  it('asks before deleting, naming the sweep and its runs, and deletes only after confirming', async () => {
    const { wrapper, api } = await setup();
    const iris = wrapper.findAll('[data-testid="sweep-item"]')[1];
    await iris.find('[data-testid="sweep-delete"]').trigger('click');
    const dialog = wrapper.find('[role="dialog"]');
    expect(dialog.text()).toContain('Delete sweep “iris-grid”?');
    expect(dialog.find('[data-testid="delete-message"]').text()).toContain('12 runs');
    expect(api.callsOf('deleteSweep')).toEqual([]);

    await dialog.find('[data-testid="confirm-cancel"]').trigger('click');
    expect(wrapper.find('[role="dialog"]').exists()).toBe(false);
    expect(api.callsOf('deleteSweep')).toEqual([]);

    await iris.find('[data-testid="sweep-delete"]').trigger('click');
    await wrapper.find('[data-testid="confirm-ok"]').trigger('click');
    await flushPromises();
    expect(api.callsOf('deleteSweep')).toEqual([{ id: 1 }]);
    expect(wrapper.findAll('[data-testid="sweep-item"]')).toHaveLength(1);
    expect(wrapper.find('[role="dialog"]').exists()).toBe(false);
  });

  it('Escape closes the confirmation without deleting', async () => {
    const { wrapper, api } = await setup();
    await wrapper.findAll('[data-testid="sweep-delete"]')[1].trigger('click');
    await wrapper.find('[role="dialog"]').trigger('keydown', { key: 'Escape' });
    expect(wrapper.find('[role="dialog"]').exists()).toBe(false);
    expect(api.callsOf('deleteSweep')).toEqual([]);
  });

  it('keeps the dialog open with the reason when the server refuses', async () => {
    const { wrapper, api } = await setup();
    api.handlers.deleteSweep = () => {
      throw fail('CONFLICT', 'sweep 1 is running; cancel it before deleting it');
    };
    await wrapper.findAll('[data-testid="sweep-delete"]')[1].trigger('click');
    await wrapper.find('[data-testid="confirm-ok"]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[role="dialog"] [role="alert"]').text()).toContain('cancel it before deleting it');
    expect(wrapper.findAll('[data-testid="sweep-item"]')).toHaveLength(2);
  });

  it('cannot delete a running sweep', async () => {
    const { wrapper } = await setup();
    const running = wrapper.findAll('[data-testid="sweep-item"]')[0];
    expect(running.find('[data-testid="sweep-delete"]').attributes('disabled')).toBeDefined();
  });

  it('says what to do when there are no sweeps', async () => {
    const { wrapper } = await setup([]);
    expect(wrapper.text()).toContain('No sweeps yet');
    expect(wrapper.find('[data-testid="empty-new-sweep"]').attributes('href')).toContain('/new');
  });
});
