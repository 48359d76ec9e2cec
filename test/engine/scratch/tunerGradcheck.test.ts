/**
 * The tuner's layers against finite differences in float64: each smooth activation
 * (leaky_relu, tanh, sigmoid, gelu) alone and in a network, and dropout with a fixed
 * mask alone and in a network, through the TypeScript reference and the native ops.
 */
import { describe, expect, it } from 'vitest';
import { GRADCHECK_TOLERANCE, runTunerGradcheck } from '../../../src-main/engine/scratch/gradcheck';
import { Activation } from '../../../src-main/engine/scratch/activation';
import { Dropout } from '../../../src-main/engine/scratch/dropout';
import { referenceOps } from '../../../src-main/engine/scratch/ops';
import { loadNativeOps } from '../../../src-main/engine/scratch/ops/native';
import { createMaskSource } from '../../../src-main/engine/dropout';

const native = loadNativeOps();
const NAMES = [
  ['leaky_relu.input', 24],
  ['network[leaky_relu].fc1.W', 20],
  ['network[leaky_relu].fc1.b', 5],
  ['network[leaky_relu].fc2.W', 15],
  ['network[leaky_relu].fc2.b', 3],
  ['tanh.input', 24],
  ['network[tanh].fc1.W', 20],
  ['network[tanh].fc1.b', 5],
  ['network[tanh].fc2.W', 15],
  ['network[tanh].fc2.b', 3],
  ['sigmoid.input', 24],
  ['network[sigmoid].fc1.W', 20],
  ['network[sigmoid].fc1.b', 5],
  ['network[sigmoid].fc2.W', 15],
  ['network[sigmoid].fc2.b', 3],
  ['gelu.input', 24],
  ['network[gelu].fc1.W', 20],
  ['network[gelu].fc1.b', 5],
  ['network[gelu].fc2.W', 15],
  ['network[gelu].fc2.b', 3],
  ['dropout.input', 24],
  ['network[relu, dropout 0.3].fc1.W', 20],
  ['network[relu, dropout 0.3].fc1.b', 5],
  ['network[relu, dropout 0.3].fc2.W', 15],
  ['network[relu, dropout 0.3].fc2.b', 3],
];

describe('runTunerGradcheck', () => {
  it('finds every activation’s and dropout’s backward within 1e-6 of finite differences (reference ops)', () => {
    const report = runTunerGradcheck();
    expect(report.entries.map((e) => [e.name, e.checked])).toEqual(NAMES);
    for (const e of report.entries) expect(e.maxRelError, e.name).toBeLessThan(GRADCHECK_TOLERANCE);
    expect(report.passed).toBe(true);
  });

  it.each([1, 7, 42])('passes for seed %i too', (seed) => {
    expect(runTunerGradcheck({ seed }).passed).toBe(true);
  });

  it.skipIf(!native.ok)('passes through the native ops (dgemm), with the same entries', () => {
    if (!native.ok) return;
    const report = runTunerGradcheck({ ops: native.ops });
    expect(report.ops).toBe('native');
    expect(report.entries.map((e) => [e.name, e.checked])).toEqual(NAMES);
    for (const e of report.entries) expect(e.maxRelError, e.name).toBeLessThan(GRADCHECK_TOLERANCE);
  });
});

describe('the activation layers’ values', () => {
  const z = Float64Array.of(-2, -0.5, 0.5, 2);
  const forward = (kind: 'leaky_relu' | 'tanh' | 'sigmoid' | 'gelu') => Array.from(new Activation(kind, 4, 'float64', referenceOps).forward(z, 1));

  it('match their formulas (gelu: the tanh form)', () => {
    expect(forward('leaky_relu')).toEqual([-0.02, -0.005, 0.5, 2]);
    forward('tanh').forEach((v, i) => expect(v).toBeCloseTo(Math.tanh(z[i]), 15));
    forward('sigmoid').forEach((v, i) => expect(v).toBeCloseTo(1 / (1 + Math.exp(-z[i])), 15));
    // ½z(1 + tanh(√(2/π)(z + 0.044715z³))) computed independently with Python's math
    // module: the form torch.nn.functional.gelu(z, approximate='tanh') computes.
    const expected = [-0.04540230591222494, -0.15428599017485606, 0.34571400982514394, 1.954597694087775];
    forward('gelu').forEach((v, i) => expect(v).toBeCloseTo(expected[i], 14));
  });
});

describe('Dropout', () => {
  it('is the identity outside training, in both directions', () => {
    const layer = new Dropout(3, createMaskSource(0.5, 0), 'float64', referenceOps);
    const x = Float64Array.of(1, 2, 3, 4, 5, 6);
    expect(layer.forward(x, 2)).toBe(x);
    const dY = Float64Array.of(1, 1, 1, 1, 1, 1);
    expect(layer.backward(dY)).toBe(dY);
  });

  it('zeroes about p of the units while training and scales the rest by 1/(1 − p)', () => {
    const p = 0.3;
    const layer = new Dropout(100, createMaskSource(p, 5), 'float64', referenceOps);
    const x = new Float64Array(100 * 100).fill(1);
    const y = layer.forward(x, 100, true);
    let dropped = 0;
    for (const v of y) {
      if (v === 0) dropped++;
      else expect(v).toBeCloseTo(1 / (1 - p), 14);
    }
    expect(dropped / y.length).toBeGreaterThan(0.28);
    expect(dropped / y.length).toBeLessThan(0.32);
    // Backward passes the gradient through the same units only.
    const d = layer.backward(new Float64Array(100 * 100).fill(2));
    for (let i = 0; i < y.length; i++) expect(d[i]).toBe(y[i] === 0 ? 0 : 2 / (1 - p));
  });

  it('throws on backward before any forward', () => {
    expect(() => new Dropout(3, createMaskSource(0.5, 0), 'float64', referenceOps).backward(new Float64Array(3))).toThrow(/before forward/);
  });
});
