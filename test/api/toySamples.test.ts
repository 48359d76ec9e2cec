/** datasetSamples for two-feature data: the scatter's points, the generated set's options, and their checks. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDataTask } from '../../src-main/api/dataTasks';
import { MAX_SCATTER_POINTS } from '../../src-main/api/images';
import { schemas } from '../../src-main/api/schemas';
import { loadDataset } from '../../src-main/data/registry';
import type { Req } from '../../src-main/api/contract';

const samples = (req: Req<'datasetSamples'>) => runDataTask({ kind: 'samples', req, context: {} }, loadDataset);

describe('datasetSamples for two-dimensional data', () => {
  it('sends every training point of a generated set, labelled, in data units, with the options used', async () => {
    const s = await samples({ name: 'spirals', count: 12, seed: 0, toy: { samples: 500, noise: 0, classes: 4, seed: 5 } });
    expect(s.toy).toEqual({ samples: 500, noise: 0, classes: 4, seed: 5 });
    expect(s.classes).toEqual(['arm 0', 'arm 1', 'arm 2', 'arm 3']);
    const scatter = s.scatter!;
    expect(scatter.featureNames).toEqual(['x', 'y']);
    expect(scatter.points).toHaveLength(350);
    expect(scatter.total).toBe(350);
    expect(scatter.labels).toHaveLength(350);
    expect(new Set(scatter.labels)).toEqual(new Set([0, 1, 2, 3]));
    // Raw units: noise-free spiral arms stay within radius 1, inside the plane.
    for (const [x, y] of scatter.points) {
      expect(Math.hypot(x, y)).toBeLessThanOrEqual(1);
      expect(x).toBeGreaterThan(scatter.plane.x[0]);
      expect(y).toBeLessThan(scatter.plane.y[1]);
    }
    expect(s.classCounts.reduce((a, b) => a + b, 0)).toBe(350);
  });

  it('uses the kind’s defaults without options, and the seed changes the points', async () => {
    const a = await samples({ name: 'moons', count: 4, seed: 0 });
    const b = await samples({ name: 'moons', count: 4, seed: 0, toy: { seed: 1 } });
    expect(a.toy).toEqual({ samples: 400, noise: 0.1, classes: 2, seed: 0 });
    expect(a.scatter!.points).not.toEqual(b.scatter!.points);
  });

  it('thins a large set to MAX_SCATTER_POINTS, spread evenly over the classes', async () => {
    const s = await samples({ name: 'blobs', count: 4, seed: 0, toy: { samples: 20_000, classes: 4 } });
    expect(s.scatter!.total).toBe(14_000);
    expect(s.scatter!.points).toHaveLength(MAX_SCATTER_POINTS);
    const perClass = [0, 1, 2, 3].map((c) => s.scatter!.labels.filter((l) => l === c).length);
    expect(Math.max(...perClass) - Math.min(...perClass)).toBeLessThanOrEqual(1);
  });

  it('draws any two-feature CSV too, with its column names on the axes', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sweeplab-scatter-'));
    const file = path.join(dir, 'two.csv');
    writeFileSync(file, ['height,weight,kind', ...Array.from({ length: 30 }, (_, i) => `${150 + i},${50 + (i % 7)},${i % 2 ? 'b' : 'a'}`)].join('\n'));
    const s = await samples({ name: 'csv', count: 4, seed: 0, path: file });
    expect(s.scatter!.featureNames).toEqual(['height', 'weight']);
    expect(s.scatter!.points).toHaveLength(21);
    expect(s.scatter!.plane.x[0]).toBeLessThan(150);
    expect(s.toy).toBeUndefined();
  });

  it('sends no scatter for data with more than two features', async () => {
    const s = await samples({ name: 'iris', count: 4, seed: 0 });
    expect(s.scatter).toBeNull();
    expect(s.toy).toBeUndefined();
    expect(MAX_SCATTER_POINTS).toBeGreaterThanOrEqual(1000);
  });

  it.each([
    [{ name: 'iris', count: 4, seed: 0, toy: { samples: 100 } }, 'toy', 'is only used for the generated data sets'],
    [{ name: 'moons', count: 4, seed: 0, toy: { classes: 3 } }, 'toy.classes', 'must be 2'],
    [{ name: 'blobs', count: 4, seed: 0, toy: { noise: 3 } }, 'toy.noise', 'must be ≤ 2'],
    [{ name: 'xor', count: 4, seed: 0, toy: { seed: 0.5 } }, 'toy.seed', 'must be an integer'],
  ])('refuses %j at %s', (req, path, message) => {
    const r = schemas.datasetSamples.safeParse(req);
    expect(r.success).toBe(false);
    const issue = r.error!.issues.find((i) => i.path.join('.') === path);
    expect(issue?.message).toContain(message);
  });
});
