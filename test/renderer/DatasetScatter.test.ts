// @vitest-environment happy-dom
/** The data-set view of a generated set: its options, and the scatter plot Chart.js is handed. */
import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DatasetInfo, DatasetSamples, Req } from '../../src-renderer/src/shared';
import { PALETTE } from '../../src-renderer/src/shared';
import DatasetView from '../../src-renderer/src/views/DatasetView.vue';
import { createFakeApi } from './fakeApi';
import { mountWithApp } from './mountHelpers';

vi.mock('../../src-renderer/src/lib/chartSetup', async () => {
  const { FakeChart } = await import('./fakeChart');
  return { setupCharts: () => FakeChart };
});
const { FakeChart } = await import('./fakeChart');

const moons: DatasetInfo = { name: 'moons', title: 'Two moons (generated)', kind: 'generated', description: 'two interleaved half circles', available: true, location: null, counts: { rows: 400 }, classes: ['upper moon', 'lower moon'] };
const blobs: DatasetInfo = { ...moons, name: 'blobs', title: 'Gaussian blobs (generated)', classes: ['blob 0', 'blob 1', 'blob 2'] };

/** A server answer: a few points per class on a plane twice as wide as high. */
function answer(req: Req<'datasetSamples'>): DatasetSamples {
  const classes = req.name === 'blobs' ? ['blob 0', 'blob 1', 'blob 2'] : ['upper moon', 'lower moon'];
  const labels = [0, 1, 0, 1, 1];
  return {
    name: req.name,
    classes,
    images: null,
    labels: [],
    classCounts: [2, 3],
    featureNames: ['x', 'y'],
    rows: [],
    source: 'generated',
    scatter: { featureNames: ['x', 'y'], points: [[0, 1], [1, 0], [-1, 0.5], [2, -0.5], [1.5, 0]], labels, total: 5, plane: { x: [-1.3, 2.3], y: [-0.7, 1.1] } },
    toy: { samples: req.toy?.samples ?? 400, noise: req.toy?.noise ?? 0.1, classes: classes.length, seed: req.toy?.seed ?? 0 },
  };
}

describe('DatasetView: a generated two-dimensional set', () => {
  beforeAll(() => {
    HTMLCanvasElement.prototype.getContext = (() => ({})) as unknown as HTMLCanvasElement['getContext'];
  });
  afterEach(() => {
    document.body.innerHTML = '';
    FakeChart.instances = [];
  });

  it('draws one scatter series per class, in palette colours, on the plane, and regenerates with new options', async () => {
    const api = createFakeApi({ listDatasets: () => [moons, blobs], datasetSamples: answer });
    const { wrapper } = await mountWithApp(DatasetView, api, { path: '/datasets/moons', props: { name: 'moons' } });
    await flushPromises();
    expect(api.callsOf('datasetSamples')).toEqual([{ name: 'moons', count: 12, seed: 0, toy: { samples: 400, noise: 0.1, classes: 2, seed: 0 } }]);

    const scatter = FakeChart.instances.find((c) => (c.options as { scales?: { x?: { min?: number } } }).scales?.x?.min === -1.3)!;
    expect(scatter).toBeDefined();
    const series = scatter.data.datasets as unknown as { label: string; data: { x: number; y: number }[]; borderColor: string }[];
    expect(series.map((s) => s.label)).toEqual(['upper moon', 'lower moon']);
    expect(series[0].data).toEqual([{ x: 0, y: 1 }, { x: -1, y: 0.5 }]);
    expect(series[1].data).toHaveLength(3);
    expect(series.map((s) => s.borderColor)).toEqual([PALETTE[0], PALETTE[1]]);
    const options = scatter.options as { aspectRatio: number; scales: { x: { max: number }; y: { min: number; max: number } }; plugins: { legend: { display: boolean } } };
    expect(options.scales.x.max).toBe(2.3);
    expect([options.scales.y.min, options.scales.y.max]).toEqual([-0.7, 1.1]);
    expect(options.aspectRatio).toBeCloseTo(3.6 / 1.8, 10);
    expect(options.plugins.legend.display).toBe(true);
    expect(wrapper.find('[data-testid="dataset-scatter"] canvas').attributes('aria-label')).toContain('upper moon 2, lower moon 3');
    expect(wrapper.find('[data-testid="toy-summary"]').text()).toBe('Generated: 400 samples, noise 0.1, 2 classes, seed 0');
    expect(wrapper.find('[data-testid="toy-classes"]').exists()).toBe(false);

    await wrapper.find('[data-testid="toy-noise"]').setValue('0.3');
    await wrapper.find('[data-testid="toy-seed"]').setValue('4');
    await wrapper.find('[data-testid="toy-options"]').trigger('submit');
    await flushPromises();
    expect(api.callsOf('datasetSamples').at(-1)).toEqual({ name: 'moons', count: 12, seed: 0, toy: { samples: 400, noise: 0.3, classes: 2, seed: 4 } });
    expect(wrapper.find('[data-testid="toy-summary"]').text()).toContain('noise 0.3');
  });

  it('has Chart.js’s scatter controller registered by the real chart setup', async () => {
    const { setupCharts } = await vi.importActual<typeof import('../../src-renderer/src/lib/chartSetup')>('../../src-renderer/src/lib/chartSetup');
    expect(() => setupCharts().registry.getController('scatter')).not.toThrow();
  });

  it('refuses a bad option with the field named, without asking the server', async () => {
    const api = createFakeApi({ listDatasets: () => [moons, blobs], datasetSamples: answer });
    const { wrapper } = await mountWithApp(DatasetView, api, { path: '/datasets/blobs', props: { name: 'blobs' } });
    await flushPromises();
    const before = api.callsOf('datasetSamples').length;
    await wrapper.find('[data-testid="toy-classes"]').setValue('7');
    await wrapper.find('[data-testid="toy-samples"]').setValue('5');
    await wrapper.find('[data-testid="toy-options"]').trigger('submit');
    await flushPromises();
    const errors = wrapper.findAll('[data-testid="toy-options"] [data-testid="field-error"]').map((e) => e.text());
    expect(errors).toContain('samples: must be ≥ 20');
    expect(errors.some((e) => e.startsWith('classes: must be an integer from 2 to 5'))).toBe(true);
    expect(api.callsOf('datasetSamples')).toHaveLength(before);
  });
});
