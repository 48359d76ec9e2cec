import { describe, expect, it } from 'vitest';
import { defaultDraft, fromConfig, newSearchParam, toConfig } from '../../src-renderer/src/lib/configDraft';
import { formLosses } from '../../src-renderer/src/lib/formLosses';
import { carryOver, searchFromConfig, searchToConfig } from '../../src-renderer/src/lib/searchDraft';
import { searchSentence, trialSummary } from '../../src-renderer/src/lib/searchLabels';
import { validateSweepConfig } from '../../src-renderer/src/shared';

const base = {
  name: 'tuned',
  dataset: { name: 'iris', split: { train: 0.7, val: 0.1, test: 0.2 }, seed: 0 },
  engine: 'scratch',
  backend: 'auto',
  model: { hidden: [16], activation: 'relu' },
  train: { epochs: 30, batchSize: 16, optimizer: 'adam', lr: 0.01, seed: 0 },
};

/** Every new field of the search block, written the way the form writes it. */
const tunedSearch = {
  strategy: 'tpe',
  params: {
    'train.lr': { min: 0.0001, max: 0.1, scale: 'log', integer: false },
    'model.depth': { min: 1, max: 3, scale: 'linear', integer: true, step: 1 },
    'model.width.1': { min: 8, max: 64, scale: 'log', count: 4, integer: true },
    'model.width.2': { min: 8, max: 64, scale: 'linear', integer: true, step: 8, when: { param: 'model.depth', op: '>=', value: 2 } },
    'model.activation': { values: ['relu', 'tanh'], when: { param: 'model.depth', op: 'in', value: [2, 3] } },
    'train.optimizer': { values: ['sgd', 'adam'] },
    'train.batchSize': [16, 32],
  },
  trials: 20,
  seed: 3,
  metric: 'val_loss',
  direction: 'minimize',
  pruner: { type: 'asha', minEpochs: 2, reductionFactor: 4 },
  budget: { minutes: 5, epochs: 200 },
};

/** What JSON keeps: `undefined` fields dropped, as a saved file would have them. */
const asSaved = (v: unknown) => JSON.parse(JSON.stringify(v));

describe('search draft: round trips of the tuner fields', () => {
  it('writes a tuned search block back exactly as it was read', () => {
    const file = { ...base, search: tunedSearch };
    expect(validateSweepConfig(file).ok).toBe(true);
    expect(asSaved(toConfig(fromConfig(file)))).toEqual(file);
    expect(formLosses(file)).toEqual([]);
  });

  it.each([
    ['bayes on a budget alone (no trials)', { strategy: 'bayes', params: { 'train.lr': { min: 0.001, max: 0.1, scale: 'log', integer: false } }, seed: 0, budget: { epochs: 300 } }],
    ['a median pruner on a grid', { strategy: 'grid', params: { 'train.lr': [0.01, 0.1] }, seed: 0, pruner: { type: 'median' } }],
    ['hyperband with defaults', { strategy: 'random', params: { 'train.lr': { min: 0.001, max: 0.1, scale: 'log', count: 3, integer: false } }, trials: 8, seed: 1, pruner: { type: 'hyperband' } }],
    ['a shuffled grid with a step range', { strategy: 'grid', params: { 'train.batchSize': { min: 8, max: 32, scale: 'linear', integer: true, step: 8 } }, seed: 7, shuffle: true }],
    ['an explicit shuffle: false', { strategy: 'grid', params: { 'train.lr': [0.01] }, seed: 0, shuffle: false }],
    ['a budget of minutes only, the natural direction written', { strategy: 'tpe', params: { 'model.dropout': [0, 0.2] }, seed: 0, direction: 'maximize', budget: { minutes: 1.5 } }],
    ['conditions on strings and numbers', {
      strategy: 'grid',
      params: {
        'train.optimizer': ['sgd', 'momentum'],
        'train.momentum': { values: [0.8, 0.9], when: { param: 'train.optimizer', op: '==', value: 'momentum' } },
        'train.lr': { min: 0.01, max: 0.1, scale: 'linear', count: 2, integer: false, when: { param: 'train.optimizer', op: '!=', value: 'sgd' } },
      },
      seed: 0,
    }],
  ])('%s', (_, search) => {
    const file = { ...base, search };
    expect(validateSweepConfig(file)).toMatchObject({ ok: true });
    expect(asSaved(toConfig(fromConfig(file)))).toEqual(file);
    expect(formLosses(file)).toEqual([]);
  });

  it('opens each new field in its own place in the draft', () => {
    const s = searchFromConfig(tunedSearch);
    expect([s.strategy, s.trials, s.seed, s.metric, s.direction, s.shuffle]).toEqual(['tpe', 20, 3, 'val_loss', 'minimize', null]);
    expect(s.pruner).toEqual({ type: 'asha', minEpochs: 2, reductionFactor: 4 });
    expect(s.budget).toEqual({ minutes: 5, epochs: 200 });
    const byKey = Object.fromEntries(s.params.map((p) => [p.key, p]));
    expect(byKey['model.depth'].range).toMatchObject({ min: 1, max: 3, step: 1, count: '' });
    expect(byKey['model.width.2'].when).toEqual({ param: 'model.depth', op: '>=', valueText: '2' });
    expect(byKey['model.activation']).toMatchObject({ mode: 'values', choice: true, valuesText: 'relu, tanh', when: { op: 'in', valueText: '2, 3' } });
    expect(byKey['train.batchSize']).toMatchObject({ mode: 'values', choice: false, when: null });
  });

  it('keeps a condition value that reads as a number a string', () => {
    const s = searchFromConfig({ strategy: 'grid', params: { 'train.seed': { values: [1], when: { param: 'engine', op: '==', value: '3' } } } });
    expect(s.params[0].when?.valueText).toBe('"3"');
    expect(searchToConfig(s)?.params).toEqual({ 'train.seed': { values: [1], when: { param: 'engine', op: '==', value: '3' } } });
  });

  it('writes only what the chosen strategy and pruner use', () => {
    const s = searchFromConfig(tunedSearch);
    s.strategy = 'grid';
    s.pruner.type = 'median';
    const c = searchToConfig(s)!;
    expect(c).not.toHaveProperty('trials');
    expect(c.pruner).toEqual({ type: 'median' });
    s.strategy = 'tpe';
    s.trials = '';
    s.pruner.type = '';
    s.budget = { minutes: '', epochs: '' };
    expect(searchToConfig(s)).not.toHaveProperty('trials');
    expect(searchToConfig(s)).not.toHaveProperty('pruner');
    expect(searchToConfig(s)).not.toHaveProperty('budget');
  });

  it('a draft without a search still has none, and the defaults stay valid', () => {
    expect(toConfig(defaultDraft())).not.toHaveProperty('search');
    const d = defaultDraft();
    d.search.pruner.type = 'median';
    expect(toConfig(d).search).toMatchObject({ strategy: 'grid', params: {}, pruner: { type: 'median' } });
  });
});

describe('trial summary before launch', () => {
  it('counts a grid and random search, says "up to" for a tuner, or the budget', () => {
    expect(trialSummary({ strategy: 'grid' }, 6).text).toBe('6 trials');
    expect(trialSummary({ strategy: 'random', trials: 1 }, 1).text).toBe('1 trial');
    expect(trialSummary({ strategy: 'tpe', trials: 20 }, 20)).toEqual({ prefix: 'up to', count: 20, text: 'up to 20 trials' });
    expect(trialSummary({ strategy: 'bayes' }, 10_000)).toEqual({ prefix: '', count: null, text: 'until the budget is spent' });
  });
});

describe('switching a parameter between Choice and Range', () => {
  const grid = (r: { min: unknown; max: unknown }) => (typeof r.min === 'number' && typeof r.max === 'number' ? [r.min, r.max] : null);

  it('a Range takes the listed numbers’ span, log when it covers two decades, whole numbers when they all are', () => {
    const p = newSearchParam('train.lr');
    p.valuesText = '0.001, 0.01, 0.1';
    carryOver(p, 'range', grid);
    expect(p.range).toMatchObject({ min: 0.001, max: 0.1, scale: 'log', integer: false });
    const h = newSearchParam('train.batchSize');
    h.valuesText = '16, 32, 64';
    carryOver(h, 'range', grid);
    expect(h.range).toMatchObject({ min: 16, max: 64, scale: 'linear', integer: true });
  });

  it('a Choice takes the range’s grid values; a side already written is left alone', () => {
    const p = newSearchParam('train.lr');
    p.valuesText = '';
    p.range.min = 0.01;
    p.range.max = 0.1;
    carryOver(p, 'values', grid);
    expect(p.valuesText).toBe('0.01, 0.1');
    p.range.min = 0.5;
    carryOver(p, 'range', grid);
    expect(p.range.min).toBe(0.5);
  });
});

describe('the summary’s search sentence', () => {
  it('says what was searched in words', () => {
    expect(searchSentence({ strategy: 'grid' }, [], 1)).toBe('A single run (nothing swept)');
    expect(searchSentence({ strategy: 'grid' }, ['train.lr', 'model.hidden'], 12)).toBe('Grid of 12 trials over Learning rate, Hidden layers');
    expect(searchSentence({ strategy: 'random', trials: 1 }, ['train.lr'], 1)).toBe('Random search, 1 trial over Learning rate');
    expect(searchSentence({ strategy: 'tpe', trials: 40 }, ['train.lr', 'model.depth'], 7)).toBe('TPE, up to 40 trials over Learning rate, Depth (number of hidden layers)');
    expect(searchSentence({ strategy: 'bayes' }, ['train.lr'], 3)).toBe('Bayesian (GP), until the budget is spent over Learning rate');
  });
});
