/**
 * Optimisers for the tfjs engine, with the same PyTorch conventions as the scratch
 * engine (see ../scratch/optimizers.ts), so both engines take the same steps:
 *
 *   sgd       tf.train.sgd:       p ← p − lr·g
 *   momentum  tf.train.momentum:  v ← μv + g;  p ← p − lr·v   (PyTorch's SGD, dampening 0;
 *             tfjs's MomentumOptimizer computes exactly this, not TF1's lr-scaled form)
 *   adam      tf.train.adam with eps given explicitly: tfjs defaults it to the
 *             backend's float epsilon (1e-7), PyTorch to 1e-8. tfjs keeps β1ᵗ and β2ᵗ in
 *             float32, so 1 − β2 comes out as 0.99998713e-3 instead of 1e-3 and the
 *             first steps are ~6e-6 (relative) longer than PyTorch's, which works in
 *             float64 there; harmless, and the price of using tfjs's own Adam
 *   adamw     written here in tf ops, as torch.optim.AdamW: p ← p·(1 − lr·wd) on every
 *             parameter (biases too), then the Adam step
 */
import * as tf from '@tensorflow/tfjs';
import type { OptimizerName, OptimizerSpec } from '../types';

export interface TfjsOptimizer {
  readonly name: OptimizerName;
  /** One update from gradients keyed by variable name (as tf.variableGrads returns them). */
  applyGradients(grads: tf.NamedTensorMap): void;
  /** The learning rate of the following updates; the state (moments, step count) is kept. */
  setLearningRate(lr: number): void;
  /** Frees all optimiser state (moments, velocities, constants). */
  dispose(): void;
}

function checkLr(lr: number): void {
  if (!(lr > 0) || !Number.isFinite(lr)) throw new RangeError(`learning rate must be a positive number, got ${lr}`);
}

export function createTfjsOptimizer(spec: OptimizerSpec, variables: readonly tf.Variable[]): TfjsOptimizer {
  checkLr(spec.lr);
  switch (spec.name) {
    case 'sgd': {
      const sgd = tf.train.sgd(spec.lr);
      return wrap('sgd', sgd, (lr) => sgd.setLearningRate(lr));
    }
    case 'momentum': {
      const momentum = tf.train.momentum(spec.lr, spec.momentum, false);
      // tfjs 4.22's MomentumOptimizer.dispose() forgets the −lr scalar its SGD parent
      // keeps; the parent's own dispose() frees it. Its step reads that same scalar,
      // which the parent's setLearningRate replaces.
      return wrap('momentum', momentum, (lr) => momentum.setLearningRate(lr), () => tf.SGDOptimizer.prototype.dispose.call(momentum));
    }
    case 'adam': {
      const adam = tf.train.adam(spec.lr, spec.beta1, spec.beta2, spec.eps);
      // AdamOptimizer reads its (protected) `learningRate` number at every step.
      return wrap('adam', adam, (lr) => void ((adam as unknown as { learningRate: number }).learningRate = lr));
    }
    case 'adamw':
      return new AdamW(spec, variables);
    default:
      throw new Error(`unknown optimizer "${(spec as { name: string }).name}"`);
  }
}

// tfjs's optimisers keep state by position in the gradient map, so callers must always
// pass the variables in the same order (tf.variableGrads with a fixed list does).
function wrap(name: OptimizerName, optimizer: tf.Optimizer, setLr: (lr: number) => void, alsoDispose?: () => void): TfjsOptimizer {
  return {
    name,
    applyGradients: (grads) => optimizer.applyGradients(grads),
    setLearningRate: (lr) => {
      checkLr(lr);
      setLr(lr);
    },
    dispose: () => {
      optimizer.dispose();
      alsoDispose?.();
    },
  };
}

interface Moments {
  param: tf.Variable;
  m: tf.Variable;
  v: tf.Variable;
}

class AdamW implements TfjsOptimizer {
  readonly name = 'adamw';
  private readonly state = new Map<string, Moments>();
  private t = 0;
  private lr: number;

  constructor(
    private readonly spec: OptimizerSpec,
    variables: readonly tf.Variable[],
  ) {
    this.lr = spec.lr;
    for (const param of variables) {
      const zeros = () => tf.tidy(() => tf.zerosLike(param).variable(false));
      this.state.set(param.name, { param, m: zeros(), v: zeros() });
    }
  }

  setLearningRate(lr: number): void {
    checkLr(lr);
    this.lr = lr;
  }

  applyGradients(grads: tf.NamedTensorMap): void {
    const { beta1, beta2, eps, weightDecay } = this.spec;
    const lr = this.lr;
    this.t += 1;
    // Bias corrections in float64, as PyTorch computes them in Python floats.
    const stepSize = lr / (1 - beta1 ** this.t);
    const sqrtC2 = Math.sqrt(1 - beta2 ** this.t);
    const decay = 1 - lr * weightDecay;
    tf.tidy(() => {
      for (const [name, g] of Object.entries(grads)) {
        const s = this.state.get(name);
        if (s === undefined) throw new Error(`AdamW: gradient for unknown variable "${name}"`);
        const m = tf.add(tf.mul(s.m, beta1), tf.mul(g, 1 - beta1));
        const v = tf.add(tf.mul(s.v, beta2), tf.mul(tf.square(g), 1 - beta2));
        // p·(1 − lr·wd) − (lr/c1)·m / (√v/√c2 + eps): torch.optim.AdamW's single-tensor path.
        const denom = tf.add(tf.div(tf.sqrt(v), sqrtC2), eps);
        const decayed = weightDecay === 0 ? s.param : tf.mul(s.param, decay);
        s.param.assign(tf.sub(decayed, tf.mul(tf.div(m, denom), stepSize)));
        s.m.assign(m);
        s.v.assign(v);
      }
    });
  }

  dispose(): void {
    for (const s of this.state.values()) {
      s.m.dispose();
      s.v.dispose();
    }
    this.state.clear();
  }
}
