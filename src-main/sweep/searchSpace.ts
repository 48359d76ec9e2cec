/**
 * Search spaces: a sweep config's `search.params` → the search space the samplers read
 * (search/space.ts), and the trials a grid or a random search stands for. Grid takes
 * every combination of the active parameters (first key varies slowest, as people read
 * a table; `shuffle` runs them in a seeded order); random search draws trial i from
 * its own seeded stream (samplers/index.ts trialRng), so trial i is the same whatever
 * the count. TPE and the GP propose their trials while the sweep runs (sweep/tuner.ts).
 * Pure, so the renderer can show the trial count before launch.
 */
import { createRng } from '../engine/random';
import { gridPoints } from '../search/samplers/grid';
import { sampleSpace } from '../search/samplers/random';
import { trialRng } from '../search/samplers/seeds';
import { gridValues as specGridValues, isActive, paramOrder, validateSpace, type Condition, type ParamSpec, type Params, type SearchSpace } from '../search/space';
import { hiddenFromParams, implicitLayerCondition, isArchitectureKey } from './architecture';
import type { ParamRange, ParamSpace, SweepConfig, TrialConfig } from './configSchema';
import { isReservedKey, RESERVED_KEY_MESSAGE } from './configTree';
import { MAX_RANGE_POINTS, MAX_TRIALS } from './limits';

export interface Trial {
  index: number;
  /** The swept values of the parameters active in this trial, normalised (`model.hidden: 10` → `[10]`). */
  params: Record<string, unknown>;
  config: TrialConfig;
}

/** Grid points of a range without `count` or `step`. */
const DEFAULT_RANGE_POINTS = 3;

/** One config parameter → the sampler's spec; `swept` names every swept key (for implicit conditions). */
export function toParamSpec(key: string, space: ParamSpace, swept: readonly string[] = []): ParamSpec {
  const implicit = implicitLayerCondition(key, swept);
  if (Array.isArray(space)) return { type: 'choice', values: space, ...(implicit ? { when: implicit } : {}) };
  const when = (space.when as Condition | undefined) ?? implicit ?? undefined;
  if ('values' in space) return { type: 'choice', values: space.values, ...(when ? { when } : {}) };
  const r = space as ParamRange;
  return {
    type: r.integer ? 'int' : 'float',
    min: r.min,
    max: r.max,
    ...(r.scale === 'log' ? { log: true } : {}),
    ...(r.step !== undefined ? { step: r.step } : {}),
    // A range without a step is a grid of `count` points; with one, every step unless counted.
    ...(r.count !== undefined || r.step === undefined ? { points: r.count ?? DEFAULT_RANGE_POINTS } : {}),
    ...(when ? { when } : {}),
  };
}

/** The search space of a config's `search.params`, keys in the config's order. */
export function toSearchSpace(params: SweepConfig['search']['params']): SearchSpace {
  const swept = Object.keys(params);
  const space: SearchSpace = {};
  for (const [key, value] of Object.entries(params)) if (value !== null && typeof value === 'object') space[key] = toParamSpec(key, value as ParamSpace, swept);
  return space;
}

/** Problems with the `when` conditions of a config's params: unknown parents, cycles, wrong operands. */
export function conditionIssues(params: SweepConfig['search']['params']): { path: (string | number)[]; message: string }[] {
  const space = toSearchSpace(params);
  const out: { path: (string | number)[]; message: string }[] = [];
  for (const issue of validateSpace(space)) {
    const key = Object.keys(space).find((k) => issue.path.startsWith(`${k}.when`));
    if (key === undefined) continue; // not a condition's problem: the schema reports the rest
    out.push({ path: [key, ...issue.path.slice(key.length + 1).split('.')], message: issue.message });
  }
  return out;
}

/** The values a grid takes for one parameter. */
export function gridValues(space: ParamSpace): unknown[] {
  return specGridValues(toParamSpec('', space));
}

export function normaliseParam(key: string, value: unknown): unknown {
  if (key === 'model.hidden' && typeof value === 'number') return [value];
  return value;
}

function normalise(params: Params): Params {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, normaliseParam(k, v)]));
}

/** Throws when `key` may not name a field: empty, or one of the reserved names. */
export function checkKeySegment(dotted: string, key: string): void {
  if (key === '') throw new Error(`${dotted}: empty field name (two dots in a row, or a dot at an end?)`);
  if (isReservedKey(key)) throw new Error(`${dotted}: "${key}" ${RESERVED_KEY_MESSAGE}`);
}

/**
 * The object at `obj[key]`, created when missing. Own properties only: an inherited
 * `__proto__` or `constructor` must never become the object written into.
 */
export function childObject(obj: Record<string, unknown>, key: string, dotted: string): Record<string, unknown> {
  checkKeySegment(dotted, key);
  if (!Object.hasOwn(obj, key) || obj[key] === undefined) return (obj[key] = {});
  const next = obj[key];
  if (next === null || typeof next !== 'object' || Array.isArray(next)) throw new Error(`${dotted}: "${key}" is not an object`);
  return next as Record<string, unknown>;
}

/** Sets `a.b.c` in a plain object tree, creating objects on the way. */
export function setPath(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let obj = target;
  for (const k of keys.slice(0, -1)) obj = childObject(obj, k, dotted);
  const last = keys[keys.length - 1];
  checkKeySegment(dotted, last);
  obj[last] = value;
}

/** The trial a point of the space stands for: the base config with the point's values set. */
export function trialConfig(config: SweepConfig, params: Record<string, unknown>): TrialConfig {
  const { search: _search, concurrency: _concurrency, ...base } = config;
  const trial = structuredClone(base) as TrialConfig;
  for (const [key, value] of Object.entries(params)) if (!isArchitectureKey(key)) setPath(trial as unknown as Record<string, unknown>, key, normaliseParam(key, value));
  const hidden = hiddenFromParams(trial.model.hidden, params);
  if (hidden) trial.model.hidden = hidden;
  return trial;
}

/** Trial `index` of a search: its point of the space, as run. */
export function makeTrial(config: SweepConfig, index: number, point: Params): Trial {
  const params = normalise(point);
  return { index, params, config: trialConfig(config, params) };
}

function gridParams(config: SweepConfig): Params[] {
  const points = gridPoints(toSearchSpace(config.search.params));
  if (config.search.shuffle) createRng(config.search.seed).shuffle(points);
  return points;
}

function randomParams(config: SweepConfig): Params[] {
  const space = toSearchSpace(config.search.params);
  return Array.from({ length: config.search.trials ?? 1 }, (_, i) => sampleSpace(space, trialRng(config.search.seed, i)));
}

/**
 * The trials a grid or random search stands for, all known before launch. TPE and the GP
 * have none yet: each is proposed from the finished ones while the sweep runs.
 */
export function expandTrials(config: SweepConfig): Trial[] {
  const { strategy } = config.search;
  if (strategy === 'tpe' || strategy === 'bayes') return [];
  const points = strategy === 'random' ? randomParams(config) : gridParams(config);
  return points.map((p, index) => makeTrial(config, index, p));
}

/**
 * How many values a grid takes for one parameter. The schema's own refinement calls
 * this on input it has not finished checking: a `count` it refuses is taken as said,
 * never expanded.
 */
function gridSize(spec: ParamSpec): number {
  if (spec.type === 'choice') return Array.isArray(spec.values) ? spec.values.length : 1;
  const n = spec.points ?? (spec.step ? Math.floor((spec.max - spec.min) / spec.step + 1e-9) + 1 : MAX_RANGE_POINTS);
  if (!Number.isInteger(n) || n < 1 || n > MAX_RANGE_POINTS || !Number.isFinite(spec.min) || !Number.isFinite(spec.max)) return n;
  return specGridValues(spec).length;
}

/** Above this many combinations of the conditions' parents, a conditional grid is counted as if all were active. */
const MAX_PARENT_COMBINATIONS = 100_000;

/**
 * How many points a grid has, without building them: a product when nothing is
 * conditional; with conditions, a sum over the combinations of the parents' values of
 * the product of what is active there. An over-count at worst (when the parents alone
 * have more than MAX_PARENT_COMBINATIONS combinations), never an expansion.
 */
function gridCount(space: SearchSpace): number {
  const names = paramOrder(space);
  const parents = new Set(names.map((n) => space[n].when?.param).filter((p): p is string => p !== undefined));
  const product = (keys: string[]) => keys.reduce((n, k) => n * gridSize(space[k]), 1);
  if (parents.size === 0) return product(names);
  if (product([...parents].filter((p) => space[p])) > MAX_PARENT_COMBINATIONS) return product(names);
  const parentSpace: SearchSpace = Object.fromEntries(names.filter((n) => parents.has(n)).map((n) => [n, space[n]]));
  let total = 0;
  for (const point of gridPoints(parentSpace)) {
    const rest = names.filter((n) => !parents.has(n) && (!space[n].when || isActive(space[n], point)));
    total += product(rest);
  }
  return total;
}

/**
 * How many trials a config stands for, without building them. TPE and the GP propose
 * up to `trials`; with only a budget, the most a sweep may hold.
 */
export function countTrials(config: Pick<SweepConfig, 'search'>): number {
  const { strategy, trials, params } = config.search;
  if (strategy === 'random') return trials ?? 1;
  if (strategy === 'tpe' || strategy === 'bayes') return trials ?? MAX_TRIALS;
  return gridCount(toSearchSpace(params));
}
