// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { THROTTLE_MS } from '../../src-renderer/src/composables/useCurveChart';
import type { MetricSeries, RunRecord, SweepDetail } from '../../src-renderer/src/shared';
import SweepView from '../../src-renderer/src/views/SweepView.vue';
import { createFakeApi, summary } from './fakeApi';
import { FakeChart, liveChartTestSetting } from './fakeChart';
import { mountWithApp } from './mountHelpers';
import { runRecord } from './records';

vi.mock('../../src-renderer/src/lib/chartSetup', async () => {
  const { FakeChart: Fake } = await import('./fakeChart');
  return { setupCharts: () => Fake };
});

/**
 * Lets the charts draw what they were given: the loads answer, then the frame a control
 * change waits for and the throttle live points wait for pass (on fake timers).
 */
const settle = async () => {
  await flushPromises();
  await vi.advanceTimersByTimeAsync(THROTTLE_MS);
  await flushPromises();
};

function detail(runs: RunRecord[], status: SweepDetail['summary']['status'] = 'running'): SweepDetail {
  return {
    sweep: { id: 1, name: 'iris sweep', config: { description: '', dataset: { name: 'iris' }, engine: 'scratch', search: { strategy: 'grid', params: { 'train.lr': [0.1, 0.01] } } } as unknown as SweepDetail['sweep']['config'], status, createdAt: 0, startedAt: 0, finishedAt: null, note: null, tags: [], starred: false },
    summary: summary({ id: 1, status, trials: runs.length }),
    runs,
    sweptKeys: ['train.lr'],
    bestRunId: null,
    active: status === 'running',
  };
}

const history = (runId: number, key: string, steps: number[]): MetricSeries => ({ runId, key, steps, values: steps.map((s) => 1 / s), times: steps.map((s) => 1000 * s) });
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

function setup() {
  const runs = [runRecord({ id: 1, status: 'running', params: { 'train.lr': 0.1 } }), runRecord({ id: 2, status: 'completed', params: { 'train.lr': 0.01 }, metrics: { val_acc: 0.9 } })];
  const api = createFakeApi({
    getSweep: () => detail(runs),
    metrics: ({ runIds, keys }) => runIds.flatMap((id) => keys.map((k) => (k === 'loss' ? history(id, k, range(1, 100)) : history(id, k, [1, 2, 3])))),
  });
  return { api, runs };
}

describe('SweepView charts', () => {
  liveChartTestSetting();

  it('appends live points to the same chart, skipping steps history already brought', async () => {
    const { api } = setup();
    const { wrapper } = await mountWithApp(SweepView, api, { path: '/sweeps/1', props: { id: 1 } });
    await settle();
    const loss = FakeChart.withKey('loss')!;
    expect(loss.seriesIds()).toEqual(['1:loss', '2:loss']);
    const raw = () => loss.data.datasets.find((d) => d._seriesId === '1:loss' && d._raw)!;
    expect(raw().data.map((p) => p.step)).toEqual(range(1, 100));
    const created = FakeChart.instances.length;
    const updates = loss.updates;

    // Live batches overlap history (95…100) and each other (110 twice).
    const progress = { runId: 1, sweepId: 1, epoch: 2, epochs: 5, step: 110, steps: 35, loss: 0.1, etaMs: 1000 };
    api.emit('run-progress', { progress, points: range(95, 110).map((step) => ({ key: 'loss', step, value: 1 / step, time: 1000 * step })) });
    api.emit('run-progress', { progress, points: range(110, 120).map((step) => ({ key: 'loss', step, value: 1 / step, time: 1000 * step })) });
    await settle();

    expect(FakeChart.instances.length).toBe(created);
    expect(FakeChart.withKey('loss')).toBe(loss);
    expect(raw().data.map((p) => p.step)).toEqual(range(1, 120));
    // Two events, one throttled redraw, and nothing more however long we wait.
    expect(loss.updates).toBe(updates + 1);
    await vi.advanceTimersByTimeAsync(10 * THROTTLE_MS);
    expect(loss.updates).toBe(updates + 1);
    const smoothed = loss.data.datasets.find((d) => d._seriesId === '1:loss' && !d._raw)!;
    expect(smoothed.data).toHaveLength(120);
    // 2 runs × (raw + smoothed): run 1 has 120 points, run 2 its 100.
    expect(wrapper.get('[data-testid="loss-chart-wrap"]').attributes('data-points')).toBe(String(2 * 120 + 2 * 100));
    wrapper.unmount();
  });

  it('shows and hides a run\'s curves with its row checkbox', async () => {
    const { api } = setup();
    const { wrapper } = await mountWithApp(SweepView, api, { path: '/sweeps/1', props: { id: 1 } });
    await settle();
    const loss = FakeChart.withKey('loss')!;
    const valAcc = FakeChart.withKey('val_acc')!;
    expect(loss.seriesIds()).toEqual(['1:loss', '2:loss']);

    const box = wrapper.get('[data-testid="run-row"][data-run-id="2"] [data-testid="run-select"]');
    await box.setValue(false);
    await settle();
    expect(loss.seriesIds()).toEqual(['1:loss']);
    expect(valAcc.seriesIds()).toEqual(['1:val_acc']);

    await box.setValue(true);
    await settle();
    expect(loss.seriesIds()).toEqual(['1:loss', '2:loss']);
    // Still the same charts: selection rebuilds datasets, not charts.
    expect(FakeChart.withKey('loss')).toBe(loss);
    expect(wrapper.get('[data-testid="compare-selected"]').attributes('aria-disabled')).toBe('false');
    wrapper.unmount();
  });

  it('says how a sweep and its runs failed: the sweep\'s badge, "diverged" with the reason in the table', async () => {
    const error = 'diverged at step 812 (epoch 3): the loss became NaN; is the learning rate too large?';
    const runs = [
      runRecord({ id: 1, status: 'failed', params: { 'train.lr': 3 }, error, errorCode: 'DIVERGED' }),
      runRecord({ id: 2, status: 'failed', params: { 'train.lr': 1 }, error: 'the worker process was killed by SIGKILL before finishing', errorCode: 'WORKER_EXITED' }),
    ];
    const api = createFakeApi({ getSweep: () => detail(runs, 'failed'), metrics: () => [] });
    const { wrapper } = await mountWithApp(SweepView, api, { path: '/sweeps/1', props: { id: 1 } });
    await settle();
    const badge = wrapper.get('.page-header .badge');
    expect(badge.text()).toBe('failed');
    expect(badge.classes()).toContain('s-failed');
    const status = (id: number) => wrapper.get(`[data-testid="run-row"][data-run-id="${id}"] .badge`);
    expect(status(1).text()).toBe('diverged');
    expect(status(1).attributes('title')).toBe(error);
    expect(status(1).classes()).toContain('s-failed');
    expect(status(2).text()).toBe('crashed');
    // A failed sweep can be resumed.
    expect(wrapper.find('[data-testid="resume-sweep"]').exists()).toBe(true);
    wrapper.unmount();
  });
});
