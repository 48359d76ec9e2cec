/**
 * Initial weights, engine-neutral: both engines start a trial from these very numbers,
 * so their curves can be compared step for step.
 *
 * He (Kaiming) normal, W ~ N(0, 2/fan_in), suits ReLU: it keeps the variance of the
 * activations roughly constant from layer to layer. Used for relu, leaky_relu (its
 * 0.01 slope changes the gain by 0.005 %) and gelu, which is ReLU-like away from 0.
 * tanh and sigmoid get Glorot (Xavier) normal, W ~ N(0, 2/(fan_in + fan_out)), made for
 * activations that are linear, not half-linear, around 0. Biases start at zero. The
 * output layer gets its network's rule for simplicity (no activation follows it; this
 * only scales the initial logits). The draws are the same numbers in the same order
 * whatever the rule; only their scale differs. PyTorch's own nn.Linear default differs, which is why the weights
 * are made here once and handed to every engine rather than left to each.
 */
import { createRng } from './random';
import type { Activation, DType, ModelSpec, NamedTensor } from './types';

/** Which initialisation an activation gets (see the header). */
export function initRule(activation: Activation): 'he' | 'glorot' {
  return activation === 'tanh' || activation === 'sigmoid' ? 'glorot' : 'he';
}

/** Layer widths inputs → hidden… → outputs. */
export function layerSizes(spec: ModelSpec): number[] {
  return [spec.inputs, ...spec.hidden, spec.outputs];
}

/**
 * `fc1.W` [in, out], `fc1.b` [out], `fc2.W`, … in layer order, all drawn from one
 * `createRng(seed)` stream in that order (row-major), so the result is deterministic.
 */
export function initWeights(spec: ModelSpec, seed: number, dtype: DType): NamedTensor[] {
  const sizes = layerSizes(spec);
  for (const s of sizes) {
    if (!Number.isInteger(s) || s < 1) throw new RangeError(`layer sizes must be positive integers, got ${sizes.join('-')}`);
  }
  const rule = initRule(spec.activation);
  const rng = createRng(seed);
  const make = (n: number) => (dtype === 'float32' ? new Float32Array(n) : new Float64Array(n));
  const tensors: NamedTensor[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const fanIn = sizes[l];
    const fanOut = sizes[l + 1];
    const std = rule === 'he' ? Math.sqrt(2 / fanIn) : Math.sqrt(2 / (fanIn + fanOut));
    const W = make(fanIn * fanOut);
    for (let i = 0; i < W.length; i++) W[i] = std * rng.normal();
    tensors.push({ name: `fc${l + 1}.W`, shape: [fanIn, fanOut], values: W });
    tensors.push({ name: `fc${l + 1}.b`, shape: [fanOut], values: make(fanOut) });
  }
  return tensors;
}
