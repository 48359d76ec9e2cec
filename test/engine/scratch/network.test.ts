import { describe, expect, it } from 'vitest';
import { createScratchModel } from '../../../src-main/engine/scratch/network';
import { buildMlp } from '../../../src-main/engine/scratch/sequential';
import { DEFAULT_OPTIMIZER, type DType, type EngineModel, type ModelSpec, type OptimizerName } from '../../../src-main/engine/types';
import type { Split } from '../../../src-main/data/types';
import { blobs } from '../fixtures';
import { referenceOps } from '../../../src-main/engine/scratch/ops';

const spec: ModelSpec = { inputs: 4, hidden: [16], outputs: 3, activation: 'relu' };
const optimizer = (name: OptimizerName, lr: number) => ({ ...DEFAULT_OPTIMIZER, name, lr });

function model(opts: { hidden?: number[]; opt?: OptimizerName; lr?: number; dtype?: DType; seed?: number; chunkRows?: number } = {}): EngineModel {
  return createScratchModel({ ...spec, hidden: opts.hidden ?? spec.hidden }, optimizer(opts.opt ?? 'sgd', opts.lr ?? 0.1), {
    dtype: opts.dtype ?? 'float64',
    seed: opts.seed ?? 0,
    chunkRows: opts.chunkRows,
  });
}

/** Mini-batch epochs in data order, without the shared loop: the model alone under test. */
function fit(m: EngineModel, data: Split, epochs: number, batch = 16): number[] {
  const d = data.x.length / data.n;
  const losses: number[] = [];
  for (let e = 0; e < epochs; e++)
    for (let s = 0; s < data.n; s += batch) {
      const rows = Math.min(batch, data.n - s);
      losses.push(m.trainStep(data.x.subarray(s * d, (s + rows) * d), data.y.subarray(s, s + rows), rows).loss);
    }
  return losses;
}

const data = blobs(150, 4, 3, 1);
const heldOut = blobs(90, 4, 3, 1, { noiseSeed: 99 }); // same centres, other points

describe('buildMlp', () => {
  it('lays out FC/ReLU pairs and a softmax for any depth, including none', () => {
    const names = (hidden: number[]) => buildMlp({ ...spec, hidden }, 'float64', referenceOps).layers.map((l) => l.constructor.name);
    expect(names([])).toEqual(['FullyConnected', 'Softmax']);
    expect(names([8, 4])).toEqual(['FullyConnected', 'ReLU', 'FullyConnected', 'ReLU', 'FullyConnected', 'Softmax']);
    expect(buildMlp({ ...spec, hidden: [8, 4] }, 'float64', referenceOps).params().map((p) => p.name)).toEqual(['fc1.W', 'fc1.b', 'fc2.W', 'fc2.b', 'fc3.W', 'fc3.b']);
  });
});

describe('createScratchModel', () => {
  it('reports its engine and backend', () => {
    expect([model().engine, model().backend, model().gpu]).toEqual(['scratch', 'js-float64', false]);
    expect(model({ dtype: 'float32' }).backend).toBe('js-float32');
  });

  it('trainStep returns the loss of the weights before the update and the number of correct rows', () => {
    const m = model();
    const before = m.evaluate(data.x, data.y, 20);
    const step = m.trainStep(data.x, data.y, 20);
    expect(step.loss).toBeCloseTo(before.loss, 12);
    expect(step.correct).toBe(Math.round(before.accuracy * 20));
    expect(m.evaluate(data.x, data.y, 20).loss).toBeLessThan(before.loss);
  });

  it.each([
    ['sgd', 0.1, [16]],
    ['momentum', 0.05, [16]],
    ['adam', 0.01, [16]],
    ['adamw', 0.01, [16]],
    ['sgd', 0.1, []],
    ['adam', 0.01, [8, 8]],
  ] as [OptimizerName, number, number[]][])('learns a separable 3-class problem (%s, lr %s, hidden %j)', (opt, lr, hidden) => {
    const m = model({ opt, lr, hidden });
    const losses = fit(m, data, 30);
    expect(losses.at(-1)!).toBeLessThan(losses[0] / 5);
    expect(m.evaluate(heldOut.x, heldOut.y, heldOut.n).accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('trains in float32 too, on float32 data', () => {
    const data32 = blobs(150, 4, 3, 1, { make: (n) => new Float32Array(n) });
    const m = model({ dtype: 'float32', opt: 'adamw', lr: 0.01 });
    fit(m, data32, 30);
    expect(m.getWeights()[0].values).toBeInstanceOf(Float32Array);
    expect(m.evaluate(data32.x, data32.y, data32.n).accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('same seed and batches give bit-identical losses; another seed does not', () => {
    const a = fit(model({ seed: 5, opt: 'adam', lr: 0.01 }), data, 3);
    expect(fit(model({ seed: 5, opt: 'adam', lr: 0.01 }), data, 3)).toEqual(a);
    expect(fit(model({ seed: 6, opt: 'adam', lr: 0.01 }), data, 3)).not.toEqual(a);
  });

  it('evaluate and predict give the same answer in small chunks as in one', () => {
    const whole = model({ chunkRows: 1024 });
    const chunked = model({ chunkRows: 7 });
    fit(whole, data, 2);
    chunked.setWeights(whole.getWeights());
    const a = whole.evaluate(data.x, data.y, data.n);
    const b = chunked.evaluate(data.x, data.y, data.n);
    expect(b.accuracy).toBe(a.accuracy);
    expect(b.loss).toBeCloseTo(a.loss, 12);
    const p = whole.predict(data.x, data.n);
    expect(chunked.predict(data.x, data.n)).toEqual(p);
    expect(p).toBeInstanceOf(Float32Array);
    expect(p.length).toBe(data.n * 3);
    for (let r = 0; r < data.n; r++) expect(p[3 * r] + p[3 * r + 1] + p[3 * r + 2]).toBeCloseTo(1, 6);
  });

  it('uses only the first `rows` rows of a longer batch buffer', () => {
    const a = model();
    const b = model();
    const x = Float64Array.from(data.x.subarray(0, 12 * 4));
    x.fill(1e6, 8 * 4);
    expect(a.trainStep(x, data.y, 8)).toEqual(b.trainStep(data.x.subarray(0, 8 * 4), data.y.subarray(0, 8), 8));
    expect(a.getWeights()).toEqual(b.getWeights());
  });

  it('starts from given weights, and getWeights returns copies', () => {
    const source = model({ seed: 9 });
    fit(source, data, 1);
    const weights = source.getWeights();
    const copy = createScratchModel(spec, optimizer('sgd', 0.1), { dtype: 'float64', seed: 0, weights });
    expect(copy.predict(data.x, 10)).toEqual(source.predict(data.x, 10));
    weights[0].values[0] += 1;
    expect(source.getWeights()[0].values[0]).not.toBe(weights[0].values[0]);
  });

  it('setWeights names the offending tensor and changes nothing when it refuses', () => {
    const m = model();
    const good = m.getWeights();
    const before = m.predict(data.x, 5);
    const bad = good.map((t) => ({ ...t, values: t.values.map(() => 42) }));
    expect(() => m.setWeights(bad.map((t, i) => (i === 2 ? { ...t, shape: [3, 16] } : t)))).toThrow(/"fc2.W" has shape \[3, 16\] but the model needs \[16, 3\]/);
    expect(() => m.setWeights([...bad, { name: 'fc9.W', shape: [1], values: new Float64Array(1) }])).toThrow(/unknown tensor "fc9.W"/);
    expect(() => m.setWeights(bad.slice(0, 3))).toThrow(/missing tensor fc2.b/);
    expect(m.predict(data.x, 5)).toEqual(before);
  });

  it('accepts float64 weights into a float32 model', () => {
    const m = model({ dtype: 'float32' });
    m.setWeights(model({ seed: 3 }).getWeights());
    expect(m.getWeights()[0].values).toEqual(Float32Array.from(model({ seed: 3 }).getWeights()[0].values));
  });

  it('rejects malformed batches with a message saying what is wrong', () => {
    const m = model();
    expect(() => m.trainStep(data.x, data.y, 0)).toThrow(/rows must be a positive integer/);
    expect(() => m.trainStep(data.x.subarray(0, 8), data.y, 3)).toThrow(/fewer than 3 rows × 4 inputs/);
    expect(() => m.trainStep(data.x, Int32Array.of(0, 1, 7), 3)).toThrow(/label 7 of row 2/);
  });
});
