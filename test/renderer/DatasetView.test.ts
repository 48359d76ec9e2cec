// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import type { DatasetInfo } from '../../src-renderer/src/shared';
import DatasetView from '../../src-renderer/src/views/DatasetView.vue';
import { createFakeApi } from './fakeApi';
import { mountWithApp } from './mountHelpers';

const fashion = (available: boolean): DatasetInfo => ({ name: 'fashion-mnist', title: 'Fashion-MNIST', kind: 'image', available, location: available ? '/data' : null, counts: null, classes: null });

describe('DatasetView', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('downloads a missing Fashion-MNIST with a progress bar per file, then shows samples', async () => {
    let installed = false;
    let finish!: () => void;
    const api = createFakeApi({
      listDatasets: () => [fashion(installed)],
      fetchDataset: () => new Promise((resolve) => (finish = () => ((installed = true), resolve({ dir: '/data' })))),
      datasetSamples: ({ count }) => ({
        name: 'fashion-mnist',
        classes: ['T-shirt/top', 'Trouser'],
        images: { width: 2, height: 2, count, pixelsBase64: btoa(String.fromCharCode(...new Array(4 * count).fill(128))) },
        labels: Array.from({ length: count }, (_, i) => i % 2),
        classCounts: [30, 30],
        featureNames: null,
        rows: null,
        source: '/data',
      }),
    });
    const { wrapper } = await mountWithApp(DatasetView, api, { path: '/datasets/fashion-mnist', props: { name: 'fashion-mnist' } });
    await flushPromises();
    expect(api.callsOf('datasetSamples')).toEqual([]);

    await wrapper.find('[data-testid="download-dataset"]').trigger('click');
    expect(wrapper.find('[data-testid="download-dataset"]').attributes('disabled')).toBeDefined();
    api.emit('dataset-progress', { name: 'fashion-mnist', file: 'train-images-idx3-ubyte.gz', received: 13 * 1024 * 1024, total: 26 * 1024 * 1024, fileIndex: 0, files: 4, done: false, error: null });
    await flushPromises();
    const bar = wrapper.find('[data-testid="download-progress"]');
    expect(bar.find('[role="progressbar"]').attributes('aria-valuenow')).toBe(String(13 * 1024 * 1024));
    expect(bar.text()).toContain('13 MB / 26 MB');

    finish();
    await flushPromises();
    expect(wrapper.find('[data-testid="download-dataset"]').exists()).toBe(false);
    expect(api.callsOf('datasetSamples')).toEqual([{ name: 'fashion-mnist', count: 9, seed: 0 }]);
    expect(wrapper.find('[data-testid="dataset-grid"]').exists()).toBe(true);

    await wrapper.find('[data-testid="grid-size"]').setValue('4');
    await flushPromises();
    expect(api.callsOf('datasetSamples').at(-1)).toMatchObject({ count: 16 });
  });
});
