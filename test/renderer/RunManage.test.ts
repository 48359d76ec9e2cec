// @vitest-environment happy-dom
/** The run page's management: rename inline, star, tags, note, stop a running run, delete a finished one. */
import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunRecord, UpdateRunRequest } from '../../src-renderer/src/shared';
import RunView from '../../src-renderer/src/views/RunView.vue';
import { createFakeApi, fail } from './fakeApi';
import { mountWithApp } from './mountHelpers';
import { runDetail, runRecord } from './records';

vi.mock('../../src-renderer/src/lib/chartSetup', async () => {
  const { FakeChart } = await import('./fakeChart');
  return { setupCharts: () => FakeChart };
});

function apiFor(initial: RunRecord) {
  let run = initial;
  const api = createFakeApi({
    getRun: () => runDetail(run, ['train.lr']),
    metrics: () => [],
    datasetSamples: () => ({ name: 'iris', classes: ['a', 'b'], images: null, labels: [0, 1], classCounts: [50, 50], featureNames: ['x'], rows: [[1], [2]], source: 'iris.csv' }),
    runPredictions: () => ({ runId: run.id, classes: ['a', 'b'], images: null, labels: [0], predicted: [0], confusion: [[1, 0], [0, 0]], accuracy: 1 }),
    updateRun: (req: UpdateRunRequest) => {
      if (req.name !== undefined && req.name !== null && req.name.length > 200) throw fail('BAD_INPUT', 'name: must be at most 200 characters');
      run = { ...run, ...Object.fromEntries(Object.entries(req).filter(([k]) => k !== 'id')) };
      return run;
    },
    cancelRun: () => ((run = { ...run, status: 'cancelled' }), { cancelled: true }),
    deleteRun: () => ({ deleted: true }),
  });
  return api;
}

describe('RunView management', () => {
  beforeAll(() => {
    HTMLCanvasElement.prototype.getContext = (() => null) as unknown as HTMLCanvasElement['getContext'];
  });
  afterEach(() => (document.body.innerHTML = ''));

  it('renames inline: Enter saves, Esc cancels, an empty name goes back to the default', async () => {
    const api = apiFor(runRecord({ id: 4 }));
    const { wrapper } = await mountWithApp(RunView, api, { path: '/runs/4', props: { id: 4 } });
    await flushPromises();
    expect(wrapper.get('[data-testid="run-title"]').text()).toBe('Run 4');
    await wrapper.get('[data-testid="run-rename"]').trigger('click');
    await wrapper.get('[data-testid="run-name-input"]').setValue('baseline');
    await wrapper.get('[data-testid="run-name-input"]').trigger('keydown', { key: 'Enter' });
    await flushPromises();
    expect(api.callsOf('updateRun')).toEqual([{ id: 4, name: 'baseline' }]);
    expect(wrapper.get('[data-testid="run-title"]').text()).toBe('baseline');

    await wrapper.get('[data-testid="run-rename"]').trigger('click');
    await wrapper.get('[data-testid="run-name-input"]').setValue('oops');
    await wrapper.get('[data-testid="run-name-input"]').trigger('keydown', { key: 'Escape' });
    await flushPromises();
    expect(api.callsOf('updateRun')).toHaveLength(1);
    expect(wrapper.get('[data-testid="run-title"]').text()).toBe('baseline');

    await wrapper.get('[data-testid="run-rename"]').trigger('click');
    await wrapper.get('[data-testid="run-name-input"]').setValue('  ');
    await wrapper.get('[data-testid="run-name-input"]').trigger('keydown', { key: 'Enter' });
    await flushPromises();
    expect(api.callsOf('updateRun')[1]).toEqual({ id: 4, name: null });
    expect(wrapper.get('[data-testid="run-title"]').text()).toBe('Run 4');
    wrapper.unmount();
  });

  it('stars, tags and notes the run, and shows a refusal inline', async () => {
    const api = apiFor(runRecord({ id: 4 }));
    const { wrapper } = await mountWithApp(RunView, api, { path: '/runs/4', props: { id: 4 } });
    await flushPromises();
    const star = wrapper.get('[data-testid="run-star"]');
    expect(star.attributes('aria-pressed')).toBe('false');
    await star.trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="run-star"]').attributes('aria-pressed')).toBe('true');

    await wrapper.get('[data-testid="run-tag-input"]').setValue('keep');
    await wrapper.get('[data-testid="run-tag-input"]').trigger('keydown', { key: 'Enter' });
    await flushPromises();
    expect(wrapper.findAll('[data-testid="run-tag"]').map((t) => t.text().replace('×', '').trim())).toEqual(['keep']);
    await wrapper.get('[aria-label="Remove tag keep"]').trigger('click');
    await flushPromises();
    expect(wrapper.findAll('[data-testid="run-tag"]')).toHaveLength(0);

    await wrapper.get('[data-testid="run-note"]').setValue('lr too high');
    await wrapper.get('[data-testid="run-note-save"]').trigger('click');
    await flushPromises();
    expect(api.callsOf('updateRun').slice(1)).toEqual([
      { id: 4, tags: ['keep'] },
      { id: 4, tags: [] },
      { id: 4, note: 'lr too high' },
    ]);

    await wrapper.get('[data-testid="run-rename"]').trigger('click');
    await wrapper.get('[data-testid="run-name-input"]').setValue('x'.repeat(201));
    await wrapper.get('[data-testid="run-name-input"]').trigger('keydown', { key: 'Enter' });
    await flushPromises();
    expect(wrapper.get('[data-testid="run-annotation-error"]').text()).toContain('name: must be at most 200 characters');
    wrapper.unmount();
  });

  it('stops a running run, and cannot delete it meanwhile', async () => {
    const api = apiFor(runRecord({ id: 5, status: 'running' }));
    const { wrapper } = await mountWithApp(RunView, api, { path: '/runs/5', props: { id: 5 } });
    await flushPromises();
    expect(wrapper.get('[data-testid="delete-run"]').attributes('disabled')).toBeDefined();
    await wrapper.get('[data-testid="stop-run"]').trigger('click');
    await flushPromises();
    expect(api.callsOf('cancelRun')).toEqual([{ id: 5 }]);
    expect(wrapper.find('[data-testid="stop-run"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="delete-run"]').attributes('disabled')).toBeUndefined();
    wrapper.unmount();
  });

  it('deletes a finished run after asking, then goes to its sweep', async () => {
    const api = apiFor(runRecord({ id: 6, sweepId: 2 }));
    const { wrapper, router } = await mountWithApp(RunView, api, { path: '/runs/6', props: { id: 6 } });
    await flushPromises();
    await wrapper.get('[data-testid="delete-run"]').trigger('click');
    await flushPromises();
    expect(api.callsOf('deleteRun')).toEqual([]);
    (document.querySelector('[data-testid="confirm-ok"]') as HTMLButtonElement).click();
    await flushPromises();
    expect(api.callsOf('deleteRun')).toEqual([{ id: 6 }]);
    expect(router.currentRoute.value.path).toBe('/sweeps/2');
    wrapper.unmount();
  });

  it('lists only the settings the run used: no momentum or weight decay on plain SGD', async () => {
    const api = apiFor(runRecord({ id: 8 }));
    const { wrapper } = await mountWithApp(RunView, api, { path: '/runs/8', props: { id: 8 } });
    await flushPromises();
    const keys = wrapper.findAll('[data-testid="run-config"] dt').map((d) => d.attributes('title'));
    expect(keys).toContain('train.lr');
    expect(keys).toContain('dataset.standardize');
    expect(keys).not.toContain('train.momentum');
    expect(keys).not.toContain('train.weightDecay');
    wrapper.unmount();
  });
});
