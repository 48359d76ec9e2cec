/**
 * Softmax over each row, σ(s)ⱼ = exp(sⱼ − max s) / Σₖ exp(sₖ − max s). Shifting by the
 * row maximum changes nothing mathematically and keeps exp from overflowing on
 * logits like 1000.
 *
 *   S, Y: rows × classes
 *   ∂σᵢ/∂sⱼ = σᵢ(δᵢⱼ − σⱼ)  ⇒  dL/dSⱼ = σⱼ(dL/dYⱼ − Σᵢ dL/dYᵢ σᵢ)   (per row)
 */
import type { DType, Float } from '../types';
import { noForward, sized, type Layer, type Param } from './layer';
import type { Ops } from './ops';

export class Softmax implements Layer {
  private rows = 0;
  private y: Float | null = null;
  private dS: Float | null = null;

  constructor(
    readonly classes: number,
    private readonly dtype: DType,
    private readonly ops: Ops,
  ) {}

  forward(s: Float, rows: number): Float {
    this.rows = rows;
    const y = (this.y = sized(this.y, this.dtype, rows * this.classes));
    this.ops.softmaxRows(s, y, rows, this.classes);
    return y;
  }

  backward(dY: Float): Float {
    if (this.y === null) throw noForward('Softmax');
    const dS = (this.dS = sized(this.dS, this.dtype, this.rows * this.classes));
    this.ops.softmaxBackwardRows(this.y, dY, dS, this.rows, this.classes);
    return dS;
  }

  params(): Param[] {
    return [];
  }
}
