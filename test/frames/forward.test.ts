/**
 * The frame thread's forward pass (forward.ts) against each engine's own `predict`, on
 * trained weights of every kind it meets: the scratch engine in float64 and float32
 * (every activation, two hidden layers, dropout that inference leaves out), the tfjs
 * engine on its cpu backend, and the native ops where the addon is built. A frame drawn
 * from a snapshot is only honest if these agree.
 */
import { describe, expect, it } from 'vitest';
import { initWeights } from '../../src-main/engine/init';
import { createScratchModel } from '../../src-main/engine/scratch/network';
import { referenceOps, selectOps } from '../../src-main/engine/scratch/ops';
import { selectBackend } from '../../src-main/engine/tfjs/backend';
import { createTfjsModel } from '../../src-main/engine/tfjs/model';
import { ACTIVATIONS, DEFAULT_OPTIMIZER, type Activation, type DType, type EngineModel, type Float, type ModelSpec } from '../../src-main/engine/types';
import { createForward, mlpLayers } from '../../src-main/frames/forward';

const ROWS = 300;
const adam = { ...DEFAULT_OPTIMIZER, name: 'adam' as const, lr: 0.05 };

/** Random inputs and labels, and a model trained on them for a few steps (weights away from their initial values). */
function data(spec: ModelSpec, dtype: DType): { x: Float; y: Int32Array } {
  const x = dtype === 'float32' ? new Float32Array(ROWS * spec.inputs) : new Float64Array(ROWS * spec.inputs);
  let s = 12345;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 4 - 2;
  for (let i = 0; i < x.length; i++) x[i] = rand();
  const y = Int32Array.from({ length: ROWS }, (_, i) => (x[i * spec.inputs] > 0 ? 1 : 0) % spec.outputs);
  return { x, y };
}

function trainSome(model: EngineModel, x: Float, y: Int32Array, inputs: number): void {
  for (let s = 0; s < 20; s++) model.trainStep(x.subarray((s % 9) * 32 * inputs, ((s % 9) * 32 + 32) * inputs), y.subarray((s % 9) * 32, (s % 9) * 32 + 32), 32);
}

/** Largest |a − b| / max(|b|, 1e-3) over the probabilities: relative where they are not tiny. */
function worstRelative(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), 1e-3));
  return worst;
}

describe('forward from a snapshot equals predict', () => {
  for (const dtype of ['float64', 'float32'] as const)
    for (const activation of ACTIVATIONS)
      it(`scratch engine, ${dtype}, ${activation}, 2-12-7-3 with dropout`, () => {
        const spec: ModelSpec = { inputs: 2, hidden: [12, 7], outputs: 3, activation, dropout: 0.3 };
        const model = createScratchModel(spec, adam, { dtype, seed: 3 });
        const { x, y } = data(spec, dtype);
        trainSome(model, x, y, spec.inputs);
        const got = createForward(activation)(model.getWeights(), x, ROWS);
        expect(got).toBeInstanceOf(dtype === 'float32' ? Float32Array : Float64Array);
        expect(worstRelative(got, model.predict(x, ROWS))).toBeLessThan(dtype === 'float64' ? 1e-6 : 1e-4);
      });

  it('scratch engine without hidden layers (softmax regression)', () => {
    const spec: ModelSpec = { inputs: 2, hidden: [], outputs: 2, activation: 'relu' };
    const model = createScratchModel(spec, adam, { dtype: 'float64', seed: 1 });
    const { x, y } = data(spec, 'float64');
    trainSome(model, x, y, 2);
    expect(worstRelative(createForward('relu')(model.getWeights(), x, ROWS), model.predict(x, ROWS))).toBeLessThan(1e-6);
  });

  for (const activation of ['relu', 'gelu'] as Activation[])
    it(`tfjs engine on the cpu backend, ${activation}, float32 weights on float64 inputs`, async () => {
      const spec: ModelSpec = { inputs: 2, hidden: [16], outputs: 2, activation };
      const model = createTfjsModel(spec, adam, { weights: initWeights(spec, 5, 'float32'), backend: await selectBackend('cpu'), seed: 5 });
      try {
        const { x, y } = data(spec, 'float64');
        trainSome(model, x, y, spec.inputs);
        const weights = model.getWeights();
        expect(weights.map((t) => [t.name, t.shape])).toEqual([['fc1.W', [2, 16]], ['fc1.b', [16]], ['fc2.W', [16, 2]], ['fc2.b', [2]]]);
        expect(worstRelative(createForward(activation)(weights, x, ROWS), model.predict(x, ROWS))).toBeLessThan(1e-4);
      } finally {
        model.dispose();
      }
    });

  it('the native ops give the reference’s numbers (where the addon is built)', () => {
    const native = selectOps('auto').ops;
    const spec: ModelSpec = { inputs: 20, hidden: [64], outputs: 10, activation: 'tanh' };
    const model = createScratchModel(spec, adam, { dtype: 'float32', seed: 2, ops: { ops: referenceOps, versions: {} } });
    const { x, y } = data(spec, 'float32');
    trainSome(model, x, y, spec.inputs);
    const p = model.predict(x, ROWS);
    expect(worstRelative(createForward('tanh', native)(model.getWeights(), x, ROWS), p)).toBeLessThan(1e-4);
  });

  it('refuses a snapshot whose layers do not chain', () => {
    const w = initWeights({ inputs: 2, hidden: [4], outputs: 2, activation: 'relu' }, 1, 'float64');
    expect(() => mlpLayers(w.filter((t) => t.name !== 'fc1.b'))).toThrow(/fc1.b/);
    expect(() => mlpLayers([w[0], w[1], { ...w[2], shape: [5, 2], values: new Float64Array(10) }, w[3]])).toThrow(/takes 5 inputs/);
    expect(() => mlpLayers([])).toThrow(/no fc1.W/);
  });
});
