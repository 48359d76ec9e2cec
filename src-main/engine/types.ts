/**
 * The one training interface both engines implement. The shared training loop
 * (`trainLoop.ts`) owns batching, shuffling and metrics, so two engines given the
 * same weights and the same seed see exactly the same batches.
 */

/** Row-major matrix storage. Iris and CSV data are float64, Fashion-MNIST float32. */
export type Float = Float32Array | Float64Array;
export type DType = 'float32' | 'float64';

export type EngineName = 'scratch' | 'tfjs';
export type OptimizerName = 'sgd' | 'momentum' | 'adam' | 'adamw';
/** Hidden-layer activations; see scratch/activation.ts for each formula (gelu: the tanh form). */
export const ACTIVATIONS = ['relu', 'leaky_relu', 'tanh', 'sigmoid', 'gelu'] as const;
export type Activation = (typeof ACTIVATIONS)[number];
/** The activations other than ReLU, which computes through its own (older) kernels. */
export type SmoothActivation = Exclude<Activation, 'relu'>;

/** The largest dropout probability a model takes (dropout.ts). */
export const MAX_DROPOUT = 0.9;

export const SCHEDULE_TYPES = ['constant', 'cosine', 'step'] as const;

/** A learning-rate schedule over the optimiser's rate; the formulas are in schedule.ts. */
export interface LrSchedule {
  type: (typeof SCHEDULE_TYPES)[number];
  /** Epochs (fractions allowed) of linear warm-up before the schedule proper; default 0. */
  warmupEpochs?: number;
  /** `step`: epochs between decays. */
  stepEpochs?: number;
  /** `step`: the factor of each decay; default 0.1. */
  gamma?: number;
  /** `cosine`: the rate it decays to; `step`: the floor; default 0. */
  minLr?: number;
}

/** Layer sizes of a multi-layer perceptron: inputs → hidden… → outputs. */
export interface ModelSpec {
  inputs: number;
  hidden: number[];
  outputs: number;
  activation: Activation;
  /**
   * Inverted dropout after each hidden activation while training: drop probability in
   * [0, 1), masks from a stream of their own (see dropout.ts). Absent or 0: no dropout.
   */
  dropout?: number;
}

export interface OptimizerSpec {
  name: OptimizerName;
  lr: number;
  /** Used by `momentum` (PyTorch's SGD momentum convention). */
  momentum: number;
  /** Decoupled weight decay for `adamw` (PyTorch default 0.01); L2-free elsewhere. */
  weightDecay: number;
  beta1: number;
  beta2: number;
  eps: number;
}

/** One parameter tensor, engine-neutral: `fc1.W` [in, out], `fc1.b` [out], … */
export interface NamedTensor {
  name: string;
  shape: number[];
  values: Float;
}

export interface StepResult {
  /** Mean loss over the batch. */
  loss: number;
  /** Number of rows in the batch whose arg-max prediction equals the label. */
  correct: number;
}

export interface Evaluation {
  loss: number;
  accuracy: number;
}

/** A model being trained by one engine. Everything is synchronous: a trial owns its process. */
export interface EngineModel {
  readonly engine: EngineName;
  /** What actually computes: `js-float64`, `js-float32`, `tensorflow`, `wasm`, `cpu`. */
  readonly backend: string;
  readonly gpu: boolean;
  /** Library versions worth recording with a run (e.g. `tfjs`). */
  readonly versions?: Record<string, string>;
  /**
   * Copies rows index[start … start+count) of src (… × cols) into out: the shuffled
   * batch. Optional; the training loop copies row by row where a model has none.
   */
  gatherRows?(src: Float, index: Int32Array, start: number, count: number, cols: number, out: Float): void;
  /** One optimisation step on `rows` rows of `x` (rows × inputs) with integer labels `y`. */
  trainStep(x: Float, y: Int32Array, rows: number): StepResult;
  /**
   * The learning rate of the following steps (a schedule's value; see schedule.ts).
   * Optimiser state (momentum, Adam moments and step count) is kept.
   */
  setLearningRate?(lr: number): void;
  /** Mean loss and accuracy, no parameter update. */
  evaluate(x: Float, y: Int32Array, rows: number): Evaluation;
  /** Class probabilities, rows × outputs. */
  predict(x: Float, rows: number): Float32Array;
  getWeights(): NamedTensor[];
  setWeights(weights: NamedTensor[]): void;
  dispose(): void;
}

export const DEFAULT_OPTIMIZER: Omit<OptimizerSpec, 'name' | 'lr'> = {
  momentum: 0.9,
  weightDecay: 0.01,
  beta1: 0.9,
  beta2: 0.999,
  eps: 1e-8,
};
