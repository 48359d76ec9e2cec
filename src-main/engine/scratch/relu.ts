/**
 * ReLU, Y = max(Z, 0), element-wise. Its derivative is the mask 1(Z > 0); at Z = 0 we
 * take 0, like PyTorch, so a dead unit stays dead in both engines. The layer is the
 * shared Activation (activation.ts) on the ReLU kernels; this name keeps it visible.
 */
import type { DType } from '../types';
import { Activation } from './activation';
import type { Ops } from './ops';

export class ReLU extends Activation {
  constructor(width: number, dtype: DType, ops: Ops) {
    super('relu', width, dtype, ops);
  }
}
