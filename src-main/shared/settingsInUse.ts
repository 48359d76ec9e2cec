/**
 * Which of a trial's settings its training actually used. Defaults are filled in for every
 * setting, so a plain SGD run carries a momentum of 0.9 and a weight decay of 0.01 that
 * no step ever read, and an image data set carries `standardize`, which only tabular
 * data sets apply. Listing those beside the settings that mattered misleads; this is the
 * one place that says which is which (the optimisers in engine/*\/optimizers.ts).
 */
import { isImageDataset } from '../sweep/configSchema';

/** Whether `key` (dotted, e.g. `train.momentum`) took part in a trial with `config`. */
export function settingApplies(key: string, config: { dataset?: { name?: string }; train?: { optimizer?: string } }): boolean {
  const optimizer = config.train?.optimizer ?? 'sgd';
  switch (key) {
    case 'train.momentum':
      return optimizer === 'momentum';
    case 'train.weightDecay':
      return optimizer === 'adamw';
    case 'dataset.standardize':
      return !isImageDataset(config.dataset?.name ?? '');
    default:
      return true;
  }
}
