/** The hard bounds (limits.ts) hold in the schema, whichever door the config comes through. */
import { describe, expect, it } from 'vitest';
import { validateSweepConfig } from '../../src-main/sweep/configSchema';
import { concurrencyProblem, MAX_CONCURRENCY, MAX_HIDDEN_WIDTH, MAX_TRIALS } from '../../src-main/sweep/limits';
import { countTrials } from '../../src-main/sweep/searchSpace';
import { parseConcurrency } from '../../src-main/cli/errors';

const base = {
  name: 'c',
  dataset: { name: 'iris' },
  model: { hidden: [10] },
  train: { epochs: 3, batchSize: 16, lr: 0.03 },
};

const range = (count: number) => ({ min: 0.001, max: 1, count });

function issues(config: unknown) {
  const r = validateSweepConfig(config);
  if (r.ok) throw new Error('expected issues');
  return r.issues;
}

describe('trial count', () => {
  it('a million- and a billion-point grid are refused on search, counted without being built', () => {
    const million = { ...base, search: { params: { 'train.lr': range(1000), 'train.momentum': { min: 0, max: 0.9, count: 1000 } } } };
    expect(issues(million)).toEqual([{ path: 'search', message: 'expands to 1,000,000 trials; at most 10,000 per sweep' }]);
    const billion = { ...base, search: { params: { ...million.search.params, 'train.weightDecay': { min: 0, max: 0.1, count: 1000 } } } };
    const started = performance.now();
    expect(issues(billion)[0].message).toBe('expands to 1,000,000,000 trials; at most 10,000 per sweep');
    // Expanding would take minutes and gigabytes; counting is a product of three lengths.
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('exactly the bound passes, and a list of values counts its length', () => {
    const values = Array.from({ length: 100 }, (_, i) => i);
    const atBound = { ...base, search: { params: { 'train.seed': values, 'dataset.seed': values } } };
    const r = validateSweepConfig(atBound);
    expect(r.ok).toBe(true);
    if (r.ok) expect(countTrials(r.config)).toBe(MAX_TRIALS);
    expect(issues({ ...atBound, search: { params: { ...atBound.search.params, 'train.epochs': [1, 2] } } })[0].message).toContain('20,000 trials');
  });

  it('a range count the schema refuses is reported, not expanded', () => {
    const found = issues({ ...base, search: { params: { 'train.lr': range(1e12) } } });
    expect(found).toContainEqual({ path: 'search.params.train.lr.count', message: 'must be ≤ 1000' });
  });
});

describe('concurrency', () => {
  it('is bounded in the config and on the command line by the same rule', () => {
    expect(issues({ ...base, concurrency: 10_000 })).toEqual([{ path: 'concurrency', message: `must be ≤ ${MAX_CONCURRENCY}` }]);
    expect(validateSweepConfig({ ...base, concurrency: MAX_CONCURRENCY }).ok).toBe(true);
    expect(() => parseConcurrency('10000')).toThrow('--concurrency: at most 64 trials at once, got 10,000');
    expect(() => parseConcurrency('0')).toThrow('--concurrency: expected a positive integer, got "0"');
    expect(parseConcurrency('64')).toBe(64);
    expect(concurrencyProblem(1.5)).toMatch(/positive integer/);
  });
});

describe('model and batch bounds', () => {
  it('refuse a width of 10⁹ on the field, in the base config and in the search space', () => {
    expect(issues({ ...base, model: { hidden: [1e9] } })).toEqual([{ path: 'model.hidden[0]', message: `must be ≤ ${MAX_HIDDEN_WIDTH} (a hidden layer width)` }]);
    expect(issues({ ...base, search: { params: { 'model.hidden': [16, 1e9] } } })[0].path).toBe('search.params.model.hidden[1]');
    expect(issues({ ...base, search: { params: { 'model.hidden': { min: 16, max: 1e9, integer: true } } } })[0].path).toBe('search.params.model.hidden.max');
    expect(issues({ ...base, model: { hidden: Array(17).fill(8) } })[0]).toEqual({ path: 'model.hidden', message: 'at most 16 hidden layers' });
    expect(issues({ ...base, train: { ...base.train, batchSize: 1e7 } })[0]).toEqual({ path: 'train.batchSize', message: 'must be ≤ 100000' });
  });
});
