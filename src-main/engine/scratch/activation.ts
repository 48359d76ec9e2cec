/**
 * Every hidden activation, Y = f(Z) element-wise: relu, leaky_relu, tanh, sigmoid and
 * gelu (the tanh form; formulas and derivatives in ops/reference.ts). Backward needs
 * only Z: dL/dZ = dL/dY ⊙ f′(Z). ReLU computes through its own, older kernels, so its
 * curves stay bit-identical to before the other activations existed (relu.ts names it).
 */
import type { Activation as ActivationName, DType, Float } from '../types';
import { noForward, sized, type Layer, type Param } from './layer';
import type { Ops } from './ops';

export class Activation implements Layer {
  private z: Float | null = null;
  private n = 0;
  private out: Float | null = null;
  private dZ: Float | null = null;
  private readonly f: (z: Float, out: Float, n: number) => void;
  private readonly df: (dY: Float, z: Float, out: Float, n: number) => void;

  constructor(
    readonly kind: ActivationName,
    readonly width: number,
    private readonly dtype: DType,
    ops: Ops,
  ) {
    if (kind === 'relu') [this.f, this.df] = [(z, o, n) => ops.reluForward(z, o, n), (d, z, o, n) => ops.reluBackward(d, z, o, n)];
    else [this.f, this.df] = [(z, o, n) => ops.activationForward(kind, z, o, n), (d, z, o, n) => ops.activationBackward(kind, d, z, o, n)];
  }

  // Z, Y: rows × width
  forward(z: Float, rows: number): Float {
    const n = rows * this.width;
    this.z = z;
    this.n = n;
    this.out = sized(this.out, this.dtype, n);
    this.f(z, this.out, n);
    return this.out;
  }

  // dL/dZ = dL/dY ⊙ f′(Z)
  backward(dY: Float): Float {
    if (this.z === null) throw noForward(this.kind === 'relu' ? 'ReLU' : this.kind);
    this.dZ = sized(this.dZ, this.dtype, this.n);
    this.df(dY, this.z, this.dZ, this.n);
    return this.dZ;
  }

  params(): Param[] {
    return [];
  }
}
