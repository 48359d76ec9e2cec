// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import SearchSpaceEditor from '../../src-renderer/src/components/newSweep/SearchSpaceEditor.vue';
import TunerFields from '../../src-renderer/src/components/newSweep/TunerFields.vue';
import { STRATEGIES } from '../../src-renderer/src/shared';
import { useNewSweepStore } from '../../src-renderer/src/stores/newSweep';
import NewSweepView from '../../src-renderer/src/views/NewSweepView.vue';
import { createFakeApi, fail } from './fakeApi';
import { mountWithApp } from './mountHelpers';

const server = () =>
  createFakeApi({
    presets: () => [],
    listDatasets: () => [],
    checkConfig: () => ({ ok: true, issues: [], trials: 1, estimateSeconds: 1, config: null }),
  });

/** A valid TPE config with an ASHA pruner and a log range on the learning rate. */
const tuned = {
  name: 'tuned',
  dataset: { name: 'iris', split: { train: 0.7, val: 0.1, test: 0.2 }, seed: 0 },
  model: { hidden: [10] },
  train: { epochs: 20, batchSize: 16, lr: 0.03 },
  search: { strategy: 'tpe', params: { 'train.lr': { min: 0.001, max: 0.3, scale: 'log' } }, trials: 12, seed: 0, pruner: { type: 'asha', minEpochs: 2 }, budget: { epochs: 100 } },
};

describe('strategy picker', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('offers all four strategies, each with its sentence; trials for all but the grid', async () => {
    const { wrapper } = await mountWithApp(SearchSpaceEditor, server());
    const sentences: Record<string, RegExp> = {
      grid: /^Every combination of the values below, in order \(or shuffled\)\.$/,
      random: /^Draws each trial at random from the ranges/,
      tpe: /Optuna's TPE\); best for many parameters and a trial budget\.$/,
      bayes: /^Fits a Gaussian process to the finished trials and picks the point with the largest expected improvement/,
    };
    for (const s of STRATEGIES) {
      await wrapper.find(`[data-testid="strategy-${s}"]`).setValue(true);
      expect(useNewSweepStore().draft.search.strategy).toBe(s);
      expect(wrapper.find('[data-testid="strategy-hint"]').text()).toMatch(sentences[s]);
      expect(wrapper.find('[data-testid="field-search.trials"]').exists(), s).toBe(s !== 'grid');
    }
  });

  it('lists the architecture keys with clear labels and adds an architecture search', async () => {
    const { wrapper } = await mountWithApp(SearchSpaceEditor, server());
    const options = wrapper.findAll('[data-testid="add-param-key"] option').map((o) => o.text());
    expect(options).toContain('model.depth — number of hidden layers');
    expect(options).toContain('model.width.3 — width of hidden layer 3');
    await wrapper.find('[data-testid="add-architecture"]').trigger('click');
    const store = useNewSweepStore();
    expect(Object.keys(store.config.search!.params!)).toEqual(['model.depth', 'model.width.1', 'model.width.2', 'model.width.3']);
    expect(store.valid).toBe(true);
    // Depth 1: 3 widths; depth 2: 3 × 3; depth 3: 3 × 3 × 3 (a grid of 3 points each).
    expect(store.trials).toBe(3 + 9 + 27);
    expect(wrapper.find('[data-testid="when-implicit-model.width.3"]').text()).toContain('model.depth ≥ 3');
  });

  it('makes a parameter conditional on another and gives a range a step', async () => {
    const { wrapper } = await mountWithApp(SearchSpaceEditor, server());
    const store = useNewSweepStore();
    for (const key of ['train.optimizer', 'train.momentum']) {
      await wrapper.find('[data-testid="add-param-key"]').setValue(key);
      await wrapper.find('[data-testid="add-param"]').trigger('click');
    }
    await wrapper.find('[data-testid="values-train.optimizer"]').setValue('sgd, momentum');
    await wrapper.find('[data-testid="mode-range-train.momentum"]').setValue(true);
    await wrapper.find('[data-testid="range-min-train.momentum"]').setValue('0.5');
    await wrapper.find('[data-testid="range-max-train.momentum"]').setValue('0.9');
    await wrapper.find('[data-testid="range-step-train.momentum"]').setValue('0.2');
    await wrapper.find('[data-testid="range-count-train.momentum"]').setValue('');
    expect(wrapper.find('[data-testid="preview-train.momentum"]').text()).toBe('Grid values: 0.5, 0.7, 0.9');
    await wrapper.find('[data-testid="when-toggle-train.momentum"]').setValue(true);
    expect(wrapper.find('[data-testid="when-param-train.momentum"]').findAll('option').map((o) => o.text())).toEqual(['train.optimizer']);
    await wrapper.find('[data-testid="when-value-train.momentum"]').setValue('momentum');
    expect(store.config.search!.params!['train.momentum']).toEqual({ min: 0.5, max: 0.9, scale: 'linear', integer: false, step: 0.2, when: { param: 'train.optimizer', op: '==', value: 'momentum' } });
    expect([store.valid, store.trials]).toEqual([true, 1 + 3]);

    // Unticking drops the condition.
    await wrapper.find('[data-testid="when-toggle-train.momentum"]').setValue(false);
    expect(store.config.search!.params!['train.momentum']).not.toHaveProperty('when');
  });
});

describe('Tuner fields', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('gives each pruner its sentence and the halving pruners their two numbers', async () => {
    const { wrapper } = await mountWithApp(TunerFields, server());
    const store = useNewSweepStore();
    const hint = () => wrapper.find('#f-search\\.pruner\\.type-hint').text();
    const has = (f: string) => wrapper.find(`[data-testid="field-search.pruner.${f}"]`).exists();
    expect([store.draft.search.pruner.type, has('minEpochs')]).toEqual(['', false]);
    await wrapper.find('[data-testid="field-search.pruner.type"]').setValue('median');
    expect(hint()).toBe('Stops a trial whose best value so far is worse than the median of earlier trials at the same epoch.');
    expect([has('minEpochs'), has('reductionFactor')]).toEqual([false, false]);
    await wrapper.find('[data-testid="field-search.pruner.type"]').setValue('asha');
    expect(hint()).toBe('Trains many trials briefly and promotes only the top 1/η to each longer rung (min epochs × η^k).');
    expect([has('minEpochs'), has('reductionFactor')]).toEqual([true, true]);
    await wrapper.find('[data-testid="field-search.pruner.type"]').setValue('hyperband');
    expect(hint()).toBe('Runs several ASHA brackets with different minimum epochs, hedging against stopping slow starters too early.');
    await wrapper.find('[data-testid="field-search.pruner.minEpochs"]').setValue('5');
    await wrapper.find('[data-testid="field-search.pruner.reductionFactor"]').setValue('2');
    await wrapper.find('[data-testid="field-search.metric"]').setValue('val_loss');
    await wrapper.find('[data-testid="field-search.budget.minutes"]').setValue('3');
    expect(store.config.search).toMatchObject({ metric: 'val_loss', pruner: { type: 'hyperband', minEpochs: 5, reductionFactor: 2 }, budget: { minutes: 3 } });
    expect(wrapper.find('[data-testid="field-search.direction"] option').text()).toBe('Minimize (default)');
    expect(store.valid).toBe(true);
  });

  it('marks a pruner that starts after the last epoch on its field (the schema)', async () => {
    const { wrapper } = await mountWithApp(TunerFields, server());
    const store = useNewSweepStore();
    store.load({ ...tuned, search: { ...tuned.search, pruner: { type: 'asha', minEpochs: 20 } } });
    await flushPromises();
    const input = wrapper.find('[data-testid="field-search.pruner.minEpochs"]');
    expect(input.attributes('aria-invalid')).toBe('true');
    expect(wrapper.find('#f-search\\.pruner\\.minEpochs-err').text()).toBe('must be less than the 20 epochs a trial trains');
  });
});

describe('New sweep form with a tuner', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('says "up to N trials" for a tuner, or that the budget decides', async () => {
    const { wrapper } = await mountWithApp(NewSweepView, server(), { path: '/new' });
    const store = useNewSweepStore();
    store.load(tuned);
    await flushPromises();
    expect(wrapper.find('[data-testid="trial-summary"]').text()).toBe('up to 12 trials');
    await wrapper.find('[data-testid="field-search.trials"]').setValue('');
    expect(wrapper.find('[data-testid="trial-summary"]').text()).toBe('until the budget is spent');
    await wrapper.find('[data-testid="field-search.budget.epochs"]').setValue('');
    // Neither trials nor a budget: the schema asks for one on the trials field.
    expect(wrapper.find('#f-search\\.trials-err').text()).toBe('is required for tpe unless a budget is set (search.budget)');
    expect(wrapper.find('[data-testid="launch"]').attributes('disabled')).toBeDefined();
  });

  it('shows the API\'s issues on the pruner, the range and the budget fields', async () => {
    const api = server();
    api.handlers.createSweep = () => {
      throw fail('BAD_INPUT', 'invalid config', [
        { path: 'search.pruner.minEpochs', message: 'must be less than the 20 epochs a trial trains' },
        { path: 'search.params.train.lr.min', message: 'a log range must stay above 0 (min is 0)' },
        { path: 'search.budget', message: 'a budget needs minutes, epochs or both' },
      ]);
    };
    const { wrapper } = await mountWithApp(NewSweepView, api, { path: '/new' });
    useNewSweepStore().load(tuned);
    await flushPromises();
    await wrapper.find('[data-testid="new-sweep-form"]').trigger('submit');
    await flushPromises();
    expect(wrapper.find('#f-search\\.pruner\\.minEpochs-err').text()).toBe('must be less than the 20 epochs a trial trains');
    expect(wrapper.find('[data-testid="field-search.pruner.minEpochs"]').attributes('aria-invalid')).toBe('true');
    expect(wrapper.find('#f-search\\.params\\.train\\.lr\\.min-err').text()).toBe('a log range must stay above 0 (min is 0)');
    expect(wrapper.find('[data-testid="range-min-train.lr"]').attributes('aria-invalid')).toBe('true');
    expect(wrapper.find('[data-testid="tuner"] .budget').text()).toContain('a budget needs minutes, epochs or both');
    expect(wrapper.find('[data-testid="issues"]').text()).toContain('Budget');
    // The form focuses the first marked field.
    expect(document.activeElement?.getAttribute('aria-invalid')).toBe('true');
  });
});
