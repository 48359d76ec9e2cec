/**
 * The New sweep form's model: a draft shaped for inputs (numbers may be '' while a field
 * is empty, lists of values are text) and its conversion to and from a sweep config.
 * The config is what the shared schema validates and what the server receives; the
 * draft never is. `fromConfig` is tolerant: a hand-written file with odd values still
 * opens, and the schema then marks what is wrong; a value the draft has no place for is
 * refused when the file is opened (formLosses.ts), never dropped.
 */
import { ACTIVATIONS, BACKENDS, DATASETS, ENGINE_BACKENDS, ENGINES, OPTIMIZERS, SCHEDULE_TYPES, defaultSplit, isImageDataset, isToyDataset, type SweepConfigInput } from '../shared';
import { searchFromConfig, searchToConfig, type SearchDraft } from './searchDraft';

/** A number input's value: '' while it is empty. */
export type NumberField = number | '';
export type DatasetName = (typeof DATASETS)[number];
export type EngineName = (typeof ENGINES)[number];
export type BackendName = (typeof BACKENDS)[number];
export type OptimizerName = (typeof OPTIMIZERS)[number];
export type ActivationName = (typeof ACTIVATIONS)[number];
export type ScheduleType = (typeof SCHEDULE_TYPES)[number];

/** train.schedule as the form holds it; `present` keeps a file's explicit `{ type: constant }`. */
export interface ScheduleDraft {
  type: ScheduleType;
  warmupEpochs: NumberField;
  stepEpochs: NumberField;
  gamma: NumberField;
  minLr: NumberField;
  present: boolean;
}

/** The backends an engine takes (`auto` first). */
export const backendsOf = (engine: EngineName): readonly BackendName[] => ENGINE_BACKENDS[engine];

/** `backend` when `engine` takes it, else `auto`: what the form keeps when the engine changes. */
export function backendFor(engine: EngineName, backend: BackendName): BackendName {
  return backendsOf(engine).includes(backend) ? backend : 'auto';
}

export type { ConditionDraft, RangeDraft, SearchDraft, SearchParamDraft } from './searchDraft';
export { newSearchParam } from './searchDraft';

export interface SweepDraft {
  name: string;
  description: string;
  dataset: {
    name: DatasetName;
    path: string;
    /** Label column: a name, or a 0-based index written as digits; '' for the last column. */
    label: string;
    split: { train: NumberField; val: NumberField; test: NumberField };
    seed: NumberField;
    standardize: boolean;
    /** Generated sets' options; '' leaves the kind's default. */
    toy: { samples: NumberField; noise: NumberField; classes: NumberField };
  };
  engine: EngineName;
  backend: BackendName;
  hidden: NumberField[];
  activation: ActivationName;
  /** '' (or 0) for no dropout. */
  dropout: NumberField;
  train: { optimizer: OptimizerName; lr: NumberField; batchSize: NumberField; epochs: NumberField; weightDecay: NumberField; momentum: NumberField; seed: NumberField; schedule: ScheduleDraft };
  search: SearchDraft;
  /** '' for the default (the number of CPU cores, or the setting). */
  concurrency: NumberField;
  /** Replay frames: `default` leaves `frames.enabled` to the data set (on for two features, off for images). */
  frames: { enabled: 'default' | 'on' | 'off'; count: NumberField; grid: NumberField; units: NumberField };
}

/** "From scratch": the course assignment's part 1 without the sweep. */
export function defaultDraft(): SweepDraft {
  return fromConfig({
    name: 'iris-mlp',
    dataset: { name: 'iris', split: { train: 0.7, val: 0.1, test: 0.2 }, seed: 0 },
    engine: 'scratch',
    model: { hidden: [10], activation: 'relu' },
    train: { epochs: 100, batchSize: 16, optimizer: 'sgd', lr: 0.03, seed: 0 },
  });
}

const num = (v: NumberField): number | undefined => (v === '' ? undefined : v);
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const numIn = (v: unknown, fallback: NumberField): NumberField => (typeof v === 'number' ? v : fallback);
const oneOf = <T extends string>(values: readonly T[], v: unknown, fallback: T): T => (values.includes(v as T) ? (v as T) : fallback);

/** The schedule block the draft stands for, or undefined for none (constant, no warm-up). */
function scheduleConfig(s: ScheduleDraft): Record<string, unknown> | undefined {
  if (!s.present && s.type === 'constant' && s.warmupEpochs === '') return undefined;
  const decays = s.type !== 'constant';
  return {
    type: s.type,
    ...(s.warmupEpochs !== '' ? { warmupEpochs: s.warmupEpochs } : {}),
    ...(s.type === 'step' ? { stepEpochs: num(s.stepEpochs) } : {}),
    ...(s.type === 'step' && s.gamma !== '' ? { gamma: s.gamma } : {}),
    ...(decays && s.minLr !== '' ? { minLr: s.minLr } : {}),
  };
}

/** `{ toy }` with the options the form sets, for a generated set; nothing otherwise. */
function toyConfig(ds: SweepDraft['dataset']): { toy?: Record<string, number> } {
  if (!isToyDataset(ds.name)) return {};
  const set = Object.entries(ds.toy).filter(([, v]) => v !== '');
  return set.length ? { toy: Object.fromEntries(set) as Record<string, number> } : {};
}

/** The `frames` block the draft stands for, or undefined when every setting is left to its default. */
function framesConfig(f: SweepDraft['frames']): Record<string, unknown> | undefined {
  const block = {
    ...(f.enabled !== 'default' ? { enabled: f.enabled === 'on' } : {}),
    ...(f.count !== '' ? { count: f.count } : {}),
    ...(f.grid !== '' ? { grid: f.grid } : {}),
    ...(f.units !== '' ? { units: f.units } : {}),
  };
  return Object.keys(block).length ? block : undefined;
}

/** The config the draft stands for; `undefined` marks a field left empty (the schema says "is required"). */
export function toConfig(d: SweepDraft): SweepConfigInput {
  const csv = d.dataset.name === 'csv';
  const image = isImageDataset(d.dataset.name);
  const label = d.dataset.label.trim();
  const split = image ? { train: num(d.dataset.split.train), val: num(d.dataset.split.val) } : { train: num(d.dataset.split.train), val: num(d.dataset.split.val), test: num(d.dataset.split.test) };
  const search = searchToConfig(d.search);
  return {
    name: d.name,
    // As written: a YAML `description: |` ends in a newline, and trimming it would change the file's config.
    ...(d.description.trim() ? { description: d.description } : {}),
    dataset: {
      name: d.dataset.name,
      ...(csv ? { path: d.dataset.path.trim() || undefined } : {}),
      ...(csv && label ? { label: /^\d+$/.test(label) ? Number(label) : label } : {}),
      split,
      seed: num(d.dataset.seed),
      ...(!image && !d.dataset.standardize ? { standardize: false } : {}),
      ...toyConfig(d.dataset),
    },
    engine: d.engine,
    backend: d.backend,
    model: { hidden: d.hidden.map(num), activation: d.activation, ...(d.dropout !== '' ? { dropout: d.dropout } : {}) },
    train: {
      epochs: num(d.train.epochs),
      batchSize: num(d.train.batchSize),
      optimizer: d.train.optimizer,
      lr: num(d.train.lr),
      ...(d.train.optimizer === 'adamw' ? { weightDecay: num(d.train.weightDecay) } : {}),
      ...(d.train.optimizer === 'momentum' ? { momentum: num(d.train.momentum) } : {}),
      seed: num(d.train.seed),
      ...(scheduleConfig(d.train.schedule) ? { schedule: scheduleConfig(d.train.schedule) } : {}),
    },
    ...(search ? { search } : {}),
    ...(d.concurrency !== '' ? { concurrency: d.concurrency } : {}),
    ...(framesConfig(d.frames) ? { frames: framesConfig(d.frames) } : {}),
  } as SweepConfigInput;
}

/** A draft from any config-like object: a preset, an opened file, a past sweep's config. */
export function fromConfig(input: unknown): SweepDraft {
  const c = isObject(input) ? input : {};
  const ds = isObject(c.dataset) ? c.dataset : {};
  const model = isObject(c.model) ? c.model : {};
  const train = isObject(c.train) ? c.train : {};
  const schedule = isObject(train.schedule) ? train.schedule : null;
  const name = oneOf(DATASETS, ds.name, 'iris');
  const split = isObject(ds.split) ? ds.split : defaultSplit(name);
  const toy = isObject(ds.toy) ? ds.toy : {};
  const frames = isObject(c.frames) ? c.frames : {};
  return {
    name: typeof c.name === 'string' ? c.name : '',
    description: typeof c.description === 'string' ? c.description : '',
    dataset: {
      name,
      path: typeof ds.path === 'string' ? ds.path : '',
      label: ds.label === undefined ? '' : String(ds.label),
      split: { train: numIn(split.train, ''), val: numIn(split.val, 0), test: numIn(split.test, '') },
      seed: numIn(ds.seed, 0),
      standardize: ds.standardize !== false,
      toy: { samples: numIn(toy.samples, ''), noise: numIn(toy.noise, ''), classes: numIn(toy.classes, '') },
    },
    engine: oneOf(ENGINES, c.engine, 'scratch'),
    // A known backend is kept even when the engine does not take it: the schema marks it.
    backend: oneOf(BACKENDS, c.backend, 'auto'),
    hidden: Array.isArray(model.hidden) ? model.hidden.map((h) => numIn(h, '')) : [],
    activation: oneOf(ACTIVATIONS, model.activation, 'relu'),
    dropout: numIn(model.dropout, ''),
    train: {
      optimizer: oneOf(OPTIMIZERS, train.optimizer, 'sgd'),
      lr: numIn(train.lr, ''),
      batchSize: numIn(train.batchSize, ''),
      epochs: numIn(train.epochs, ''),
      weightDecay: numIn(train.weightDecay, 0.01),
      momentum: numIn(train.momentum, 0.9),
      seed: numIn(train.seed, 0),
      schedule: {
        type: oneOf(SCHEDULE_TYPES, schedule?.type, 'constant'),
        warmupEpochs: numIn(schedule?.warmupEpochs, ''),
        stepEpochs: numIn(schedule?.stepEpochs, ''),
        gamma: numIn(schedule?.gamma, ''),
        minLr: numIn(schedule?.minLr, ''),
        present: schedule !== null,
      },
    },
    search: searchFromConfig(c.search),
    concurrency: numIn(c.concurrency, ''),
    frames: {
      enabled: frames.enabled === true ? 'on' : frames.enabled === false ? 'off' : 'default',
      count: numIn(frames.count, ''),
      grid: numIn(frames.grid, ''),
      units: numIn(frames.units, ''),
    },
  };
}
