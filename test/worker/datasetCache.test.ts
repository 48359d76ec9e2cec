/** A worker keeps the last data set it loaded for its lane's next trial, and only that one. */
import { describe, expect, it } from 'vitest';
import { validateSweepConfig, type TrialConfig } from '../../src-main/sweep/configSchema';
import { datasetFor } from '../../src-main/worker/runTrial';

function trial(dataset: Record<string, unknown>): TrialConfig {
  const r = validateSweepConfig({ name: 'cache', dataset, model: { hidden: [4] }, train: { epochs: 1, batchSize: 8, lr: 0.1 } });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  const { search: _s, concurrency: _c, ...t } = r.config;
  return t;
}

describe('datasetFor', () => {
  it('gives the next trial with the same data set config the very same arrays', async () => {
    const a = await datasetFor(trial({ name: 'iris', seed: 1 }), undefined);
    const b = await datasetFor(trial({ name: 'iris', seed: 1 }), undefined);
    expect(b).toBe(a);
  });

  it('loads again when the split, the seed or the folder differs, and keeps only the latest', async () => {
    const first = await datasetFor(trial({ name: 'iris', seed: 1 }), undefined);
    const otherSeed = await datasetFor(trial({ name: 'iris', seed: 2 }), undefined);
    expect(otherSeed).not.toBe(first);
    expect(otherSeed.train.n).toBe(first.train.n);
    const otherDir = await datasetFor(trial({ name: 'iris', seed: 2 }), '/nowhere');
    expect(otherDir).not.toBe(otherSeed);
    expect(await datasetFor(trial({ name: 'iris', seed: 1 }), undefined)).not.toBe(first);
  });

  it('does not keep a failed load: the next trial tries again and gets the same clear error', async () => {
    const bad = trial({ name: 'csv', path: '/nonexistent/table.csv' });
    const e1 = await datasetFor(bad, undefined).catch((e: Error) => e);
    const e2 = await datasetFor(bad, undefined).catch((e: Error) => e);
    expect(e1).toBeInstanceOf(Error);
    expect(e2).not.toBe(e1);
    expect((e2 as Error).message).toBe((e1 as Error).message);
    expect((e1 as Error).message).toContain('/nonexistent/table.csv');
  });
});
