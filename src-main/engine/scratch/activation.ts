/**
 * The smooth (or leaky) activations, Y = f(Z) element-wise: leaky_relu, tanh, sigmoid
 * and gelu (the tanh form; formulas and derivatives in ops/reference.ts). Backward
 * needs only Z: dL/dZ = dL/dY ⊙ f′(Z). ReLU keeps its own layer (relu.ts).
 */
import type { DType, Float, SmoothActivation } from '../types';
import { noForward, sized, type Layer, type Param } from './layer';
import type { Ops } from './ops';

export class Activation implements Layer {
  private z: Float | null = null;
  private n = 0;
  private out: Float | null = null;
  private dZ: Float | null = null;

  constructor(
    readonly kind: SmoothActivation,
    readonly width: number,
    private readonly dtype: DType,
    private readonly ops: Ops,
  ) {}

  // Z, Y: rows × width
  forward(z: Float, rows: number): Float {
    const n = rows * this.width;
    this.z = z;
    this.n = n;
    this.out = sized(this.out, this.dtype, n);
    this.ops.activationForward(this.kind, z, this.out, n);
    return this.out;
  }

  // dL/dZ = dL/dY ⊙ f′(Z)
  backward(dY: Float): Float {
    if (this.z === null) throw noForward(this.kind);
    this.dZ = sized(this.dZ, this.dtype, this.n);
    this.ops.activationBackward(this.kind, dY, this.z, this.dZ, this.n);
    return this.dZ;
  }

  params(): Param[] {
    return [];
  }
}
