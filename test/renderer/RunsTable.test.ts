// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { setApi } from '../../src-renderer/src/api/client';
import RunsTable from '../../src-renderer/src/components/sweep/RunsTable.vue';
import { buildTableModel, PAGE_SIZE } from '../../src-renderer/src/lib/runTable';
import type { RunRecord } from '../../src-renderer/src/shared';
import { createFakeApi } from './fakeApi';
import { runRecord } from './records';

function mountTable(runs: RunRecord[], selected: number[] = []) {
  setApi(createFakeApi());
  const pinia = createPinia();
  setActivePinia(pinia);
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:p(.*)*', component: { template: '<div />' } }] });
  const model = buildTableModel(runs, ['train.lr']);
  const wrapper = mount(RunsTable, {
    props: { model, colorOf: new Map(runs.map((r, i) => [r.id, i])), selected, 'onUpdate:selected': (ids: number[]) => void wrapper.setProps({ selected: ids }) },
    global: { plugins: [pinia, router] },
    attachTo: document.body,
  });
  return wrapper;
}

const runs = [
  runRecord({ id: 1, params: { 'train.lr': 0.1 }, metrics: { val_acc: 0.9, val_loss: 0.3, test_acc: 0.8 } }),
  runRecord({ id: 2, params: { 'train.lr': 0.01 }, metrics: { val_acc: 0.85, val_loss: 0.2, test_acc: 0.95 } }),
  runRecord({ id: 3, params: { 'train.lr': 0.001 }, status: 'failed', error: 'out of memory', metrics: { val_acc: 0.99 } }),
];
const rowIds = (w: ReturnType<typeof mountTable>) => w.findAll('[data-testid="run-row"]').map((r) => Number(r.attributes('data-run-id')));

describe('RunsTable', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('sorts by a column header, best first for metrics, and says so to assistive tech', async () => {
    const w = mountTable(runs);
    const header = w.get('[data-testid="sort-val_acc"]');
    expect(header.element.tagName).toBe('BUTTON');
    await header.trigger('click');
    // Accuracy sorts descending on the first click.
    expect(rowIds(w)).toEqual([3, 1, 2]);
    expect(header.element.closest('th')!.getAttribute('aria-sort')).toBe('descending');
    await header.trigger('click');
    expect(rowIds(w)).toEqual([2, 1, 3]);
    await w.get('[data-testid="sort-val_loss"]').trigger('click');
    expect(rowIds(w)).toEqual([2, 1, 3]);
  });

  it('filters by text and by status', async () => {
    const w = mountTable(runs);
    await w.get('[data-testid="table-filter"]').setValue('memory');
    expect(rowIds(w)).toEqual([3]);
    await w.get('[data-testid="table-filter"]').setValue('');
    await w.get('[data-testid="table-status-filter"]').setValue('completed');
    expect(rowIds(w)).toEqual([1, 2]);
    await w.get('[data-testid="table-filter"]').setValue('lr=0.5');
    expect(w.text()).toContain('No run matches the filter.');
  });

  it('marks the best cells among completed runs and the run chosen on validation', () => {
    const w = mountTable(runs);
    const bestIn = (id: number) => w.get(`[data-run-id="${id}"]`).findAll('td.best').map((td) => td.text());
    expect(bestIn(1)).toEqual(['90.00% (best)']);
    // Losses read as in the exported tables (formatMetric): four decimals.
    expect(bestIn(2)).toEqual(['0.2000 (best)', '95.00% (best)']);
    expect(bestIn(3)).toEqual([]);
    expect(w.get('[data-run-id="1"]').find('[data-testid="chosen-run"]').exists()).toBe(true);
    expect(w.findAll('[data-testid="chosen-run"]')).toHaveLength(1);
    // A failed run's error is its status badge's tooltip.
    expect(w.get('[data-run-id="3"] .err-icon').attributes('title')).toBe('out of memory');
  });

  it('shows a pruned run with its own badge and its reason as a note, never an error or a best cell', () => {
    const reason = 'stopped at epoch 3: val_acc 0.71 below the median 0.80 of 6 trials';
    const w = mountTable([...runs, runRecord({ id: 4, status: 'pruned', error: reason, metrics: { val_acc: 0.995 } })]);
    const row = w.get('[data-run-id="4"]');
    expect(row.get('.badge').attributes('data-status')).toBe('pruned');
    expect(row.get('.badge').text()).toBe('pruned');
    expect(row.find('.err-icon').exists()).toBe(false);
    expect(row.get('.note-icon').attributes('aria-label')).toBe(`Pruned: ${reason}`);
    expect(row.findAll('td.best')).toEqual([]);
  });

  it('toggles a run in the selection with its checkbox', async () => {
    const w = mountTable(runs, [1, 2]);
    await w.get('[data-run-id="2"] [data-testid="run-select"]').setValue(false);
    expect(w.props('selected')).toEqual([1]);
    await w.get('[data-run-id="3"] [data-testid="run-select"]').setValue(true);
    expect(w.props('selected')).toEqual([1, 3]);
  });

  it('pages a large sweep', async () => {
    const many = Array.from({ length: 120 }, (_, i) => runRecord({ id: i + 1, params: { 'train.lr': i } }));
    const w = mountTable(many);
    expect(w.findAll('[data-testid="run-row"]')).toHaveLength(PAGE_SIZE);
    await w.get('[data-testid="table-pager"] button:last-child').trigger('click');
    expect(rowIds(w)[0]).toBe(PAGE_SIZE + 1);
    expect(w.get('[data-testid="table-pager"]').text()).toContain(`Rows ${PAGE_SIZE + 1}–${2 * PAGE_SIZE} of 120`);
  });
});
