import { describe, expect, it } from 'vitest';
import { initWeights, layerSizes } from '../../src-main/engine/init';
import type { ModelSpec } from '../../src-main/engine/types';

const spec: ModelSpec = { inputs: 4, hidden: [5, 6], outputs: 3, activation: 'relu' };

describe('initWeights', () => {
  it('names and shapes the tensors fc1.W [in,out], fc1.b [out], … in layer order', () => {
    expect(layerSizes(spec)).toEqual([4, 5, 6, 3]);
    expect(initWeights(spec, 0, 'float64').map((t) => [t.name, t.shape, t.values.length])).toEqual([
      ['fc1.W', [4, 5], 20],
      ['fc1.b', [5], 5],
      ['fc2.W', [5, 6], 30],
      ['fc2.b', [6], 6],
      ['fc3.W', [6, 3], 18],
      ['fc3.b', [3], 3],
    ]);
  });

  it('with no hidden layers gives softmax regression’s single layer', () => {
    const w = initWeights({ ...spec, hidden: [] }, 0, 'float64');
    expect(w.map((t) => [t.name, t.shape])).toEqual([['fc1.W', [4, 3]], ['fc1.b', [3]]]);
  });

  it('is deterministic per seed and differs between seeds', () => {
    const a = initWeights(spec, 7, 'float64');
    expect(initWeights(spec, 7, 'float64')).toEqual(a);
    expect(initWeights(spec, 8, 'float64')[0].values).not.toEqual(a[0].values);
  });

  it('zeroes biases and uses the requested dtype', () => {
    const w32 = initWeights(spec, 1, 'float32');
    expect(w32.every((t) => t.values instanceof Float32Array)).toBe(true);
    expect(initWeights(spec, 1, 'float64').every((t) => t.values instanceof Float64Array)).toBe(true);
    for (const t of w32.filter((t) => t.name.endsWith('.b'))) expect(Array.from(t.values).every((v) => v === 0)).toBe(true);
  });

  it('float32 weights are the float64 draws rounded, so every engine starts from the same numbers', () => {
    const w64 = initWeights(spec, 3, 'float64');
    const w32 = initWeights(spec, 3, 'float32');
    w64.forEach((t, i) => expect(w32[i].values).toEqual(Float32Array.from(t.values)));
  });

  it('draws He normal weights: mean ≈ 0, std ≈ √(2/fan_in)', () => {
    const [W, , W2] = initWeights({ inputs: 784, hidden: [256], outputs: 10, activation: 'relu' }, 0, 'float64');
    const stats = (v: ArrayLike<number>) => {
      let s = 0, s2 = 0;
      for (let i = 0; i < v.length; i++) {
        s += v[i];
        s2 += v[i] * v[i];
      }
      const mean = s / v.length;
      return { mean, std: Math.sqrt(s2 / v.length - mean * mean) };
    };
    const first = stats(W.values);
    expect(Math.abs(first.mean)).toBeLessThan(0.001);
    expect(first.std / Math.sqrt(2 / 784)).toBeCloseTo(1, 2);
    expect(stats(W2.values).std / Math.sqrt(2 / 256)).toBeGreaterThan(0.95);
    expect(stats(W2.values).std / Math.sqrt(2 / 256)).toBeLessThan(1.05);
  });

  it('rejects non-positive or fractional layer sizes', () => {
    expect(() => initWeights({ ...spec, hidden: [0] }, 0, 'float64')).toThrow(/4-0-3/);
    expect(() => initWeights({ ...spec, inputs: 2.5 }, 0, 'float64')).toThrow(/positive integers/);
  });
});

describe('initWeights per activation', () => {
  it('He for relu, leaky_relu and gelu; Glorot for tanh and sigmoid: the same draws, rescaled', () => {
    const he = initWeights(spec, 4, 'float64');
    for (const activation of ['leaky_relu', 'gelu'] as const) expect(initWeights({ ...spec, activation }, 4, 'float64')).toEqual(he);
    for (const activation of ['tanh', 'sigmoid'] as const) {
      const glorot = initWeights({ ...spec, activation }, 4, 'float64');
      glorot.forEach((t, k) => {
        const [fanIn, fanOut] = t.shape.length === 2 ? t.shape : [1, 1];
        // N(0, 2/(in+out)) instead of N(0, 2/in); biases stay zero.
        const ratio = t.shape.length === 2 ? Math.sqrt(fanIn / (fanIn + fanOut)) : 1;
        t.values.forEach((v, i) => expect(v).toBeCloseTo(he[k].values[i] * ratio, 14));
      });
    }
  });
});
