// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import TrainFields from '../../src-renderer/src/components/newSweep/TrainFields.vue';
import { formLosses } from '../../src-renderer/src/lib/formLosses';
import { useNewSweepStore } from '../../src-renderer/src/stores/newSweep';
import { createFakeApi } from './fakeApi';
import { mountWithApp } from './mountHelpers';

const server = () => createFakeApi({ checkConfig: () => ({ ok: true, issues: [], trials: 1, estimateSeconds: 1, config: null }) });

describe('TrainFields: the learning-rate schedule', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('is constant and absent from the config by default; each type shows its own fields', async () => {
    const { wrapper } = await mountWithApp(TrainFields, server());
    const store = useNewSweepStore();
    const has = (f: string) => wrapper.find(`[data-testid="field-train.schedule.${f}"]`).exists();
    expect(store.config.train).not.toHaveProperty('schedule');
    expect([has('type'), has('warmupEpochs'), has('stepEpochs'), has('gamma'), has('minLr')]).toEqual([true, true, false, false, false]);

    await wrapper.find('[data-testid="field-train.schedule.type"]').setValue('cosine');
    await wrapper.find('[data-testid="field-train.schedule.warmupEpochs"]').setValue('5');
    expect([has('stepEpochs'), has('gamma'), has('minLr')]).toEqual([false, false, true]);
    expect(store.config.train).toMatchObject({ schedule: { type: 'cosine', warmupEpochs: 5 } });
    expect(store.valid).toBe(true);

    await wrapper.find('[data-testid="field-train.schedule.type"]').setValue('step');
    expect([has('stepEpochs'), has('gamma'), has('minLr')]).toEqual([true, true, true]);
    expect(store.valid).toBe(false);
    expect(wrapper.find('#f-train\\.schedule\\.stepEpochs-err').text()).toBe('is required when type is "step"');
    await wrapper.find('[data-testid="field-train.schedule.stepEpochs"]').setValue('30');
    expect(store.valid).toBe(true);

    await wrapper.find('[data-testid="field-train.schedule.warmupEpochs"]').setValue('100');
    expect(wrapper.find('#f-train\\.schedule\\.warmupEpochs-err').text()).toBe('must be less than train.epochs (100)');
  });

  it('opens files with the tuner’s knobs without losing anything', () => {
    const base = { name: 't', dataset: { name: 'iris' }, model: { hidden: [4], activation: 'gelu', dropout: 0 }, train: { epochs: 10, batchSize: 8, lr: 0.1 } };
    expect(formLosses(base)).toEqual([]);
    expect(formLosses({ ...base, train: { ...base.train, schedule: { type: 'constant' } } })).toEqual([]);
    expect(formLosses({ ...base, train: { ...base.train, schedule: { type: 'step', warmupEpochs: 1, stepEpochs: 3, gamma: 0.5, minLr: 0.001 } } })).toEqual([]);
    expect(formLosses({ ...base, train: { ...base.train, schedule: { type: 'cosine', minLr: 0.001 } } })).toEqual([]);
  });
});
