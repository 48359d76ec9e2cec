/** Words for the GUI: what people read instead of config keys. */
import type { ActivationName, DatasetName, EngineName, OptimizerName, ScheduleType } from './configDraft';

export const DATASET_LABELS: Record<DatasetName, string> = {
  iris: 'Iris (150 flowers, 4 features, 3 species)',
  'fashion-mnist': 'Fashion-MNIST (full: 60,000 + 10,000 images)',
  'fashion-mnist-subset': 'Fashion-MNIST subset (bundled, small)',
  csv: 'CSV file (your own table)',
  moons: 'Two moons (generated, 2-D)',
  circles: 'Two circles (generated, 2-D)',
  spirals: 'Spirals (generated, 2-D, 2–5 arms)',
  xor: 'XOR (generated, 2-D)',
  blobs: 'Gaussian blobs (generated, 2-D, 2–5 classes)',
};

export const ENGINE_LABELS: Record<EngineName, string> = {
  scratch: 'From scratch (hand-derived layers, float64 for tables and float32 for images)',
  tfjs: 'TensorFlow.js (autograd)',
};

/** What `auto` picks, and what the other backends are for, per engine. */
export const BACKEND_HINTS: Record<EngineName, string> = {
  scratch: 'auto: the native OpenBLAS ops when built, else the TypeScript ops. js: always the TypeScript ops (slow; what the gradient check verifies against).',
  tfjs: 'auto: native TensorFlow, else WebAssembly, else plain JS.',
};

export const OPTIMIZER_LABELS: Record<OptimizerName, string> = {
  sgd: 'SGD',
  momentum: 'SGD with momentum',
  adam: 'Adam',
  adamw: 'AdamW (decoupled weight decay)',
};

export const ACTIVATION_LABELS: Record<ActivationName, string> = {
  relu: 'ReLU',
  leaky_relu: 'Leaky ReLU (slope 0.01)',
  tanh: 'tanh',
  sigmoid: 'Sigmoid',
  gelu: 'GELU (tanh form)',
};

export const SCHEDULE_LABELS: Record<ScheduleType, string> = {
  constant: 'Constant',
  cosine: 'Cosine decay',
  step: 'Step decay',
};

export const PARAM_LABELS: Record<string, string> = {
  'train.lr': 'Learning rate',
  'train.batchSize': 'Batch size',
  'train.epochs': 'Epochs',
  'train.optimizer': 'Optimizer',
  'train.momentum': 'Momentum',
  'train.weightDecay': 'Weight decay',
  'train.seed': 'Training seed',
  'model.hidden': 'Hidden layers',
  'model.activation': 'Activation',
  'model.dropout': 'Dropout',
  'train.schedule': 'LR schedule',
  'dataset.seed': 'Split seed',
  engine: 'Engine',
};

/** Keys a numeric range makes sense for (the others take a list of values). */
export const RANGE_KEYS = new Set(['train.lr', 'train.batchSize', 'train.epochs', 'train.momentum', 'train.weightDecay', 'train.seed', 'model.hidden', 'dataset.seed', 'model.dropout']);

/** Examples shown under a list-of-values input. */
export const VALUE_HINTS: Record<string, string> = {
  'train.lr': 'e.g. 0.001, 0.01, 0.03',
  'train.batchSize': 'e.g. 16, 32, 128',
  'train.epochs': 'e.g. 10, 20',
  'train.optimizer': 'e.g. sgd, momentum, adam, adamw',
  'train.momentum': 'e.g. 0.8, 0.9, 0.99',
  'train.weightDecay': 'e.g. 0, 0.01, 0.1',
  'train.seed': 'e.g. 0, 1, 2',
  'model.hidden': 'widths, or layer lists: 64, 128 or [64], [128, 64]',
  'dataset.seed': 'e.g. 0, 1, 2',
  engine: 'scratch, tfjs',
};

export const paramLabel = (key: string): string => PARAM_LABELS[key] ?? key;

/**
 * Short column headers of the curve events (defined in src-main/analysis/curveEvents.ts;
 * METRICS labels them at length), for tables where a header must stay narrow.
 */
export const CURVE_EVENT_HEADERS: Record<string, string> = {
  best_epoch: 'Best epoch',
  overfit_epoch: 'Overfit from',
  diverged_step: 'Diverged at',
  train_val_gap: 'Train−val gap',
};
