/**
 * The MLP's forward pass from its weights alone: what a frame needs of a model, without
 * the model. A snapshot of `getWeights()` (both engines name and lay out the tensors the
 * same way, init.ts: `fc1.W` [in, out], `fc1.b` [out], `fc2.W`, …) travels to the frame
 * thread, which predicts from it while training goes on; the same numbers as the
 * engine's `predict` (inference: no dropout), within float rounding.
 *
 *   H₀ = X (rows × in);  Hₗ = f(Hₗ₋₁·Wₗ + bₗ) for hidden l;  P = softmax(H_{L−1}·W_L + b_L)
 *
 * f is the scratch engine's own activation (ReLU or ops.activationForward), computed
 * through an `Ops` (the TypeScript reference by default, the native addon where the
 * frame thread could load it), in the weights' dtype: float32 for the tfjs engine and
 * Fashion-MNIST, float64 for the scratch engine on toy data. Pure, no I/O.
 */
import { allocate, referenceOps, type Ops } from '../engine/scratch/ops';
import type { Activation, DType, Float, NamedTensor } from '../engine/types';

/** Rows per pass: bounds the work buffers on 1,000 × 784 image rows, as the engines' chunkRows do. */
const CHUNK_ROWS = 1024;

interface DenseLayer {
  W: Float;
  b: Float;
  inputs: number;
  outputs: number;
}

/** The layers fc1, fc2, … in order, checked to chain; a snapshot that does not is refused. */
export function mlpLayers(weights: readonly NamedTensor[]): DenseLayer[] {
  const byName = new Map(weights.map((t) => [t.name, t]));
  const layers: DenseLayer[] = [];
  for (let l = 1; byName.has(`fc${l}.W`); l++) {
    const W = byName.get(`fc${l}.W`)!;
    const b = byName.get(`fc${l}.b`);
    if (W.shape.length !== 2 || !b || b.values.length !== W.shape[1]) throw new Error(`forward: fc${l}.W must be [in, out] with fc${l}.b [out]`);
    if (layers.length && layers.at(-1)!.outputs !== W.shape[0]) throw new Error(`forward: fc${l}.W takes ${W.shape[0]} inputs but fc${l - 1} gives ${layers.at(-1)!.outputs}`);
    layers.push({ W: W.values, b: b.values, inputs: W.shape[0], outputs: W.shape[1] });
  }
  if (layers.length === 0) throw new Error('forward: the snapshot has no fc1.W');
  return layers;
}

const dtypeOf = (a: Float): DType => (a instanceof Float32Array ? 'float32' : 'float64');

/**
 * A forward pass that keeps its work buffers between calls (a run predicts the same
 * rows sixty times). `predict(weights, x, rows)` returns rows × classes probabilities in
 * a buffer of its own, valid until the next call.
 */
export function createForward(activation: Activation, ops: Ops = referenceOps) {
  const buffers = new Map<string, Float>();
  const buffer = (key: string, dtype: DType, n: number): Float => {
    const name = `${key}:${dtype}`;
    let b = buffers.get(name);
    if (!b || b.length < n) buffers.set(name, (b = allocate(dtype, n)));
    return b;
  };
  // The inputs in the weights' dtype (one engine's float32 weights on float64 data), converted once per array.
  let converted: { from: Float; to: Float } | null = null;
  const asDtype = (x: Float, dtype: DType): Float => {
    if (dtypeOf(x) === dtype) return x;
    if (converted?.from !== x) converted = { from: x, to: dtype === 'float32' ? Float32Array.from(x) : Float64Array.from(x) };
    return converted.to;
  };

  return function predict(weights: readonly NamedTensor[], x: Float, rows: number): Float {
    const layers = mlpLayers(weights);
    const dtype = dtypeOf(layers[0].W);
    const input = asDtype(x, dtype);
    const classes = layers.at(-1)!.outputs;
    const out = buffer('out', dtype, rows * classes);
    for (let start = 0; start < rows; start += CHUNK_ROWS) {
      const n = Math.min(CHUNK_ROWS, rows - start);
      let h = input.subarray(start * layers[0].inputs, (start + n) * layers[0].inputs);
      layers.forEach(({ W, b, inputs, outputs }, l) => {
        const z = buffer(`z${l}`, dtype, n * outputs);
        ops.matmul(h, W, z, n, inputs, outputs);
        ops.addRowVector(z, b, z, n, outputs);
        if (l + 1 < layers.length) {
          if (activation === 'relu') ops.reluForward(z, z, n * outputs);
          else ops.activationForward(activation, z, z, n * outputs);
        }
        h = z;
      });
      ops.softmaxRows(h, out.subarray(start * classes, (start + n) * classes), n, classes);
    }
    return out.subarray(0, rows * classes);
  };
}

export type Forward = ReturnType<typeof createForward>;
