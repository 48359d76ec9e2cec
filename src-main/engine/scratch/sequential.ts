/**
 * A sequential network: layers applied in order, gradients passed back in reverse.
 * `buildMlp` lays out the course's multi-layer perceptron of any depth,
 *
 *   FC(fc1) → ReLU → FC(fc2) → ReLU → … → FC(fcL) → Softmax
 *
 * with no hidden layers at all being softmax regression. The cross-entropy loss sits
 * outside, in the model, because it needs the labels.
 */
import { layerSizes } from '../init';
import type { DType, Float, ModelSpec } from '../types';
import { FullyConnected } from './fullyConnected';
import type { Layer, Param } from './layer';
import type { Ops } from './ops';
import { ReLU } from './relu';
import { Softmax } from './softmax';

export class Sequential {
  constructor(readonly layers: Layer[]) {}

  /** The last layer's output for `rows` rows of `x` (its own buffer; see Layer). */
  forward(x: Float, rows: number): Float {
    let h = x;
    for (const layer of this.layers) h = layer.forward(h, rows);
    return h;
  }

  /** Back-propagates dL/d(output) through every layer, leaving each parameter's gradient. */
  backward(dOut: Float): void {
    let d: Float | null = dOut;
    for (let i = this.layers.length - 1; i >= 0; i--) {
      if (d === null) throw new Error(`layer ${i + 1} skipped its input gradient but layer ${i} needs it`);
      d = this.layers[i].backward(d);
    }
  }

  params(): Param[] {
    return this.layers.flatMap((l) => l.params());
  }
}

export function buildMlp(spec: ModelSpec, dtype: DType, ops: Ops): Sequential {
  if (spec.activation !== 'relu') throw new Error(`unsupported activation "${spec.activation}"`);
  const sizes = layerSizes(spec);
  const layers: Layer[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    // Nothing upstream of the first layer wants dL/dX, so skip computing it.
    layers.push(new FullyConnected(`fc${l + 1}`, sizes[l], sizes[l + 1], dtype, ops, { inputGrad: l > 0 }));
    if (l + 2 < sizes.length) layers.push(new ReLU(sizes[l + 1], dtype, ops));
  }
  layers.push(new Softmax(spec.outputs, dtype, ops));
  return new Sequential(layers);
}
