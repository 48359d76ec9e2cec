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
    expect(list.map((d) => d.name)).toEqual(['iris', 'fashion-mnist', 'fashion-mnist-subset', 'csv', 'moons', 'circles', 'spirals', 'xor', 'blobs']);
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

describe('loadDataset: generated two-dimensional sets', () => {
  const toy = (over: Partial<DatasetConfig> = {}): DatasetConfig => tabular({ name: 'moons', toy: { samples: 400, noise: 0.1, classes: 2 }, ...over });
  const inPlane = (s: Split, plane: { x: [number, number]; y: [number, number] }) =>
    Array.from({ length: s.n }, (_, i) => [s.x[i * 2], s.x[i * 2 + 1]]).every(([x, y]) => x > plane.x[0] && x < plane.x[1] && y > plane.y[0] && y < plane.y[1]);

  it('generates moons from the seed, splits them 280/40/80 with both classes everywhere, and gives the plane in data units', async () => {
    const d = await loadDataset(toy({ standardize: false }));
    expect([d.train.n, d.val.n, d.test.n]).toEqual([280, 40, 80]);
    expect(perClass(d.val, 2)).toEqual([20, 20]);
    expect(d.features).toBe(2);
    expect(d.classes).toEqual(['upper moon', 'lower moon']);
    expect(d.toy).toEqual({ samples: 400, noise: 0.1, classes: 2, seed: 0 });
    expect(d.source).toBe('generated moons: 400 samples, noise 0.1, 2 classes, seed 0');
    // Moons span x ∈ [−1, 2] and y ∈ [−0.5, 1] before noise; the plane pads the data by 10 %.
    expect(d.plane!.x[0]).toBeLessThan(-1);
    expect(d.plane!.x[1]).toBeGreaterThan(2);
    expect(d.plane!.y[0]).toBeLessThan(-0.5);
    expect(d.plane!.y[1]).toBeGreaterThan(1);
    expect(d.plane!.x[1] - d.plane!.x[0]).toBeLessThan(5);
    for (const s of [d.train, d.val, d.test]) expect(inPlane(s, d.plane!)).toBe(true);
  });

  it('standardises like a table but keeps the plane in data units, with the statistics to map it', async () => {
    const raw = await loadDataset(toy({ standardize: false }));
    const d = await loadDataset(toy());
    expect(d.plane).toEqual(raw.plane);
    const { mean, std } = d.standardization!;
    for (let f = 0; f < 2; f++) {
      expect(columnStats(d.train, f, 2).mean).toBeCloseTo(0, 10);
      // Row 0 of the training split, mapped back through the recorded statistics.
      expect(d.train.x[f] * std[f] + mean[f]).toBeCloseTo(raw.train.x[f], 10);
    }
  });

  it('gives another data set for another seed, and the same one for the same seed', async () => {
    const [a, b, c] = await Promise.all([loadDataset(toy({ seed: 3 })), loadDataset(toy({ seed: 3 })), loadDataset(toy({ seed: 4 }))]);
    expect(a.train.x).toEqual(b.train.x);
    expect(a.train.x).not.toEqual(c.train.x);
  });

  it('fills the kind’s defaults when the config gives no toy block', async () => {
    const d = await loadDataset(tabular({ name: 'blobs' }));
    expect(d.toy).toEqual({ samples: 400, noise: 0.4, classes: 3, seed: 0 });
    expect(perClass(d.train, 3).every((n) => n >= 93 && n <= 94)).toBe(true);
  });

  it('refuses options out of range, naming the field', async () => {
    await expect(loadDataset(toy({ toy: { samples: 400, noise: 0.1, classes: 4 } }))).rejects.toThrow('dataset.toy.classes: must be 2');
  });

  it('gives a two-column CSV a plane too, and a wider table none', async () => {
    const { root } = nowhere();
    const rows = Array.from({ length: 20 }, (_, i) => `${i},${10 + i % 5},${i % 2}`);
    writeFileSync(path.join(root, 'two.csv'), ['u,v,label', ...rows].join('\n'));
    const d = await loadDataset(tabular({ name: 'csv', path: 'two.csv', split: { train: 0.5, val: 0.25, test: 0.25 } }), { configDir: root });
    expect(d.plane!.x[0]).toBeCloseTo(-1.9, 10);
    expect(d.plane!.x[1]).toBeCloseTo(20.9, 10);
    expect(d.plane!.y[0]).toBeCloseTo(9.6, 10);
    expect(d.plane!.y[1]).toBeCloseTo(14.4, 10);
    expect((await loadDataset(tabular())).plane).toBeUndefined();
  });

  it('lists every generated set as available, with a description and its class names', async () => {
    const { ctx } = nowhere();
    const list = await listDatasets(ctx);
    const generated = list.filter((d) => d.kind === 'generated');
    expect(generated.map((d) => d.name)).toEqual(['moons', 'circles', 'spirals', 'xor', 'blobs']);
    for (const d of generated) {
      expect(d).toMatchObject({ available: true, location: null, counts: { rows: 400 } });
      expect(d.description).toMatch(/\w/);
    }
    expect(generated.find((d) => d.name === 'circles')!.classes).toEqual(['outer', 'inner']);
  });
});

describe('inspectDataset: generated sets', () => {
  it('gives the split sizes and shape without generating, and refuses bad options naming the field', async () => {
    const { inspectDataset } = await import('../../src-main/data/inspect');
    const facts = inspectDataset(tabular({ name: 'spirals', toy: { samples: 1000, noise: 0.1, classes: 5 } }));
    expect(facts).toMatchObject({ features: 2, classes: 5, rows: { train: 700, val: 100, test: 200 }, bytesPerValue: 8 });
    const loaded = await loadDataset(tabular({ name: 'spirals', toy: { samples: 1000, noise: 0.1, classes: 5 } }));
    expect([loaded.train.n, loaded.val.n, loaded.test.n]).toEqual([facts.rows.train, facts.rows.val, facts.rows.test]);
    expect(() => inspectDataset(tabular({ name: 'xor', toy: { samples: 5, noise: 0.1, classes: 2 } }))).toThrow('dataset.toy.samples: must be an integer from 20 to 20000 (got 5)');
  });
});
