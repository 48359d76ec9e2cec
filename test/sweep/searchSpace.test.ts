import { describe, expect, it } from 'vitest';
import { validateSweepConfig, type SweepConfig } from '../../src-main/sweep/configSchema';
import { countTrials, expandTrials, gridValues } from '../../src-main/sweep/searchSpace';

function config(search: unknown): SweepConfig {
  const r = validateSweepConfig({
    name: 't',
    dataset: { name: 'iris', split: { train: 0.7, val: 0.1, test: 0.2 } },
    model: { hidden: [10] },
    train: { epochs: 5, batchSize: 16, lr: 0.03 },
    search,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.config;
}

describe('search spaces', () => {
  it('grid is the cartesian product, first key slowest, values applied to each trial', () => {
    const trials = expandTrials(config({ params: { 'train.lr': [0.001, 0.01, 0.03, 0.05], 'model.hidden': [[5], [10], [100]] } }));
    expect(trials).toHaveLength(12);
    expect(trials.map((t) => t.index)).toEqual([...Array(12).keys()]);
    expect(trials[0].params).toEqual({ 'train.lr': 0.001, 'model.hidden': [5] });
    expect(trials[1].params).toEqual({ 'train.lr': 0.001, 'model.hidden': [10] });
    expect(trials[11].config.train.lr).toBe(0.05);
    expect(trials[11].config.model.hidden).toEqual([100]);
    // The trial config has no search block and keeps the rest of the config.
    expect(trials[5].config).not.toHaveProperty('search');
    expect(trials[5].config.train.epochs).toBe(5);
    expect(new Set(trials.map((t) => JSON.stringify(t.params))).size).toBe(12);
  });

  it('a sweep without parameters is one trial of the base config', () => {
    const trials = expandTrials(config(undefined));
    expect(trials).toHaveLength(1);
    expect(trials[0].config.train.lr).toBe(0.03);
  });

  it('ranges: log and linear grids, integer widths as hidden-layer shorthand', () => {
    const lr = gridValues({ min: 1e-4, max: 1e-1, scale: 'log', count: 4, integer: false });
    expect(lr).toEqual([0.0001, 0.001, 0.01, 0.1]);
    expect(gridValues({ min: 0, max: 1, scale: 'linear', count: 5, integer: false })).toEqual([0, 0.25, 0.5, 0.75, 1]);
    const trials = expandTrials(config({ params: { 'model.hidden': { min: 16, max: 256, scale: 'log', count: 5, integer: true } } }));
    expect(trials.map((t) => t.config.model.hidden)).toEqual([[16], [32], [64], [128], [256]]);
  });

  it('random search is seeded, stays inside the space and counts as configured', () => {
    const search = { strategy: 'random', trials: 20, seed: 7, params: { 'train.lr': { min: 1e-4, max: 1e-1, scale: 'log' }, 'train.batchSize': [16, 32, 64] } };
    const a = expandTrials(config(search));
    const b = expandTrials(config(search));
    expect(a).toHaveLength(20);
    expect(a.map((t) => t.params)).toEqual(b.map((t) => t.params));
    for (const t of a) {
      expect(t.config.train.lr).toBeGreaterThanOrEqual(1e-4);
      expect(t.config.train.lr).toBeLessThanOrEqual(1e-1);
      expect([16, 32, 64]).toContain(t.config.train.batchSize);
    }
    const other = expandTrials(config({ ...search, seed: 8 }));
    expect(other.map((t) => t.params)).not.toEqual(a.map((t) => t.params));
  });

  it('countTrials agrees with expandTrials', () => {
    for (const s of [
      { params: { 'train.lr': [0.1, 0.2], 'train.batchSize': { min: 8, max: 64, scale: 'log', count: 4, integer: true } } },
      { strategy: 'random', trials: 9, params: { 'train.lr': [0.1] } },
      undefined,
    ]) {
      const c = config(s);
      expect(countTrials(c)).toBe(expandTrials(c).length);
    }
  });
});
