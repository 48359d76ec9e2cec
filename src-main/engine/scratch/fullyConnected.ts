/**
 * Fully-connected (affine) layer, Z = XW + 1ᵀb.
 *
 *   X: rows × in     W: in × out     b: out     Z: rows × out
 *   dL/dW = Xᵀ · dL/dZ          (in × out)
 *   dL/db = 1 · dL/dZ           (out: column sums)
 *   dL/dX = dL/dZ · Wᵀ          (rows × in)
 *
 * The first layer's dL/dX feeds nothing, and on 784 inputs it costs as much as dL/dW,
 * so `inputGrad: false` skips it.
 */
import type { DType, Float } from '../types';
import { noForward, sized, type Layer, type Param } from './layer';
import { allocate, type Ops } from './ops';

export interface FullyConnectedOptions {
  /** Compute dL/dX in backward (default true); false returns null instead. */
  inputGrad?: boolean;
}

export class FullyConnected implements Layer {
  readonly W: Param;
  readonly b: Param;
  private readonly inputGrad: boolean;
  private x: Float | null = null;
  private rows = 0;
  private z: Float | null = null;
  private dX: Float | null = null;

  /** `name` prefixes the parameter names: `fc1` → `fc1.W`, `fc1.b`. Parameters start at zero. */
  constructor(
    readonly name: string,
    readonly inputs: number,
    readonly outputs: number,
    private readonly dtype: DType,
    private readonly ops: Ops,
    options: FullyConnectedOptions = {},
  ) {
    this.inputGrad = options.inputGrad ?? true;
    const size = inputs * outputs;
    this.W = { name: `${name}.W`, shape: [inputs, outputs], value: allocate(dtype, size), grad: allocate(dtype, size) };
    this.b = { name: `${name}.b`, shape: [outputs], value: allocate(dtype, outputs), grad: allocate(dtype, outputs) };
  }

  forward(x: Float, rows: number): Float {
    this.x = x;
    this.rows = rows;
    const z = (this.z = sized(this.z, this.dtype, rows * this.outputs));
    this.ops.matmul(x, this.W.value, z, rows, this.inputs, this.outputs);
    this.ops.addRowVector(z, this.b.value, z, rows, this.outputs);
    return z;
  }

  backward(dZ: Float): Float | null {
    if (this.x === null) throw noForward(`FullyConnected ${this.name}`);
    const { rows, inputs, outputs } = this;
    this.ops.matmulTransA(this.x, dZ, this.W.grad, rows, inputs, outputs);
    this.ops.columnSums(dZ, this.b.grad, rows, outputs);
    if (!this.inputGrad) return null;
    const dX = (this.dX = sized(this.dX, this.dtype, rows * inputs));
    this.ops.matmulTransB(dZ, this.W.value, dX, rows, outputs, inputs);
    return dX;
  }

  params(): Param[] {
    return [this.W, this.b];
  }
}
