/**
 * A saved model opens in TensorFlow.js as the network that was trained: for every
 * activation (and with dropout, which must be off at inference), `tf.loadLayersModel`
 * on model.json + weights.bin predicts what the engine itself predicts.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../src-main/data/registry';
import type { Dataset } from '../../src-main/data/types';
import { createEngineModel } from '../../src-main/engine/createModel';
import { ACTIVATIONS } from '../../src-main/engine/types';
import { saveWeights } from '../../src-main/export/modelFiles';
import { trialConfig } from '../store/helpers';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sweeplab-model-'));
let iris: Dataset;

beforeAll(async () => {
  await tf.setBackend('cpu');
  iris = await loadDataset({ name: 'iris', split: { train: 0.7, val: 0.1, test: 0.2 }, seed: 0, standardize: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('model.json', () => {
  it.each(ACTIVATIONS.flatMap((activation) => [[activation, 0], [activation, 0.3]] as const))(
    '%s, dropout %s: TensorFlow.js loads it and predicts as the engine does',
    async (activation, dropout) => {
      const base = trialConfig(0.01);
      const trial = { ...base, engine: 'scratch' as const, model: { ...base.model, hidden: [6, 5], activation, ...(dropout ? { dropout } : {}) } };
      const model = await createEngineModel(trial, iris);
      const out = path.join(dir, `${activation}-${dropout}`);
      mkdirSync(out, { recursive: true });
      try {
        await saveWeights(model, trial, iris, out);
        const json = JSON.parse(readFileSync(path.join(out, 'model.json'), 'utf8'));
        const bin = readFileSync(path.join(out, 'weights.bin'));
        const loaded = await tf.loadLayersModel(
          tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: new Uint8Array(bin).buffer }),
        );
        const { x, n } = iris.test;
        const features = x.length / n;
        const expected = model.predict(x, n);
        const got = tf.tidy(() => (loaded.predict(tf.tensor2d(Float32Array.from(x), [n, features])) as tf.Tensor).dataSync() as Float32Array);
        expect(got.length).toBe(expected.length);
        // GELU is exported as tfjs' erf form (see modelFiles.ts), the others exactly.
        const tolerance = activation === 'gelu' ? 2e-3 : 1e-5;
        for (let i = 0; i < got.length; i++) expect(Math.abs(got[i] - expected[i])).toBeLessThan(tolerance);
        loaded.dispose();
      } finally {
        model.dispose();
      }
    },
  );
});
