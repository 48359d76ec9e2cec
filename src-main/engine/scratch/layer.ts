/**
 * What every scratch layer is, micrograd-style: `forward` caches what `backward` needs,
 * `backward(dL/dY)` writes the parameter gradients and returns dL/dX.
 *
 * Batches are `rows` × features, row-major. Returned arrays are the layer's own work
 * buffers, valid until its next call: the caller reads them, it does not keep them.
 * Buffers are reallocated only when the batch size changes, so a training epoch
 * allocates nothing after its first step.
 */
import type { DType, Float } from '../types';
import { allocate } from './ops';

/** A trainable tensor and its gradient for the current batch (overwritten, not accumulated). */
export interface Param {
  name: string;
  shape: number[];
  value: Float;
  grad: Float;
}

export interface Layer {
  /** `training`: a training step's forward (dropout masks); evaluation otherwise. */
  forward(x: Float, rows: number, training?: boolean): Float;
  /** dL/dX, or null where the layer was told nobody needs it (the first layer). */
  backward(dY: Float): Float | null;
  params(): Param[];
}

/** `buffer` if it already holds exactly n values, else a fresh one. */
export function sized(buffer: Float | null, dtype: DType, n: number): Float {
  return buffer !== null && buffer.length === n ? buffer : allocate(dtype, n);
}

/** The error a layer throws when backward runs without a forward to differentiate. */
export function noForward(layer: string): Error {
  return new Error(`${layer}.backward called before forward`);
}
