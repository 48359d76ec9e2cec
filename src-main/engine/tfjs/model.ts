/**
 * The framework engine behind the EngineModel interface: an MLP in TensorFlow.js ops,
 * softmax cross-entropy (mean over the batch), gradients by tfjs's autograd, and an
 * optimiser from ./optimizers. Everything a step allocates lives inside tf.tidy, and a
 * step reads back one two-number tensor (loss, correct), so it costs one device sync.
 */
import * as tf from '@tensorflow/tfjs';
import { checkDropout, createMaskSource, type MaskSource } from '../dropout';
import { GELU_A, GELU_C, LEAKY_SLOPE } from '../scratch/ops/reference';
import type { Activation, EngineModel, Evaluation, Float, ModelSpec, NamedTensor, OptimizerSpec, StepResult } from '../types';
import type { SelectedBackend } from './backend';
import { dense } from './dense';
import { createTfjsOptimizer, type TfjsOptimizer } from './optimizers';

export interface TfjsModelOptions {
  /** Initial weights `fc1.W` [in, out], `fc1.b` [out], …; float64 values become float32. */
  weights: NamedTensor[];
  /** What selectBackend returned; it must still be tfjs's active backend. */
  backend: SelectedBackend;
  /** Rows per forward pass in evaluate/predict; bounds memory on 10,000 × 784 inputs. */
  chunkRows?: number;
  /** The run's seed: the dropout masks' stream (../dropout.ts), as the scratch engine's. Default 0. */
  seed?: number;
}

export const DEFAULT_CHUNK_ROWS = 1024;

export function createTfjsModel(spec: ModelSpec, opt: OptimizerSpec, opts: TfjsModelOptions): EngineModel {
  return new TfjsModel(spec, opt, opts);
}

interface Layer {
  W: tf.Variable;
  b: tf.Variable;
}

// tfjs registers variables by name process-wide; the prefix keeps two models apart.
let modelCount = 0;

class TfjsModel implements EngineModel {
  readonly engine = 'tfjs';
  readonly backend: string;
  readonly gpu: boolean;
  readonly versions: Record<string, string>;
  private readonly layers: Layer[] = [];
  /** Engine-neutral name → variable, in layer order (fc1.W, fc1.b, fc2.W, …). */
  private readonly byName = new Map<string, tf.Variable>();
  private readonly optimizer: TfjsOptimizer;
  private readonly chunkRows: number;
  /** Null without dropout. The same masks, in the same order, as the scratch engine draws. */
  private readonly masks: MaskSource | null;
  private disposed = false;

  constructor(
    private readonly spec: ModelSpec,
    opt: OptimizerSpec,
    opts: TfjsModelOptions,
  ) {
    if (tf.getBackend() !== opts.backend.name)
      throw new Error(`the tfjs backend in use is "${tf.getBackend()}", not the selected "${opts.backend.name}"; call selectBackend() just before createTfjsModel()`);
    this.backend = opts.backend.name;
    this.gpu = opts.backend.gpu;
    this.versions = { ...opts.backend.versions };
    this.chunkRows = opts.chunkRows ?? DEFAULT_CHUNK_ROWS;
    if (!Number.isInteger(this.chunkRows) || this.chunkRows < 1) throw new RangeError(`chunkRows must be a positive integer, got ${this.chunkRows}`);

    const dropout = spec.dropout ?? 0;
    checkDropout(dropout);
    this.masks = dropout > 0 ? createMaskSource(dropout, opts.seed ?? 0) : null;
    activate(spec.activation, null); // an unknown activation fails here, not at the first step

    const sizes = [spec.inputs, ...spec.hidden, spec.outputs];
    const prefix = `sweeplab${++modelCount}/`;
    for (let l = 0; l + 1 < sizes.length; l++) {
      const W = tf.tidy(() => tf.variable(tf.zeros([sizes[l], sizes[l + 1]]), true, `${prefix}fc${l + 1}.W`));
      const b = tf.tidy(() => tf.variable(tf.zeros([sizes[l + 1]]), true, `${prefix}fc${l + 1}.b`));
      this.layers.push({ W, b });
      this.byName.set(`fc${l + 1}.W`, W).set(`fc${l + 1}.b`, b);
    }
    try {
      this.setWeights(opts.weights);
      this.optimizer = createTfjsOptimizer(opt, this.variables());
    } catch (e) {
      for (const v of this.byName.values()) v.dispose();
      throw e;
    }
  }

  trainStep(x: Float, y: Int32Array, rows: number): StepResult {
    this.checkBatch(x, y, rows);
    const stats = tf.tidy(() => {
      const masks = this.drawMasks(rows);
      const xs = this.inputs(x, 0, rows);
      const labels = tf.tensor1d(y.subarray(0, rows), 'int32');
      const onehot = tf.oneHot(labels, this.spec.outputs).toFloat();
      const kept: { correct?: tf.Scalar } = {};
      try {
        const { value, grads } = tf.variableGrads(() => {
          const logits = this.logits(xs, masks);
          // Kept: the tape's inner scope would dispose it; freed below.
          kept.correct = tf.keep(countCorrect(logits, labels));
          return tf.losses.softmaxCrossEntropy(onehot, logits, undefined, 0, tf.Reduction.MEAN) as tf.Scalar;
        }, this.variables());
        this.optimizer.applyGradients(grads);
        return tf.stack([value, kept.correct!]);
      } finally {
        kept.correct?.dispose();
      }
    });
    const [loss, correct] = stats.dataSync();
    stats.dispose();
    return { loss, correct: Math.round(correct) };
  }

  setLearningRate(lr: number): void {
    this.checkAlive();
    this.optimizer.setLearningRate(lr);
  }

  evaluate(x: Float, y: Int32Array, rows: number): Evaluation {
    this.checkBatch(x, y, rows);
    // Summed on the device chunk by chunk, read back once at the end.
    let totals = tf.zeros([2]);
    for (let start = 0; start < rows; start += this.chunkRows) {
      const n = Math.min(this.chunkRows, rows - start);
      const next = tf.tidy(() => {
        const labels = tf.tensor1d(y.subarray(start, start + n), 'int32');
        const logits = this.logits(this.inputs(x, start, n));
        const lossSum = tf.losses.softmaxCrossEntropy(tf.oneHot(labels, this.spec.outputs).toFloat(), logits, undefined, 0, tf.Reduction.SUM);
        return tf.add(totals, tf.stack([lossSum, countCorrect(logits, labels)]));
      });
      totals.dispose();
      totals = next;
    }
    const [lossSum, correct] = totals.dataSync();
    totals.dispose();
    return { loss: lossSum / rows, accuracy: Math.round(correct) / rows };
  }

  predict(x: Float, rows: number): Float32Array {
    this.checkInputs(x, rows);
    const k = this.spec.outputs;
    const out = new Float32Array(rows * k);
    for (let start = 0; start < rows; start += this.chunkRows) {
      const n = Math.min(this.chunkRows, rows - start);
      const probs = tf.tidy(() => tf.softmax(this.logits(this.inputs(x, start, n))));
      out.set(probs.dataSync(), start * k);
      probs.dispose();
    }
    return out;
  }

  getWeights(): NamedTensor[] {
    this.checkAlive();
    // A copy: on the cpu backend dataSync hands out the variable's own storage.
    return [...this.byName].map(([name, v]) => ({ name, shape: [...v.shape], values: Float32Array.from(v.dataSync()) }));
  }

  /**
   * Replaces every parameter by name, converting float64 to float32. Everything is
   * checked before anything is written, so a bad set leaves the model untouched.
   * Optimiser state (momentum, Adam moments) is kept.
   */
  setWeights(weights: NamedTensor[]): void {
    this.checkAlive();
    const given = new Set<string>();
    for (const t of weights) {
      const v = this.byName.get(t.name);
      if (v === undefined) throw new Error(`setWeights: unknown tensor "${t.name}" (this model has ${[...this.byName.keys()].join(', ')})`);
      if (t.shape.length !== v.shape.length || t.shape.some((d, i) => d !== v.shape[i]))
        throw new Error(`setWeights: tensor "${t.name}" has shape [${t.shape.join(', ')}] but the model needs [${v.shape.join(', ')}]`);
      if (t.values.length !== v.size) throw new Error(`setWeights: tensor "${t.name}" has ${t.values.length} values but its shape [${v.shape.join(', ')}] needs ${v.size}`);
      given.add(t.name);
    }
    const missing = [...this.byName.keys()].filter((name) => !given.has(name));
    if (missing.length > 0) throw new Error(`setWeights: missing tensor${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
    // Copied, so later writes to the caller's arrays cannot reach the variables.
    tf.tidy(() => {
      for (const t of weights) this.byName.get(t.name)!.assign(tf.tensor(Float32Array.from(t.values), t.shape, 'float32'));
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.optimizer.dispose();
    for (const v of this.byName.values()) v.dispose();
  }

  private variables(): tf.Variable[] {
    return [...this.byName.values()];
  }

  /**
   * Dense → activation (→ × dropout mask, in training) for each hidden layer, dense for
   * the output: rows × outputs logits. `masks`: one per hidden layer, or none.
   */
  private logits(x: tf.Tensor2D, masks: tf.Tensor2D[] = []): tf.Tensor2D {
    let h = x;
    this.layers.forEach(({ W, b }, l) => {
      const z = dense(h, W as tf.Tensor2D, b as tf.Tensor1D, l > 0);
      if (l + 1 === this.layers.length) h = z;
      else {
        const a = activate(this.spec.activation, z)!;
        h = masks.length > 0 ? tf.mul(a, masks[l]) : a;
      }
    });
    return h;
  }

  /** This step's dropout masks (rows × width per hidden layer, in layer order), or none. */
  private drawMasks(rows: number): tf.Tensor2D[] {
    if (this.masks === null) return [];
    return this.spec.hidden.map((width) => {
      const m = new Float32Array(rows * width);
      this.masks!.fill(m, m.length);
      return tf.tensor2d(m, [rows, width], 'float32');
    });
  }

  /** Rows [start, start + n) of x as a float32 tensor (copied when x is float64). */
  private inputs(x: Float, start: number, n: number): tf.Tensor2D {
    const d = this.spec.inputs;
    const view = x.subarray(start * d, (start + n) * d);
    return tf.tensor2d(view instanceof Float32Array ? view : Float32Array.from(view), [n, d], 'float32');
  }

  private checkAlive(): void {
    if (this.disposed) throw new Error('this tfjs model has been disposed');
  }

  private checkInputs(x: Float, rows: number): void {
    this.checkAlive();
    if (!Number.isInteger(rows) || rows < 1) throw new RangeError(`rows must be a positive integer, got ${rows}`);
    if (x.length < rows * this.spec.inputs) throw new RangeError(`x holds ${x.length} values, fewer than ${rows} rows × ${this.spec.inputs} inputs`);
  }

  /** tf.oneHot turns an out-of-range label into an all-zero row silently; refuse it here. */
  private checkBatch(x: Float, y: Int32Array, rows: number): void {
    this.checkInputs(x, rows);
    if (y.length < rows) throw new RangeError(`y holds ${y.length} labels, fewer than ${rows} rows`);
    const k = this.spec.outputs;
    for (let r = 0; r < rows; r++) if (!(y[r] >= 0 && y[r] < k)) throw new RangeError(`label ${y[r]} of row ${r} is outside 0..${k - 1}`);
  }
}

/**
 * The hidden activation in tf ops, the same formulas as the scratch engine's
 * (scratch/ops/reference.ts); autograd derives the derivatives. gelu is the tanh form,
 * written out because tfjs has no gelu op. With z null, only checks `kind`.
 */
function activate(kind: Activation, z: tf.Tensor2D | null): tf.Tensor2D | null {
  switch (kind) {
    case 'relu':
      return z && tf.relu(z);
    case 'leaky_relu':
      return z && tf.leakyRelu(z, LEAKY_SLOPE);
    case 'tanh':
      return z && tf.tanh(z);
    case 'sigmoid':
      return z && tf.sigmoid(z);
    case 'gelu':
      // ½z(1 + tanh(√(2/π)(z + 0.044715z³)))
      return z && (tf.mul(tf.mul(z, 0.5), tf.add(1, tf.tanh(tf.mul(tf.add(z, tf.mul(tf.pow(z, 3), GELU_A)), GELU_C)))) as tf.Tensor2D);
    default:
      throw new Error(`unsupported activation "${kind as string}"`);
  }
}

/** How many rows' arg-max equals the label, as a float32 scalar (exact below 2²⁴). */
function countCorrect(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32'));
}
