/**
 * Search spaces: a sweep config → the list of trials it stands for. Grid takes the
 * cartesian product (first key varies slowest, as people read a table); random search
 * draws `trials` points with the sweep's own seed. Pure, so the renderer can show the
 * trial count before launch.
 */
import { createRng, type Rng } from '../engine/random';
import type { ParamRange, ParamSpace, SweepConfig, TrialConfig } from './configSchema';
import { isReservedKey, RESERVED_KEY_MESSAGE } from './configTree';
import { MAX_RANGE_POINTS } from './limits';

export interface Trial {
  index: number;
  /** The swept values, normalised (`model.hidden: 10` → `[10]`). */
  params: Record<string, unknown>;
  config: TrialConfig;
}

function rangeValues(r: ParamRange): number[] {
  if (r.count === 1) return [r.integer ? Math.round(r.min) : r.min];
  const out: number[] = [];
  for (let i = 0; i < r.count; i++) {
    const t = i / (r.count - 1);
    let v = r.scale === 'log' ? Math.exp(Math.log(r.min) + t * (Math.log(r.max) - Math.log(r.min))) : r.min + t * (r.max - r.min);
    // Keep grid points readable (0.001, not 0.0010000000000000002).
    v = r.integer ? Math.round(v) : Number(v.toPrecision(12));
    if (!out.includes(v)) out.push(v);
  }
  return out;
}

/** The values a grid takes for one parameter. */
export function gridValues(space: ParamSpace): unknown[] {
  return Array.isArray(space) ? space : rangeValues(space);
}

function sampleValue(space: ParamSpace, rng: Rng): unknown {
  if (Array.isArray(space)) return space[rng.int(space.length)];
  const u = rng.next();
  const v = space.scale === 'log' ? Math.exp(Math.log(space.min) + u * (Math.log(space.max) - Math.log(space.min))) : space.min + u * (space.max - space.min);
  return space.integer ? Math.round(v) : Number(v.toPrecision(6));
}

export function normaliseParam(key: string, value: unknown): unknown {
  if (key === 'model.hidden' && typeof value === 'number') return [value];
  return value;
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

export function trialConfig(config: SweepConfig, params: Record<string, unknown>): TrialConfig {
  const { search: _search, concurrency: _concurrency, ...base } = config;
  const trial = structuredClone(base) as TrialConfig;
  for (const [key, value] of Object.entries(params)) setPath(trial as unknown as Record<string, unknown>, key, value);
  return trial;
}

function gridParams(config: SweepConfig): Record<string, unknown>[] {
  let combos: Record<string, unknown>[] = [{}];
  for (const [key, space] of Object.entries(config.search.params)) {
    const values = gridValues(space).map((v) => normaliseParam(key, v));
    combos = combos.flatMap((c) => values.map((v) => ({ ...c, [key]: v })));
  }
  return combos;
}

function randomParams(config: SweepConfig): Record<string, unknown>[] {
  const rng = createRng(config.search.seed);
  const entries = Object.entries(config.search.params);
  return Array.from({ length: config.search.trials ?? 1 }, () =>
    Object.fromEntries(entries.map(([key, space]) => [key, normaliseParam(key, sampleValue(space, rng))])),
  );
}

export function expandTrials(config: SweepConfig): Trial[] {
  const combos = config.search.strategy === 'random' ? randomParams(config) : gridParams(config);
  return combos.map((params, index) => ({ index, params, config: trialConfig(config, params) }));
}

/**
 * How many values a grid takes for one parameter. The schema's own refinement calls
 * this on input it has not finished checking: a `count` it refuses is taken as said,
 * never expanded.
 */
function gridSize(space: ParamSpace): number {
  if (Array.isArray(space)) return space.length;
  if (!Number.isInteger(space.count) || space.count < 1 || space.count > MAX_RANGE_POINTS) return space.count;
  return rangeValues(space).length;
}

/** How many trials a config stands for, without building them (a product, not a list). */
export function countTrials(config: Pick<SweepConfig, 'search'>): number {
  if (config.search.strategy === 'random') return config.search.trials ?? 1;
  return Object.values(config.search.params).reduce((n, space) => n * gridSize(space), 1);
}
