/**
 * Dropout and schedules through the shared loop: the masks are the seed's (same seed →
 * same curve, in both engines), they never touch the batch order, evaluation never
 * drops, and dropout 0 is exactly the model without dropout.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMaskSource, dropoutSeed } from '../../src-main/engine/dropout';
import { initWeights } from '../../src-main/engine/init';
import { createRng } from '../../src-main/engine/random';
import { createScratchModel } from '../../src-main/engine/scratch/network';
import { selectBackend, type SelectedBackend } from '../../src-main/engine/tfjs/backend';
import { createTfjsModel } from '../../src-main/engine/tfjs/model';
import { trainLoop } from '../../src-main/engine/trainLoop';
import { DEFAULT_OPTIMIZER, type EngineModel, type ModelSpec } from '../../src-main/engine/types';
import { blobs } from './fixtures';

const train = blobs(120, 4, 3, 1);
const val = blobs(60, 4, 3, 1, { noiseSeed: 99 });
const sgd = { ...DEFAULT_OPTIMIZER, name: 'sgd' as const, lr: 0.1 };
const spec = (dropout?: number): ModelSpec => ({ inputs: 4, hidden: [16, 8], outputs: 3, activation: 'relu', ...(dropout === undefined ? {} : { dropout }) });

let backend: SelectedBackend;
beforeAll(async () => {
  backend = await selectBackend('wasm');
});

type Make = (s: ModelSpec, seed: number) => EngineModel;
const ENGINES: [string, Make][] = [
  ['scratch', (s, seed) => createScratchModel(s, sgd, { dtype: 'float64', seed, weights: initWeights(s, 0, 'float64') })],
  ['tfjs', (s, seed) => createTfjsModel(s, sgd, { weights: initWeights(s, 0, 'float64'), backend, seed })],
];

/** Losses per step, and the labels of every batch in order (what the shuffle decided). */
async function curve(model: EngineModel, seed = 0): Promise<{ losses: number[]; labels: number[]; val: (number | null)[] }> {
  const labels: number[] = [];
  const step = model.trainStep.bind(model);
  model.trainStep = (x, y, rows) => {
    labels.push(...y.subarray(0, rows));
    return step(x, y, rows);
  };
  const losses: number[] = [];
  const summary = await trainLoop(model, { train, val }, { epochs: 3, batchSize: 16, seed }, { onStep: (s) => void losses.push(s.loss) });
  model.dispose();
  return { losses, labels, val: summary.epochs.map((e) => e.val_loss) };
}

describe('the dropout masks', () => {
  it('come from their own stream: deterministic per seed, not the shuffling stream', () => {
    const draw = (p: number, seed: number) => {
      const m = new Float64Array(200);
      createMaskSource(p, seed).fill(m, m.length);
      return Array.from(m);
    };
    expect(draw(0.5, 7)).toEqual(draw(0.5, 7));
    expect(draw(0.5, 7)).not.toEqual(draw(0.5, 8));
    expect(dropoutSeed(7)).not.toBe(7);
    // Mask i is kept exactly when the dropout stream's i-th uniform is ≥ p.
    const rng = createRng(dropoutSeed(7));
    expect(draw(0.5, 7)).toEqual(Array.from({ length: 200 }, () => (rng.next() >= 0.5 ? 2 : 0)));
    const shuffling = createRng(7);
    expect(draw(0.5, 7)).not.toEqual(Array.from({ length: 200 }, () => (shuffling.next() >= 0.5 ? 2 : 0)));
  });

  it('refuse a probability outside [0, 0.9]', () => {
    expect(() => createMaskSource(1, 0)).toThrow('dropout must be a probability in [0, 0.9], got 1');
    expect(() => createMaskSource(-0.1, 0)).toThrow(RangeError);
    expect(() => createScratchModel(spec(0.95), sgd, { dtype: 'float64', seed: 0 })).toThrow(/dropout must be/);
  });
});

describe.each(ENGINES)('dropout in training (%s)', (_, make) => {
  it('same seed → the same curve; another seed → another curve', async () => {
    const a = await curve(make(spec(0.3), 5));
    const b = await curve(make(spec(0.3), 5));
    const c = await curve(make(spec(0.3), 6));
    expect(b.losses).toEqual(a.losses);
    expect(b.val).toEqual(a.val);
    expect(c.losses).not.toEqual(a.losses);
  });

  it('leaves the batch order alone, and dropout 0 is bit-identical to no dropout at all', async () => {
    const none = await curve(make(spec(), 5));
    const zero = await curve(make(spec(0), 5));
    const some = await curve(make(spec(0.3), 5));
    expect(zero.losses).toEqual(none.losses);
    expect(zero.val).toEqual(none.val);
    expect(some.labels).toEqual(none.labels);
    expect(some.losses).not.toEqual(none.losses);
  });

  it('is off at evaluation: evaluate twice gives the same, as the model without dropout does', () => {
    const withDropout = make(spec(0.5), 1);
    const without = make(spec(), 1);
    const first = withDropout.evaluate(val.x, val.y, val.n);
    expect(withDropout.evaluate(val.x, val.y, val.n)).toEqual(first);
    expect(Array.from(withDropout.predict(val.x, val.n))).toEqual(Array.from(without.predict(val.x, val.n)));
    expect(without.evaluate(val.x, val.y, val.n)).toEqual(first);
    // A training step in between changes the weights, but evaluation stays deterministic.
    withDropout.trainStep(train.x, train.y, 16);
    const after = withDropout.evaluate(val.x, val.y, val.n);
    expect(withDropout.evaluate(val.x, val.y, val.n)).toEqual(after);
    withDropout.dispose();
    without.dispose();
  });
});

describe('trainLoop with a schedule', () => {
  it('refuses a model that cannot change its learning rate, and leaves a constant one alone', async () => {
    const model = createScratchModel(spec(), sgd, { dtype: 'float64', seed: 0 });
    const bare: EngineModel = { ...model, engine: model.engine, backend: model.backend, gpu: false, trainStep: model.trainStep.bind(model), evaluate: model.evaluate.bind(model), predict: model.predict.bind(model), getWeights: model.getWeights.bind(model), setWeights: model.setWeights.bind(model), dispose: () => {} };
    delete (bare as { setLearningRate?: unknown }).setLearningRate;
    await expect(trainLoop(bare, { train, val }, { epochs: 1, batchSize: 16, seed: 0, schedule: { lr: 0.1, schedule: { type: 'cosine' } } })).rejects.toThrow(
      'the scratch model cannot change its learning rate, so it cannot follow a schedule',
    );
    // Constant without warm-up never calls setLearningRate, so the curve is today's.
    await expect(trainLoop(bare, { train, val }, { epochs: 1, batchSize: 16, seed: 0, schedule: { lr: 0.1, schedule: { type: 'constant' } } })).resolves.toBeDefined();
  });

  it('a constant schedule gives exactly the curve without one', async () => {
    const run = async (schedule?: { lr: number; schedule: { type: 'constant' } }) => {
      const losses: number[] = [];
      await trainLoop(createScratchModel(spec(), sgd, { dtype: 'float64', seed: 0 }), { train, val }, { epochs: 2, batchSize: 16, seed: 0, schedule }, { onStep: (s) => void losses.push(s.loss) });
      return losses;
    };
    expect(await run({ lr: 0.1, schedule: { type: 'constant' } })).toEqual(await run());
  });
});

describe('tfjs: masks and rate changes leave no tensors behind', () => {
  it.each(['sgd', 'momentum', 'adam', 'adamw'] as const)('%s with dropout and a cosine schedule', async (name) => {
    const before = tf.memory().numTensors;
    const s = spec(0.3);
    const model = createTfjsModel(s, { ...DEFAULT_OPTIMIZER, name, lr: 0.05 }, { weights: initWeights(s, 0, 'float64'), backend, seed: 1 });
    await trainLoop(model, { train, val }, { epochs: 2, batchSize: 16, seed: 0, schedule: { lr: 0.05, schedule: { type: 'cosine', warmupEpochs: 1 } } });
    const during = tf.memory().numTensors;
    await trainLoop(model, { train, val }, { epochs: 2, batchSize: 16, seed: 0, schedule: { lr: 0.05, schedule: { type: 'cosine', warmupEpochs: 1 } } });
    expect(tf.memory().numTensors, 'tensors grow with steps').toBe(during);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
