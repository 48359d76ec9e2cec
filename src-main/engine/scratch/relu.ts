/**
 * ReLU, Y = max(Z, 0), element-wise. Its derivative is the mask 1(Z > 0); at Z = 0 we
 * take 0, like PyTorch, so a dead unit stays dead in both engines.
 */
import type { DType, Float } from '../types';
import { noForward, sized, type Layer, type Param } from './layer';
import type { Ops } from './ops';

export class ReLU implements Layer {
  private z: Float | null = null;
  private n = 0;
  private out: Float | null = null;
  private dZ: Float | null = null;

  constructor(
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
    this.ops.reluForward(z, this.out, n);
    return this.out;
  }

  // dL/dZ = dL/dY ⊙ 1(Z > 0)
  backward(dY: Float): Float {
    if (this.z === null) throw noForward('ReLU');
    this.dZ = sized(this.dZ, this.dtype, this.n);
    this.ops.reluBackward(dY, this.z, this.dZ, this.n);
    return this.dZ;
  }

  params(): Param[] {
    return [];
  }
}
