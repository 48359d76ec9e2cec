// @vitest-environment happy-dom
/** The runs table as a query tool: the grammar in the filter box, brushes, the column chooser, stars, and state kept per sweep. */
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { setApi } from '../../src-renderer/src/api/client';
import RunsTable from '../../src-renderer/src/components/sweep/RunsTable.vue';
import { buildTableModel } from '../../src-renderer/src/lib/runTable';
import type { RunRecord } from '../../src-renderer/src/shared';
import { useSweepViewStore } from '../../src-renderer/src/stores/sweepView';
import { createFakeApi, flush, type FakeApi } from './fakeApi';
import { runRecord } from './records';

const runs = [
  runRecord({ id: 1, params: { 'train.lr': 0.1, 'model.hidden': [10] }, metrics: { val_acc: 0.9, val_loss: 0.3 } }),
  runRecord({ id: 2, params: { 'train.lr': 0.01, 'model.hidden': [100] }, metrics: { val_acc: 0.95, val_loss: 0.2 }, tags: ['keep'], starred: true, name: 'best guess' }),
  runRecord({ id: 3, params: { 'train.lr': 0.001, 'model.hidden': [10] }, status: 'failed', error: 'diverged', metrics: { val_acc: 0.4 } }),
];

function mountTable(pinia: Pinia, api: FakeApi = createFakeApi(), list: RunRecord[] = runs) {
  setApi(api);
  setActivePinia(pinia);
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:p(.*)*', component: { template: '<div />' } }] });
  return mount(RunsTable, {
    props: { model: buildTableModel(list, ['train.lr', 'model.hidden']), colorOf: new Map(list.map((r, i) => [r.id, i])), selected: [], sweepId: 7 },
    global: { plugins: [pinia, router] },
    attachTo: document.body,
  });
}
const rowIds = (w: ReturnType<typeof mountTable>) => w.findAll('[data-testid="run-row"]').map((r) => Number(r.attributes('data-run-id')));

describe('RunsTable as a query tool', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('filters with the query grammar: numbers, exact values, status, tags, stars', async () => {
    const w = mountTable(createPinia());
    const box = w.get('[data-testid="table-filter"]');
    await box.setValue('val_acc>0.5');
    expect(rowIds(w)).toEqual([1, 2]);
    await box.setValue('hidden=10');
    expect(rowIds(w)).toEqual([1, 3]);
    await box.setValue('status=failed');
    expect(rowIds(w)).toEqual([3]);
    await box.setValue('val_acc>=90% lr<=0.01');
    expect(rowIds(w)).toEqual([2]);
    expect(w.get('[data-testid="table-count"]').text()).toBe('1 of 3 runs');
    await box.setValue('tag=keep');
    expect(rowIds(w)).toEqual([2]);
    await box.setValue('starred');
    expect(rowIds(w)).toEqual([2]);
    expect(w.get('[data-testid="run-name"]').text()).toBe('best guess');
    expect(w.get('[data-testid="run-tags"]').text()).toBe('keep');
  });

  it('names a bad term under the box and ignores it', async () => {
    const w = mountTable(createPinia());
    await w.get('[data-testid="table-filter"]').setValue('lr>abc hidden=10');
    expect(rowIds(w)).toEqual([1, 3]);
    expect(w.get('[data-testid="filter-problems"]').text()).toContain('lr>abc: > needs a number');
    expect(w.get('[data-testid="table-filter"]').attributes('aria-invalid')).toBe('true');
    await w.get('[data-testid="table-filter"]').setValue('speed=3');
    expect(rowIds(w)).toEqual([1, 2, 3]);
    expect(w.get('[data-testid="filter-problems"]').text()).toContain('no column or parameter "speed"');
  });

  it('filters by the brushes drawn on the analysis views', async () => {
    const pinia = createPinia();
    const w = mountTable(pinia);
    useSweepViewStore(pinia).stateOf(7).brushes = { val_acc: { kind: 'range', min: 0.85, max: 0.92 } };
    await flush();
    expect(rowIds(w)).toEqual([1]);
    await w.get('[data-testid="clear-brushes"]').trigger('click');
    expect(rowIds(w)).toEqual([1, 2, 3]);
  });

  it('hides columns with the chooser, and keeps query, sort and columns when the sweep is left and reopened', async () => {
    const pinia = createPinia();
    let w = mountTable(pinia);
    expect(w.find('[data-testid="sort-val_acc"]').exists()).toBe(true);
    await w.get('[data-testid="column-toggle-val_acc"]').setValue(false);
    expect(w.find('[data-testid="sort-val_acc"]').exists()).toBe(false);
    await w.get('[data-testid="table-filter"]').setValue('hidden=10');
    await w.get('[data-testid="sort-train.lr"]').trigger('click');
    expect(rowIds(w)).toEqual([3, 1]);
    w.unmount();

    w = mountTable(pinia);
    expect((w.get('[data-testid="table-filter"]').element as HTMLInputElement).value).toBe('hidden=10');
    expect(rowIds(w)).toEqual([3, 1]);
    expect(w.find('[data-testid="sort-val_acc"]').exists()).toBe(false);
    expect(useSweepViewStore(pinia).stateOf(7).hiddenColumns).toEqual(['val_acc']);
  });

  it('stars a run from its row and says "1 run", not "1 runs"', async () => {
    const api = createFakeApi({ updateRun: (req) => ({ ...runs[0], starred: req.starred ?? false }) });
    const w = mountTable(createPinia(), api, [runs[0]]);
    expect(w.get('[data-testid="table-count"]').text()).toBe('1 run');
    await w.get('[data-testid="run-star"]').trigger('click');
    await flush();
    expect(api.callsOf('updateRun')).toEqual([{ id: 1, starred: true }]);
    expect(w.emitted('annotated')?.[0]).toEqual([{ ...runs[0], starred: true }]);
  });
});
