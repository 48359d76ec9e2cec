import { describe, expect, it } from 'vitest';
import { settingApplies } from '../../src-main/shared/settingsInUse';

describe('settingApplies', () => {
  it('leaves out momentum and weight decay where the optimiser never reads them', () => {
    const sgd = { train: { optimizer: 'sgd' } };
    expect(settingApplies('train.momentum', sgd)).toBe(false);
    expect(settingApplies('train.weightDecay', sgd)).toBe(false);
    expect(settingApplies('train.lr', sgd)).toBe(true);
    expect(settingApplies('train.momentum', { train: { optimizer: 'momentum' } })).toBe(true);
    expect(settingApplies('train.weightDecay', { train: { optimizer: 'adamw' } })).toBe(true);
    expect(settingApplies('train.weightDecay', { train: { optimizer: 'adam' } })).toBe(false);
  });

  it('standardises tabular data only', () => {
    expect(settingApplies('dataset.standardize', { dataset: { name: 'iris' } })).toBe(true);
    expect(settingApplies('dataset.standardize', { dataset: { name: 'fashion-mnist-subset' } })).toBe(false);
  });
});
