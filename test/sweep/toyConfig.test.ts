/** `dataset.name` moons … blobs and `dataset.toy`: defaults per kind, and refusals naming the field. */
import { describe, expect, it } from 'vitest';
import { issueLine } from '../../src-main/sweep/configIssues';
import { TOY_DATASETS, validateSweepConfig } from '../../src-main/sweep/configSchema';

const base = (dataset: Record<string, unknown>) => ({
  name: 'toy',
  dataset,
  model: { hidden: [16] },
  train: { epochs: 10, batchSize: 16, lr: 0.1 },
});

function dataset(input: Record<string, unknown>) {
  const r = validateSweepConfig(base(input));
  if (!r.ok) throw new Error(r.issues.map(issueLine).join('\n'));
  return r.config.dataset;
}

function refusal(input: Record<string, unknown>): string {
  const r = validateSweepConfig(base(input));
  if (r.ok) throw new Error('expected the config to be refused');
  return r.issues.map(issueLine).join('\n');
}

describe('toy data sets in the sweep config', () => {
  it('fills each kind’s defaults: 400 samples, its own noise and class count, a tabular split', () => {
    expect(dataset({ name: 'moons' })).toEqual({ name: 'moons', seed: 0, standardize: true, split: { train: 0.7, val: 0.1, test: 0.2 }, toy: { samples: 400, noise: 0.1, classes: 2 } });
    expect(dataset({ name: 'circles' }).toy).toEqual({ samples: 400, noise: 0.05, classes: 2 });
    expect(dataset({ name: 'spirals' }).toy).toEqual({ samples: 400, noise: 0.05, classes: 3 });
    expect(dataset({ name: 'blobs', toy: { classes: 5, noise: 1 } }).toy).toEqual({ samples: 400, noise: 1, classes: 5 });
    for (const name of TOY_DATASETS) expect(dataset({ name }).toy?.samples).toBe(400);
  });

  it('keeps dataset.seed and dataset.split as they are for tables', () => {
    const d = dataset({ name: 'xor', seed: 9, split: { train: 0.6, val: 0.2, test: 0.2 }, toy: { samples: 1000 } });
    expect([d.seed, d.split, d.toy]).toEqual([9, { train: 0.6, val: 0.2, test: 0.2 }, { samples: 1000, noise: 0.1, classes: 2 }]);
  });

  it('leaves other data sets without a toy block', () => {
    expect(dataset({ name: 'iris' })).not.toHaveProperty('toy');
  });

  it.each([
    [{ name: 'moons', toy: { samples: 19 } }, 'dataset.toy.samples: must be ≥ 20'],
    [{ name: 'moons', toy: { samples: 20_001 } }, 'dataset.toy.samples: must be ≤ 20000'],
    [{ name: 'moons', toy: { samples: 100.5 } }, 'dataset.toy.samples: must be an integer'],
    [{ name: 'circles', toy: { noise: -0.5 } }, 'dataset.toy.noise: must be ≥ 0'],
    [{ name: 'circles', toy: { noise: 2.5 } }, 'dataset.toy.noise: must be ≤ 2'],
    [{ name: 'circles', toy: { noise: 'lots' } }, 'dataset.toy.noise: must be a number from 0 to 2'],
    [{ name: 'moons', toy: { classes: 3 } }, 'dataset.toy.classes: must be 2: moons has 2 classes by its shape'],
    [{ name: 'xor', toy: { classes: 4 } }, 'dataset.toy.classes: must be 2: xor has 2 classes'],
    [{ name: 'spirals', toy: { classes: 6 } }, 'dataset.toy.classes: must be an integer from 2 to 5 for spirals'],
    [{ name: 'blobs', toy: { classes: 1 } }, 'dataset.toy.classes: must be an integer from 2 to 5 for blobs'],
    [{ name: 'blobs', toy: { clusters: 3 } }, 'dataset.toy.clusters: unknown key'],
    [{ name: 'iris', toy: { samples: 100 } }, 'dataset.toy: is only used for the generated data sets (moons, circles, spirals, xor, blobs)'],
    [{ name: 'moons', path: 'x.csv' }, 'dataset.path: is only used when name is "csv"'],
    [{ name: 'squares' }, 'dataset.name: must be one of iris, fashion-mnist, fashion-mnist-subset, csv, moons, circles, spirals, xor, blobs'],
  ])('refuses %j: %s', (input, message) => {
    expect(refusal(input)).toContain(message);
  });
});
