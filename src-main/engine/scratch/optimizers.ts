/**
 * Optimisers over `Param`s, with PyTorch's conventions so the scratch and framework
 * engines (and the PyTorch reference in bench/) take the same steps:
 *
 *   sgd       p ← p − lr·g
 *   momentum  v ← μv + g;  p ← p − lr·v                (torch.optim.SGD, dampening 0)
 *   adam      m ← β1m + (1−β1)g;  v ← β2v + (1−β2)g²;
 *             p ← p − lr·m̂/(√v̂ + eps),  m̂ = m/(1−β1ᵗ), v̂ = v/(1−β2ᵗ)
 *   adamw     p ← p·(1 − lr·wd) first, then the Adam step (torch.optim.AdamW)
 *
 * Only AdamW uses `weightDecay`, and on every parameter, biases included (PyTorch's
 * default when all parameters form one group). The others are L2-free.
 */
import type { Float, OptimizerSpec } from '../types';
import type { Param } from './layer';
import type { Ops } from './ops';

export interface Optimizer {
  readonly name: OptimizerSpec['name'];
  /** Apply one update from the gradients currently in `params`. */
  step(params: Param[]): void;
  /** The learning rate of the following steps; the state (velocity, moments, t) is kept. */
  setLearningRate(lr: number): void;
}

/** Per-parameter state, created on first use with the parameter's own dtype. */
class StateBuffers {
  private readonly state = new Map<Param, Float>();

  get(p: Param): Float {
    let s = this.state.get(p);
    if (s === undefined) {
      s = p.value instanceof Float32Array ? new Float32Array(p.value.length) : new Float64Array(p.value.length);
      this.state.set(p, s);
    }
    return s;
  }
}

function checkLr(lr: number): void {
  if (!(lr > 0) || !Number.isFinite(lr)) throw new RangeError(`learning rate must be a positive number, got ${lr}`);
}

class Sgd implements Optimizer {
  readonly name = 'sgd';
  constructor(
    private readonly ops: Ops,
    private lr: number,
  ) {}

  setLearningRate(lr: number): void {
    checkLr(lr);
    this.lr = lr;
  }

  step(params: Param[]): void {
    for (const p of params) this.ops.axpy(-this.lr, p.grad, p.value, p.value.length);
  }
}

class Momentum implements Optimizer {
  readonly name = 'momentum';
  private readonly velocity = new StateBuffers();
  constructor(
    private readonly ops: Ops,
    private lr: number,
    private readonly mu: number,
  ) {}

  setLearningRate(lr: number): void {
    checkLr(lr);
    this.lr = lr;
  }

  step(params: Param[]): void {
    for (const p of params) {
      const v = this.velocity.get(p);
      const n = v.length;
      // v starts at 0, so the first step gives v = g exactly as PyTorch's clone does.
      this.ops.axpby(1, p.grad, this.mu, v, n);
      this.ops.axpy(-this.lr, v, p.value, n);
    }
  }
}

class Adam implements Optimizer {
  private readonly m = new StateBuffers();
  private readonly v = new StateBuffers();
  private t = 0;
  private lr: number;

  constructor(
    private readonly ops: Ops,
    readonly name: 'adam' | 'adamw',
    private readonly spec: OptimizerSpec,
  ) {
    this.lr = spec.lr;
  }

  setLearningRate(lr: number): void {
    checkLr(lr);
    this.lr = lr;
  }

  step(params: Param[]): void {
    const { beta1, beta2, eps, weightDecay } = this.spec;
    const lr = this.lr;
    this.t += 1;
    const decay = this.name === 'adamw' ? 1 - lr * weightDecay : 1;
    const coefficients = { lr, beta1, beta2, eps, correction1: 1 - beta1 ** this.t, correction2: 1 - beta2 ** this.t, decay };
    for (const p of params) this.ops.adamUpdate(p.value, p.grad, this.m.get(p), this.v.get(p), p.value.length, coefficients);
  }
}

export function createOptimizer(spec: OptimizerSpec, ops: Ops): Optimizer {
  checkLr(spec.lr);
  switch (spec.name) {
    case 'sgd':
      return new Sgd(ops, spec.lr);
    case 'momentum':
      return new Momentum(ops, spec.lr, spec.momentum);
    case 'adam':
    case 'adamw':
      return new Adam(ops, spec.name, spec);
    default:
      throw new Error(`unknown optimizer "${(spec as { name: string }).name}"`);
  }
}
