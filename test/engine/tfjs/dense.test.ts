import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src-main/engine/tfjs/backend';
import { dense } from '../../../src-main/engine/tfjs/dense';
import { maxScaledDiff, randomArray, referenceMatmul } from '../fixtures';

const [ROWS, IN, OUT] = [5, 4, 3];
const f32 = (n: number) => new Float32Array(n);
const X = randomArray(f32, ROWS * IN, 1);
const W = randomArray(f32, IN * OUT, 2);
const B = randomArray(f32, OUT, 3);
const G = randomArray(f32, ROWS * OUT, 4); // an arbitrary upstream gradient dL/dy

/** Gradients of Σ G ⊙ f(x, W, b) with respect to x, W, b by tfjs's autograd. */
function gradsOf(f: (x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D) => tf.Tensor2D): Float32Array[] {
  return tf.tidy(() => {
    const g = tf.tensor2d(G, [ROWS, OUT]);
    const grads = tf.grads((x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(x as tf.Tensor2D, w as tf.Tensor2D, b as tf.Tensor1D), g)));
    return grads([tf.tensor2d(X, [ROWS, IN]), tf.tensor2d(W, [IN, OUT]), tf.tensor1d(B)]).map((t) => t.dataSync() as Float32Array);
  });
}

describe.each(['cpu', 'wasm'] as const)('dense on %s', (backend) => {
  it('computes x·W + b', async () => {
    await selectBackend(backend);
    const y = tf.tidy(() => dense(tf.tensor2d(X, [ROWS, IN]), tf.tensor2d(W, [IN, OUT]), tf.tensor1d(B), true).dataSync());
    const ref = referenceMatmul((i, p) => X[i * IN + p], (p, j) => W[p * OUT + j], ROWS, IN, OUT).map((v, k) => v + B[k % OUT]);
    expect(maxScaledDiff(y, ref)).toBeLessThan(1e-6);
  });

  it('has exactly the gradient tfjs derives for matMul + add', async () => {
    await selectBackend(backend);
    const mine = gradsOf((x, w, b) => dense(x, w, b, true));
    const autograd = gradsOf((x, w, b) => tf.add(tf.matMul(x, w), b) as tf.Tensor2D);
    mine.forEach((g, i) => expect(maxScaledDiff(g, autograd[i]), ['dx', 'dW', 'db'][i]).toBeLessThan(1e-6));
    // dW = xᵀ·G, checked against a naive reference as well.
    expect(maxScaledDiff(mine[1], referenceMatmul((i, p) => X[p * IN + i], (p, j) => G[p * OUT + j], IN, ROWS, OUT))).toBeLessThan(1e-6);
  });

  it('on data (inputGrad false) gives the same dW and db, and leaves x out of backprop', async () => {
    await selectBackend(backend);
    const autograd = gradsOf((x, w, b) => tf.add(tf.matMul(x, w), b) as tf.Tensor2D);
    tf.tidy(() => {
      const x = tf.tensor2d(X, [ROWS, IN]);
      const g = tf.tensor2d(G, [ROWS, OUT]);
      const f = (w: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(dense(x, w as tf.Tensor2D, b as tf.Tensor1D, false), g));
      const [dW, db] = tf.grads(f)([tf.tensor2d(W, [IN, OUT]), tf.tensor1d(B)]);
      expect(maxScaledDiff(dW.dataSync(), autograd[1])).toBeLessThan(1e-6);
      expect(maxScaledDiff(db.dataSync(), autograd[2])).toBeLessThan(1e-6);
      // x is not an input of the op, so asking for its gradient finds no path.
      expect(() => tf.grad((xx: tf.Tensor) => tf.sum(dense(xx as tf.Tensor2D, tf.tensor2d(W, [IN, OUT]), tf.tensor1d(B), false)))(x)).toThrow(/Cannot compute gradient/);
    });
  });
});
