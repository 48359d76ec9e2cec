/** The `frames` block: its limits, its refusals (said where and why), and its defaults per data set. */
import { describe, expect, it } from 'vitest';
import { framePlan } from '../../src-main/frames/config';
import { validateSweepConfig } from '../../src-main/sweep/configSchema';

const config = (dataset: Record<string, unknown>, frames: unknown) => ({
  name: 'f',
  dataset,
  model: { hidden: [8] },
  train: { epochs: 1, batchSize: 8, lr: 0.1 },
  frames,
});

function issues(dataset: Record<string, unknown>, frames: unknown) {
  const r = validateSweepConfig(config(dataset, frames));
  return r.ok ? [] : r.issues;
}

describe('frames config', () => {
  it('takes the block on two-feature and image data, and leaves `enabled` to the data when absent', () => {
    for (const name of ['moons', 'fashion-mnist-subset']) expect(issues({ name }, { enabled: true, count: 120, grid: 64, units: 8 })).toEqual([]);
    const r = validateSweepConfig(config({ name: 'iris' }, {}));
    expect(r.ok && r.config.frames).toEqual({});
  });

  it('refuses frames on a data set that has neither two features nor images, saying why', () => {
    expect(issues({ name: 'iris' }, { enabled: true })).toEqual([
      { path: 'frames.enabled', message: expect.stringMatching(/^cannot be true for iris: it has neither two features nor images, and frames draw .*moons.*Fashion-MNIST/) },
    ]);
    expect(issues({ name: 'iris' }, { enabled: false })).toEqual([]);
  });

  it('refuses values out of range, and unknown keys', () => {
    expect(issues({ name: 'moons' }, { count: 1, grid: 512, units: 65, fps: 3 })).toEqual(
      expect.arrayContaining([
        { path: 'frames.count', message: 'must be ≥ 2' },
        { path: 'frames.grid', message: 'must be ≤ 256' },
        { path: 'frames.units', message: 'must be ≤ 64' },
        { path: 'frames.fps', message: 'unknown key' },
      ]),
    );
    expect(issues({ name: 'moons' }, { count: 2.5 })).toEqual([{ path: 'frames.count', message: 'must be an integer from 2 to 300 (frames per run)' }]);
  });

  it('resolves per loaded data set: on for two features, opt-in for images, refused for a wide CSV', () => {
    expect(framePlan(undefined, { name: 'csv', features: 2 }, 16)).toEqual({ kind: 'plane', count: 60, grid: 96, units: 16, unitSize: 24 });
    expect(framePlan(undefined, { name: 'fashion-mnist', features: 784, image: { width: 28, height: 28 } }, 256)).toBeNull();
    expect(framePlan({ enabled: true }, { name: 'fashion-mnist', features: 784, image: { width: 28, height: 28 } }, 256)).toMatchObject({ kind: 'image', units: 64 });
    expect(framePlan(undefined, { name: 'csv', features: 5 }, 16)).toBeNull();
    expect(() => framePlan({ enabled: true }, { name: 'csv', features: 5 }, 16)).toThrow(/^frames\.enabled: cannot be true for csv: it has 5 features/);
  });
});
