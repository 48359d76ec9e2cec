// @vitest-environment happy-dom
/** The Workers view with a fake API: its empty states, the table with links to current runs, the refresh, and errors. */
import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WorkerView, WorkersView as View } from '../../src-renderer/src/shared';
import WorkersView from '../../src-renderer/src/views/WorkersView.vue';
import { createFakeApi, fail } from './fakeApi';
import { mountWithApp } from './mountHelpers';

function worker(over: Partial<WorkerView> & { name: string }): WorkerView {
  return {
    host: 'gpu-box', cores: 16, concurrency: 4, engines: ['scratch', 'tfjs'], backends: ['scratch/js', 'scratch/native', 'tfjs/wasm'], nativeOps: true,
    datasets: ['csv', 'iris'], since: Date.now() - 60_000, lastSeen: Date.now() - 2000, currentRuns: [], trialsDone: 0, ...over,
  };
}

async function mountWith(answers: (() => View)[]) {
  let i = 0;
  const api = createFakeApi({ listWorkers: () => answers[Math.min(i++, answers.length - 1)]() });
  const mounted = await mountWithApp(WorkersView, api, { path: '/workers' });
  await flushPromises();
  return { api, ...mounted };
}

describe('WorkersView', () => {
  afterEach(() => {
    vi.useRealTimers();
    document.body.innerHTML = '';
  });

  it('without a queue says trials run here, and points to Settings', async () => {
    const { wrapper } = await mountWith([() => ({ queue: null, workers: [] })]);
    const empty = wrapper.get('[data-testid="workers-no-queue"]');
    expect(empty.text()).toContain('Trials run on this machine');
    expect(empty.text()).toContain('set a queue in Settings');
    expect(empty.get('a').attributes('href')).toContain('/settings');
    wrapper.unmount();
  });

  it('with a queue and nobody on it, says how to start a worker on it', async () => {
    const { wrapper } = await mountWith([() => ({ queue: 'redis://:***@q:6379', workers: [] })]);
    expect(wrapper.get('[data-testid="workers-none"]').text()).toContain('sweeplab worker --queue redis://:***@q:6379');
    wrapper.unmount();
  });

  it('lists each worker: capacity, backends, current runs as links, heartbeat, trials done', async () => {
    const { wrapper } = await mountWith([
      () => ({ queue: 'redis://q:6379', workers: [worker({ name: 'box1', currentRuns: [12, 14], trialsDone: 7 }), worker({ name: 'box2', nativeOps: false, backends: ['scratch/js'], lastSeen: Date.now() - 9000 })] }),
    ]);
    expect(wrapper.get('[data-testid="workers-queue"]').text()).toContain('redis://q:6379');
    const box1 = wrapper.get('[data-testid="worker-box1"]');
    expect(box1.text()).toContain('gpu-box');
    expect(box1.text()).toContain('16 cores · 4 trials at once');
    expect(box1.text()).toContain('scratch/native');
    expect(box1.findAll('[data-testid="worker-runs"] a').map((a) => [a.text(), a.attributes('href')])).toEqual([['run 12', '/runs/12'], ['run 14', '/runs/14']]);
    expect(box1.get('[data-testid="worker-heartbeat"]').text()).toBe('2 s ago');
    expect(box1.get('[data-testid="worker-done"]').text()).toBe('7');
    const box2 = wrapper.get('[data-testid="worker-box2"]');
    expect(box2.get('[data-testid="worker-runs"]').text()).toBe('idle');
    expect(box2.text()).toContain('(no native ops)');
    expect(box2.get('[data-testid="worker-heartbeat"]').classes()).toContain('stale');
    wrapper.unmount();
  });

  it('asks again every few seconds, keeps the last list on a failure and says why, and stops when it goes', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { api, wrapper } = await mountWith([
      () => ({ queue: 'redis://q:6379', workers: [worker({ name: 'box1' })] }),
      () => {
        throw fail('UNAVAILABLE', 'cannot reach the queue redis://q:6379 within 3 s');
      },
      () => ({ queue: 'redis://q:6379', workers: [worker({ name: 'box1', currentRuns: [3] })] }),
    ]);
    expect(api.callsOf('listWorkers')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(3000);
    await flushPromises();
    expect(api.callsOf('listWorkers')).toHaveLength(2);
    expect(wrapper.get('[role="alert"]').text()).toContain('cannot reach the queue');
    expect(wrapper.find('[data-testid="worker-box1"]').exists()).toBe(true);
    await vi.advanceTimersByTimeAsync(3000);
    await flushPromises();
    expect(wrapper.find('[role="alert"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="worker-runs"]').text()).toBe('run 3');
    wrapper.unmount();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(api.callsOf('listWorkers')).toHaveLength(3);
  });
});
