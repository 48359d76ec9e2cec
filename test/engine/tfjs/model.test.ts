import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Split } from '../../../src-main/data/types';
import { initWeights } from '../../../src-main/engine/init';
import { createScratchModel } from '../../../src-main/engine/scratch/network';
import { selectBackend, type SelectedBackend } from '../../../src-main/engine/tfjs/backend';
import { createTfjsModel } from '../../../src-main/engine/tfjs/model';
import { trainLoop } from '../../../src-main/engine/trainLoop';
import { DEFAULT_OPTIMIZER, type EngineModel, type ModelSpec, type NamedTensor, type OptimizerName } from '../../../src-main/engine/types';
import { blobs, maxScaledDiff } from '../fixtures';

const spec: ModelSpec = { inputs: 4, hidden: [16], outputs: 3, activation: 'relu' };
const optimizer = (name: OptimizerName, lr: number) => ({ ...DEFAULT_OPTIMIZER, name, lr });
const OPTIMIZERS: [OptimizerName, number][] = [
  ['sgd', 0.1],
  ['momentum', 0.05],
  ['adam', 0.01],
  ['adamw', 0.01],
];

// Float64 on purpose: the tfjs engine must convert it (Iris and CSV data are float64).
const data = blobs(150, 4, 3, 1);
const heldOut = blobs(90, 4, 3, 1, { noiseSeed: 99 }); // same centres, other points

let backend: SelectedBackend;
beforeAll(async () => {
  backend = await selectBackend('wasm');
});

function model(opts: { hidden?: number[]; opt?: OptimizerName; lr?: number; seed?: number; chunkRows?: number; weights?: NamedTensor[] } = {}): EngineModel {
  const s = { ...spec, hidden: opts.hidden ?? spec.hidden };
  return createTfjsModel(s, optimizer(opts.opt ?? 'sgd', opts.lr ?? 0.1), {
    weights: opts.weights ?? initWeights(s, opts.seed ?? 0, 'float64'),
    backend,
    chunkRows: opts.chunkRows,
  });
}

/** Mini-batch epochs in data order, without the shared loop: the model alone under test. */
function fit(m: EngineModel, split: Split, epochs: number, batch = 16): number[] {
  const d = split.x.length / split.n;
  const losses: number[] = [];
  for (let e = 0; e < epochs; e++)
    for (let s = 0; s < split.n; s += batch) {
      const rows = Math.min(batch, split.n - s);
      losses.push(m.trainStep(split.x.subarray(s * d, (s + rows) * d), split.y.subarray(s, s + rows), rows).loss);
    }
  return losses;
}

describe('createTfjsModel', () => {
  it('reports engine, backend and versions from the selected backend', () => {
    const m = model();
    expect([m.engine, m.backend, m.gpu]).toEqual(['tfjs', 'wasm', false]);
    expect(m.versions?.tfjs).toBe(tf.version.tfjs);
    m.dispose();
  });

  it('refuses a backend that is no longer the active one', async () => {
    await selectBackend('cpu');
    try {
      expect(() => model()).toThrow(/backend in use is "cpu", not the selected "wasm"/);
    } finally {
      await selectBackend('wasm');
    }
  });

  it('trainStep returns the loss before the update and the number of correct rows', () => {
    const m = model();
    const before = m.evaluate(data.x, data.y, 20);
    const step = m.trainStep(data.x, data.y, 20);
    expect(step.loss).toBeCloseTo(before.loss, 5);
    expect(step.correct).toBe(Math.round(before.accuracy * 20));
    expect(m.evaluate(data.x, data.y, 20).loss).toBeLessThan(before.loss);
    m.dispose();
  });

  it.each([...OPTIMIZERS.map(([o, lr]) => [o, lr, [16]]), ['adam', 0.01, []], ['adamw', 0.01, [8, 8]]] as [OptimizerName, number, number[]][])(
    'learns a separable 3-class problem (%s, lr %s, hidden %j)',
    (opt, lr, hidden) => {
      const m = model({ opt, lr, hidden });
      const losses = fit(m, data, 30);
      expect(losses.at(-1)!).toBeLessThan(losses[0] / 5);
      expect(m.evaluate(heldOut.x, heldOut.y, heldOut.n).accuracy).toBeGreaterThanOrEqual(0.95);
      m.dispose();
    },
  );

  // Same weights, same batches: the two engines must take the same steps. Scratch runs in
  // float64 here, so what differs is tfjs's float32 rounding. Measured over these 30 steps
  // (max scaled difference, losses / weights): sgd 5e-8 / 2.4e-7, momentum 1.2e-7 / 1.5e-6,
  // adamw 1.0e-7 / 5.4e-7, adam 7.5e-6 / 1.3e-6. Adam's losses drift more because
  // tf.train.adam keeps β2ᵗ in float32 (see optimizers.ts), so its bound is looser.
  it.each(OPTIMIZERS)('takes the same steps as the scratch engine (%s)', (opt, lr) => {
    const s = { ...spec, hidden: [16, 8] };
    const weights = initWeights(s, 3, 'float64');
    const scratch = createScratchModel(s, optimizer(opt, lr), { dtype: 'float64', seed: 0, weights });
    const m = model({ opt, lr, hidden: [16, 8], weights });
    const a = fit(scratch, data, 3, 16);
    const b = fit(m, data, 3, 16);
    expect(a.length).toBe(30);
    expect(maxScaledDiff(b, a)).toBeLessThan(opt === 'adam' ? 5e-5 : 1e-6);
    const wa = scratch.getWeights();
    m.getWeights().forEach((t, i) => expect(maxScaledDiff(t.values, wa[i].values), t.name).toBeLessThan(1e-5));
    m.dispose();
  });

  it('evaluate and predict give the same numbers in any chunk size', () => {
    const whole = model({ chunkRows: 1024 });
    const chunked = model({ chunkRows: 7 });
    fit(whole, data, 2);
    chunked.setWeights(whole.getWeights());
    const e1 = whole.evaluate(heldOut.x, heldOut.y, heldOut.n);
    const e2 = chunked.evaluate(heldOut.x, heldOut.y, heldOut.n);
    expect(e2.accuracy).toBe(e1.accuracy);
    expect(e2.loss).toBeCloseTo(e1.loss, 5);
    const p1 = whole.predict(heldOut.x, heldOut.n);
    expect(p1).toHaveLength(heldOut.n * 3);
    expect(maxScaledDiff(chunked.predict(heldOut.x, heldOut.n), p1)).toBeLessThan(1e-6);
    // Rows are distributions, and their arg-max is what evaluate counts as correct.
    let correct = 0;
    for (let r = 0; r < heldOut.n; r++) {
      const row = Array.from(p1.subarray(r * 3, r * 3 + 3));
      expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
      if (row.indexOf(Math.max(...row)) === heldOut.y[r]) correct++;
    }
    expect(correct / heldOut.n).toBe(e1.accuracy);
    whole.dispose();
    chunked.dispose();
  });

  it('rejects bad batches with messages that say what is wrong', () => {
    const m = model();
    expect(() => m.trainStep(data.x, Int32Array.of(0, 1, 3), 3)).toThrow('label 3 of row 2 is outside 0..2');
    expect(() => m.trainStep(data.x, Int32Array.of(0, -1), 2)).toThrow('label -1 of row 1 is outside 0..2');
    expect(() => m.trainStep(data.x.subarray(0, 7), data.y, 2)).toThrow(/x holds 7 values, fewer than 2 rows × 4 inputs/);
    expect(() => m.evaluate(data.x, data.y.subarray(0, 1), 2)).toThrow(/y holds 1 labels/);
    expect(() => m.predict(data.x, 0)).toThrow(/rows must be a positive integer/);
    m.dispose();
  });
});

describe('getWeights / setWeights', () => {
  it('round-trips the engine-neutral tensors, as float32 copies', () => {
    const s = { ...spec, hidden: [5, 6] };
    const initial = initWeights(s, 7, 'float64');
    const m = model({ hidden: [5, 6], weights: initial });
    const got = m.getWeights();
    expect(got.map((t) => [t.name, t.shape])).toEqual(initial.map((t) => [t.name, t.shape]));
    got.forEach((t, i) => {
      expect(t.values).toBeInstanceOf(Float32Array);
      expect(Array.from(t.values)).toEqual(Array.from(Float32Array.from(initial[i].values)));
    });

    // Set, get back exactly; the model's arrays are its own in both directions.
    fit(m, data, 1);
    const trained = m.getWeights();
    const fresh = model({ hidden: [5, 6], seed: 99 });
    fresh.setWeights(trained);
    trained[0].values[0] = 1234;
    m.getWeights()[0].values[1] = 5678;
    const back = fresh.getWeights();
    expect(back[0].values[0]).not.toBe(1234);
    expect(maxScaledDiff(back.flatMap((t) => Array.from(t.values)), m.getWeights().flatMap((t) => Array.from(t.values)))).toBe(0);
    expect(Array.from(fresh.predict(heldOut.x, 10))).toEqual(Array.from(m.predict(heldOut.x, 10)));
    m.dispose();
    fresh.dispose();
  });

  it('checks every tensor before writing any', () => {
    const m = model();
    const good = m.getWeights();
    const bad = (change: (ws: NamedTensor[]) => NamedTensor[]) => change(good.map((t) => ({ ...t, values: t.values.slice().fill(9) })));
    expect(() => m.setWeights(bad((ws) => [...ws, { name: 'fc9.W', shape: [1], values: new Float32Array(1) }]))).toThrow(/unknown tensor "fc9.W" \(this model has fc1.W, fc1.b, fc2.W, fc2.b\)/);
    expect(() => m.setWeights(bad((ws) => ws.slice(1)))).toThrow('setWeights: missing tensor fc1.W');
    expect(() => m.setWeights(bad((ws) => ws.map((t, i) => (i === 2 ? { ...t, shape: [3, 16] } : t))))).toThrow(/"fc2.W" has shape \[3, 16\] but the model needs \[16, 3\]/);
    expect(() => m.setWeights(bad((ws) => ws.map((t, i) => (i === 3 ? { ...t, values: new Float32Array(2) } : t))))).toThrow(/"fc2.b" has 2 values/);
    expect(m.getWeights()).toEqual(good);
    m.dispose();
  });
});

describe('tensor memory', () => {
  it.each(OPTIMIZERS)('%s: the same number of tensors after every epoch; dispose() frees them all', async (opt, lr) => {
    const baseline = tf.memory().numTensors;
    const m = model({ opt, lr });
    const counts: number[] = [];
    // 150 rows in batches of 32: the last batch is partial, a separate code path in trainLoop.
    await trainLoop(m, { train: data, val: heldOut }, { epochs: 3, batchSize: 32, seed: 0 }, { onEpoch: () => void counts.push(tf.memory().numTensors) });
    expect(counts[0]).toBeGreaterThan(baseline);
    expect(counts).toEqual([counts[0], counts[0], counts[0]]);
    m.evaluate(heldOut.x, heldOut.y, heldOut.n);
    m.predict(heldOut.x, heldOut.n);
    m.setWeights(m.getWeights());
    expect(tf.memory().numTensors).toBe(counts[0]);
    m.dispose();
    m.dispose(); // twice is harmless
    expect(tf.memory().numTensors).toBe(baseline);
    expect(() => m.getWeights()).toThrow(/disposed/);
  });

  it('frees its variables when construction fails', () => {
    const baseline = tf.memory().numTensors;
    expect(() => model({ weights: initWeights(spec, 0, 'float32').slice(1) })).toThrow(/missing tensor fc1.W/);
    expect(() => createTfjsModel(spec, optimizer('sgd', -1), { weights: initWeights(spec, 0, 'float32'), backend })).toThrow(/learning rate/);
    expect(tf.memory().numTensors).toBe(baseline);
  });
});
