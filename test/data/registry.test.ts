import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src-main/data/errors';
import { DEBIAN_DIR, FASHION_MNIST_FILES } from '../../src-main/data/fashionMnist';
import { type DatasetConfig, listDatasets, loadDataset } from '../../src-main/data/registry';
import type { Split } from '../../src-main/data/types';

const tabular = (over: Partial<DatasetConfig> = {}): DatasetConfig => ({
  name: 'iris',
  split: { train: 0.7, val: 0.1, test: 0.2 },
  seed: 0,
  standardize: true,
  ...over,
});
const images = (name: 'fashion-mnist' | 'fashion-mnist-subset'): DatasetConfig => ({ name, split: { train: 0.9, val: 0.1 }, seed: 0, standardize: true });

/** A context that sees no Fashion-MNIST anywhere: empty data folder, empty home, no system folders. */
function nowhere() {
  const root = mkdtempSync(path.join(os.tmpdir(), 'sweeplab-registry-'));
  return { root, ctx: { dataDir: path.join(root, 'data'), env: { SWEEPLAB_HOME: path.join(root, 'home') }, systemDirs: [] } };
}

const perClass = (s: Split, k: number) => Array.from({ length: k }, (_, c) => s.y.filter((l) => l === c).length);
const columnStats = (s: Split, f: number, features: number) => {
  const v = Array.from({ length: s.n }, (_, i) => s.x[i * features + f]);
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  return { mean, std: Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length) };
};

describe('loadDataset: tabular', () => {
  it('loads Iris as 105/15/30 float64 rows, standardised on the training split', async () => {
    const d = await loadDataset(tabular());
    expect([d.train.n, d.val.n, d.test.n]).toEqual([105, 15, 30]);
    expect(perClass(d.test, 3)).toEqual([10, 10, 10]);
    expect(d.train.x).toBeInstanceOf(Float64Array);
    expect(d.features).toBe(4);
    expect(d.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(d.source).toMatch(/resources[/\\]datasets[/\\]iris\.csv$/);
    for (let f = 0; f < 4; f++) {
      const { mean, std } = columnStats(d.train, f, 4);
      expect(mean).toBeCloseTo(0, 10);
      expect(std).toBeCloseTo(1, 10);
    }
    expect(d.standardization?.mean).toHaveLength(4);
    const raw = await loadDataset(tabular({ standardize: false }));
    expect(raw.train.x[0]).toBeGreaterThan(4); // a sepal length in cm, untouched
    expect(raw.standardization).toBeUndefined();
  });

  it('loads a CSV relative to the config folder, with a label column by name', async () => {
    const { root } = nowhere();
    const rows = Array.from({ length: 20 }, (_, i) => `${i % 2 ? 'b' : 'a'},${i},${i * i}`);
    writeFileSync(path.join(root, 'small.csv'), ['kind,u,v', ...rows].join('\n'));
    const d = await loadDataset(tabular({ name: 'csv', path: 'small.csv', label: 'kind', split: { train: 0.5, val: 0.25, test: 0.25 } }), { configDir: root });
    expect(d.name).toBe('csv');
    expect(d.featureNames).toEqual(['u', 'v']);
    expect([d.train.n, d.val.n, d.test.n]).toEqual([10, 5, 5]);
    expect(d.source).toBe(path.join(root, 'small.csv'));
  });

  it('names the configured and the resolved path when the CSV is missing', async () => {
    const { root } = nowhere();
    const err = await loadDataset(tabular({ name: 'csv', path: 'gone.csv' }), { configDir: root }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as Error).message).toBe(`dataset.path "gone.csv": no such file (looked for ${path.join(root, 'gone.csv')})`);
  });
});

describe('loadDataset: images', () => {
  it('loads the bundled subset: 10 classes, float32 pixels in [0, 1], official test images kept whole', async () => {
    const d = await loadDataset(images('fashion-mnist-subset'), nowhere().ctx);
    expect(d.classes).toHaveLength(10);
    expect(d.image).toEqual({ width: 28, height: 28 });
    expect(d.features).toBe(784);
    expect(d.train.x).toBeInstanceOf(Float32Array);
    expect([d.train.n, d.val.n, d.test.n]).toEqual([1800, 200, 500]);
    expect(perClass(d.val, 10)).toEqual(Array(10).fill(20));
    expect(perClass(d.test, 10)).toEqual(Array(10).fill(50));
    expect(Math.max(...d.train.x.subarray(0, 784 * 10))).toBeLessThanOrEqual(1);
    expect(Math.min(...d.train.x.subarray(0, 784 * 10))).toBe(0);
    expect(d.note).toBeUndefined();
    expect(d.source).toMatch(/fashion-mnist-subset$/);
  });

  it('falls back to the subset with a note when the full set is nowhere to be found', async () => {
    const { root, ctx } = nowhere();
    const d = await loadDataset(images('fashion-mnist'), ctx);
    expect(d.name).toBe('fashion-mnist');
    expect(d.source).toMatch(/fashion-mnist-subset$/);
    expect(d.train.n + d.val.n).toBe(2000);
    expect(d.note).toBe(
      `Fashion-MNIST not found in ${path.join(root, 'data')}, ${path.join(root, 'data', 'fashion-mnist')}, ` +
        `${path.join(root, 'home', 'datasets', 'fashion-mnist')}; using the bundled subset (2,000 train / 500 test images). ` +
        'Run `sweeplab datasets fetch fashion-mnist` for the full set.',
    );
  });

  it('reports a broken full set instead of silently falling back', async () => {
    const { root, ctx } = nowhere();
    const broken = path.join(root, 'broken');
    mkdirSync(broken);
    for (const f of FASHION_MNIST_FILES) writeFileSync(path.join(broken, f.name), '');
    await expect(loadDataset(images('fashion-mnist'), { ...ctx, dataDir: broken })).rejects.toThrow(
      `${path.join(broken, 'train-images-idx3-ubyte.gz')}: too short to be an IDX file (0 bytes)`,
    );
  });

  it('a folder named for the run (requireDataDir) must hold the files: no fallback to another copy', async () => {
    const { root, ctx } = nowhere();
    const partial = path.join(root, 'partial');
    mkdirSync(partial);
    writeFileSync(path.join(partial, FASHION_MNIST_FILES[0].name), '');
    await expect(loadDataset(images('fashion-mnist'), { ...ctx, dataDir: partial, requireDataDir: true })).rejects.toThrow(
      `data folder ${partial}: no ${path.join(partial, 'train-labels-idx1-ubyte.gz')} (nor train-labels-idx1-ubyte)`,
    );
    // The subset is the subset wherever the data folder points.
    expect((await loadDataset(images('fashion-mnist-subset'), { ...ctx, dataDir: partial, requireDataDir: true })).source).toMatch(/fashion-mnist-subset$/);
  });

  it.skipIf(!existsSync(DEBIAN_DIR))('uses the full set from a configured folder: 54000/6000/10000', async () => {
    const { ctx } = nowhere();
    const d = await loadDataset(images('fashion-mnist'), { ...ctx, dataDir: DEBIAN_DIR });
    expect([d.train.n, d.val.n, d.test.n]).toEqual([54000, 6000, 10000]);
    expect(perClass(d.val, 10)).toEqual(Array(10).fill(600));
    expect(d.note).toBeUndefined();
    expect(d.source).toBe(DEBIAN_DIR);
  });
});

describe('listDatasets', () => {
  it('describes every data set from headers only, and says when the full Fashion-MNIST is missing', async () => {
    const { ctx } = nowhere();
    const list = await listDatasets(ctx);
    const by = Object.fromEntries(list.map((d) => [d.name, d]));
    expect(list.map((d) => d.name)).toEqual(['iris', 'fashion-mnist', 'fashion-mnist-subset', 'csv']);
    expect(by.iris).toMatchObject({ kind: 'tabular', available: true, counts: { rows: 150 }, classes: ['setosa', 'versicolor', 'virginica'] });
    expect(by['fashion-mnist-subset']).toMatchObject({ kind: 'image', available: true, counts: { train: 2000, test: 500 } });
    expect(by['fashion-mnist']).toMatchObject({ kind: 'image', available: false, location: null });
    expect(by['fashion-mnist'].note).toMatch(/^not found in .*runs use the bundled subset instead\. Run `sweeplab datasets fetch fashion-mnist`/);
  });

  it.skipIf(!existsSync(DEBIAN_DIR))('counts the full set found in a system folder', async () => {
    const { ctx } = nowhere();
    const list = await listDatasets({ ...ctx, systemDirs: [DEBIAN_DIR] });
    expect(list[1]).toMatchObject({ available: true, location: DEBIAN_DIR, counts: { train: 60000, test: 10000 } });
  });
});
