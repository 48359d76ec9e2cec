/**
 * The fully-connected layer's op, y = x·W + b, for tfjs's autograd.
 *
 * Its gradient is exactly what autograd derives for matMul + add
 * (dx = dy·Wᵀ, dW = xᵀ·dy, db = Σ_rows dy), with one difference: the transposes are
 * explicit. tfjs-wasm's matMul with transposeA/transposeB set misses XNNPACK's fast
 * path; measured on 784×128×256 here, xᵀ·dy took 32 ms as matMul(x, dy, true) and 2.6 ms
 * as matMul(transpose(x), dy), which made the whole step 4× slower.
 *
 * x: rows × in, W: in × out, b: out, y: rows × out.
 */
import * as tf from '@tensorflow/tfjs';

type Save = (tensors: tf.Tensor[]) => void;
// tfjs types customGrad's callback loosely (tensors and the save function in one rest list).
type CustomGradientFunc = Parameters<typeof tf.customGrad>[0];

/** A hidden layer's input needs a gradient (it depends on earlier weights). */
const denseOp = tf.customGrad(((x: tf.Tensor2D, W: tf.Tensor2D, b: tf.Tensor1D, save: Save) => {
  // Saved, not captured: tfjs frees forward-pass tensors before the backward pass runs.
  save([x, W]);
  return {
    value: tf.add(tf.matMul(x, W), b) as tf.Tensor2D,
    gradFunc: (dy: tf.Tensor2D, [xs, Ws]: tf.Tensor[]) => [tf.matMul(dy, tf.transpose(Ws)), tf.matMul(tf.transpose(xs), dy), tf.sum(dy, 0)],
  };
}) as unknown as CustomGradientFunc) as (...args: tf.Tensor[]) => tf.Tensor2D;

/**
 * y = x·W + b. With `inputGrad` false (the first layer: x is data), x stays outside the
 * op, so backprop skips dy·Wᵀ there, a product as large as the forward one.
 */
export function dense(x: tf.Tensor2D, W: tf.Tensor2D, b: tf.Tensor1D, inputGrad: boolean): tf.Tensor2D {
  if (inputGrad) return denseOp(x, W, b);
  const onData = tf.customGrad(((Wv: tf.Tensor2D, bv: tf.Tensor1D, save: Save) => {
    save([x]);
    return {
      value: tf.add(tf.matMul(x, Wv), bv) as tf.Tensor2D,
      gradFunc: (dy: tf.Tensor2D, [xs]: tf.Tensor[]) => [tf.matMul(tf.transpose(xs), dy), tf.sum(dy, 0)],
    };
  }) as unknown as CustomGradientFunc) as (...args: tf.Tensor[]) => tf.Tensor2D;
  return onData(W, b);
}
