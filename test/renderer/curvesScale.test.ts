// @vitest-environment happy-dom
/**
 * Curves at scale in the sweep view: "All" on 250 runs loads in batches the API accepts
 * (≤ 100 runs a call), with fewer points per run, draws every curve, lists every run in
 * a legend beside the chart, and a run hovered (in the table or on a chart) is
 * highlighted by a redraw, not an update. A diverged run is clipped, with a note and a
 * toggle. Chart.js is the fake one: what is drawn is what the app hands over.
 */
import { flushPromises } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { THROTTLE_MS } from '../../src-renderer/src/composables/useCurveChart';
import { METRICS_RUNS_PER_REQUEST } from '../../src-renderer/src/lib/curveChartModel';
import type { MetricSeries, RunRecord, SweepDetail } from '../../src-renderer/src/shared';
import { useSweepViewStore } from '../../src-renderer/src/stores/sweepView';
import SweepView from '../../src-renderer/src/views/SweepView.vue';
import { createFakeApi, fail, summary } from './fakeApi';
import { FakeChart, liveChartTestSetting } from './fakeChart';
import { mountWithApp } from './mountHelpers';
import { runRecord } from './records';

vi.mock('../../src-renderer/src/lib/chartSetup', async () => {
  const { FakeChart: Fake } = await import('./fakeChart');
  return { setupCharts: () => Fake };
});

const settle = async (rounds = 1) => {
  for (let i = 0; i < rounds; i++) {
    await flushPromises();
    await vi.advanceTimersByTimeAsync(THROTTLE_MS);
    await flushPromises();
  }
};

function detail(runs: RunRecord[]): SweepDetail {
  return {
    sweep: { id: 1, name: 'iris random', config: { description: '', dataset: { name: 'iris' }, engine: 'scratch', search: { strategy: 'random', params: { 'train.lr': { min: 0.001, max: 1 } } } } as unknown as SweepDetail['sweep']['config'], status: 'completed', createdAt: 0, startedAt: 0, finishedAt: 0, note: null, tags: [], starred: false },
    summary: summary({ id: 1, status: 'completed', trials: runs.length }),
    runs,
    sweptKeys: ['train.lr'],
    bestRunId: null,
    active: false,
  };
}

const steps = Array.from({ length: 14 }, (_, i) => i + 1);
/** Run `diverged` reaches a loss of 15; the others fall from about 1.1. */
const history = (runId: number, key: string, diverged: number | null): MetricSeries => ({
  runId,
  key,
  steps,
  values: steps.map((s) => (runId === diverged ? 15 : 1.1 / s + runId / 10_000)),
  times: steps.map((s) => 1000 * s),
});

function setup(n: number, diverged: number | null = null) {
  const runs = Array.from({ length: n }, (_, i) => runRecord({ id: i + 1, params: { 'train.lr': 0.001 * (i + 1) }, metrics: { val_acc: 0.5 + ((i * 37) % 50) / 100, val_loss: 0.5 } }));
  const api = createFakeApi({
    getSweep: () => detail(runs),
    tunerView: () => {
      throw fail('UNAVAILABLE', 'no tuner');
    },
    // The server's limit (schemas.ts): more runs in one call is a 400.
    metrics: ({ runIds, keys }) => {
      if (runIds.length > METRICS_RUNS_PER_REQUEST) throw fail('BAD_INPUT', 'metrics: runIds: at most 100 runs per request');
      return runIds.flatMap((id) => keys.map((k) => history(id, k, diverged)));
    },
  });
  return { api, runs };
}

describe('curves at scale', () => {
  liveChartTestSetting();

  it('"All" on 250 runs: batches of at most 100 runs, fewer points each, every curve drawn, no error', async () => {
    const { api } = setup(250);
    const { wrapper } = await mountWithApp(SweepView, api, { path: '/sweeps/1', props: { id: 1 } });
    await settle();
    const before = api.callsOf('metrics').length;
    await wrapper.get('[data-testid="show-all"]').trigger('click');
    await settle(12);

    const calls = api.callsOf('metrics') as { runIds: number[]; keys: string[]; maxPoints: number }[];
    expect(calls.length - before).toBeGreaterThanOrEqual(3 * 3);
    for (const c of calls) {
      expect(c.runIds.length).toBeLessThanOrEqual(METRICS_RUNS_PER_REQUEST);
      expect(c.keys).toHaveLength(1);
    }
    // 250 runs share a chart's point budget: 800 points each, not 2,000.
    for (const c of calls.slice(before)) expect(c.maxPoints).toBeLessThanOrEqual(800);
    // Every run's loss history asked for exactly once (the few shown by default, then the rest).
    const lossRuns = calls.filter((c) => c.keys[0] === 'loss').flatMap((c) => c.runIds);
    expect(new Set(lossRuns).size).toBe(250);
    expect(lossRuns).toHaveLength(250);

    // Past 40 lines the chart draws them itself (bulkCurves.ts): no Chart.js dataset each.
    const loss = FakeChart.instances.filter((c) => !c.destroyed)[0];
    expect(loss.data.datasets).toHaveLength(0);
    expect(wrapper.get('[data-testid="loss-chart-wrap"]').attributes('data-series')).toBe('250');
    expect(wrapper.get('[data-testid="epoch-val-acc-chart-wrap"]').attributes('data-series')).toBe('250');
    // The axes are given the lines' ranges, since Chart.js has nothing to fit them to.
    const x = (loss.options as { scales: { x: { min?: number; max?: number } } }).scales.x;
    expect([x.min, x.max]).toEqual([1, 14]);
    expect(wrapper.text()).not.toContain('Could not load the curves');
    expect(wrapper.find('[data-testid="loss-chart-progress"]').exists()).toBe(false);
    // The legend beside the chart lists the runs best ranked first, 50 at a time.
    const card = () => wrapper.get('[data-testid="loss-chart"]').element.closest('.chart-card')!;
    expect(card().querySelectorAll('[data-testid="chart-legend-item"]')).toHaveLength(50);
    const more = card().querySelector<HTMLButtonElement>('[data-testid="chart-legend-more"]')!;
    expect(more.textContent).toContain('+ 200 more');
    more.click();
    await flushPromises();
    expect(card().querySelectorAll('[data-testid="chart-legend-item"]')).toHaveLength(100);
    const first = card().querySelector('[data-testid="chart-legend-item"]')!.getAttribute('data-run-id');
    // Best ranked first: run 2 has val_acc 0.87, run 1 0.5.
    const rank = (id: string | null) => ((Number(id) - 1) * 37) % 50;
    expect(rank(first)).toBe(49);
    wrapper.unmount();
  });

  it('a run hovered in the table (the shared view state) is highlighted by a redraw; the pointer on a legend entry sets it', async () => {
    const { api } = setup(30);
    const { wrapper } = await mountWithApp(SweepView, api, { path: '/sweeps/1', props: { id: 1 } });
    await settle();
    await wrapper.get('[data-testid="show-all"]').trigger('click');
    await settle(4);
    const loss = FakeChart.withKey('loss')!;
    const [updates, draws] = [loss.updates, loss.draws];
    const state = useSweepViewStore().stateOf(1);
    state.hovered = 7;
    await flushPromises();
    expect(loss.draws).toBeGreaterThan(draws);
    expect(loss.updates).toBe(updates);

    const item = wrapper.get('[data-testid="loss-chart"]').element.closest('.chart-card')!.querySelector('[data-testid="chart-legend-item"][data-run-id="12"]')!;
    item.dispatchEvent(new Event('mouseenter'));
    await flushPromises();
    expect(state.hovered).toBe(12);
    expect(item.classList.contains('hovered')).toBe(true);
    wrapper.unmount();
  });

  it('one diverged run does not flatten the others: the y axis is clipped, says so, and shows all on request', async () => {
    const { api } = setup(30, 5);
    const { wrapper } = await mountWithApp(SweepView, api, { path: '/sweeps/1', props: { id: 1 } });
    await settle();
    await wrapper.get('[data-testid="show-all"]').trigger('click');
    await settle(4);
    const loss = FakeChart.withKey('loss')!;
    const y = () => (loss.options as { scales: { y: { max?: number } } }).scales.y;
    expect(y().max).toBeDefined();
    expect(y().max!).toBeLessThan(2);
    const note = wrapper.get('[data-testid="loss-chart-clip"]');
    expect(note.text()).toMatch(/y-axis clipped: 1 run above [\d.]+/);
    await note.get('button').trigger('click');
    await settle();
    expect(y().max).toBeUndefined();
    expect(wrapper.get('[data-testid="loss-chart-clip"]').text()).toContain('clip outliers');
    wrapper.unmount();
  });
});
