import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Param } from '../../../src-main/engine/scratch/layer';
import { createOptimizer } from '../../../src-main/engine/scratch/optimizers';
import { selectBackend } from '../../../src-main/engine/tfjs/backend';
import { createTfjsOptimizer } from '../../../src-main/engine/tfjs/optimizers';
import { DEFAULT_OPTIMIZER, type OptimizerSpec } from '../../../src-main/engine/types';
import { referenceOps } from '../../../src-main/engine/scratch/ops';

// Three steps on a two-entry tensor p = [1, −2] with these gradients, lr 0.1.
const GRADS = [
  [0.5, -1],
  [0.1, 0.2],
  [-0.3, 0.4],
];
type Spec = Partial<OptimizerSpec> & Pick<OptimizerSpec, 'name'>;

let counter = 0;

/** The tfjs optimiser's parameter after each step, fed the gradients above. */
function runTfjs(spec: Spec, grads = GRADS, start = [1, -2]): number[][] {
  const baseline = tf.memory().numTensors;
  const p = tf.tidy(() => tf.variable(tf.tensor1d(start), true, `optimizers-test-${++counter}`));
  const optimizer = createTfjsOptimizer({ ...DEFAULT_OPTIMIZER, lr: 0.1, ...spec }, [p]);
  const out = grads.map((g) => {
    tf.tidy(() => optimizer.applyGradients({ [p.name]: tf.tensor1d(g) }));
    return Array.from(p.dataSync());
  });
  // Lazily created state (tfjs's own optimisers) appears on step 1, then nothing grows.
  const afterSteps = tf.memory().numTensors;
  tf.tidy(() => optimizer.applyGradients({ [p.name]: tf.tensor1d(grads[0]) }));
  expect(tf.memory().numTensors, 'tensors leaked by a step').toBe(afterSteps);
  optimizer.dispose();
  p.dispose();
  expect(tf.memory().numTensors, 'tensors left after dispose').toBe(baseline);
  return out;
}

/** The scratch engine's optimiser on the same problem, in float32 like tfjs. */
function runScratch(spec: Spec, grads = GRADS, start = [1, -2]): number[][] {
  const optimizer = createOptimizer({ ...DEFAULT_OPTIMIZER, lr: 0.1, ...spec }, referenceOps);
  const p: Param = { name: 'p', shape: [start.length], value: Float32Array.from(start), grad: new Float32Array(start.length) };
  return grads.map((g) => {
    p.grad.set(g);
    optimizer.step([p]);
    return Array.from(p.value);
  });
}

// float32 holds ~7 significant digits; these values are all below 2 in magnitude.
function expectClose(actual: number[][], expected: number[][], digits = 6): void {
  actual.forEach((row, i) => row.forEach((v, j) => expect(v, `step ${i + 1}, entry ${j}`).toBeCloseTo(expected[i][j], digits)));
}

describe.each(['cpu', 'wasm'] as const)('tfjs optimizers on the %s backend', (backend) => {
  beforeAll(async () => {
    await selectBackend(backend);
  });

  it('sgd: p ← p − lr·g', () => {
    expectClose(runTfjs({ name: 'sgd' }), [
      [0.95, -1.9],
      [0.94, -1.92],
      [0.97, -1.96],
    ]);
  });

  it('momentum follows PyTorch: v ← μv + g, p ← p − lr·v', () => {
    // v1 = g1 = [0.5, −1];  v2 = 0.9·v1 + g2 = [0.55, −0.7];  v3 = 0.9·v2 + g3 = [0.195, −0.23].
    // A dampened form, v ← μv + (1−μ)g, would already give p1 = [0.995, −1.99].
    expectClose(runTfjs({ name: 'momentum', momentum: 0.9 }), [
      [0.95, -1.9],
      [0.895, -1.83],
      [0.8755, -1.807],
    ]);
    expectClose(runTfjs({ name: 'momentum', momentum: 0.9 }), runScratch({ name: 'momentum', momentum: 0.9 }));
  });

  // Expected values from m ← β1m + (1−β1)g, v ← β2v + (1−β2)g², m̂ = m/(1−β1ᵗ),
  // v̂ = v/(1−β2ᵗ), p ← p − lr·m̂/(√v̂ + eps), β 0.9/0.999, eps 1e-8, in float64 by hand
  // (a Python REPL). Step 1 is lr·sign(g) less the eps: m̂/√v̂ = g/|g|.
  // Step 2, entry 0: m = 0.9·0.05 + 0.1·0.1 = 0.055, v = 0.999·0.00025 + 0.001·0.01 = 0.00025975,
  // m̂ = 0.055/0.19, v̂ = 0.00025975/0.001999, p = 0.9 − 0.1·0.289474/0.360471 = 0.8196959.
  // tf.train.adam holds β2ᵗ in float32: 1 − float32(0.999) = 0.99998713e-3, so √v̂ is
  // 6.4e-6 (relative) small and each step ~6.4e-7 too long at lr 0.1; 5 digits hold that.
  it('adam', () => {
    expectClose(
      runTfjs({ name: 'adam' }),
      [
        [0.900000002, -1.900000001],
        [0.8196959063846518, -1.8488973939904947],
        [0.7986246117635081, -1.8354734342081562],
      ],
      5,
    );
    expectClose(runTfjs({ name: 'adam' }), runScratch({ name: 'adam' }), 5);
  });

  it('adam uses eps 1e-8 (PyTorch), not tfjs’s default 1e-7', () => {
    // With |g| = 1e-7 the first step is lr·g/(|g| + eps): 0.0909… with 1e-8, 0.05 with 1e-7.
    const [[p]] = runTfjs({ name: 'adam' }, [[1e-7]], [0]);
    expect(p).toBeCloseTo(-0.1 / 1.1, 5);
  });

  it('adam ignores weightDecay (it is L2-free)', () => {
    expect(runTfjs({ name: 'adam', weightDecay: 0.5 })).toEqual(runTfjs({ name: 'adam', weightDecay: 0 }));
  });

  // AdamW: p ← p·(1 − lr·wd) first, then the Adam step on the decayed p. With wd 0.1,
  // step 1 is 1·0.99 − 0.1 = 0.89; step 2, entry 0: 0.89·0.99 − 0.1·0.289474/0.360471 = 0.8007959.
  it('adamw follows PyTorch: decoupled decay first, then the Adam step', () => {
    expectClose(runTfjs({ name: 'adamw', weightDecay: 0.1 }), [
      [0.890000002, -1.880000001],
      [0.8007959063646517, -1.8100973939804947],
      [0.7717166526798616, -1.7785724602583513],
    ]);
    expectClose(runTfjs({ name: 'adamw', weightDecay: 0.1 }), runScratch({ name: 'adamw', weightDecay: 0.1 }));
  });

  it('adamw with the default weight decay 0.01', () => {
    expect(DEFAULT_OPTIMIZER.weightDecay).toBe(0.01);
    // Step 1: 1·0.999 − 0.1 = 0.899; −2·0.999 + 0.1 = −1.898.
    expectClose(runTfjs({ name: 'adamw' }), [
      [0.899000002, -1.898000001],
      [0.8177969063826518, -1.8449993939894946],
      [0.7959078148551255, -1.8297304348131667],
    ]);
    expectClose(runTfjs({ name: 'adamw' }), runScratch({ name: 'adamw' }));
  });

  it('adamw decays every parameter, biases included, even with a zero gradient', () => {
    const [, second] = runTfjs({ name: 'adamw', weightDecay: 0.1 }, [[0], [0]], [2]);
    expect(second[0]).toBeCloseTo(2 * 0.99 * 0.99, 6);
  });

  it('keeps separate state per variable', () => {
    const a = tf.tidy(() => tf.variable(tf.tensor1d([1]), true, `optimizers-test-${++counter}`));
    const b = tf.tidy(() => tf.variable(tf.tensor1d([-2]), true, `optimizers-test-${++counter}`));
    for (const name of ['momentum', 'adam', 'adamw'] as const) {
      tf.tidy(() => {
        a.assign(tf.tensor1d([1]));
        b.assign(tf.tensor1d([-2]));
      });
      const optimizer = createTfjsOptimizer({ ...DEFAULT_OPTIMIZER, name, lr: 0.1 }, [a, b]);
      for (const g of GRADS) tf.tidy(() => optimizer.applyGradients({ [a.name]: tf.tensor1d([g[0]]), [b.name]: tf.tensor1d([g[1]]) }));
      const alone = runScratch({ name });
      expect(a.dataSync()[0], name).toBeCloseTo(alone[2][0], 5);
      expect(b.dataSync()[0], name).toBeCloseTo(alone[2][1], 5);
      optimizer.dispose();
    }
    a.dispose();
    b.dispose();
  });

  it('rejects a non-positive learning rate and unknown optimisers', () => {
    expect(() => createTfjsOptimizer({ ...DEFAULT_OPTIMIZER, name: 'sgd', lr: 0 }, [])).toThrow(/learning rate/);
    expect(() => createTfjsOptimizer({ ...DEFAULT_OPTIMIZER, name: 'rmsprop' as 'sgd', lr: 1 }, [])).toThrow(/unknown optimizer "rmsprop"/);
  });
});

afterAll(() => {
  expect(tf.memory().numTensors).toBe(0);
});
