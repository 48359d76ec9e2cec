/**
 * The from-scratch engine behind the EngineModel interface: an MLP of hand-derived
 * layers in float64 (what the gradient check uses) or float32 (half the memory, and
 * what the tfjs engine computes in), a cross-entropy loss and an optimiser, all
 * computing through one `Ops` (native or the TypeScript reference; see ops/).
 */
import { checkDropout, createMaskSource } from '../dropout';
import { initWeights } from '../init';
import type { DType, EngineModel, Evaluation, Float, ModelSpec, NamedTensor, OptimizerSpec, StepResult } from '../types';
import { checkLabels, CrossEntropy, PROBABILITY_FLOOR } from './crossEntropy';
import type { Param } from './layer';
import type { Ops } from './ops';
import { buildMlp, type Sequential } from './sequential';
import { referenceOps, type OpsChoice } from './ops';
import { createOptimizer, type Optimizer } from './optimizers';

export interface ScratchModelOptions {
  dtype: DType;
  /** Seed of the initialisation when `weights` is not given, and of the dropout masks. */
  seed: number;
  /** Start from these weights (e.g. the ones the other engine got) instead. */
  weights?: NamedTensor[];
  /** Rows per forward pass in evaluate/predict; bounds memory on 10,000 × 784 inputs. */
  chunkRows?: number;
  /** The kernels to compute with (`selectOps`); default the TypeScript reference. */
  ops?: OpsChoice;
}

export const DEFAULT_CHUNK_ROWS = 1024;

export function createScratchModel(spec: ModelSpec, opt: OptimizerSpec, opts: ScratchModelOptions): EngineModel {
  return new ScratchModel(spec, opt, opts);
}

class ScratchModel implements EngineModel {
  readonly engine = 'scratch';
  readonly backend: string;
  readonly gpu = false;
  readonly versions: Record<string, string>;
  private readonly ops: Ops;
  private readonly net: Sequential;
  private readonly params: Param[];
  private readonly loss: CrossEntropy;
  private readonly optimizer: Optimizer;
  private readonly chunkRows: number;
  private predicted = new Int32Array(0);

  constructor(
    private readonly spec: ModelSpec,
    opt: OptimizerSpec,
    opts: ScratchModelOptions,
  ) {
    const choice = opts.ops ?? { ops: referenceOps, versions: {} };
    this.ops = choice.ops;
    this.versions = choice.versions;
    this.backend = `${this.ops.name}-${opts.dtype}`;
    const dropout = spec.dropout ?? 0;
    checkDropout(dropout);
    this.net = buildMlp(spec, opts.dtype, this.ops, dropout > 0 ? createMaskSource(dropout, opts.seed) : undefined);
    this.params = this.net.params();
    this.loss = new CrossEntropy(spec.outputs, opts.dtype, this.ops);
    this.optimizer = createOptimizer(opt, this.ops);
    this.chunkRows = opts.chunkRows ?? DEFAULT_CHUNK_ROWS;
    if (!Number.isInteger(this.chunkRows) || this.chunkRows < 1) throw new RangeError(`chunkRows must be a positive integer, got ${this.chunkRows}`);
    this.setWeights(opts.weights ?? initWeights(spec, opts.seed, opts.dtype));
  }

  gatherRows(src: Float, index: Int32Array, start: number, count: number, cols: number, out: Float): void {
    this.ops.gatherRows(src, index, start, count, cols, out);
  }

  trainStep(x: Float, y: Int32Array, rows: number): StepResult {
    this.checkBatch(x, y, rows);
    const probs = this.net.forward(x, rows, true);
    const loss = this.loss.forward(probs, y, rows);
    const correct = this.countCorrect(probs, y, rows);
    this.net.backward(this.loss.backward());
    this.optimizer.step(this.params);
    return { loss, correct };
  }

  setLearningRate(lr: number): void {
    this.optimizer.setLearningRate(lr);
  }

  evaluate(x: Float, y: Int32Array, rows: number): Evaluation {
    this.checkBatch(x, y, rows);
    checkLabels(y, rows, this.spec.outputs);
    let lossSum = 0;
    let correct = 0;
    this.forEachChunk(x, rows, (probs, start, n) => {
      const labels = y.subarray(start, start + n);
      lossSum += this.ops.crossEntropySum(probs, labels, n, this.spec.outputs, PROBABILITY_FLOOR);
      correct += this.countCorrect(probs, labels, n);
    });
    return { loss: lossSum / rows, accuracy: correct / rows };
  }

  predict(x: Float, rows: number): Float32Array {
    this.checkInputs(x, rows);
    const k = this.spec.outputs;
    const out = new Float32Array(rows * k);
    this.forEachChunk(x, rows, (probs, start, n) => out.set(probs.subarray(0, n * k), start * k));
    return out;
  }

  getWeights(): NamedTensor[] {
    return this.params.map((p) => ({ name: p.name, shape: [...p.shape], values: p.value.slice() }));
  }

  /**
   * Replaces every parameter by name, converting the dtype if needed. Everything is
   * checked before anything is written, so a bad set leaves the model untouched.
   * Optimiser state (momentum, Adam moments) is kept.
   */
  setWeights(weights: NamedTensor[]): void {
    const byName = new Map(this.params.map((p) => [p.name, p]));
    const given = new Set<string>();
    for (const t of weights) {
      const p = byName.get(t.name);
      if (p === undefined) throw new Error(`setWeights: unknown tensor "${t.name}" (this model has ${[...byName.keys()].join(', ')})`);
      if (t.shape.length !== p.shape.length || t.shape.some((d, i) => d !== p.shape[i]))
        throw new Error(`setWeights: tensor "${t.name}" has shape [${t.shape.join(', ')}] but the model needs [${p.shape.join(', ')}]`);
      if (t.values.length !== p.value.length)
        throw new Error(`setWeights: tensor "${t.name}" has ${t.values.length} values but its shape [${p.shape.join(', ')}] needs ${p.value.length}`);
      given.add(t.name);
    }
    const missing = [...byName.keys()].filter((name) => !given.has(name));
    if (missing.length > 0) throw new Error(`setWeights: missing tensor${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
    for (const t of weights) byName.get(t.name)!.value.set(t.values);
  }

  /** Nothing lives outside the JS heap; the garbage collector frees the buffers. */
  dispose(): void {}

  /** Forward passes of at most `chunkRows` rows, so work buffers stay bounded. */
  private forEachChunk(x: Float, rows: number, use: (probs: Float, start: number, n: number) => void): void {
    const d = this.spec.inputs;
    for (let start = 0; start < rows; start += this.chunkRows) {
      const n = Math.min(this.chunkRows, rows - start);
      use(this.net.forward(x.subarray(start * d, (start + n) * d), n), start, n);
    }
  }

  private countCorrect(probs: Float, y: Int32Array, rows: number): number {
    if (this.predicted.length < rows) this.predicted = new Int32Array(rows);
    this.ops.argmaxRows(probs, this.predicted, rows, this.spec.outputs);
    let correct = 0;
    for (let r = 0; r < rows; r++) if (this.predicted[r] === y[r]) correct++;
    return correct;
  }

  private checkInputs(x: Float, rows: number): void {
    if (!Number.isInteger(rows) || rows < 1) throw new RangeError(`rows must be a positive integer, got ${rows}${rows === 0 ? ' (an empty split?)' : ''}`);
    if (x.length < rows * this.spec.inputs) throw new RangeError(`x holds ${x.length} values, fewer than ${rows} rows × ${this.spec.inputs} inputs`);
  }

  private checkBatch(x: Float, y: Int32Array, rows: number): void {
    this.checkInputs(x, rows);
    if (y.length < rows) throw new RangeError(`y holds ${y.length} labels, fewer than ${rows} rows`);
  }
}
