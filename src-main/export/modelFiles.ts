/**
 * A trained model on disk in TensorFlow.js layers format (`model.json` + `weights.bin`),
 * whichever engine trained it: a Keras-style Sequential of Dense layers, so
 * `tf.loadLayersModel` opens it, and Sweeplab's `eval` can load it into either engine.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Dataset } from '../data/types';
import { LEAKY_SLOPE } from '../engine/scratch/ops/reference';
import type { Activation, EngineModel, NamedTensor } from '../engine/types';
import type { TrialConfig } from '../sweep/configSchema';
import { writeFileAtomic } from './outputFiles';

export interface SavedModel {
  weights: NamedTensor[];
  classes: string[];
  inputs: number;
  hidden: number[];
}

interface ModelJson {
  format: 'layers-model';
  generatedBy: string;
  convertedBy: null;
  modelTopology: unknown;
  weightsManifest: { paths: string[]; weights: { name: string; shape: number[]; dtype: 'float32' }[] }[];
  userDefinedMetadata: { sweeplab: { classes: string[]; trial: TrialConfig; dataset: string; names: string[] } };
}

/**
 * Each engine activation as tfjs-layers names it. Leaky ReLU is a layer of its own there
 * (with Keras' default slope 0.3, so ours, 0.01, is written out). GELU is written as
 * `gelu`, the erf form, though we train with the tanh form: tfjs-layers 4.22 registers
 * the tanh form as `gelu_new` but cannot read that name back (it looks up `geluNew`),
 * and the two differ by under 1e-3 per unit. Sweeplab's own `eval` rebuilds the exact
 * network from the trial in the metadata, so it is unaffected.
 */
const KERAS_ACTIVATION: Record<Activation, string> = { relu: 'relu', leaky_relu: 'linear', tanh: 'tanh', sigmoid: 'sigmoid', gelu: 'gelu' };

function topology(inputs: number, model: TrialConfig['model'], outputs: number): unknown {
  const activation = model.activation as Activation;
  const widths = [...model.hidden, outputs];
  // The initializer documents how the weights began (init.ts): He for the ReLU family, Glorot for tanh and sigmoid.
  const init = activation === 'tanh' || activation === 'sigmoid' ? 'GlorotNormal' : 'HeNormal';
  const layers = widths.flatMap((units, i) => {
    const last = i === widths.length - 1;
    const dense = {
      class_name: 'Dense',
      config: {
        name: `dense_${i + 1}`,
        units,
        activation: last ? 'softmax' : KERAS_ACTIVATION[activation],
        use_bias: true,
        trainable: true,
        dtype: 'float32',
        kernel_initializer: { class_name: init, config: { seed: null } },
        bias_initializer: { class_name: 'Zeros', config: {} },
        ...(i === 0 ? { batch_input_shape: [null, inputs] } : {}),
      },
    };
    if (last) return [dense];
    const after: unknown[] = [];
    if (activation === 'leaky_relu') after.push({ class_name: 'LeakyReLU', config: { name: `leaky_relu_${i + 1}`, alpha: LEAKY_SLOPE } });
    // Weightless, and off at inference: written so the file says how the model was trained.
    if (model.dropout) after.push({ class_name: 'Dropout', config: { name: `dropout_${i + 1}`, rate: model.dropout } });
    return [dense, ...after];
  });
  return { class_name: 'Sequential', config: { name: 'sweeplab_mlp', layers }, keras_version: 'tfjs-layers', backend: 'tensor_flow.js' };
}

/** Writes model.json and weights.bin into `dir`; returns the files written. */
export async function saveWeights(model: EngineModel, trial: TrialConfig, dataset: Dataset, dir: string): Promise<{ kind: string; path: string; bytes: number }[]> {
  const weights = model.getWeights();
  const total = weights.reduce((n, w) => n + w.values.length, 0);
  const bin = new Float32Array(total);
  let offset = 0;
  for (const w of weights) {
    bin.set(w.values, offset);
    offset += w.values.length;
  }
  // Keras names: dense_i/kernel, dense_i/bias, in the engines' fc{i}.W / fc{i}.b order.
  const kerasName = (name: string) => name.replace(/^fc(\d+)\.W$/, 'dense_$1/kernel').replace(/^fc(\d+)\.b$/, 'dense_$1/bias');
  const json: ModelJson = {
    format: 'layers-model',
    generatedBy: 'sweeplab',
    convertedBy: null,
    modelTopology: topology(dataset.features, trial.model, dataset.classes.length),
    weightsManifest: [{ paths: ['weights.bin'], weights: weights.map((w) => ({ name: kerasName(w.name), shape: w.shape, dtype: 'float32' })) }],
    userDefinedMetadata: { sweeplab: { classes: dataset.classes, trial, dataset: dataset.source, names: weights.map((w) => w.name) } },
  };
  const binPath = path.join(dir, 'weights.bin');
  const jsonPath = path.join(dir, 'model.json');
  // Weights first, the manifest last, each atomically: a model.json on disk always has
  // its complete weights.bin beside it, so a full disk fails this save, not a later eval.
  await writeFileAtomic(binPath, new Uint8Array(bin.buffer));
  const text = JSON.stringify(json);
  await writeFileAtomic(jsonPath, text);
  return [
    { kind: 'model', path: jsonPath, bytes: Buffer.byteLength(text) },
    { kind: 'weights', path: binPath, bytes: bin.byteLength },
  ];
}

export function loadSavedModel(dir: string): SavedModel & { trial: TrialConfig } {
  const json = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8')) as ModelJson;
  const meta = json.userDefinedMetadata?.sweeplab;
  if (!meta) throw new Error(`${dir}/model.json: not a Sweeplab model (no sweeplab metadata)`);
  const buf = readFileSync(path.join(dir, json.weightsManifest[0].paths[0]));
  const all = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
  let offset = 0;
  const weights = json.weightsManifest[0].weights.map((w, i) => {
    const size = w.shape.reduce((a, b) => a * b, 1);
    if (offset + size > all.length) throw new Error(`${dir}/weights.bin: too short for ${w.name}`);
    const values = all.slice(offset, offset + size);
    offset += size;
    return { name: meta.names[i], shape: w.shape, values };
  });
  return { weights, classes: meta.classes, inputs: weights[0].shape[0], hidden: meta.trial.model.hidden, trial: meta.trial };
}
