/**
 * Search spaces for the tuner: each parameter is a float range, an int range (linear or
 * log, optional step) or a categorical choice. A parameter may exist only when a
 * condition on another one holds (Keras-Tuner style: `model.width.3` only when
 * `model.depth >= 3`); an inactive parameter is absent from a proposal.
 *
 * Numbers travel through one "internal" domain shared by every sampler: the log of the
 * value for log ranges, the value itself otherwise, widened by half a step at both ends
 * for discrete ranges so every step value owns an equal slice. `fromInternal` snaps back.
 *
 * Pure (no Node imports): the renderer may validate and show spaces too.
 */

export type ConditionOp = '==' | '!=' | '>' | '>=' | '<' | '<=' | 'in';

/** The parameter exists only when `params[param] <op> value` holds (and `param` exists). */
export interface Condition {
  param: string;
  op: ConditionOp;
  value: unknown;
}

export interface RangeParam {
  type: 'float' | 'int';
  min: number;
  max: number;
  log?: boolean;
  /** Values are min, min + step, …; ints default to a step of 1. */
  step?: number;
  /** For the grid sampler: how many points to take when there is no step (default 5). */
  points?: number;
  when?: Condition;
}

export interface ChoiceParam {
  type: 'choice';
  /** Any JSON values. */
  values: unknown[];
  when?: Condition;
}

export type ParamSpec = RangeParam | ChoiceParam;
export type SearchSpace = Record<string, ParamSpec>;
export type Params = Record<string, unknown>;

export interface SpaceIssue {
  path: string;
  message: string;
}

export const DEFAULT_GRID_POINTS = 5;
const OPS: readonly ConditionOp[] = ['==', '!=', '>', '>=', '<', '<=', 'in'];

/** JSON-ish equality, enough for choice values and condition values. */
export function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

export function conditionHolds(c: Condition, params: Params): boolean {
  if (!Object.prototype.hasOwnProperty.call(params, c.param)) return false;
  const v = params[c.param];
  switch (c.op) {
    case '==': return sameValue(v, c.value);
    case '!=': return !sameValue(v, c.value);
    case 'in': return Array.isArray(c.value) && c.value.some((x) => sameValue(v, x));
    default: {
      if (typeof v !== 'number' || typeof c.value !== 'number') return false;
      if (c.op === '>') return v > c.value;
      if (c.op === '>=') return v >= c.value;
      if (c.op === '<') return v < c.value;
      return v <= c.value;
    }
  }
}

export function isActive(spec: ParamSpec, params: Params): boolean {
  return !spec.when || conditionHolds(spec.when, params);
}

/**
 * Parameter names with every condition's parent before its children, otherwise in the
 * space's own order. Assumes a valid space (no cycles); a cycle's members are dropped.
 */
export function paramOrder(space: SearchSpace): string[] {
  const out: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string): void => {
    if (state.get(name) === 'done' || state.get(name) === 'visiting' || !space[name]) return;
    state.set(name, 'visiting');
    const parent = space[name].when?.param;
    if (parent !== undefined) visit(parent);
    state.set(name, 'done');
    out.push(name);
  };
  for (const name of Object.keys(space)) visit(name);
  return out;
}

/** Every problem that makes the space impossible, empty when the space is usable. */
export function validateSpace(space: SearchSpace): SpaceIssue[] {
  const issues: SpaceIssue[] = [];
  const add = (path: string, message: string): void => void issues.push({ path, message });
  const names = Object.keys(space);
  if (names.length === 0) add('(space)', 'the space has no parameters');
  for (const name of names) {
    const p = space[name];
    if (p.type === 'choice') {
      if (!Array.isArray(p.values) || p.values.length === 0) add(`${name}.values`, 'a choice needs at least one value');
      else if (new Set(p.values.map((v) => JSON.stringify(v))).size !== p.values.length) add(`${name}.values`, 'a choice lists the same value twice');
    } else if (p.type === 'float' || p.type === 'int') {
      rangeIssues(name, p, add);
    } else {
      add(`${name}.type`, `unknown type "${(p as { type: unknown }).type}" (float, int or choice)`);
    }
    if (p.when) whenIssues(name, p.when, space, add);
  }
  return issues;
}

function rangeIssues(name: string, p: RangeParam, add: (path: string, message: string) => void): void {
  if (!Number.isFinite(p.min)) return add(`${name}.min`, 'must be a finite number');
  if (!Number.isFinite(p.max)) return add(`${name}.max`, 'must be a finite number');
  if (p.type === 'int' && !Number.isInteger(p.min)) add(`${name}.min`, 'an int range needs an integer min');
  if (p.type === 'int' && !Number.isInteger(p.max)) add(`${name}.max`, 'an int range needs an integer max');
  if (p.min > p.max) add(name, `min (${p.min}) is greater than max (${p.max})`);
  if (p.log && p.min <= 0) add(`${name}.min`, `a log range must stay above 0 (min is ${p.min})`);
  if (p.step !== undefined) {
    if (!(p.step > 0) || !Number.isFinite(p.step)) add(`${name}.step`, 'must be a number above 0');
    else if (p.type === 'int' && !Number.isInteger(p.step)) add(`${name}.step`, 'an int range needs an integer step');
    else if (p.log) add(`${name}.step`, 'a step cannot be combined with a log range');
    else if (p.max > p.min && p.step > p.max - p.min) add(`${name}.step`, `step ${p.step} is larger than the range ${p.min}..${p.max}`);
  }
  if (p.points !== undefined && !(Number.isInteger(p.points) && p.points >= 1)) add(`${name}.points`, 'must be an integer of at least 1');
}

function whenIssues(name: string, c: Condition, space: SearchSpace, add: (path: string, message: string) => void): void {
  if (!OPS.includes(c.op)) add(`${name}.when.op`, `unknown operator "${c.op}" (${OPS.join(' ')})`);
  if (c.param === name) return add(`${name}.when.param`, 'a parameter cannot depend on itself');
  if (!Object.prototype.hasOwnProperty.call(space, c.param)) return add(`${name}.when.param`, `no parameter named "${c.param}"`);
  if (c.op === 'in' && !Array.isArray(c.value)) add(`${name}.when.value`, '"in" needs a list of values');
  if (['>', '>=', '<', '<='].includes(c.op) && typeof c.value !== 'number') add(`${name}.when.value`, `"${c.op}" needs a number`);
  // Follow the parents: a cycle would leave every member inactive forever.
  const seen = new Set([name]);
  for (let p: string | undefined = c.param; p !== undefined; p = space[p]?.when?.param) {
    if (p === name) return add(`${name}.when.param`, `conditions form a cycle through "${p}"`);
    if (seen.has(p)) return; // a cycle further up, reported by its own members
    seen.add(p);
  }
}

// ---- the internal numeric domain -------------------------------------------------------

export function stepOf(p: RangeParam): number | undefined {
  return p.step ?? (p.type === 'int' && !p.log ? 1 : undefined);
}

export function isDiscrete(p: RangeParam): boolean {
  return p.type === 'int' || p.step !== undefined;
}

export function toInternal(p: RangeParam, v: number): number {
  return p.log ? Math.log(v) : v;
}

/** The range every value of `p` maps into; discrete ranges get half a step either side. */
export function internalBounds(p: RangeParam): { low: number; high: number } {
  if (p.log) {
    const half = p.type === 'int' ? 0.5 : 0;
    return { low: Math.log(p.min - half), high: Math.log(p.max + half) };
  }
  const half = (stepOf(p) ?? 0) / 2;
  return { low: p.min - half, high: p.max + half };
}

/** A point of the internal domain → the nearest legal value. */
export function fromInternal(p: RangeParam, x: number): number {
  let v = p.log ? Math.exp(x) : x;
  const step = stepOf(p);
  if (step !== undefined) v = p.min + Math.round((v - p.min) / step) * step;
  if (p.type === 'int') v = Math.round(v);
  else if (step !== undefined) v = Number(v.toPrecision(12)); // 0.3, not 0.30000000000000004
  return Math.min(p.max, Math.max(p.min, v));
}

/** The values a grid takes for one parameter. */
export function gridValues(p: ParamSpec): unknown[] {
  if (p.type === 'choice') return p.values;
  const step = stepOf(p);
  const out: number[] = [];
  if (step !== undefined && p.points === undefined) {
    const n = Math.floor((p.max - p.min) / step + 1e-9);
    for (let k = 0; k <= n; k++) out.push(fromInternal(p, p.min + k * step));
    return out;
  }
  const count = p.points ?? DEFAULT_GRID_POINTS;
  const lo = toInternal(p, p.min), hi = toInternal(p, p.max);
  for (let k = 0; k < count; k++) {
    const v = fromInternal(p, count === 1 ? (lo + hi) / 2 : lo + ((hi - lo) * k) / (count - 1));
    const tidy = p.type === 'int' ? v : Number(v.toPrecision(12));
    if (!out.includes(tidy)) out.push(tidy);
  }
  return out;
}
