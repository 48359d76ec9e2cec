/**
 * A sequential network: layers applied in order, gradients passed back in reverse.
 * `buildMlp` lays out the course's multi-layer perceptron of any depth,
 *
 *   FC(fc1) → act → [Dropout] → FC(fc2) → act → [Dropout] → … → FC(fcL) → Softmax
 *
 * with no hidden layers at all being softmax regression; `act` is the spec's activation
 * and Dropout is there only when spec.dropout > 0 (then `masks` is required). The
 * cross-entropy loss sits outside, in the model, because it needs the labels.
 */
import type { MaskSource } from '../dropout';
import { layerSizes } from '../init';
import type { DType, Float, ModelSpec } from '../types';
import { Activation } from './activation';
import { Dropout } from './dropout';
import { FullyConnected } from './fullyConnected';
import type { Layer, Param } from './layer';
import type { Ops } from './ops';
import { ReLU } from './relu';
import { Softmax } from './softmax';

export class Sequential {
  constructor(readonly layers: Layer[]) {}

  /** The last layer's output for `rows` rows of `x` (its own buffer; see Layer). */
  forward(x: Float, rows: number, training = false): Float {
    let h = x;
    for (const layer of this.layers) h = layer.forward(h, rows, training);
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

export function buildMlp(spec: ModelSpec, dtype: DType, ops: Ops, masks?: MaskSource): Sequential {
  const dropout = spec.dropout ?? 0;
  if (dropout > 0 && masks === undefined) throw new Error('buildMlp: dropout needs a mask source');
  const activation = (width: number): Layer => {
    switch (spec.activation) {
      case 'relu':
        return new ReLU(width, dtype, ops);
      case 'leaky_relu':
      case 'tanh':
      case 'sigmoid':
      case 'gelu':
        return new Activation(spec.activation, width, dtype, ops);
      default:
        throw new Error(`unsupported activation "${spec.activation as string}"`);
    }
  };
  const sizes = layerSizes(spec);
  const layers: Layer[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    // Nothing upstream of the first layer wants dL/dX, so skip computing it.
    layers.push(new FullyConnected(`fc${l + 1}`, sizes[l], sizes[l + 1], dtype, ops, { inputGrad: l > 0 }));
    if (l + 2 < sizes.length) {
      layers.push(activation(sizes[l + 1]));
      if (dropout > 0) layers.push(new Dropout(sizes[l + 1], masks!, dtype, ops));
    }
  }
  layers.push(new Softmax(spec.outputs, dtype, ops));
  return new Sequential(layers);
}
