// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import SearchSpaceEditor from '../../src-renderer/src/components/newSweep/SearchSpaceEditor.vue';
import type { Preset } from '../../src-renderer/src/shared';
import { useNewSweepStore } from '../../src-renderer/src/stores/newSweep';
import { useNotificationsStore } from '../../src-renderer/src/stores/notifications';
import NewSweepView from '../../src-renderer/src/views/NewSweepView.vue';
import { createFakeApi, fail } from './fakeApi';
import { mountWithApp } from './mountHelpers';

const preset: Preset = {
  id: 'seed-iris',
  title: 'Part 1 of the course assignment',
  description: 'A from-scratch network on Iris.',
  config: {
    name: 'seed-iris',
    dataset: { name: 'iris', split: { train: 0.7, val: 0.1, test: 0.2 }, seed: 0 },
    engine: 'scratch',
    model: { hidden: [10] },
    train: { epochs: 200, batchSize: 16, optimizer: 'sgd', lr: 0.03 },
    search: { strategy: 'grid', params: { 'train.lr': [0.001, 0.01], 'model.hidden': [[5], [10], [100]] } },
  },
};

function fakeServer() {
  return createFakeApi({
    presets: () => [preset],
    listDatasets: () => [],
    checkConfig: () => ({ ok: true, issues: [], trials: 6, estimateSeconds: 42, config: null }),
    createSweep: () => ({ sweepId: 7, trials: 6 }),
    getSweep: () => {
      throw fail('NOT_FOUND', 'not in this test');
    },
  });
}

describe('NewSweepView', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('marks an invalid learning rate with the schema message and disables Launch', async () => {
    const { wrapper } = await mountWithApp(NewSweepView, fakeServer(), { path: '/new' });
    const launch = wrapper.find('[data-testid="launch"]');
    expect(launch.attributes('disabled')).toBeUndefined();

    const lr = wrapper.find('[data-testid="field-train.lr"]');
    await lr.setValue('-0.5');
    expect(lr.attributes('aria-invalid')).toBe('true');
    const errorId = lr.attributes('aria-describedby')!.split(' ').find((id) => id.endsWith('-err'))!;
    expect(wrapper.find(`[id="${errorId}"]`).text()).toBe('must be > 0');
    expect(launch.attributes('disabled')).toBeDefined();
    expect(wrapper.find('[data-testid="issues"]').text()).toContain('Learning rate');

    await lr.setValue('0.05');
    expect(lr.attributes('aria-invalid')).toBeUndefined();
    expect(launch.attributes('disabled')).toBeUndefined();
  });

  it('launches the edited config from a preset and opens the new sweep', async () => {
    const api = fakeServer();
    const { wrapper, router } = await mountWithApp(NewSweepView, api, { path: '/new' });
    await flushPromises();
    await wrapper.find('[data-testid="preset-card"]').trigger('click');
    await wrapper.find('[data-testid="field-name"]').setValue('my iris sweep');
    await wrapper.find('[data-testid="field-train.epochs"]').setValue('50');
    expect(wrapper.find('[data-testid="trial-count"]').text()).toBe('6');

    // Enter in a field submits the form; the form's submit is what it triggers.
    await wrapper.find('[data-testid="new-sweep-form"]').trigger('submit');
    await flushPromises();
    const [req] = api.callsOf('createSweep') as { config: Record<string, any> }[];
    expect(req.config.name).toBe('my iris sweep');
    expect(req.config.train).toMatchObject({ epochs: 50, lr: 0.03, optimizer: 'sgd', batchSize: 16 });
    expect(req.config.search.params).toEqual({ 'train.lr': [0.001, 0.01], 'model.hidden': [[5], [10], [100]] });
    expect(router.currentRoute.value.fullPath).toBe('/sweeps/7');
  });

  it('shows the server\'s issues on their fields', async () => {
    const api = fakeServer();
    api.handlers.createSweep = () => {
      throw fail('BAD_INPUT', 'name: is already used', [{ path: 'name', message: 'is already used' }]);
    };
    const { wrapper, router } = await mountWithApp(NewSweepView, api, { path: '/new' });
    await wrapper.find('[data-testid="new-sweep-form"]').trigger('submit');
    await flushPromises();
    const name = wrapper.find('[data-testid="field-name"]');
    expect(name.attributes('aria-invalid')).toBe('true');
    expect(name.element.parentElement!.textContent).toContain('is already used');
    expect(router.currentRoute.value.fullPath).toBe('/new');
  });

  it('refuses an opened file with unknown keys, naming every one, and loads nothing', async () => {
    const api = fakeServer();
    const keys = ['model.activaton', 'train.learning_rate', 'concurency'];
    api.handlers.openConfigFile = () => ({ name: 'typos.yaml', text: 'name: typos\n…' });
    // What the server answers for issue 10's file (test/api/configs.test.ts checks the real one).
    api.handlers.parseConfig = () => {
      throw fail('BAD_INPUT', ['typos.yaml: 3 problems', ...keys.map((k) => `  ${k}: unknown key`)].join('\n'), keys.map((path) => ({ path, message: 'unknown key' })));
    };
    const { wrapper, router } = await mountWithApp(NewSweepView, api, { path: '/new' });
    await flushPromises();
    const name = (wrapper.find('[data-testid="field-name"]').element as HTMLInputElement).value;
    await wrapper.find('[data-testid="open-config"]').trigger('click');
    await flushPromises();
    expect(useNotificationsStore().items.map((n) => [n.kind, n.message])).toEqual([
      ['error', 'Could not open typos.yaml: model.activaton: unknown key; train.learning_rate: unknown key; concurency: unknown key'],
    ]);
    expect((wrapper.find('[data-testid="field-name"]').element as HTMLInputElement).value).toBe(name);
    expect(useNewSweepStore().source).toBe('scratch');
    expect(router.currentRoute.value.fullPath).toBe('/new');
  });

  it('asks before a preset replaces edits', async () => {
    const { wrapper } = await mountWithApp(NewSweepView, fakeServer(), { path: '/new' });
    await flushPromises();
    await wrapper.find('[data-testid="field-train.epochs"]').setValue('7');
    await wrapper.find('[data-testid="preset-card"]').trigger('click');
    expect(wrapper.find('[role="dialog"]').text()).toContain('Replace the form?');
    await wrapper.find('[data-testid="confirm-cancel"]').trigger('click');
    expect(useNewSweepStore().draft.train.epochs).toBe(7);
    await wrapper.find('[data-testid="preset-card"]').trigger('click');
    await wrapper.find('[data-testid="confirm-ok"]').trigger('click');
    expect(useNewSweepStore().draft.train.epochs).toBe(200);
  });
});

describe('SearchSpaceEditor', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('previews each parameter\'s values and multiplies them into the trial count', async () => {
    const { wrapper } = await mountWithApp(SearchSpaceEditor, fakeServer());
    const store = useNewSweepStore();

    await wrapper.find('[data-testid="add-param-key"]').setValue('train.lr');
    await wrapper.find('[data-testid="add-param"]').trigger('click');
    // Starts from the current value.
    const values = wrapper.find('[data-testid="values-train.lr"]');
    expect((values.element as HTMLInputElement).value).toBe('0.03');
    await values.setValue('0.001, 0.01, 0.1, 1');
    expect(wrapper.findAll('[data-testid="preview-train.lr"] li').map((li) => li.text())).toEqual(['0.001', '0.01', '0.1', '1']);

    await wrapper.find('[data-testid="add-param-key"]').setValue('model.hidden');
    await wrapper.find('[data-testid="add-param"]').trigger('click');
    await wrapper.find('[data-testid="values-model.hidden"]').setValue('[5], [10, 10]');
    expect(wrapper.find('[data-testid="search-product"]').text()).toBe('4 × 2 = 8 trials');
    expect(store.trials).toBe(8);

    // A range: log-spaced grid values, previewed.
    await wrapper.find('[data-testid="mode-range-train.lr"]').setValue(true);
    await wrapper.find('[data-testid="range-min-train.lr"]').setValue('0.0001');
    await wrapper.find('[data-testid="range-max-train.lr"]').setValue('0.1');
    await wrapper.find('[data-testid="range-scale-train.lr"]').setValue('log');
    await wrapper.find('[data-testid="range-count-train.lr"]').setValue('4');
    expect(wrapper.find('[data-testid="preview-train.lr"]').text()).toBe('Grid values: 0.0001, 0.001, 0.01, 0.1');
    expect(store.trials).toBe(8);
  });

  it('marks the one bad value in a list with the schema message', async () => {
    const { wrapper } = await mountWithApp(SearchSpaceEditor, fakeServer());
    await wrapper.find('[data-testid="add-param-key"]').setValue('train.batchSize');
    await wrapper.find('[data-testid="add-param"]').trigger('click');
    await wrapper.find('[data-testid="values-train.batchSize"]').setValue('16, 0.5, 64');
    const chips = wrapper.findAll('[data-testid="preview-train.batchSize"] li');
    expect(chips.map((c) => c.classes('bad'))).toEqual([false, true, false]);
    expect(chips[1].text()).toContain('must be a positive integer');
    expect(useNewSweepStore().valid).toBe(false);
  });
});
