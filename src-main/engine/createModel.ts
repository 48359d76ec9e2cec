/**
 * Engine choice: a trial config and its data → a ready EngineModel. Both engines start
 * from the same seeded initial weights (init.ts) and draw the same dropout masks
 * (dropout.ts) from the trial's seed, so their curves can be compared.
 */
import type { Dataset } from '../data/types';
import { backendProblem, type TrialConfig } from '../sweep/configSchema';
import { initWeights } from './init';
import type { BackendPreference } from './tfjs/backend';
import { createScratchModel } from './scratch/network';
import { selectOps, type OpsPreference } from './scratch/ops';
import { DEFAULT_OPTIMIZER, type DType, type EngineModel, type ModelSpec, type OptimizerSpec } from './types';

export function modelSpecFor(trial: TrialConfig, dataset: Pick<Dataset, 'features' | 'classes'>): ModelSpec {
  return { inputs: dataset.features, hidden: trial.model.hidden, outputs: dataset.classes.length, activation: trial.model.activation, dropout: trial.model.dropout ?? 0 };
}

export function optimizerSpecFor(trial: TrialConfig): OptimizerSpec {
  return { ...DEFAULT_OPTIMIZER, name: trial.train.optimizer, lr: trial.train.lr, momentum: trial.train.momentum, weightDecay: trial.train.weightDecay };
}

export async function createEngineModel(trial: TrialConfig, dataset: Dataset): Promise<EngineModel> {
  const spec = modelSpecFor(trial, dataset);
  const dtype: DType = dataset.train.x instanceof Float32Array ? 'float32' : 'float64';
  const weights = initWeights(spec, trial.train.seed, dtype);
  switch (trial.engine) {
    case 'scratch': {
      // Sweeps recorded before the scratch engine had backends may carry a tfjs one (the
      // settings' default), which scratch ignored then: it means auto.
      const ops = backendProblem('scratch', trial.backend) ? 'auto' : (trial.backend as OpsPreference);
      return createScratchModel(spec, optimizerSpecFor(trial), { dtype, seed: trial.train.seed, weights, ops: selectOps(ops) });
    }
    case 'tfjs': {
      // The config schema refuses these; a trial built by other code must not slip by.
      const problem = backendProblem('tfjs', trial.backend);
      if (problem) throw new Error(`backend: ${problem}`);
      // Loaded on demand: a scratch trial never pays for importing TensorFlow.js.
      const [{ selectBackend }, { createTfjsModel }] = await Promise.all([import('./tfjs/backend'), import('./tfjs/model')]);
      const backend = await selectBackend(trial.backend as BackendPreference);
      return createTfjsModel(spec, optimizerSpecFor(trial), { weights, backend, seed: trial.train.seed });
    }
  }
}
