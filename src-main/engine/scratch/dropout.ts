/**
 * Inverted dropout, Y = X ⊙ M while training, Y = X otherwise; M (rows × width) holds
 * 0 or 1/(1 − p), drawn from the run's MaskSource (../dropout.ts) at every training
 * forward. The mask is all backward needs: dL/dX = dL/dY ⊙ M (the identity when the
 * forward was not a training one).
 */
import type { MaskSource } from '../dropout';
import type { DType, Float } from '../types';
import { noForward, sized, type Layer, type Param } from './layer';
import type { Ops } from './ops';

export class Dropout implements Layer {
  private mask: Float | null = null;
  private out: Float | null = null;
  private dX: Float | null = null;
  private n = 0;
  /** Whether the last forward applied a mask; null before any forward. */
  private masked: boolean | null = null;

  constructor(
    readonly width: number,
    private readonly masks: MaskSource,
    private readonly dtype: DType,
    private readonly ops: Ops,
  ) {}

  // X, M, Y: rows × width
  forward(x: Float, rows: number, training = false): Float {
    this.n = rows * this.width;
    this.masked = training;
    if (!training) return x;
    this.mask = sized(this.mask, this.dtype, this.n);
    this.masks.fill(this.mask, this.n);
    this.out = sized(this.out, this.dtype, this.n);
    this.ops.multiply(x, this.mask, this.out, this.n);
    return this.out;
  }

  // dL/dX = dL/dY ⊙ M
  backward(dY: Float): Float {
    if (this.masked === null) throw noForward('Dropout');
    if (!this.masked) return dY;
    this.dX = sized(this.dX, this.dtype, this.n);
    this.ops.multiply(dY, this.mask!, this.dX, this.n);
    return this.dX;
  }

  params(): Param[] {
    return [];
  }
}
