// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunRecord } from '../../src-renderer/src/shared';
import RunView from '../../src-renderer/src/views/RunView.vue';
import { createFakeApi, fail } from './fakeApi';
import { mountWithApp } from './mountHelpers';
import { runDetail, runRecord } from './records';

vi.mock('../../src-renderer/src/lib/chartSetup', async () => {
  const { FakeChart } = await import('./fakeChart');
  return { setupCharts: () => FakeChart };
});

function apiFor(run: RunRecord) {
  const detail = { ...runDetail(run, ['train.lr']), artifacts: [
    { id: 1, runId: run.id, kind: 'model', path: `run-${run.id}/model.json`, bytes: 1600, createdAt: 0 },
    { id: 2, runId: run.id, kind: 'weights', path: `run-${run.id}/weights.bin`, bytes: 332, createdAt: 0 },
  ] };
  return createFakeApi({
    getRun: () => detail,
    metrics: () => [],
    runFrames: () => ({ runId: run.id, kind: null, plannedSteps: null, frames: [] }),
    datasetSamples: () => ({ name: 'iris', classes: ['setosa', 'versicolor'], images: null, labels: [0, 1], classCounts: [50, 50], featureNames: ['a', 'b'], rows: [[1, 2], [3, 4]], source: 'iris.csv' }),
    runPredictions: () => ({ runId: run.id, classes: ['setosa', 'versicolor'], images: null, labels: [0, 1, 1], predicted: [0, 0, 1], confusion: [[1, 0], [1, 1]], accuracy: 2 / 3 }),
    runArtifact: ({ path }) => ({ filename: path.split('/').pop()!, mime: 'application/octet-stream', base64: btoa('data') }),
    saveFile: ({ suggestedName }) => ({ saved: true, path: `/home/me/${suggestedName}` }),
  });
}

describe('RunView', () => {
  beforeAll(() => {
    HTMLCanvasElement.prototype.getContext = (() => null) as unknown as HTMLCanvasElement['getContext'];
  });
  afterEach(() => (document.body.innerHTML = ''));

  it('shows a failed run\'s error first, and asks for no predictions', async () => {
    const api = apiFor(runRecord({ id: 4, status: 'failed', error: 'loss diverged (NaN) at step 12' }));
    const { wrapper } = await mountWithApp(RunView, api, { path: '/runs/4', props: { id: 4 } });
    await flushPromises();
    const alert = wrapper.get('[data-testid="run-error"]');
    expect(alert.attributes('role')).toBe('alert');
    expect(alert.text()).toContain('loss diverged (NaN) at step 12');
    // No code recorded (an older run): a plain failure.
    expect(alert.get('strong').text()).toBe('This run failed.');
    expect(api.callsOf('runPredictions')).toEqual([]);
    expect(wrapper.get('[data-testid="predictions-unavailable"]').text()).toContain('failed');
    wrapper.unmount();
  });

  it('says which machine trained the run: the queue worker (a link to the workers) or this machine', async () => {
    for (const [worker, text] of [['box1', 'box1'], [null, 'this machine']] as const) {
      const api = apiFor(runRecord({ id: 5, status: 'completed', worker }));
      const { wrapper } = await mountWithApp(RunView, api, { path: '/runs/5', props: { id: 5 } });
      await flushPromises();
      const cell = wrapper.get('[data-testid="run-worker"]');
      expect(cell.text()).toBe(text);
      expect(cell.find('a').exists()).toBe(worker !== null);
      wrapper.unmount();
    }
  });

  it('says a run diverged, with where and why, instead of a bare failure', async () => {
    const error = 'diverged at step 812 (epoch 3): the loss became NaN; is the learning rate too large?';
    const api = apiFor(runRecord({ id: 7, status: 'failed', error, errorCode: 'DIVERGED' }));
    const { wrapper } = await mountWithApp(RunView, api, { path: '/runs/7', props: { id: 7 } });
    await flushPromises();
    const alert = wrapper.get('[data-testid="run-error"]');
    expect(alert.get('strong').text()).toMatch(/^This run diverged/);
    expect(alert.get('pre').text()).toBe(error);
    expect(wrapper.get('.page-header .badge').text()).toBe('diverged');
    wrapper.unmount();
  });

  it('shows a pruned run\'s reason as a neutral note, not as an error', async () => {
    const reason = 'stopped at epoch 3: val_acc 0.71 below the median 0.80 of 6 trials';
    const api = apiFor(runRecord({ id: 8, status: 'pruned', error: reason, errorCode: 'PRUNED' }));
    const { wrapper } = await mountWithApp(RunView, api, { path: '/runs/8', props: { id: 8 } });
    await flushPromises();
    expect(wrapper.find('[data-testid="run-error"]').exists()).toBe(false);
    expect(wrapper.find('[role="alert"]').exists()).toBe(false);
    const note = wrapper.get('[data-testid="run-pruned"]');
    expect(note.attributes('role')).toBe('note');
    expect(note.classes()).toContain('alert-info');
    expect(note.text()).toContain(reason);
    expect(wrapper.get('.page-header .badge').text()).toBe('pruned');
    wrapper.unmount();
  });

  it('smooths the loss over about one epoch of the run, as the sweep view does (7 steps an epoch → 0.75)', async () => {
    const api = apiFor(runRecord({ id: 6, status: 'completed' }));
    const { wrapper } = await mountWithApp(RunView, api, { path: '/runs/6', props: { id: 6 } });
    await flushPromises();
    expect(wrapper.get('[data-testid="smoothing"]').attributes('aria-valuetext')).toBe('0.75, automatic');
    wrapper.unmount();
  });

  it('lists tabular predictions with misclassified rows marked, and downloads every weights file', async () => {
    const api = apiFor(runRecord({ id: 5, status: 'completed', params: { 'train.lr': 0.1 } }));
    const { wrapper } = await mountWithApp(RunView, api, { path: '/runs/5', props: { id: 5 } });
    await flushPromises();
    const rows = wrapper.findAll('[data-testid="run-predictions-grid"] tbody tr');
    expect(rows.map((r) => r.classes('miss'))).toEqual([false, true, false]);
    expect(wrapper.get('[data-testid="run-sample-grid"]').text()).toContain('setosa');

    await wrapper.get('[data-testid="download-weights"]').trigger('click');
    await flushPromises();
    expect(api.callsOf('runArtifact')).toEqual([{ id: 5, path: 'run-5/model.json' }, { id: 5, path: 'run-5/weights.bin' }]);
    expect((api.callsOf('saveFile') as { suggestedName: string }[]).map((c) => c.suggestedName)).toEqual(['sweep-1-run-5-model.json', 'sweep-1-run-5-weights.bin']);
    wrapper.unmount();
  });

  it('shows why predictions could not be computed, with a retry', async () => {
    const api = apiFor(runRecord({ id: 6, status: 'completed' }));
    api.handlers.runPredictions = () => {
      throw fail('NOT_FOUND', 'the weights of run 6 are missing');
    };
    const { wrapper } = await mountWithApp(RunView, api, { path: '/runs/6', props: { id: 6 } });
    await flushPromises();
    expect(wrapper.text()).toContain('Could not compute the predictions: the weights of run 6 are missing');
    wrapper.unmount();
  });
});
