// @vitest-environment happy-dom
/**
 * The grouped runs table mounted on real group reports, and the sweep view's grouping
 * controls: the Group by select swaps the runs table for the grouped one (and the epoch
 * charts for bands), the Confirm top… dialog launches confirmSweep with K and N and is
 * disabled while the sweep runs, and the paper pack button asks for a folder.
 */
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { setApi } from '../../src-renderer/src/api/client';
import GroupTable from '../../src-renderer/src/components/sweep/GroupTable.vue';
import { groupRuns, type GroupBy, type RunRecord, type SweepDetail } from '../../src-renderer/src/shared';
import SweepView from '../../src-renderer/src/views/SweepView.vue';
import { createFakeApi, fail, summary } from './fakeApi';
import { FakeChart } from './fakeChart';
import { mountWithApp } from './mountHelpers';
import { runRecord } from './records';

vi.mock('../../src-renderer/src/lib/chartSetup', async () => {
  const { FakeChart: Fake } = await import('./fakeChart');
  return { setupCharts: () => Fake };
});

const swept = ['train.lr', 'train.seed'];
const objective = { metric: 'val_acc', direction: 'maximize' } as const;

let nextId = 1;
function replicates(lr: number, accs: number[], over: Partial<RunRecord> = {}): RunRecord[] {
  return accs.map((a, seed) => runRecord({ id: nextId++, params: { 'train.lr': lr, 'train.seed': seed }, metrics: { val_acc: a, val_loss: 1 - a }, ...over }));
}

function mountTable(runs: RunRecord[], by: GroupBy = { kind: 'config' }) {
  setApi(createFakeApi());
  setActivePinia(createPinia());
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:p(.*)*', component: { template: '<div />' } }] });
  const report = groupRuns(runs, { sweptKeys: swept, by, objective, metrics: ['val_acc', 'val_loss'] });
  return mount(GroupTable, { props: { report, runs }, global: { plugins: [router] }, attachTo: document.body });
}

afterEach(() => (document.body.innerHTML = ''));

describe('GroupTable', () => {
  it('shows one row per configuration with n, mean ± std, the interval and a verdict badge', () => {
    const w = mountTable([...replicates(0.1, [0.95, 0.96, 0.955]), ...replicates(0.01, [0.7, 0.72, 0.71])]);
    const rows = w.findAll('[data-testid="group-row"]');
    expect(rows.map((r) => r.attributes('data-group'))).toEqual(['lr=0.1', 'lr=0.01']);
    expect(rows.map((r) => r.attributes('data-n'))).toEqual(['3', '3']);
    expect(rows[0].text()).toContain('0.955 ± 0.005');
    expect(rows[0].text()).toMatch(/\[0\.9\d\d, 0\.9\d\d\]/);
    expect(w.findAll('[data-testid="group-badge"]').map((b) => b.text())).toEqual(['best', expect.stringMatching(/^better \(p [<=] 0\.\d+\)$/)]);
    expect(w.get('[data-testid="group-summary"]').text()).toMatch(/The best configuration \(lr=0\.1\) on val_acc is better than the runner-up/);
    // The seed is pooled: no seed column.
    expect(w.findAll('th').map((t) => t.text())).not.toContain('seed');
  });

  it('expands a group to links to its runs, marking the selection run', async () => {
    const search = runRecord({ id: 50, params: { 'train.lr': 0.1, 'train.seed': 0 }, metrics: { val_acc: 0.99 } });
    const reps = [51, 52, 53].map((id, i) => runRecord({ id, replicateOf: 0, params: { 'train.lr': 0.1, 'train.seed': 9 + i }, metrics: { val_acc: 0.9 + i / 100 } }));
    const w = mountTable([search, ...reps]);
    expect(w.get('[data-testid="group-n"]').text()).toContain('+1 selection run not counted');
    const toggle = w.get('[data-testid="group-expand"]');
    expect(toggle.attributes('aria-expanded')).toBe('false');
    await toggle.trigger('click');
    expect(toggle.attributes('aria-expanded')).toBe('true');
    const links = w.findAll('[data-testid="group-run-link"]');
    expect(links.map((l) => l.attributes('href'))).toEqual(['/runs/50', '/runs/51', '/runs/52', '/runs/53']);
    expect(w.get('[data-testid="group-runs"]').text()).toContain('selection run, not counted');
    await toggle.trigger('click');
    expect(w.find('[data-testid="group-runs"]').exists()).toBe(false);
  });

  it('has an empty state when no group has a finished run', () => {
    const w = mountTable([runRecord({ id: 70, status: 'queued', params: { 'train.lr': 0.1, 'train.seed': 0 } })]);
    expect(w.get('[data-testid="groups-empty"]').text()).toContain('No finished runs yet');
    expect(w.find('[data-testid="groups"]').exists()).toBe(false);
  });
});

function detail(runs: RunRecord[], active: boolean): SweepDetail {
  const status = active ? 'running' : 'completed';
  return {
    sweep: { id: 1, name: 'iris sweep', config: { description: '', dataset: { name: 'iris' }, engine: 'scratch', search: { strategy: 'grid', metric: 'val_acc', params: { 'train.lr': [0.1, 0.01], 'train.seed': [0, 1, 2] } } } as unknown as SweepDetail['sweep']['config'], status, createdAt: 0, startedAt: 0, finishedAt: null, note: null, tags: [], starred: false },
    summary: summary({ id: 1, status, trials: runs.length }),
    runs,
    sweptKeys: swept,
    bestRunId: runs[0]?.id ?? null,
    active,
  };
}

function sweepApi(active = false) {
  const runs = [...replicates(0.1, [0.95, 0.96, 0.955]), ...replicates(0.01, [0.7, 0.72, 0.71])];
  const state = { active };
  const api = createFakeApi({
    getSweep: () => detail(runs, state.active),
    metrics: ({ runIds, keys }) => runIds.flatMap((runId) => keys.map((key) => ({ runId, key, steps: [7, 14, 21], values: [0.5, 0.7, 0.9], times: [1, 2, 3] }))),
    confirmSweep: ({ top, seeds }) => ({ queued: Math.min(top, 2) * seeds, configurations: Math.min(top, 2) }),
  });
  return { api, runs, state };
}

describe('SweepView grouping', () => {
  // happy-dom has no 2D context; the fake chart draws nothing anyway.
  beforeAll(() => void (HTMLCanvasElement.prototype.getContext = (() => ({})) as unknown as HTMLCanvasElement['getContext']));
  afterEach(() => void (FakeChart.instances = []));

  it('groups by configuration: the grouped table and band charts replace the runs', async () => {
    const { api } = sweepApi();
    const { wrapper } = await mountWithApp(SweepView, api, { path: '/sweeps/1', props: { id: 1 } });
    await flushPromises();
    const select = wrapper.get('[data-testid="group-by"]');
    expect(select.findAll('option').map((o) => o.attributes('value'))).toEqual(['none', 'config', 'param:train.lr', 'param:train.seed']);
    expect(wrapper.find('[data-testid="runs-table"]').exists()).toBe(true);
    await select.setValue('config');
    await flushPromises();
    expect(wrapper.find('[data-testid="runs-table"]').exists()).toBe(false);
    expect(wrapper.findAll('[data-testid="group-row"]')).toHaveLength(2);
    expect(wrapper.find('[data-testid="group-curves"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="epoch-val-acc-chart"]').exists()).toBe(false);
    // One metrics call for the counted runs' epoch values; each group is low, high and mean.
    const call = api.callsOf('metrics').find((r) => (r as { keys: string[] }).keys.includes('val_acc') && !(r as { keys: string[] }).keys.includes('loss')) as { runIds: number[] };
    expect(call.runIds).toHaveLength(6);
    await flushPromises();
    const bands = FakeChart.instances.filter((c) => c.data.datasets.length === 6);
    expect(bands.length).toBeGreaterThanOrEqual(2);
    expect(wrapper.get('[data-testid="group-val-acc-chart-wrap"]').attributes('data-points')).toBe('6');
    // Back to None: the runs again.
    await select.setValue('none');
    expect(wrapper.find('[data-testid="runs-table"]').exists()).toBe(true);
  });

  it('confirms the top K with N seeds from a dialog, and refuses while the sweep runs', async () => {
    const { api } = sweepApi(true);
    const { wrapper } = await mountWithApp(SweepView, api, { path: '/sweeps/1', props: { id: 1 } });
    await flushPromises();
    const button = wrapper.get('[data-testid="confirm-top"]');
    expect(button.attributes('disabled')).toBeDefined();
    expect(button.attributes('title')).toContain('running');
    wrapper.unmount();

    const done = sweepApi(false);
    const { wrapper: w } = await mountWithApp(SweepView, done.api, { path: '/sweeps/1', props: { id: 1 } });
    await flushPromises();
    await w.get('[data-testid="confirm-top"]').trigger('click');
    expect(w.get('[data-testid="confirm-estimate"]').text()).toBe('10 runs (2 configurations × 5 seeds), of about 4 s each.');
    await w.get('[data-testid="confirm-top-k"]').setValue('1');
    await w.get('[data-testid="confirm-seeds"]').setValue('1');
    expect(w.get('[data-testid="confirm-replicates"]').text()).toContain('a whole number from 2 to 50');
    expect(w.get('[data-testid="confirm-replicates-launch"]').attributes('disabled')).toBeDefined();
    await w.get('[data-testid="confirm-seeds"]').setValue('3');
    expect(w.get('[data-testid="confirm-estimate"]').text()).toBe('3 runs (1 configuration × 3 seeds), of about 4 s each.');
    await w.get('[data-testid="confirm-replicates"]').trigger('submit');
    await flushPromises();
    expect(done.api.callsOf('confirmSweep')).toEqual([{ id: 1, top: 1, seeds: 3 }]);
    expect(w.find('[data-testid="confirm-replicates"]').exists()).toBe(false);
    // The replicates show grouped.
    expect((w.get('[data-testid="group-by"]').element as HTMLSelectElement).value).toBe('config');
  });

  it('shows a refusal in the dialog instead of closing it', async () => {
    const { api } = sweepApi(false);
    api.handlers.confirmSweep = () => {
      throw fail('CONFLICT', 'sweep 1 is running');
    };
    const { wrapper } = await mountWithApp(SweepView, api, { path: '/sweeps/1', props: { id: 1 } });
    await flushPromises();
    await wrapper.get('[data-testid="confirm-top"]').trigger('click');
    await wrapper.get('[data-testid="confirm-replicates"]').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[data-testid="confirm-replicates"]').text()).toContain('sweep 1 is running');
  });

  it('writes the paper pack into the folder the person names', async () => {
    const { api } = sweepApi(false);
    api.handlers.exportPack = ({ dir }) => ({ files: [{ name: 'runs.csv', path: `${dir}/runs.csv` }] as never });
    const { wrapper } = await mountWithApp(SweepView, api, { path: '/sweeps/1', props: { id: 1 } });
    await flushPromises();
    await wrapper.get('[data-testid="export-pack"]').trigger('click');
    expect(wrapper.get('[data-testid="pack-write"]').attributes('disabled')).toBeDefined();
    await wrapper.get('[data-testid="pack-dir"]').setValue('/tmp/pack');
    await wrapper.get('[data-testid="pack-form"]').trigger('submit');
    await flushPromises();
    expect(api.callsOf('exportPack')).toEqual([{ sweepId: 1, dir: '/tmp/pack' }]);
    expect(wrapper.find('[data-testid="pack-form"]').exists()).toBe(false);
  });

  it('fills the folder from the native folder dialog, and keeps it when the dialog is cancelled', async () => {
    const { api } = sweepApi(false);
    let answer: string | null = '/home/me/paper';
    api.handlers.chooseFolder = () => ({ path: answer });
    const { wrapper } = await mountWithApp(SweepView, api, { path: '/sweeps/1', props: { id: 1 } });
    await flushPromises();
    await wrapper.get('[data-testid="export-pack"]').trigger('click');
    await wrapper.get('[data-testid="pack-choose"]').trigger('click');
    await flushPromises();
    expect((wrapper.get('[data-testid="pack-dir"]').element as HTMLInputElement).value).toBe('/home/me/paper');
    answer = null;
    await wrapper.get('[data-testid="pack-choose"]').trigger('click');
    await flushPromises();
    expect((wrapper.get('[data-testid="pack-dir"]').element as HTMLInputElement).value).toBe('/home/me/paper');
    expect(wrapper.get('[data-testid="pack-write"]').attributes('disabled')).toBeUndefined();
  });
});
