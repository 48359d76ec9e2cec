// @vitest-environment happy-dom
/** The sweep view keeps its table and chart choices per sweep, and exports exactly what the table shows. */
import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunRecord, SweepDetail } from '../../src-renderer/src/shared';
import SweepView from '../../src-renderer/src/views/SweepView.vue';
import { createFakeApi, summary } from './fakeApi';
import { mountWithApp } from './mountHelpers';
import { runRecord } from './records';

vi.mock('../../src-renderer/src/lib/chartSetup', async () => {
  const { FakeChart } = await import('./fakeChart');
  return { setupCharts: () => FakeChart };
});

function detail(id: number, runs: RunRecord[]): SweepDetail {
  return {
    sweep: { id, name: `sweep ${id}`, config: { description: '', dataset: { name: 'iris' }, engine: 'scratch', search: { strategy: 'grid', params: { 'train.lr': [] } } } as unknown as SweepDetail['sweep']['config'], status: 'completed', createdAt: 0, startedAt: 0, finishedAt: 1, note: null, tags: [], starred: false },
    summary: summary({ id, status: 'completed', trials: runs.length }),
    runs,
    sweptKeys: ['train.lr'],
    bestRunId: null,
    active: false,
  };
}

const runsOf = (sweepId: number, base: number) =>
  [0.1, 0.01, 0.001].map((lr, i) => runRecord({ id: base + i, sweepId, params: { 'train.lr': lr }, metrics: { val_acc: 0.8 + i / 20, val_loss: 0.5 - i / 10, test_acc: 0.7 } }));

function setup() {
  const sweeps = { 1: runsOf(1, 1), 2: runsOf(2, 11) } as Record<number, RunRecord[]>;
  return createFakeApi({
    getSweep: ({ id }) => detail(id, sweeps[id]),
    metrics: () => [],
    exportTable: () => ({ filename: 'runs.csv', mime: 'text/csv', text: 'run\n' }),
    saveFile: ({ suggestedName }) => ({ saved: true, path: `/tmp/${suggestedName}` }),
    updateSweep: (req) => ({ ...detail(1, sweeps[1]).sweep, starred: req.starred ?? false }),
  });
}
const rowIds = (w: { findAll(s: string): { attributes(a: string): string | undefined }[] }) => w.findAll('[data-testid="run-row"]').map((r) => Number(r.attributes('data-run-id')));
const ticked = (w: { findAll(s: string): { element: Element }[] }) => w.findAll('[data-testid="run-select"]').map((c) => (c.element as HTMLInputElement).checked);

describe('SweepView: state per sweep and exports of what is shown', () => {
  beforeAll(() => {
    HTMLCanvasElement.prototype.getContext = (() => ({})) as unknown as HTMLCanvasElement['getContext'];
  });
  afterEach(() => (document.body.innerHTML = ''));

  it('keeps the filter, sort and the runs ticked for the charts when the person leaves a sweep and comes back', async () => {
    const api = setup();
    const { wrapper, router } = await mountWithApp(SweepView, api, { path: '/sweeps/1', props: { id: 1 } });
    await flushPromises();
    expect(ticked(wrapper)).toEqual([true, true, true]);
    await wrapper.findAll('[data-testid="run-select"]')[0].setValue(false);
    await wrapper.get('[data-testid="table-filter"]').setValue('lr<=0.01');
    await wrapper.get('[data-testid="sort-val_acc"]').trigger('click');
    expect(rowIds(wrapper)).toEqual([3, 2]);

    await router.push('/sweeps/2');
    await wrapper.setProps({ id: 2 });
    await flushPromises();
    expect(rowIds(wrapper)).toEqual([11, 12, 13]);
    expect((wrapper.get('[data-testid="table-filter"]').element as HTMLInputElement).value).toBe('');

    await router.push('/sweeps/1');
    await wrapper.setProps({ id: 1 });
    await flushPromises();
    expect(rowIds(wrapper)).toEqual([3, 2]);
    expect((wrapper.get('[data-testid="table-filter"]').element as HTMLInputElement).value).toBe('lr<=0.01');
    await wrapper.get('[data-testid="table-filter"]').setValue('');
    expect(rowIds(wrapper)).toEqual([3, 2, 1]);
    expect(ticked(wrapper)).toEqual([true, true, false]);
    wrapper.unmount();
  });

  it('exports the filtered rows in the shown order with only the visible columns, or only the ticked ones', async () => {
    const api = setup();
    const { wrapper } = await mountWithApp(SweepView, api, { path: '/sweeps/1', props: { id: 1 } });
    await flushPromises();
    await wrapper.get('[data-testid="table-filter"]').setValue('val_acc>0.82');
    await wrapper.get('[data-testid="sort-val_acc"]').trigger('click');
    await wrapper.get('[data-testid="column-toggle-test_acc"]').setValue(false);
    expect(wrapper.get('[data-testid="export-scope"]').text()).toContain('(2 runs)');
    await wrapper.get('[data-testid="export-table"]').trigger('click');
    await flushPromises();
    const [req] = api.callsOf('exportTable') as { runIds: number[]; columns: string[] }[];
    expect(req.runIds).toEqual([3, 2]);
    expect(req.columns).toContain('val_acc');
    expect(req.columns).not.toContain('test_acc');
    expect(req.columns.slice(0, 2)).toEqual(['run', 'status']);

    await wrapper.findAll('[data-testid="run-select"]')[0].setValue(false); // run 3, first in the shown order
    await wrapper.get('[data-testid="export-ticked-only"]').setValue(true);
    expect(wrapper.get('[data-testid="export-scope"]').text()).toContain('(1 run)');
    await wrapper.get('[data-testid="export-table"]').trigger('click');
    await flushPromises();
    expect((api.callsOf('exportTable')[1] as { runIds: number[] }).runIds).toEqual([2]);
    wrapper.unmount();
  });

  it('stars the sweep from its header', async () => {
    const api = setup();
    const { wrapper } = await mountWithApp(SweepView, api, { path: '/sweeps/1', props: { id: 1 } });
    await flushPromises();
    expect(wrapper.get('[data-testid="sweep-title"]').text()).toBe('sweep 1');
    await wrapper.get('[data-testid="sweep-star"]').trigger('click');
    await flushPromises();
    expect(api.callsOf('updateSweep')).toEqual([{ id: 1, starred: true }]);
    expect(wrapper.get('[data-testid="sweep-star"]').attributes('aria-pressed')).toBe('true');
    wrapper.unmount();
  });
});
