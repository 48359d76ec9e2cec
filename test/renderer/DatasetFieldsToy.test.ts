// @vitest-environment happy-dom
/** The New sweep form's data fields for a generated set: samples, noise, classes, checked by the schema. */
import { afterEach, describe, expect, it } from 'vitest';
import DatasetFields from '../../src-renderer/src/components/newSweep/DatasetFields.vue';
import { formLosses } from '../../src-renderer/src/lib/formLosses';
import { useNewSweepStore } from '../../src-renderer/src/stores/newSweep';
import { createFakeApi } from './fakeApi';
import { mountWithApp } from './mountHelpers';

const server = () => createFakeApi({ listDatasets: () => [], checkConfig: () => ({ ok: true, issues: [], trials: 1, estimateSeconds: 1, config: null }) });

describe('DatasetFields: generated sets', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('offers the toy sets, shows their options, and writes only what was set into dataset.toy', async () => {
    const { wrapper } = await mountWithApp(DatasetFields, server());
    const store = useNewSweepStore();
    const select = wrapper.find('[data-testid="field-dataset.name"]');
    expect(select.findAll('option').map((o) => o.attributes('value'))).toEqual(expect.arrayContaining(['moons', 'circles', 'spirals', 'xor', 'blobs']));
    expect(wrapper.find('[data-testid="field-dataset.toy.samples"]').exists()).toBe(false);

    await select.setValue('moons');
    const samples = wrapper.find('[data-testid="field-dataset.toy.samples"]');
    expect(samples.attributes('placeholder')).toBe('400');
    expect(wrapper.find('[data-testid="field-dataset.toy.noise"]').attributes('placeholder')).toBe('0.1');
    // Two classes by shape: no field to get wrong.
    expect(wrapper.find('[data-testid="field-dataset.toy.classes"]').exists()).toBe(false);
    expect(store.config.dataset).not.toHaveProperty('toy');
    expect(store.valid).toBe(true);

    await samples.setValue('1000');
    expect(store.config.dataset).toMatchObject({ name: 'moons', toy: { samples: 1000 } });
    expect(store.valid).toBe(true);
  });

  it('marks a class count the kind cannot make at its field, and resets it when switching to a two-class set', async () => {
    const { wrapper } = await mountWithApp(DatasetFields, server());
    const store = useNewSweepStore();
    await wrapper.find('[data-testid="field-dataset.name"]').setValue('spirals');
    const classes = wrapper.find('[data-testid="field-dataset.toy.classes"]');
    await classes.setValue('7');
    expect(classes.attributes('aria-invalid')).toBe('true');
    const errorId = classes.attributes('aria-describedby')!.split(' ').find((id) => id.endsWith('-err'))!;
    expect(wrapper.find(`[id="${errorId}"]`).text()).toBe('must be an integer from 2 to 5 for spirals');
    expect(store.valid).toBe(false);

    await classes.setValue('4');
    expect(store.valid).toBe(true);
    await wrapper.find('[data-testid="field-dataset.name"]').setValue('xor');
    expect(store.draft.dataset.toy.classes).toBe('');
    expect(store.valid).toBe(true);
  });

  it('opens a config file with a toy block without losing any of it', () => {
    const file = { name: 'm', dataset: { name: 'blobs', seed: 3, split: { train: 0.7, val: 0.1, test: 0.2 }, toy: { samples: 900, noise: 0.8, classes: 5 } }, model: { hidden: [8] }, train: { epochs: 5, batchSize: 16, lr: 0.1 } };
    expect(formLosses(file)).toEqual([]);
    const misplaced = { ...file, dataset: { name: 'iris', toy: { samples: 900 } } };
    expect(formLosses(misplaced).map((i) => i.path)).toContain('dataset.toy.samples');
  });
});
