import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../../src-main/data/types';
import { createEngineModel } from '../../../src-main/engine/createModel';
import { initWeights } from '../../../src-main/engine/init';
import { sweepConfigSchema, type TrialConfig } from '../../../src-main/sweep/configSchema';
import { blobs } from '../fixtures';

const nativeInstalled = (() => {
  try {
    createRequire(import.meta.url).resolve('@tensorflow/tfjs-node');
    return true;
  } catch {
    return false;
  }
})();

function trial(overrides: { backend?: TrialConfig['backend']; optimizer?: TrialConfig['train']['optimizer'] } = {}): TrialConfig {
  const { search: _search, concurrency: _concurrency, ...t } = sweepConfigSchema.parse({
    name: 'tfjs engine',
    dataset: { name: 'iris' },
    engine: 'tfjs',
    backend: overrides.backend ?? 'auto',
    model: { hidden: [8] },
    train: { epochs: 1, batchSize: 16, lr: 0.01, optimizer: overrides.optimizer ?? 'adamw', seed: 5 },
  });
  return t;
}

const split = blobs(30, 4, 3, 1);
const dataset: Dataset = { name: 'iris', features: 4, classes: ['a', 'b', 'c'], source: 'test', train: split, val: split, test: split };

describe('createEngineModel, engine tfjs', () => {
  it.skipIf(nativeInstalled)('auto: the wasm backend here, with the versions recorded', async () => {
    const m = await createEngineModel(trial(), dataset);
    expect([m.engine, m.backend, m.gpu]).toEqual(['tfjs', 'wasm', false]);
    expect(m.versions).toMatchObject({ tfjs: tf.version.tfjs, 'wasm-simd': 'yes' });
    m.dispose();
  });

  it('starts from the same seeded weights as the scratch engine', async () => {
    const m = await createEngineModel(trial({ backend: 'cpu' }), dataset);
    expect(m.backend).toBe('cpu');
    const expected = initWeights({ inputs: 4, hidden: [8], outputs: 3, activation: 'relu' }, 5, 'float64');
    m.getWeights().forEach((t, i) => expect(Array.from(t.values)).toEqual(Array.from(Float32Array.from(expected[i].values))));
    const step = m.trainStep(split.x, split.y, 16);
    expect(Number.isFinite(step.loss)).toBe(true);
    m.dispose();
  });

  it.skipIf(nativeInstalled)('backend tensorflow without tfjs-node fails with a code the worker reports', async () => {
    const err = (await createEngineModel(trial({ backend: 'tensorflow' }), dataset).catch((e: unknown) => e)) as Error & { code?: string };
    expect(err.message).toMatch(/needs @tensorflow\/tfjs-node; install it with npm install @tensorflow\/tfjs-node/);
    expect(err.code).toBe('BACKEND_UNAVAILABLE');
  });
});
