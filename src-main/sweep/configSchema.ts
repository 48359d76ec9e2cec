/**
 * The sweep config: its schema, its defaults, and the one-line error format.
 * Pure (no Node imports): the CLI, the IPC/HTTP handlers and the renderer's form
 * all validate with this same schema, so a message reads the same everywhere.
 */
import { z } from 'zod';
// engine/types.ts only: the renderer validates with this schema, and may not pull in engine code.
import { ACTIVATIONS, MAX_DROPOUT, SCHEDULE_TYPES } from '../engine/types';
import { configTreeProblem, formatPath, ownValue } from './configTree';
import { MAX_BATCH_SIZE, MAX_CONCURRENCY, MAX_HIDDEN_LAYERS, MAX_HIDDEN_WIDTH, MAX_RANGE_POINTS, MAX_TRIALS, trialCountProblem } from './limits';
import { conditionIssues, countTrials, normaliseParam } from './searchSpace';
import { DEPTH_KEY, isArchitectureKey, LAYER_WIDTH_KEYS, layerOfWidthKey, WIDTH_KEY } from './architecture';
import { prunerConfigSchema, prunerEpochsProblem } from '../search/pruners/config';
import { framesProblem, framesSchema } from '../frames/config';

export { formatPath } from './configTree';

const positiveInt = (what = 'a positive integer') => z.number({ error: `must be ${what}` }).int(`must be ${what}`).positive(`must be ${what}`);
const ratio = z.number({ error: 'must be a number between 0 and 1' }).min(0, 'must be ≥ 0').max(1, 'must be ≤ 1');

/** Two-dimensional teaching sets, generated from `dataset.seed` (data/toy2d.ts has their shapes). */
export const TOY_DATASETS = ['moons', 'circles', 'spirals', 'xor', 'blobs'] as const;
export type ToyKind = (typeof TOY_DATASETS)[number];
export const DATASETS = ['iris', 'fashion-mnist', 'fashion-mnist-subset', 'csv', ...TOY_DATASETS] as const;
/** `dataset.toy` limits and defaults; the noise is a standard deviation in the data's units. */
export const TOY_SAMPLES = { min: 20, max: 20_000, default: 400 } as const;
export const MAX_TOY_NOISE = 2;
export const TOY_DEFAULT_NOISE: Record<ToyKind, number> = { moons: 0.1, circles: 0.05, spirals: 0.05, xor: 0.1, blobs: 0.4 };
/** Classes each kind can make (moons, circles and XOR are two-class by shape), and the default. */
export const TOY_CLASSES: Record<ToyKind, { min: number; max: number; default: number }> = {
  moons: { min: 2, max: 2, default: 2 },
  circles: { min: 2, max: 2, default: 2 },
  xor: { min: 2, max: 2, default: 2 },
  spirals: { min: 2, max: 5, default: 3 },
  blobs: { min: 2, max: 5, default: 3 },
};
export const isToyDataset = (name: string): name is ToyKind => (TOY_DATASETS as readonly string[]).includes(name);

/** The problem with a class count for a toy kind, or null; one message for the schema and the generator. */
export function toyClassesProblem(kind: ToyKind, classes: number): string | null {
  const { min, max } = TOY_CLASSES[kind];
  if (min === max) return classes === min ? null : `must be ${min}: ${kind} has ${min} classes by its shape`;
  return Number.isInteger(classes) && classes >= min && classes <= max ? null : `must be an integer from ${min} to ${max} for ${kind}`;
}

export const toyOptionsSchema = z.strictObject({
  samples: z
    .number({ error: `must be an integer from ${TOY_SAMPLES.min} to ${TOY_SAMPLES.max}` })
    .int(`must be an integer from ${TOY_SAMPLES.min} to ${TOY_SAMPLES.max}`)
    .min(TOY_SAMPLES.min, `must be ≥ ${TOY_SAMPLES.min}`)
    .max(TOY_SAMPLES.max, `must be ≤ ${TOY_SAMPLES.max}`)
    .default(TOY_SAMPLES.default),
  /** Default: the kind's (TOY_DEFAULT_NOISE). */
  noise: z.number({ error: `must be a number from 0 to ${MAX_TOY_NOISE}` }).min(0, 'must be ≥ 0').max(MAX_TOY_NOISE, `must be ≤ ${MAX_TOY_NOISE}`).optional(),
  /** Spirals and blobs: 2–5; moons, circles and XOR: 2 only. */
  classes: z.number({ error: 'must be an integer' }).int('must be an integer').optional(),
});
/** `dataset.toy` with every default filled in for its kind. */
export type ToyOptions = { samples: number; noise: number; classes: number };

export function toyDefaults(kind: ToyKind, given: { samples?: number; noise?: number; classes?: number } = {}): ToyOptions {
  return { samples: given.samples ?? TOY_SAMPLES.default, noise: given.noise ?? TOY_DEFAULT_NOISE[kind], classes: given.classes ?? TOY_CLASSES[kind].default };
}
export const ENGINES = ['scratch', 'tfjs'] as const;
/** What computes a scratch model: the native addon, the TypeScript reference, or auto. */
export const SCRATCH_BACKENDS = ['auto', 'native', 'js'] as const;
/** TensorFlow.js backends: native TensorFlow (tfjs-node), WebAssembly, plain JS, or auto. */
export const TFJS_BACKENDS = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;
export const BACKENDS = ['auto', 'native', 'js', 'tensorflow', 'wasm', 'cpu'] as const;
export const ENGINE_BACKENDS = { scratch: SCRATCH_BACKENDS, tfjs: TFJS_BACKENDS } as const satisfies Record<(typeof ENGINES)[number], readonly (typeof BACKENDS)[number][]>;
const ENGINE_NAMES = { scratch: 'the scratch engine', tfjs: 'TensorFlow.js' } as const;

/** Null when `backend` runs on `engine`, else the message saying what does. */
export function backendProblem(engine: (typeof ENGINES)[number], backend: (typeof BACKENDS)[number]): string | null {
  const allowed: readonly string[] = ENGINE_BACKENDS[engine];
  return allowed.includes(backend) ? null : `"${backend}" is not a backend of ${ENGINE_NAMES[engine]} (it takes ${allowed.join(', ')})`;
}
export const OPTIMIZERS = ['sgd', 'momentum', 'adam', 'adamw'] as const;
export { ACTIVATIONS, MAX_DROPOUT, SCHEDULE_TYPES };

export const splitSchema = z
  .strictObject({
    train: z.number({ error: 'must be a number between 0 and 1' }).gt(0, 'must be > 0').max(1, 'must be ≤ 1'),
    val: ratio.default(0),
    test: ratio.optional(),
  })
  .refine((s) => Math.abs(s.train + s.val + (s.test ?? 0) - 1) < 1e-9, {
    error: (iss) => {
      const s = iss.input as { train: number; val: number; test?: number };
      const sum = s.train + s.val + (s.test ?? 0);
      return `ratios must sum to 1 (train + val${s.test === undefined ? '' : ' + test'} = ${+sum.toFixed(6)})`;
    },
  });

export const datasetSchema = z
  .strictObject({
    name: z.enum(DATASETS, { error: `must be one of ${DATASETS.join(', ')}` }),
    /** CSV only: the file to import. Relative paths are relative to the config file. */
    path: z.string().min(1, 'must not be empty').optional(),
    /** CSV only: label column by name, or its 0-based index; default the last column. */
    label: z.union([z.string().min(1), z.number().int().nonnegative()]).optional(),
    /** Default: 0.7/0.1/0.2 for tables; Fashion-MNIST holds out 10 % of its training images. */
    split: splitSchema.optional(),
    /** Seed of the stratified split. */
    seed: z.number().int('must be an integer').default(0),
    /** Standardise features with the training split's mean and std (tabular data). */
    standardize: z.boolean().default(true),
    /** Toy sets only: how many points, how noisy, how many classes (filled in with the kind's defaults). */
    toy: toyOptionsSchema.optional(),
  })
  .superRefine((d, ctx) => {
    if (d.name === 'csv' && !d.path) ctx.addIssue({ code: 'custom', path: ['path'], message: 'is required when name is "csv"' });
    if (d.name !== 'csv' && d.path !== undefined) ctx.addIssue({ code: 'custom', path: ['path'], message: 'is only used when name is "csv"' });
    if (d.split && isImageDataset(d.name) && d.split.test !== undefined)
      ctx.addIssue({ code: 'custom', path: ['split', 'test'], message: 'must be omitted: Fashion-MNIST is tested on its official 10,000 test images' });
    if (d.split && !isImageDataset(d.name) && d.split.test === undefined)
      ctx.addIssue({ code: 'custom', path: ['split', 'test'], message: 'is required for this data set' });
    if (d.toy && !isToyDataset(d.name)) ctx.addIssue({ code: 'custom', path: ['toy'], message: `is only used for the generated data sets (${TOY_DATASETS.join(', ')})` });
    const classes = d.toy?.classes;
    const problem = classes !== undefined && isToyDataset(d.name) ? toyClassesProblem(d.name, classes) : null;
    if (problem) ctx.addIssue({ code: 'custom', path: ['toy', 'classes'], message: problem });
  })
  .transform((d) => {
    const { toy, ...rest } = d;
    const split = d.split ?? defaultSplit(d.name);
    // `toy` only where it means something, so other data sets' configs read as before.
    const out: typeof rest & { split: typeof split; toy?: ToyOptions } = isToyDataset(d.name) ? { ...rest, split, toy: toyDefaults(d.name, toy) } : { ...rest, split };
    return out;
  });

export function isImageDataset(name: string): boolean {
  return name.startsWith('fashion-mnist');
}

/** The frames a data set can have, known from its name: 'unknown' for a CSV until its columns are counted (frames/config.ts). */
export function datasetFrameKind(name: string): 'plane' | 'image' | 'unknown' | null {
  return isToyDataset(name) ? 'plane' : isImageDataset(name) ? 'image' : name === 'csv' ? 'unknown' : null;
}

export function defaultSplit(name: string): { train: number; val: number; test?: number } {
  return isImageDataset(name) ? { train: 0.9, val: 0.1 } : { train: 0.7, val: 0.1, test: 0.2 };
}

const hiddenWidth = positiveInt('a positive integer (a hidden layer width)').max(MAX_HIDDEN_WIDTH, `must be ≤ ${MAX_HIDDEN_WIDTH} (a hidden layer width)`);

export const modelSchema = z.strictObject({
  hidden: z.array(hiddenWidth, { error: 'must be a list of layer widths, e.g. [256]' }).max(MAX_HIDDEN_LAYERS, `at most ${MAX_HIDDEN_LAYERS} hidden layers`),
  activation: z.enum(ACTIVATIONS, { error: `must be one of ${ACTIVATIONS.join(', ')}` }).default('relu'),
  /** Inverted dropout after each hidden activation while training; absent means 0 (none). */
  dropout: z
    .number({ error: `must be a number from 0 to ${MAX_DROPOUT}` })
    .min(0, 'must be ≥ 0')
    .lt(1, { error: 'must be < 1 (dropout 1 would drop every unit)', abort: true })
    .max(MAX_DROPOUT, `must be ≤ ${MAX_DROPOUT}`)
    .optional(),
});

/** A learning-rate schedule (src-main/engine/schedule.ts has the formulas); absent means constant. */
export const scheduleSchema = z
  .strictObject({
    type: z.enum(SCHEDULE_TYPES, { error: `must be one of ${SCHEDULE_TYPES.join(', ')}` }),
    warmupEpochs: z.number({ error: 'must be a number of epochs ≥ 0' }).min(0, 'must be ≥ 0').optional(),
    stepEpochs: z.number({ error: 'must be a number of epochs > 0' }).positive('must be > 0').optional(),
    gamma: z.number({ error: 'must be a number in (0, 1]' }).gt(0, 'must be > 0').max(1, 'must be ≤ 1').optional(),
    minLr: z.number({ error: 'must be a number ≥ 0' }).min(0, 'must be ≥ 0').optional(),
  })
  .superRefine((s, ctx) => {
    if (s.type === 'step' && s.stepEpochs === undefined) ctx.addIssue({ code: 'custom', path: ['stepEpochs'], message: 'is required when type is "step"' });
    for (const key of ['stepEpochs', 'gamma'] as const)
      if (s.type !== 'step' && s[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'is only used when type is "step"' });
    if (s.type === 'constant' && s.minLr !== undefined) ctx.addIssue({ code: 'custom', path: ['minLr'], message: 'is only used when type is "cosine" or "step"' });
  });

export const trainSchema = z.strictObject({
  epochs: positiveInt().max(100_000, 'must be ≤ 100000'),
  batchSize: positiveInt().max(MAX_BATCH_SIZE, `must be ≤ ${MAX_BATCH_SIZE}`),
  optimizer: z.enum(OPTIMIZERS, { error: `must be one of ${OPTIMIZERS.join(', ')}` }).default('sgd'),
  lr: z.number({ error: 'must be a number > 0' }).positive('must be > 0').max(100, 'must be ≤ 100'),
  momentum: z.number({ error: 'must be a number' }).min(0, 'must be ≥ 0').lt(1, 'must be < 1').default(0.9),
  weightDecay: z.number({ error: 'must be a number' }).min(0, 'must be ≥ 0').default(0.01),
  seed: z.number({ error: 'must be an integer' }).int('must be an integer').default(0),
  schedule: scheduleSchema.optional(),
}).superRefine((t, ctx) => {
  // Checked against the sweep's own epochs and lr; a swept value is not seen here (a
  // warm-up longer than a trial just never finishes, see schedule.ts).
  const w = t.schedule?.warmupEpochs;
  if (w !== undefined && w >= t.epochs) ctx.addIssue({ code: 'custom', path: ['schedule', 'warmupEpochs'], message: `must be less than train.epochs (${t.epochs})` });
  const minLr = t.schedule?.minLr;
  if (minLr !== undefined && minLr >= t.lr) ctx.addIssue({ code: 'custom', path: ['schedule', 'minLr'], message: `must be less than train.lr (${t.lr})` });
});

/** `when`: the parameter exists only when another swept one compares so (search/space.ts). */
export const CONDITION_OPS = ['==', '!=', '>', '>=', '<', '<=', 'in'] as const;
export const conditionSchema = z.strictObject({
  param: z.string({ error: 'must name a swept parameter, e.g. "model.depth"' }).min(1, 'must name a swept parameter'),
  op: z.enum(CONDITION_OPS, { error: `must be one of ${CONDITION_OPS.join(' ')}` }).default('=='),
  value: z.unknown().refine((v) => v !== undefined, { error: 'is required' }),
});

/**
 * A range for one swept parameter: a grid takes `count` points (or every `step`),
 * random search, TPE and the GP sample it (log-uniformly when `scale` is "log").
 */
export const rangeSchema = z
  .strictObject({
    min: z.number({ error: 'must be a number' }),
    max: z.number({ error: 'must be a number' }),
    scale: z.enum(['linear', 'log'], { error: 'must be "linear" or "log"' }).default('linear'),
    /** Grid points; default 3, or every step when `step` is given. */
    count: positiveInt().max(MAX_RANGE_POINTS, `must be ≤ ${MAX_RANGE_POINTS}`).optional(),
    integer: z.boolean({ error: 'must be true or false' }).default(false),
    /** Values are min, min + step, …, never in between. */
    step: z.number({ error: 'must be a number > 0' }).positive('must be > 0').optional(),
    when: conditionSchema.optional(),
  })
  .superRefine((r, ctx) => {
    const add = (message: string, path: string[] = []) => ctx.addIssue({ code: 'custom', path, message });
    if (r.max < r.min) add(`max must be ≥ min (min is ${r.min}, max is ${r.max})`, ['max']);
    if (r.scale === 'log' && r.min <= 0) add(`a log range must stay above 0 (min is ${r.min})`, ['min']);
    if (r.step === undefined) return;
    if (r.scale === 'log') add('a step cannot be combined with a log scale', ['step']);
    else if (r.integer && !Number.isInteger(r.step)) add('an integer range needs an integer step', ['step']);
    else if (r.max > r.min && r.step > r.max - r.min) add(`is larger than the range ${r.min}..${r.max}`, ['step']);
    else if (r.count === undefined && (r.max - r.min) / r.step + 1 > MAX_RANGE_POINTS) add(`gives more than ${MAX_RANGE_POINTS} grid points; take a larger step`, ['step']);
  });

/** A categorical choice that may be conditional; a plain list is the same without `when`. */
export const choiceSchema = z.strictObject({
  values: z.array(z.unknown(), { error: 'must be a list of values' }).min(1, 'must list at least one value'),
  when: conditionSchema.optional(),
});

export type ParamRange = z.output<typeof rangeSchema>;
export type ParamChoice = z.output<typeof choiceSchema>;
export type ParamSpace = unknown[] | ParamRange | ParamChoice;

const listSchema = z.array(z.unknown()).min(1, 'must list at least one value');

/**
 * One parameter's space, told apart by its shape so a mistake gets the message of the
 * form it was meant to be (a union would only say that none of them matched).
 */
const paramSpaceSchema = z.unknown().transform((v, ctx): ParamSpace => {
  const isObject = v !== null && typeof v === 'object' && !Array.isArray(v);
  const schema = Array.isArray(v) ? listSchema : isObject && Object.hasOwn(v, 'values') ? choiceSchema : isObject ? rangeSchema : null;
  if (!schema) {
    ctx.addIssue({ code: 'custom', message: 'must be a list of values, a range {min, max, scale, count} or a choice {values, when}' });
    return z.NEVER;
  }
  const r = schema.safeParse(v);
  if (r.success) return r.data;
  for (const iss of r.error.issues) ctx.addIssue({ ...iss } as Parameters<typeof ctx.addIssue>[0]);
  return z.NEVER;
});

/** The values a parameter's space lists (a list, or a choice's `values`); null for a range. */
export function listedValues(space: ParamSpace): unknown[] | null {
  if (Array.isArray(space)) return space;
  return 'values' in space ? space.values : null;
}

const archWidth = hiddenWidth;
/**
 * What may be swept, and the schema each value must pass. `model.hidden` also takes a
 * plain number as shorthand for one hidden layer of that width (so ranges work on it);
 * `model.depth` and `model.width[.k]` build `model.hidden` (architecture.ts).
 */
export const SWEEPABLE: Record<string, z.ZodType> = {
  'train.lr': trainSchema.shape.lr,
  'train.batchSize': trainSchema.shape.batchSize,
  'train.epochs': trainSchema.shape.epochs,
  'train.optimizer': trainSchema.shape.optimizer,
  'train.momentum': trainSchema.shape.momentum,
  'train.weightDecay': trainSchema.shape.weightDecay,
  'train.seed': trainSchema.shape.seed,
  'train.schedule': scheduleSchema,
  'model.hidden': z.union([hiddenWidth, modelSchema.shape.hidden]),
  [DEPTH_KEY]: positiveInt('a positive integer (a number of hidden layers)').max(MAX_HIDDEN_LAYERS, `must be ≤ ${MAX_HIDDEN_LAYERS} (hidden layers)`),
  [WIDTH_KEY]: archWidth,
  ...Object.fromEntries(LAYER_WIDTH_KEYS.map((k) => [k, archWidth])),
  'model.activation': modelSchema.shape.activation,
  'model.dropout': modelSchema.shape.dropout.unwrap(),
  'dataset.seed': z.number().int('must be an integer'),
  engine: z.enum(ENGINES, { error: `must be one of ${ENGINES.join(', ')}` }),
};

/** grid and random expand before launch; tpe and bayes propose each trial from the finished ones. */
export const STRATEGIES = ['grid', 'random', 'tpe', 'bayes'] as const;
export type Strategy = (typeof STRATEGIES)[number];
export const ADAPTIVE_STRATEGIES: readonly Strategy[] = ['tpe', 'bayes'];
/** What a tuner optimises and a pruner compares: a validation metric at epoch ends. */
export const OBJECTIVE_METRICS = ['val_acc', 'val_loss'] as const;
export const DIRECTIONS = ['maximize', 'minimize'] as const;
/** A budget's minutes: up to a year; beyond that it is a typo. */
const MAX_BUDGET_MINUTES = 525_600;

export const budgetSchema = z
  .strictObject({
    /** Wall time during which a trial of the sweep was training, across resumes. */
    minutes: z.number({ error: 'must be a number of minutes > 0' }).positive('must be > 0').max(MAX_BUDGET_MINUTES, `must be ≤ ${MAX_BUDGET_MINUTES} (a year)`).optional(),
    /** Epochs trained by all trials together. */
    epochs: positiveInt('a positive integer (epochs over all trials)').optional(),
  })
  .refine((b) => b.minutes !== undefined || b.epochs !== undefined, { error: 'a budget needs minutes, epochs or both' });

export const searchSchema = z
  .strictObject({
    strategy: z.enum(STRATEGIES, { error: `must be one of ${STRATEGIES.join(', ')}` }).default('grid'),
    params: z.record(z.string(), paramSpaceSchema).default({}),
    /** Random search: how many trials to sample; tpe/bayes: how many to propose at most. */
    trials: positiveInt().max(MAX_TRIALS, `must be ≤ ${MAX_TRIALS}`).optional(),
    seed: z.number({ error: 'must be an integer' }).int('must be an integer').default(0),
    /** Grid only: run the combinations in an order shuffled with `seed`. */
    shuffle: z.boolean({ error: 'must be true or false' }).optional(),
    metric: z.enum(OBJECTIVE_METRICS, { error: `must be one of ${OBJECTIVE_METRICS.join(', ')}` }).default('val_acc'),
    /** Default: maximize for val_acc, minimize for val_loss. */
    direction: z.enum(DIRECTIONS, { error: 'must be "maximize" or "minimize"' }).optional(),
    pruner: prunerConfigSchema.optional(),
    budget: budgetSchema.optional(),
  })
  .superRefine((s, ctx) => {
    const swept = Object.keys(s.params);
    for (const [key, space] of Object.entries(s.params)) {
      // An own-property lookup: `SWEEPABLE.toString` is Object's, not a schema.
      const valueSchema = ownValue(SWEEPABLE, key) as z.ZodType | undefined;
      if (!valueSchema) {
        ctx.addIssue({ code: 'custom', path: ['params', key], message: `cannot be swept (sweepable: ${SWEEPABLE_NAMES})` });
        continue;
      }
      const listed = listedValues(space);
      if (listed) {
        const at = Array.isArray(space) ? ['params', key] : ['params', key, 'values'];
        // A value listed twice would run the same trial twice (`model.hidden` 10 and [10] are one value).
        const first = new Map<string, number>();
        listed.forEach((v, i) => {
          const r = valueSchema.safeParse(v);
          if (!r.success) return void ctx.addIssue({ code: 'custom', path: [...at, i], message: r.error.issues[0].message });
          const same = JSON.stringify(normaliseParam(key, v));
          const earlier = first.get(same);
          if (earlier !== undefined) ctx.addIssue({ code: 'custom', path: [...at, i], message: `repeats value ${earlier + 1} (${same}); each value is one trial, list it once` });
          else first.set(same, i);
        });
      } else {
        const range = space as ParamRange;
        for (const end of ['min', 'max'] as const) {
          const v = range.integer ? Math.round(range[end]) : range[end];
          const r = valueSchema.safeParse(v);
          if (!r.success) ctx.addIssue({ code: 'custom', path: ['params', key, end], message: r.error.issues[0].message });
        }
      }
    }
    for (const issue of conditionIssues(s.params)) ctx.addIssue({ code: 'custom', path: ['params', ...issue.path], message: issue.message });
    if (swept.includes('model.hidden') && swept.some(isArchitectureKey))
      ctx.addIssue({ code: 'custom', path: ['params', 'model.hidden'], message: 'sweep either model.hidden or model.depth / model.width.k, not both' });
    const adaptive = ADAPTIVE_STRATEGIES.includes(s.strategy);
    if (s.strategy === 'random' && s.trials === undefined) ctx.addIssue({ code: 'custom', path: ['trials'], message: 'is required for random search' });
    if (adaptive && s.trials === undefined && s.budget === undefined)
      ctx.addIssue({ code: 'custom', path: ['trials'], message: `is required for ${s.strategy} unless a budget is set (search.budget)` });
    if (adaptive && swept.length === 0) ctx.addIssue({ code: 'custom', path: ['params'], message: `${s.strategy} needs at least one parameter to search` });
    if (s.shuffle !== undefined && s.strategy !== 'grid') ctx.addIssue({ code: 'custom', path: ['shuffle'], message: 'is only used when strategy is "grid"' });
  });

const SWEEPABLE_NAMES = Object.keys(SWEEPABLE).filter((k) => layerOfWidthKey(k) === null || k === `${WIDTH_KEY}.1`).join(', ').replace(`${WIDTH_KEY}.1`, `${WIDTH_KEY}.1 … ${WIDTH_KEY}.${MAX_HIDDEN_LAYERS}`);

/** The objective of a search: its metric, and the direction (the metric's natural one unless given). */
export function objectiveOf(search: Pick<SweepConfig['search'], 'metric' | 'direction'>): { metric: (typeof OBJECTIVE_METRICS)[number]; direction: (typeof DIRECTIONS)[number] } {
  return { metric: search.metric, direction: search.direction ?? (search.metric === 'val_loss' ? 'minimize' : 'maximize') };
}

/** The most epochs any trial of the sweep trains (a swept `train.epochs` included). */
export function maxTrialEpochs(c: Pick<SweepConfig, 'train' | 'search'>): number {
  const space = ownValue(c.search.params, 'train.epochs') as ParamSpace | undefined;
  if (!space) return c.train.epochs;
  const listed = listedValues(space);
  const values = listed ? listed.filter((v): v is number => typeof v === 'number') : [(space as ParamRange).max];
  return values.length ? Math.max(...values.map(Math.round)) : c.train.epochs;
}

export const sweepConfigSchema = z
  .strictObject({
    name: z.string({ error: 'must be a string' }).trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
    description: z.string().max(5000).optional(),
    dataset: datasetSchema,
    engine: z.enum(ENGINES, { error: `must be one of ${ENGINES.join(', ')}` }).default('scratch'),
    backend: z.enum(BACKENDS, { error: `must be one of ${BACKENDS.join(', ')}` }).default('auto'),
    model: modelSchema,
    train: trainSchema,
    search: searchSchema.default({ strategy: 'grid', params: {}, seed: 0, metric: 'val_acc' }),
    /** Trials run at once; default: the number of CPU cores. */
    concurrency: positiveInt().max(MAX_CONCURRENCY, `must be ≤ ${MAX_CONCURRENCY}`).optional(),
    /** Snapshots recorded while training (src-main/frames/config.ts has the defaults per data set). */
    frames: framesSchema.optional(),
  })
  .superRefine((c, ctx) => {
    // Counted, never expanded: a billion-point grid must be refused, not built.
    const tooMany = trialCountProblem(countTrials(c));
    if (tooMany) ctx.addIssue({ code: 'custom', path: ['search'], message: tooMany });
    // The backend must suit every engine a trial may get, swept ones included.
    const swept = ownValue(c.search.params, 'engine');
    const engines = Array.isArray(swept) ? ENGINES.filter((e) => swept.includes(e)) : [c.engine];
    const problem = engines.map((e) => backendProblem(e, c.backend)).find((p) => p !== null);
    if (problem) ctx.addIssue({ code: 'custom', path: ['backend'], message: problem });
    const { pruner, strategy, metric } = c.search;
    if (pruner) {
      const tooLate = prunerEpochsProblem(pruner, maxTrialEpochs(c));
      if (tooLate) ctx.addIssue({ code: 'custom', path: ['search', 'pruner', tooLate.path], message: tooLate.message });
    }
    // The objective is a validation metric: without validation rows there is nothing to compare.
    const why = pruner ? 'a pruner' : ADAPTIVE_STRATEGIES.includes(strategy) ? `${strategy}` : null;
    if (why && c.dataset.split.val === 0)
      ctx.addIssue({ code: 'custom', path: ['dataset', 'split', 'val'], message: `must be > 0: ${why} compares trials on ${metric}, measured on the validation split` });
    // A CSV's columns are only counted when it is read: the worker says so then.
    const framesIssue = framesProblem(c.frames, { name: c.dataset.name, kind: datasetFrameKind(c.dataset.name) });
    if (framesIssue) ctx.addIssue({ code: 'custom', path: ['frames', 'enabled'], message: framesIssue });
    for (const key of Object.keys(c.search.params)) {
      const layer = layerOfWidthKey(key);
      if (layer === null) continue;
      const depths = sweptDepths(c.search.params) ?? [c.model.hidden.length];
      if (layer > Math.max(...depths))
        ctx.addIssue({ code: 'custom', path: ['search', 'params', key], message: `layer ${layer} never exists: trials have at most ${Math.max(...depths)} hidden layer(s) (sweep model.depth, or set model.hidden)` });
    }
  });

/** The depths a sweep's `model.depth` can take; null when it is not swept. */
function sweptDepths(params: SweepConfig['search']['params']): number[] | null {
  const space = ownValue(params, DEPTH_KEY) as ParamSpace | undefined;
  if (!space) return null;
  const listed = listedValues(space);
  return listed ? listed.filter((v): v is number => typeof v === 'number') : [(space as ParamRange).max];
}

/** A sweep config as written by a person (defaults may be missing). */
export type SweepConfigInput = z.input<typeof sweepConfigSchema>;
/** A validated sweep config with every default filled in. */
export type SweepConfig = z.output<typeof sweepConfigSchema>;
/** One trial: the sweep config with the swept values applied and no search block. */
export type TrialConfig = Omit<SweepConfig, 'search' | 'concurrency'>;

export interface ConfigIssue {
  /** Dotted path to the field, e.g. `train.lr` or `search.params.train.lr[2]`. */
  path: string;
  message: string;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = ownValue(v, p);
  }
  return v;
}

export function toConfigIssues(error: z.ZodError, input: unknown): ConfigIssue[] {
  return error.issues.flatMap((iss) => {
    if (iss.code === 'unrecognized_keys')
      return iss.keys.map((k) => ({ path: formatPath([...iss.path, k]), message: 'unknown key' }));
    if (iss.code === 'invalid_type' && valueAt(input, iss.path) === undefined) return [{ path: formatPath(iss.path), message: 'is required' }];
    return [{ path: formatPath(iss.path), message: iss.message }];
  });
}

export type ConfigResult = { ok: true; config: SweepConfig } | { ok: false; issues: ConfigIssue[] };

export function validateSweepConfig(input: unknown): ConfigResult {
  // Before the schema: zod recurses, and drops a `__proto__` key without a word.
  const tree = configTreeProblem(input);
  if (tree) return { ok: false, issues: [tree] };
  const r = sweepConfigSchema.safeParse(input);
  return r.success ? { ok: true, config: r.data } : { ok: false, issues: toConfigIssues(r.error, input) };
}

