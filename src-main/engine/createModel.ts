/**
 * Engine choice: a trial config and its data → a ready EngineModel. Both engines start
 * from the same seeded He-initialised weights, so their curves can be compared.
 */
import type { Dataset } from '../data/types';
import type { TrialConfig } from '../sweep/configSchema';
import { initWeights } from './init';
import { createScratchModel } from './scratch/network';
import { DEFAULT_OPTIMIZER, type DType, type EngineModel, type ModelSpec, type OptimizerSpec } from './types';

export function modelSpecFor(trial: TrialConfig, dataset: Pick<Dataset, 'features' | 'classes'>): ModelSpec {
  return { inputs: dataset.features, hidden: trial.model.hidden, outputs: dataset.classes.length, activation: trial.model.activation };
}

export function optimizerSpecFor(trial: TrialConfig): OptimizerSpec {
  return { ...DEFAULT_OPTIMIZER, name: trial.train.optimizer, lr: trial.train.lr, momentum: trial.train.momentum, weightDecay: trial.train.weightDecay };
}

export async function createEngineModel(trial: TrialConfig, dataset: Dataset): Promise<EngineModel> {
  const spec = modelSpecFor(trial, dataset);
  const dtype: DType = dataset.train.x instanceof Float32Array ? 'float32' : 'float64';
  const weights = initWeights(spec, trial.train.seed, dtype);
  switch (trial.engine) {
    case 'scratch':
      return createScratchModel(spec, optimizerSpecFor(trial), { dtype, seed: trial.train.seed, weights });
    case 'tfjs': {
      // Loaded on demand: a scratch trial never pays for importing TensorFlow.js.
      const [{ selectBackend }, { createTfjsModel }] = await Promise.all([import('./tfjs/backend'), import('./tfjs/model')]);
      const backend = await selectBackend(trial.backend);
      return createTfjsModel(spec, optimizerSpecFor(trial), { weights, backend });
    }
  }
}
