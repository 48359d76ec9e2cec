import { describe, expect, it } from 'vitest';
import type { Param } from '../../../src-main/engine/scratch/layer';
import { createOptimizer } from '../../../src-main/engine/scratch/optimizers';
import { DEFAULT_OPTIMIZER, type OptimizerSpec } from '../../../src-main/engine/types';
import { referenceOps } from '../../../src-main/engine/scratch/ops';

// Three steps on a two-entry tensor p = [1, −2] with these gradients.
const GRADS = [
  [0.5, -1],
  [0.1, 0.2],
  [-0.3, 0.4],
];

function run(spec: Partial<OptimizerSpec> & Pick<OptimizerSpec, 'name'>, make: (a: number[]) => Float32Array | Float64Array = (a) => Float64Array.from(a)): number[][] {
  const optimizer = createOptimizer({ ...DEFAULT_OPTIMIZER, lr: 0.1, ...spec }, referenceOps);
  const p: Param = { name: 'fc1.W', shape: [2], value: make([1, -2]), grad: make([0, 0]) };
  return GRADS.map((g) => {
    p.grad.set(g);
    optimizer.step([p]);
    return Array.from(p.value);
  });
}

function expectClose(actual: number[][], expected: number[][], digits = 12): void {
  actual.forEach((row, i) => row.forEach((v, j) => expect(v, `step ${i + 1}, entry ${j}`).toBeCloseTo(expected[i][j], digits)));
}

describe('optimizers, against hand computation', () => {
  it('sgd: p ← p − lr·g', () => {
    expectClose(run({ name: 'sgd' }), [
      [0.95, -1.9],
      [0.94, -1.92],
      [0.97, -1.96],
    ]);
  });

  it('momentum (PyTorch): v ← μv + g, p ← p − lr·v', () => {
    // v1 = g1; v2 = 0.9·v1 + g2 = [0.55, −0.7]; v3 = 0.9·v2 + g3 = [0.195, −0.23]
    expectClose(run({ name: 'momentum', momentum: 0.9 }), [
      [0.95, -1.9],
      [0.895, -1.83],
      [0.8755, -1.807],
    ]);
  });

  // Expected values from m ← β1m + (1−β1)g, v ← β2v + (1−β2)g², m̂ = m/(1−β1ᵗ), v̂ = v/(1−β2ᵗ),
  // p ← p − lr·m̂/(√v̂ + eps), with lr 0.1, β 0.9/0.999, eps 1e-8, in Python floats.
  // The first step is lr·sign(g) (m̂/√v̂ = g/|g|), less the eps: 1 − 0.1·0.5/(0.5 + 1e-8).
  it('adam', () => {
    expectClose(run({ name: 'adam' }), [
      [0.900000002, -1.900000001],
      [0.8196959063846518, -1.8488973939904947],
      [0.7986246117635081, -1.8354734342081562],
    ]);
  });

  it('adam ignores weightDecay (it is L2-free)', () => {
    expect(run({ name: 'adam', weightDecay: 0.5 })).toEqual(run({ name: 'adam', weightDecay: 0 }));
  });

  // AdamW: p ← p·(1 − lr·wd) before the Adam step; wd 0.1, so step 1 is 1·0.99 − 0.1.
  it('adamw (PyTorch): decoupled decay first, then the Adam step', () => {
    expectClose(run({ name: 'adamw', weightDecay: 0.1 }), [
      [0.890000002, -1.880000001],
      [0.8007959063646517, -1.8100973939804947],
      [0.7717166526798616, -1.7785724602583513],
    ]);
  });

  it('adamw decays every parameter, biases included, even with a zero gradient', () => {
    const optimizer = createOptimizer({ ...DEFAULT_OPTIMIZER, name: 'adamw', lr: 0.1, weightDecay: 0.1 }, referenceOps);
    const bias: Param = { name: 'fc1.b', shape: [1], value: Float64Array.of(2), grad: Float64Array.of(0) };
    optimizer.step([bias]);
    optimizer.step([bias]);
    expect(bias.value[0]).toBeCloseTo(2 * 0.99 * 0.99, 14);
  });

  it('keeps separate state per parameter and one step count per step() call', () => {
    // Two tensors stepped together must move exactly as each does alone.
    const optimizer = createOptimizer({ ...DEFAULT_OPTIMIZER, name: 'adam', lr: 0.1 }, referenceOps);
    const a: Param = { name: 'a', shape: [1], value: Float64Array.of(1), grad: new Float64Array(1) };
    const b: Param = { name: 'b', shape: [1], value: Float64Array.of(-2), grad: new Float64Array(1) };
    for (const g of GRADS) {
      a.grad[0] = g[0];
      b.grad[0] = g[1];
      optimizer.step([a, b]);
    }
    expect(a.value[0]).toBeCloseTo(0.7986246117635081, 12);
    expect(b.value[0]).toBeCloseTo(-1.8354734342081562, 12);
  });

  it.each(['sgd', 'momentum', 'adam', 'adamw'] as const)('%s works on float32 parameters', (name) => {
    const f32 = run({ name }, (a) => Float32Array.from(a));
    const f64 = run({ name });
    expectClose(f32, f64, 6);
  });

  it('rejects a non-positive learning rate and unknown optimisers', () => {
    expect(() => createOptimizer({ ...DEFAULT_OPTIMIZER, name: 'sgd', lr: 0 }, referenceOps)).toThrow(/learning rate/);
    expect(() => createOptimizer({ ...DEFAULT_OPTIMIZER, name: 'rmsprop' as 'sgd', lr: 1 }, referenceOps)).toThrow(/unknown optimizer "rmsprop"/);
  });
});
