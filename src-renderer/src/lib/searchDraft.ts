/**
 * The `search` block of the New sweep form's draft: the strategy, the swept parameters
 * (a list, a `{values, when}` choice or a range, each with an optional condition) and
 * the tuner (objective, pruner, budget). Shaped for inputs like the rest of the draft
 * (configDraft.ts): '' for an empty number, text for lists, '' for "the default".
 * A value the form shows no field for is never written, so a switch of strategy or
 * pruner leaves no stray key for the schema to refuse.
 */
import { ADAPTIVE_STRATEGIES, CONDITION_OPS, DIRECTIONS, OBJECTIVE_METRICS, PRUNER_TYPES, STRATEGIES, isArchitectureKey, type Strategy } from '../shared';
import { formatValue, formatValues, parseValue, parseValues } from './paramValues';

type NumberField = number | '';
export type ConditionOp = (typeof CONDITION_OPS)[number];
export type ObjectiveMetric = (typeof OBJECTIVE_METRICS)[number];
export type Direction = (typeof DIRECTIONS)[number];
export type PrunerName = (typeof PRUNER_TYPES)[number];

export interface RangeDraft {
  min: NumberField;
  max: NumberField;
  scale: 'linear' | 'log';
  /** Grid points; '': 3, or every step with a step. */
  count: NumberField;
  integer: boolean;
  /** '' for none: any value in [min, max]. */
  step: NumberField;
}

/** `when: {param, op, value}`; the value as typed (a list, comma-separated, for `in`). */
export interface ConditionDraft {
  param: string;
  op: ConditionOp;
  valueText: string;
}

export interface SearchParamDraft {
  /** Stable key for v-for while rows are added and removed. */
  uid: number;
  key: string;
  mode: 'values' | 'range';
  valuesText: string;
  /** Values written as `{values: […]}` rather than a plain list (a file's choice, or one with a condition). */
  choice: boolean;
  range: RangeDraft;
  when: ConditionDraft | null;
}

export interface SearchDraft {
  strategy: Strategy;
  params: SearchParamDraft[];
  /** random: how many; tpe/bayes: the most proposed ('' with a budget: until it is spent). */
  trials: NumberField;
  seed: NumberField;
  /** Grid only; null when the config does not say. */
  shuffle: boolean | null;
  metric: ObjectiveMetric;
  /** '' for the metric's natural direction. */
  direction: Direction | '';
  pruner: { type: PrunerName | ''; minEpochs: NumberField; reductionFactor: NumberField };
  budget: { minutes: NumberField; epochs: NumberField };
}

const INTEGER_KEYS = new Set(['train.batchSize', 'model.hidden', 'train.epochs']);
let nextUid = 1;

export function newSearchParam(key: string, values = ''): SearchParamDraft {
  const integer = INTEGER_KEYS.has(key) || isArchitectureKey(key);
  return { uid: nextUid++, key, mode: 'values', valuesText: values, choice: false, range: { min: '', max: '', scale: 'linear', count: 3, integer, step: '' }, when: null };
}

export const isAdaptive = (strategy: Strategy): boolean => ADAPTIVE_STRATEGIES.includes(strategy);
/** Pruners whose rungs start at `minEpochs` and shrink by `reductionFactor`. */
export const isHalvingPruner = (type: PrunerName | ''): boolean => type === 'asha' || type === 'hyperband';

const num = (v: NumberField): number | undefined => (v === '' ? undefined : v);
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const numIn = (v: unknown, fallback: NumberField): NumberField => (typeof v === 'number' ? v : fallback);
const oneOf = <T extends string>(values: readonly T[], v: unknown, fallback: T): T => (values.includes(v as T) ? (v as T) : fallback);
/** Only when set: `{ key: value }` or nothing, for spreading into a config block. */
const some = <V>(key: string, v: V | '' | undefined | null): Record<string, V> => (v === '' || v === undefined || v === null ? {} : { [key]: v });

/** A condition's value as typed; a string that reads as a number or JSON is quoted to stay a string. */
export function formatConditionValue(op: ConditionOp, value: unknown): string {
  const one = (v: unknown) => (typeof v === 'string' && parseValue(v) !== v ? JSON.stringify(v) : formatValue(v));
  return op === 'in' && Array.isArray(value) ? value.map(one).join(', ') : value === undefined ? '' : one(value);
}

export function parseConditionValue(c: ConditionDraft): unknown {
  if (c.op === 'in') return parseValues(c.valueText);
  return c.valueText.trim() === '' ? undefined : parseValue(c.valueText.trim());
}

function conditionConfig(c: ConditionDraft | null): Record<string, unknown> {
  return c ? { when: { param: c.param, op: c.op, value: parseConditionValue(c) } } : {};
}

function paramConfig(p: SearchParamDraft): unknown {
  if (p.mode === 'values') {
    const values = parseValues(p.valuesText);
    return p.choice || p.when ? { values, ...conditionConfig(p.when) } : values;
  }
  const r = p.range;
  return { min: num(r.min), max: num(r.max), scale: r.scale, ...some('count', r.count), integer: r.integer, ...some('step', r.step), ...conditionConfig(p.when) };
}

/** Whether the draft needs a `search` block at all (a single run without a tuner has none). */
function hasSearch(s: SearchDraft): boolean {
  return s.strategy !== 'grid' || s.params.length > 0 || s.pruner.type !== '' || s.budget.minutes !== '' || s.budget.epochs !== '' || s.metric !== 'val_acc' || s.direction !== '' || s.shuffle !== null;
}

/** The config's `search` block, or undefined for none; an empty required field is `undefined` (the schema says "is required"). */
export function searchToConfig(s: SearchDraft): Record<string, unknown> | undefined {
  if (!hasSearch(s)) return undefined;
  const pruner = s.pruner.type === '' ? undefined : { type: s.pruner.type, ...(isHalvingPruner(s.pruner.type) ? { ...some('minEpochs', s.pruner.minEpochs), ...some('reductionFactor', s.pruner.reductionFactor) } : {}) };
  const budget = s.budget.minutes === '' && s.budget.epochs === '' ? undefined : { ...some('minutes', s.budget.minutes), ...some('epochs', s.budget.epochs) };
  return {
    strategy: s.strategy,
    params: Object.fromEntries(s.params.map((p) => [p.key, paramConfig(p)])),
    // Random search needs a count; tpe/bayes may run on a budget alone.
    ...(s.strategy === 'random' ? { trials: num(s.trials) } : isAdaptive(s.strategy) ? some('trials', s.trials) : {}),
    seed: num(s.seed),
    ...(s.strategy === 'grid' ? some('shuffle', s.shuffle) : {}),
    ...(s.metric !== 'val_acc' ? { metric: s.metric } : {}),
    ...some('direction', s.direction),
    ...some('pruner', pruner),
    ...some('budget', budget),
  };
}

function conditionFrom(when: unknown): ConditionDraft | null {
  if (!isObject(when)) return null;
  const op = oneOf(CONDITION_OPS, when.op, '==');
  return { param: typeof when.param === 'string' ? when.param : '', op, valueText: formatConditionValue(op, when.value) };
}

function paramFromSpace(key: string, space: unknown): SearchParamDraft {
  const p = newSearchParam(key);
  if (Array.isArray(space)) p.valuesText = formatValues(space);
  else if (isObject(space) && Object.hasOwn(space, 'values')) {
    p.choice = true;
    p.valuesText = Array.isArray(space.values) ? formatValues(space.values) : '';
  } else if (isObject(space)) {
    p.mode = 'range';
    // No count stays no count: 3 points, or every step with a step.
    p.range = { min: numIn(space.min, ''), max: numIn(space.max, ''), scale: space.scale === 'log' ? 'log' : 'linear', count: numIn(space.count, ''), integer: space.integer === true, step: numIn(space.step, '') };
  }
  if (isObject(space)) p.when = conditionFrom(space.when);
  return p;
}

/** The search draft of any config-like `search` block (tolerant, like fromConfig). */
export function searchFromConfig(input: unknown): SearchDraft {
  const search = isObject(input) ? input : {};
  const strategy = oneOf(STRATEGIES, search.strategy, 'grid');
  const params = isObject(search.params) ? search.params : {};
  const pruner = isObject(search.pruner) ? search.pruner : {};
  const budget = isObject(search.budget) ? search.budget : {};
  return {
    strategy,
    params: Object.entries(params).map(([key, space]) => paramFromSpace(key, space)),
    // A tuner without a trial count runs until its budget is spent: keep it empty.
    trials: numIn(search.trials, isAdaptive(strategy) && input !== undefined ? '' : 10),
    seed: numIn(search.seed, 0),
    shuffle: typeof search.shuffle === 'boolean' ? search.shuffle : null,
    metric: oneOf(OBJECTIVE_METRICS, search.metric, 'val_acc'),
    direction: oneOf<Direction | ''>(DIRECTIONS, search.direction, ''),
    pruner: { type: oneOf<PrunerName | ''>(PRUNER_TYPES, pruner.type, ''), minEpochs: numIn(pruner.minEpochs, ''), reductionFactor: numIn(pruner.reductionFactor, '') },
    budget: { minutes: numIn(budget.minutes, ''), epochs: numIn(budget.epochs, '') },
  };
}

/**
 * Switching a parameter between Choice and Range carries what it holds across, so the
 * switch never empties the row (nor shows an error at once): a Range takes the listed
 * numbers' min and max (log when they span two decades or more), a Choice takes the
 * range's grid values. Only fills what is empty: a half-edited other side is kept.
 */
export function carryOver(p: SearchParamDraft, to: 'values' | 'range', grid: (r: RangeDraft) => number[] | null): void {
  if (to === 'range' && p.range.min === '' && p.range.max === '') {
    const numbers = parseValues(p.valuesText).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    if (numbers.length === 0) return;
    const [min, max] = [Math.min(...numbers), Math.max(...numbers)];
    p.range.min = min;
    p.range.max = max;
    if (min > 0 && max / min >= 100) p.range.scale = 'log';
    if (numbers.every(Number.isInteger)) p.range.integer = true;
  } else if (to === 'values' && p.valuesText.trim() === '') {
    const values = grid(p.range);
    if (values?.length) p.valuesText = formatValues(values);
  }
}
