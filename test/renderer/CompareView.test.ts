// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { chartColors } from '../../src-renderer/src/lib/chartRuns';
import { curveStyle } from '../../src-renderer/src/shared';
import CompareView from '../../src-renderer/src/views/CompareView.vue';
import { createFakeApi, fail } from './fakeApi';
import { mountWithApp } from './mountHelpers';
import { runDetail, runRecord } from './records';

vi.mock('../../src-renderer/src/lib/chartSetup', async () => {
  const { FakeChart } = await import('./fakeChart');
  return { setupCharts: () => FakeChart };
});
const { FakeChart } = await import('./fakeChart');

const config = (lr: number, hidden: number[]) => ({ ...runRecord({ id: 0 }).config, train: { ...runRecord({ id: 0 }).config.train, lr }, model: { hidden, activation: 'relu' } });
const runs = [
  runRecord({ id: 1, config: config(0.1, [10]) as never, metrics: { val_acc: 0.8, val_loss: 0.5, test_acc: 0.9 } }),
  runRecord({ id: 2, config: config(0.01, [10]) as never, metrics: { val_acc: 0.9, val_loss: 0.4, test_acc: 0.7 } }),
  runRecord({ id: 3, config: config(0.01, [10, 5]) as never, status: 'failed', metrics: { val_acc: 0.99 } }),
];

function api() {
  return createFakeApi({
    getRun: ({ id }) => {
      const r = runs.find((x) => x.id === id);
      if (!r) throw fail('NOT_FOUND', `no run with id ${id}`);
      return runDetail(r, ['train.lr']);
    },
    metrics: () => [],
    listSweeps: () => [],
  });
}

describe('CompareView', () => {
  beforeAll(() => {
    HTMLCanvasElement.prototype.getContext = (() => ({})) as unknown as HTMLCanvasElement['getContext'];
  });
  afterEach(() => (document.body.innerHTML = ''));

  it.each([
    [[], /Pick 2 to 4 runs/],
    [[1], /at least 2 runs; only run 1/],
    [[1, 2, 3, 4, 5], /at most 4 runs.*5 are chosen\. Remove 1/],
  ])('refuses %j with a clear message and compares nothing', async (ids, message) => {
    const fake = api();
    const { wrapper } = await mountWithApp(CompareView, fake, { path: '/compare', props: { runIds: ids } });
    await flushPromises();
    expect(wrapper.get('[data-testid="compare-message"]').text()).toMatch(message);
    expect(wrapper.find('[data-testid="param-diff"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="compare-metrics"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="loss-chart"]').exists()).toBe(false);
    // Each chosen run can still be removed, and the picker is there to add one.
    expect(wrapper.findAll('[data-testid="compare-remove"]')).toHaveLength(ids.length);
    expect(wrapper.find('[data-testid="compare-pick-run"]').exists()).toBe(true);
    wrapper.unmount();
  });

  it('diffs the settings and marks the best result per row among completed runs', async () => {
    const fake = api();
    const { wrapper } = await mountWithApp(CompareView, fake, { path: '/compare?runs=1,2,3', props: { runIds: [1, 2, 3] } });
    await flushPromises();
    expect(wrapper.find('[data-testid="compare-message"]').exists()).toBe(false);
    const differing = wrapper.findAll('[data-testid="param-diff"] [data-differs="true"]').map((r) => r.attributes('data-key'));
    expect(differing).toEqual(['model.hidden', 'train.lr']);
    expect(wrapper.findAll('[data-testid="param-diff"] [data-differs="false"]').length).toBeGreaterThan(5);

    const best = (key: string) =>
      wrapper
        .get(`[data-testid="compare-metrics"] [data-key="${key}"]`)
        .findAll('td')
        .map((td) => td.attributes('data-best') === 'true');
    // Run 3 failed: its 0.99 is not a result. Run 2 has the best validation accuracy…
    expect(best('val_acc')).toEqual([false, true, false]);
    // …and run 1 the best test accuracy; lower is better for losses.
    expect(best('test_acc')).toEqual([true, false, false]);
    expect(best('val_loss')).toEqual([false, true, false]);
    wrapper.unmount();
  });

  it('shows a run that cannot be loaded where it is missing', async () => {
    const fake = api();
    const { wrapper } = await mountWithApp(CompareView, fake, { path: '/compare?runs=1,9', props: { runIds: [1, 9] } });
    await flushPromises();
    expect(wrapper.text()).toContain('Run 9: no run with id 9');
    wrapper.unmount();
  });

  it('colours each run by its rank on validation among the compared runs, as the sweep view colours the same runs: chip, result column and curve agree', async () => {
    const fake = api();
    // Run 9 cannot be loaded; run 2 (val_acc 0.9) ranks above run 1 (0.8): the first colour.
    const { wrapper } = await mountWithApp(CompareView, fake, { path: '/compare?runs=1,9,2', props: { runIds: [1, 9, 2] } });
    await flushPromises();
    const stroke = (el: ReturnType<typeof wrapper.get>) => el.get('svg line').attributes('stroke');
    const third = curveStyle(0).color;
    // The sweep view, charting runs 1 and 2 of their sweep (and not 3), gives them the same colours.
    const inSweep = chartColors(runs, [1, 2]);
    expect(curveStyle(inSweep.get(2)!).color).toBe(third);
    expect(curveStyle(inSweep.get(1)!).color).toBe(curveStyle(1).color);
    expect(stroke(wrapper.get('[data-testid="compare-runs"] [data-run-id="1"]'))).toBe(curveStyle(1).color);
    expect(stroke(wrapper.get('[data-testid="compare-runs"] [data-run-id="2"]'))).toBe(third);
    expect(stroke(wrapper.findAll('[data-testid="compare-metrics"] thead th')[2])).toBe(third);
    await vi.waitFor(() => expect(FakeChart.withKey('loss')).toBeDefined());
    const curve = FakeChart.withKey('loss')!.data.datasets.find((d) => d._seriesId === '2:loss' && !d._raw)!;
    expect(curve.borderColor).toBe(third);
    wrapper.unmount();
    FakeChart.instances = [];
  });
});
