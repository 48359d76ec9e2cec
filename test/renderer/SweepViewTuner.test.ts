// @vitest-environment happy-dom
import { flushPromises as flushOnce } from '@vue/test-utils';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunRecord, SweepDetail, TunerView } from '../../src-renderer/src/shared';
import SweepView from '../../src-renderer/src/views/SweepView.vue';
import { createFakeApi, fail, summary, tunerTrial, tunerView } from './fakeApi';
import { FakeChart } from './fakeChart';
import { mountWithApp } from './mountHelpers';
import { runRecord } from './records';

vi.mock('../../src-renderer/src/lib/chartSetup', async () => {
  const { FakeChart: Fake } = await import('./fakeChart');
  return { setupCharts: () => Fake };
});

/** The tuner section mounts one task after the table (SweepView.vue): wait for it too. */
async function flushPromises(): Promise<void> {
  await flushOnce();
  await vi.advanceTimersByTimeAsync(0);
  await flushOnce();
}

function detail(runs: RunRecord[]): SweepDetail {
  return {
    sweep: { id: 1, name: 'tuned', config: { dataset: { name: 'iris' }, engine: 'scratch', search: { strategy: 'tpe', params: {} } } as unknown as SweepDetail['sweep']['config'], status: 'running', createdAt: 0, startedAt: 0, finishedAt: null, note: null, tags: [], starred: false },
    summary: summary({ id: 1, status: 'running', trials: runs.length }),
    runs,
    sweptKeys: ['train.lr'],
    bestRunId: null,
    active: true,
  };
}

describe('SweepView’s tuner section', () => {
  beforeAll(() => {
    HTMLCanvasElement.prototype.getContext = (() => ({})) as unknown as HTMLCanvasElement['getContext'];
  });
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
  afterEach(() => {
    vi.useRealTimers();
    document.body.innerHTML = '';
    FakeChart.instances = [];
  });

  it('shows the history and the rungs, and reloads them when a run finishes', async () => {
    let view: TunerView = tunerView({ trials: [tunerTrial({ trialIndex: 0, status: 'running', epochs: 1, finishedAt: null }), tunerTrial({ trialIndex: 1, status: 'queued', startedAt: null, finishedAt: null })] });
    const api = createFakeApi({ getSweep: () => detail([runRecord({ id: 1, status: 'running' }), runRecord({ id: 2, status: 'queued' })]), tunerView: () => view });
    const { wrapper } = await mountWithApp(SweepView, api, { path: '/sweeps/1', props: { id: 1 } });
    await flushPromises();
    expect(api.callsOf('tunerView')).toEqual([{ sweepId: 1 }]);
    expect(wrapper.get('[data-testid="tuner-summary"]').text()).toBe('tpe · maximize val_acc · asha (min 1 epoch, η = 3) · 0 of 100 epochs · < 1 s trained');
    expect(wrapper.get('[data-testid="history-empty"]').text()).toContain('No trial has finished yet');
    expect(wrapper.findAll('[data-testid="rung-count"]')[0].text()).toBe('rung 1: 1 trial reached, 0 promoted');

    view = tunerView({
      spent: { epochs: 4, minutes: 1 },
      trials: [tunerTrial({ trialIndex: 0, status: 'pruned', value: 0.7, bestSoFar: 0.7, epochs: 1 }), tunerTrial({ trialIndex: 1, status: 'completed', value: 0.9, bestSoFar: 0.9, epochs: 3 })],
    });
    api.emit('run-finished', { sweepId: 1, runId: 1, status: 'pruned', error: 'stopped at epoch 1', errorCode: 'PRUNED' });
    await vi.advanceTimersByTimeAsync(1500);
    await flushPromises();
    expect(api.callsOf('tunerView').length).toBeGreaterThan(1);
    expect(wrapper.get('[data-testid="optimization-history"]').attributes('data-points')).toBe('2');
    expect(wrapper.findAll('[data-testid="rung-count"]').map((c) => c.text())).toEqual(['rung 1: 2 trials reached, 1 promoted', 'rung 3: 1 trial reached, 0 promoted', 'rung 9: 0 trials reached (the last epoch)']);
    expect(wrapper.get('[data-testid="tuner-summary"]').text()).toContain('4 of 100 epochs');
  });

  it('leaves the rung view out for a sweep without a halving pruner or pruned runs', async () => {
    const api = createFakeApi({
      getSweep: () => detail([runRecord({ id: 1 })]),
      tunerView: () => tunerView({ strategy: 'grid', pruner: null, rungs: [], budget: null, trials: [tunerTrial({ trialIndex: 0, value: 0.9, bestSoFar: 0.9, epochs: 5 })] }),
    });
    const { wrapper } = await mountWithApp(SweepView, api, { path: '/sweeps/1', props: { id: 1 } });
    await flushPromises();
    expect(wrapper.find('[data-testid="optimization-history"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="rung-view"]').exists()).toBe(false);
  });

  it('says when the tuner’s view cannot be loaded, and has no section where the server lacks it', async () => {
    const api = createFakeApi({ getSweep: () => detail([runRecord({ id: 1 })]), tunerView: () => { throw fail('INTERNAL', 'disk on fire'); } });
    const { wrapper } = await mountWithApp(SweepView, api, { path: '/sweeps/1', props: { id: 1 } });
    await flushPromises();
    expect(wrapper.get('[data-testid="tuner-section"]').text()).toContain('disk on fire');

    const older = createFakeApi({ getSweep: () => detail([runRecord({ id: 1 })]) });
    const again = await mountWithApp(SweepView, older, { path: '/sweeps/1', props: { id: 1 } });
    await flushPromises();
    expect(again.wrapper.find('[data-testid="tuner-section"]').exists()).toBe(false);
  });
});
