/**
 * The tuner's part of the sweep config: conditional spaces, budgets, pruners and
 * architecture keys are refused with the path of the field at fault and a message that
 * says what is wrong; the CLI refuses the same before it creates a database.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateSweepConfig } from '../../src-main/sweep/configSchema';
import { runCli } from '../cli/helpers';
import { scratchDir } from './helpers';

const base = { name: 'tuner', dataset: { name: 'iris' }, model: { hidden: [8] }, train: { epochs: 10, batchSize: 16, lr: 0.05 } };
const tpe = (search: object) => ({ ...base, search: { strategy: 'tpe', trials: 3, params: { 'train.lr': [0.01, 0.1] }, ...search } });
const grid = (params: object) => ({ ...base, search: { params } });

/** The issues of a refused config; fails the test if the config passes. */
function issuesOf(input: unknown) {
  const r = validateSweepConfig(input);
  if (r.ok) throw new Error('expected the config to be refused');
  return r.issues;
}

describe('tuner config validation', () => {
  it.each([
    ['a range with min > max', grid({ 'train.lr': { min: 0.5, max: 0.1 } }), 'search.params.train.lr.max', 'max must be ≥ min (min is 0.5, max is 0.1)'],
    ['a log range starting at 0', grid({ 'train.lr': { min: 0, max: 0.1, scale: 'log' } }), 'search.params.train.lr.min', 'a log range must stay above 0 (min is 0)'],
    ['a log range through 0', grid({ 'train.momentum': { min: -0.5, max: 0.9, scale: 'log' } }), 'search.params.train.momentum.min', 'a log range must stay above 0 (min is -0.5)'],
    [
      'a when on a parameter that is not swept',
      grid({ 'train.lr': { values: [0.1], when: { param: 'train.optimizer', value: 'sgd' } } }),
      'search.params.train.lr.when.param',
      'no parameter named "train.optimizer"',
    ],
    ['a when on itself', grid({ 'train.lr': { values: [0.1], when: { param: 'train.lr', value: 0.1 } } }), 'search.params.train.lr.when.param', 'a parameter cannot depend on itself'],
    ['a choice with no values', grid({ 'train.lr': { values: [] } }), 'search.params.train.lr.values', 'must list at least one value'],
    ['an empty budget', tpe({ budget: {} }), 'search.budget', 'a budget needs minutes, epochs or both'],
    ['a budget of 0 epochs', tpe({ budget: { epochs: 0 } }), 'search.budget.epochs', 'must be a positive integer (epochs over all trials)'],
    ['tpe with neither trials nor a budget', tpe({ trials: undefined }), 'search.trials', 'is required for tpe unless a budget is set (search.budget)'],
    ['a pruner whose first rung is the last epoch', tpe({ pruner: { type: 'asha', minEpochs: 10 } }), 'search.pruner.minEpochs', 'must be less than the 10 epochs a trial trains'],
    [
      'a pruner without a validation split',
      { ...grid({ 'train.lr': [0.01, 0.1] }), dataset: { name: 'iris', split: { train: 0.8, val: 0, test: 0.2 } }, search: { params: { 'train.lr': [0.01, 0.1] }, pruner: { type: 'median' } } },
      'dataset.split.val',
      'must be > 0: a pruner compares trials on val_acc, measured on the validation split',
    ],
    [
      'model.hidden swept with model.depth',
      grid({ 'model.hidden': [[4], [8]], 'model.depth': [1, 2] }),
      'search.params.model.hidden',
      'sweep either model.hidden or model.depth / model.width.k, not both',
    ],
    [
      'a layer width past the deepest trial',
      grid({ 'model.depth': [1, 2], 'model.width.3': [4] }),
      'search.params.model.width.3',
      'layer 3 never exists: trials have at most 2 hidden layer(s) (sweep model.depth, or set model.hidden)',
    ],
  ])('%s is refused at its field', (_what, config, at, message) => {
    expect(issuesOf(config)).toEqual([{ path: at, message }]);
  });

  it('a cycle of conditions is reported at each of its members', () => {
    const config = grid({
      'train.lr': { values: [0.1], when: { param: 'train.momentum', value: 0.9 } },
      'train.momentum': { values: [0.9], when: { param: 'train.lr', value: 0.1 } },
    });
    expect(issuesOf(config)).toEqual([
      { path: 'search.params.train.lr.when.param', message: 'conditions form a cycle through "train.lr"' },
      { path: 'search.params.train.momentum.when.param', message: 'conditions form a cycle through "train.momentum"' },
    ]);
  });

  it('the valid neighbours of those configs pass', () => {
    // Each refusal above is about the one thing changed, not the rest of the config.
    for (const ok of [
      grid({ 'train.lr': { min: 0.1, max: 0.5 } }),
      grid({ 'train.lr': { min: 0.001, max: 0.1, scale: 'log' } }),
      grid({ 'train.optimizer': ['sgd', 'adam'], 'train.momentum': { values: [0.5, 0.9], when: { param: 'train.optimizer', value: 'sgd' } } }),
      tpe({ budget: { epochs: 30 } }),
      tpe({ trials: undefined, budget: { minutes: 1 } }),
      tpe({ pruner: { type: 'asha', minEpochs: 9 } }),
      grid({ 'model.depth': [1, 2, 3], 'model.width.3': [4] }),
    ])
      expect(validateSweepConfig(ok)).toMatchObject({ ok: true });
  });
});

describe('the CLI refuses a bad tuner config', () => {
  const tmp = scratchDir('sweeplab-tuner-config-');

  it('exits 2 with one line naming the field, and creates no database', async () => {
    const file = tmp.write('bad.json', JSON.stringify(tpe({ pruner: { type: 'asha', minEpochs: 10 } })));
    const db = path.join(tmp.dir, 'bad.db');
    const r = await runCli(['sweep', file, '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('search.pruner.minEpochs: must be less than the 10 epochs a trial trains');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(db)).toBe(false);
  });
});

describe('a value listed twice', () => {
  it('is refused where it repeats, in a list and in a choice, `model.hidden` shorthand included', () => {
    const base = { name: 'd', dataset: { name: 'iris' }, model: { hidden: [8] }, train: { epochs: 3, batchSize: 16, lr: 0.1 } };
    const r = validateSweepConfig({ ...base, search: { params: { 'train.lr': [0.1, 0.01, 0.1], 'model.hidden': { values: [10, [10]] } } } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toEqual([
      { path: 'search.params.train.lr[2]', message: 'repeats value 1 (0.1); each value is one trial, list it once' },
      { path: 'search.params.model.hidden.values[1]', message: 'repeats value 1 ([10]); each value is one trial, list it once' },
    ]);
    expect(validateSweepConfig({ ...base, search: { params: { 'train.lr': [0.1, 0.01] } } }).ok).toBe(true);
  });
});
