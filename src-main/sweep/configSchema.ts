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
import { countTrials } from './searchSpace';

export { formatPath } from './configTree';

const positiveInt = (what = 'a positive integer') => z.number({ error: `must be ${what}` }).int(`must be ${what}`).positive(`must be ${what}`);
const ratio = z.number({ error: 'must be a number between 0 and 1' }).min(0, 'must be ≥ 0').max(1, 'must be ≤ 1');

export const DATASETS = ['iris', 'fashion-mnist', 'fashion-mnist-subset', 'csv'] as const;
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
  })
  .superRefine((d, ctx) => {
    if (d.name === 'csv' && !d.path) ctx.addIssue({ code: 'custom', path: ['path'], message: 'is required when name is "csv"' });
    if (d.name !== 'csv' && d.path !== undefined) ctx.addIssue({ code: 'custom', path: ['path'], message: 'is only used when name is "csv"' });
    if (d.split && isImageDataset(d.name) && d.split.test !== undefined)
      ctx.addIssue({ code: 'custom', path: ['split', 'test'], message: 'must be omitted: Fashion-MNIST is tested on its official 10,000 test images' });
    if (d.split && !isImageDataset(d.name) && d.split.test === undefined)
      ctx.addIssue({ code: 'custom', path: ['split', 'test'], message: 'is required for this data set' });
  })
  .transform((d) => ({ ...d, split: d.split ?? defaultSplit(d.name) }));

export function isImageDataset(name: string): boolean {
  return name.startsWith('fashion-mnist');
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

/** A range for one swept parameter; a grid takes `count` points, random search samples it. */
export const rangeSchema = z
  .strictObject({
    min: z.number({ error: 'must be a number' }),
    max: z.number({ error: 'must be a number' }),
    scale: z.enum(['linear', 'log'], { error: 'must be "linear" or "log"' }).default('linear'),
    count: positiveInt().max(MAX_RANGE_POINTS, `must be ≤ ${MAX_RANGE_POINTS}`).default(3),
    integer: z.boolean().default(false),
  })
  .refine((r) => r.max >= r.min, { error: 'max must be ≥ min' })
  .refine((r) => r.scale !== 'log' || r.min > 0, { error: 'a log range needs min > 0' });

export type ParamRange = z.output<typeof rangeSchema>;
export type ParamSpace = unknown[] | ParamRange;

/**
 * What may be swept, and the schema each value must pass. `model.hidden` also takes a
 * plain number as shorthand for one hidden layer of that width (so ranges work on it).
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
  'model.activation': modelSchema.shape.activation,
  'model.dropout': modelSchema.shape.dropout.unwrap(),
  'dataset.seed': z.number().int('must be an integer'),
  engine: z.enum(ENGINES, { error: `must be one of ${ENGINES.join(', ')}` }),
};

export const searchSchema = z
  .strictObject({
    strategy: z.enum(['grid', 'random'], { error: 'must be "grid" or "random"' }).default('grid'),
    params: z.record(z.string(), z.union([z.array(z.unknown()).min(1, 'must list at least one value'), rangeSchema], { error: 'must be a list of values or a range {min, max, scale, count}' })).default({}),
    /** Random search: how many trials to sample. */
    trials: positiveInt().max(MAX_TRIALS, `must be ≤ ${MAX_TRIALS}`).optional(),
    seed: z.number().int('must be an integer').default(0),
  })
  .superRefine((s, ctx) => {
    for (const [key, space] of Object.entries(s.params)) {
      // An own-property lookup: `SWEEPABLE.toString` is Object's, not a schema.
      const valueSchema = ownValue(SWEEPABLE, key) as z.ZodType | undefined;
      if (!valueSchema) {
        ctx.addIssue({ code: 'custom', path: ['params', key], message: `cannot be swept (sweepable: ${Object.keys(SWEEPABLE).join(', ')})` });
        continue;
      }
      if (Array.isArray(space)) {
        space.forEach((v, i) => {
          const r = valueSchema.safeParse(v);
          if (!r.success) ctx.addIssue({ code: 'custom', path: ['params', key, i], message: r.error.issues[0].message });
        });
      } else {
        for (const end of ['min', 'max'] as const) {
          const v = space.integer ? Math.round(space[end]) : space[end];
          const r = valueSchema.safeParse(v);
          if (!r.success) ctx.addIssue({ code: 'custom', path: ['params', key, end], message: r.error.issues[0].message });
        }
      }
    }
    if (s.strategy === 'random' && s.trials === undefined) ctx.addIssue({ code: 'custom', path: ['trials'], message: 'is required for random search' });
  });

export const sweepConfigSchema = z
  .strictObject({
    name: z.string({ error: 'must be a string' }).trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
    description: z.string().max(5000).optional(),
    dataset: datasetSchema,
    engine: z.enum(ENGINES, { error: `must be one of ${ENGINES.join(', ')}` }).default('scratch'),
    backend: z.enum(BACKENDS, { error: `must be one of ${BACKENDS.join(', ')}` }).default('auto'),
    model: modelSchema,
    train: trainSchema,
    search: searchSchema.default({ strategy: 'grid', params: {}, seed: 0 }),
    /** Trials run at once; default: the number of CPU cores. */
    concurrency: positiveInt().max(MAX_CONCURRENCY, `must be ≤ ${MAX_CONCURRENCY}`).optional(),
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
  });

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

