// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import ModelFields from '../../src-renderer/src/components/newSweep/ModelFields.vue';
import { useNewSweepStore } from '../../src-renderer/src/stores/newSweep';
import { createFakeApi } from './fakeApi';
import { mountWithApp } from './mountHelpers';

const server = () => createFakeApi({ checkConfig: () => ({ ok: true, issues: [], trials: 1, estimateSeconds: 1, config: null }) });

async function mountFields() {
  const { wrapper } = await mountWithApp(ModelFields, server());
  const select = () => wrapper.find('[data-testid="field-backend"]');
  const options = () => select().findAll('option').map((o) => o.attributes('value'));
  const hint = () => wrapper.find('#f-backend-hint').text();
  return { wrapper, select, options, hint, store: useNewSweepStore() };
}

describe('ModelFields: backend', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('offers each engine its own backends, with its own hint', async () => {
    const { wrapper, options, hint, select } = await mountFields();
    // From scratch by default: the native addon or the TypeScript ops.
    expect(options()).toEqual(['auto', 'native', 'js']);
    expect((select().element as HTMLSelectElement).value).toBe('auto');
    expect(hint()).toContain('native OpenBLAS ops when built');
    expect(hint()).toContain('gradient check');

    await wrapper.find('[data-testid="field-engine-tfjs"]').setValue(true);
    expect(options()).toEqual(['auto', 'tensorflow', 'wasm', 'cpu']);
    expect(hint()).toBe('auto: native TensorFlow, else WebAssembly, else plain JS.');
  });

  it('goes back to auto when the new engine does not take the chosen backend', async () => {
    const { wrapper, select, store } = await mountFields();
    await select().setValue('native');
    expect(store.config.backend).toBe('native');

    await wrapper.find('[data-testid="field-engine-tfjs"]').setValue(true);
    expect(store.draft.backend).toBe('auto');
    expect((select().element as HTMLSelectElement).value).toBe('auto');
    expect(store.config).toMatchObject({ engine: 'tfjs', backend: 'auto' });
    expect(store.grouped.byField.backend).toBeUndefined();

    // No backend but auto suits both engines: wasm goes on the way back too.
    await select().setValue('wasm');
    await wrapper.find('[data-testid="field-engine-scratch"]').setValue(true);
    expect(store.draft.backend).toBe('auto');
    await select().setValue('js');
    expect(store.config).toMatchObject({ engine: 'scratch', backend: 'js' });
  });

  it('shows a loaded config\'s backend that does not suit its engine, marked by the schema', async () => {
    const { select, options, store, wrapper } = await mountFields();
    store.load({ name: 'old', dataset: { name: 'iris' }, engine: 'scratch', backend: 'wasm', model: { hidden: [4] }, train: { epochs: 1, batchSize: 8, lr: 0.1 } }, 'file:old.json');
    await wrapper.vm.$nextTick();
    expect(options()).toEqual(['auto', 'native', 'js', 'wasm']);
    expect((select().element as HTMLSelectElement).value).toBe('wasm');
    expect(select().attributes('aria-invalid')).toBe('true');
    expect(wrapper.find('#f-backend-err').text()).toBe('"wasm" is not a backend of the scratch engine (it takes auto, native, js)');
    expect(store.valid).toBe(false);

    await select().setValue('native');
    expect(options()).toEqual(['auto', 'native', 'js']);
    expect(select().attributes('aria-invalid')).toBeUndefined();
    expect(store.valid).toBe(true);
  });
});

describe('ModelFields: activation and dropout', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('offers the five activations by keyboard-friendly select, ReLU first and by default', async () => {
    const { wrapper, store } = await mountFields();
    const select = wrapper.find('[data-testid="field-model.activation"]');
    expect(select.element.tagName).toBe('SELECT');
    expect(select.findAll('option').map((o) => o.attributes('value'))).toEqual(['relu', 'leaky_relu', 'tanh', 'sigmoid', 'gelu']);
    expect(store.config.model).toEqual({ hidden: [10], activation: 'relu' });
    await select.setValue('gelu');
    expect(store.config.model).toEqual({ hidden: [10], activation: 'gelu' });
    expect(store.valid).toBe(true);
  });

  it('takes a dropout and shows the schema’s message next to it', async () => {
    const { wrapper, store } = await mountFields();
    const input = wrapper.find('[data-testid="field-model.dropout"]');
    await input.setValue('0.3');
    expect(store.config.model).toMatchObject({ dropout: 0.3 });
    expect(store.valid).toBe(true);
    await input.setValue('1');
    expect(store.valid).toBe(false);
    expect(input.attributes('aria-invalid')).toBe('true');
    expect(wrapper.find('#f-model\\.dropout-err').text()).toBe('must be < 1 (dropout 1 would drop every unit)');
    await input.setValue('');
    expect(store.config.model).not.toHaveProperty('dropout');
    expect(store.valid).toBe(true);
  });

  it('keeps a loaded config’s activation and dropout', async () => {
    const { wrapper, store } = await mountFields();
    store.load({ name: 'tuned', dataset: { name: 'iris' }, model: { hidden: [4], activation: 'tanh', dropout: 0.2 }, train: { epochs: 1, batchSize: 8, lr: 0.1 } }, 'file:tuned.json');
    await wrapper.vm.$nextTick();
    expect((wrapper.find('[data-testid="field-model.activation"]').element as HTMLSelectElement).value).toBe('tanh');
    expect((wrapper.find('[data-testid="field-model.dropout"]').element as HTMLInputElement).value).toBe('0.2');
    expect(store.config.model).toEqual({ hidden: [4], activation: 'tanh', dropout: 0.2 });
  });
});
