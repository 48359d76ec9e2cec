// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import OptimizationHistory from '../../src-renderer/src/components/sweep/OptimizationHistory.vue';
import { tunerTrial, tunerView } from './fakeApi';
import { FakeChart } from './fakeChart';

vi.mock('../../src-renderer/src/lib/chartSetup', async () => {
  const { FakeChart: Fake } = await import('./fakeChart');
  return { setupCharts: () => Fake };
});

const TOKENS = path.resolve(import.meta.dirname, '../../src-renderer/src/styles/tokens.css');

type Opts = {
  data: { datasets: { _seriesId: string; label: string; data: { x: number; y: number }[]; borderColor: string; pointStyle?: string; stepped?: unknown }[] };
  options: { scales: { x: { title: { text: string } }; y: { title: { text: string } } }; plugins: { tooltip: { callbacks: { label(item: unknown): string[]; title(items: unknown[]): string } } } };
};
const drawn = () => {
  const live = FakeChart.instances.filter((c) => !c.destroyed);
  expect(live).toHaveLength(1);
  return live[0] as unknown as Opts;
};

const view = tunerView({
  trials: [
    tunerTrial({ trialIndex: 0, status: 'completed', value: 0.8, bestSoFar: 0.8, epochs: 9 }),
    tunerTrial({ trialIndex: 1, status: 'pruned', value: 0.6, bestSoFar: 0.8, epochs: 1, note: 'stopped at epoch 1: val_acc 0.6 is not in the top 1 of 3 runs at rung 1' }),
    tunerTrial({ trialIndex: 2, status: 'failed', value: 0.3, bestSoFar: 0.8, epochs: 1 }),
    tunerTrial({ trialIndex: 3, status: 'completed', value: 0.9, bestSoFar: 0.9, epochs: 9 }),
  ],
});

describe('OptimizationHistory', () => {
  beforeAll(() => {
    HTMLCanvasElement.prototype.getContext = (() => ({})) as unknown as HTMLCanvasElement['getContext'];
  });
  afterEach(() => {
    document.body.innerHTML = '';
    FakeChart.instances = [];
  });

  it('says so when no trial has finished yet, drawing nothing', async () => {
    const w = mount(OptimizationHistory, { props: { view: tunerView({ trials: [tunerTrial({ trialIndex: 0, status: 'running', value: 0.5, finishedAt: null })] }) }, attachTo: document.body });
    await flushPromises();
    expect(w.get('[data-testid="history-empty"]').text()).toContain('No trial has finished yet');
    expect(w.find('canvas').exists()).toBe(false);
    expect(FakeChart.instances).toHaveLength(0);
  });

  it('colours points by status as the badges are, with the best so far as a step line', async () => {
    // The app's own tokens, overridden so the colour cannot be a fallback by chance.
    const style = document.createElement('style');
    style.textContent = `${readFileSync(TOKENS, 'utf8')}\n:root { --c-pruned: #123456; }`;
    document.head.append(style);
    const w = mount(OptimizationHistory, { props: { view }, attachTo: document.body });
    await flushPromises();
    expect(w.get('[data-testid="optimization-history"]').attributes('data-points')).toBe('4');
    const chart = drawn();
    const byId = Object.fromEntries(chart.data.datasets.map((d) => [d._seriesId, d]));
    expect(Object.keys(byId)).toEqual(['tuner:completed', 'tuner:pruned', 'tuner:failed', 'tuner:best']);
    expect(byId['tuner:pruned'].borderColor).toBe('#123456');
    expect(byId['tuner:pruned'].pointStyle).toBe('triangle');
    expect(byId['tuner:completed'].borderColor).not.toBe(byId['tuner:pruned'].borderColor);
    expect(byId['tuner:failed'].borderColor).not.toBe(byId['tuner:completed'].borderColor);
    expect(byId['tuner:pruned'].data.map((p) => [p.x, p.y])).toEqual([[1, 0.6]]);
    expect(byId['tuner:best'].stepped).toBe('before');
    expect(byId['tuner:best'].data.map((p) => p.y)).toEqual([0.8, 0.8, 0.9]);
    expect(chart.options.scales.y.title.text).toBe('val_acc (maximize)');
    expect(chart.options.scales.x.title.text).toBe('Trial');
    expect(byId['tuner:completed'].borderColor).toBe('#1b7a2e');
    style.remove();
  });

  it('tells a point’s parameters and prune reason in its tooltip', async () => {
    mount(OptimizationHistory, { props: { view }, attachTo: document.body });
    await flushPromises();
    const chart = drawn();
    const raw = chart.data.datasets.find((d) => d._seriesId === 'tuner:pruned')!.data[0];
    const { title, label } = chart.options.plugins.tooltip.callbacks;
    expect(title([{ raw }])).toBe('Trial 1 (run 2) · pruned');
    expect(label({ raw })).toEqual(['val_acc 0.6000 after 1 epoch', 'train.lr=0.02', 'stopped at epoch 1: val_acc 0.6 is not in the top 1 of 3 runs at rung 1']);
  });

  it('switches the x axis to wall time, and redraws when the view refreshes', async () => {
    const w = mount(OptimizationHistory, { props: { view }, attachTo: document.body });
    await flushPromises();
    await w.get('[data-testid="history-x-time"]').setValue(true);
    await flushPromises();
    expect(drawn().options.scales.x.title.text).toBe('Minutes since the sweep started');
    expect(drawn().data.datasets[0].data.map((p) => p.x)).toEqual([0.5, 3.5]);

    await w.setProps({ view: { ...view, trials: [...view.trials, tunerTrial({ trialIndex: 4, status: 'pruned', value: 0.7, epochs: 3 })] } });
    await flushPromises();
    expect(w.get('[data-testid="optimization-history"]').attributes('data-points')).toBe('5');
    expect(drawn().data.datasets.find((d) => d._seriesId === 'tuner:pruned')!.data).toHaveLength(2);
  });
});
