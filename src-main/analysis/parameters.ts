/**
 * The swept parameters as the analysis views see them: one axis each, numeric (linear or
 * log) or categorical, and whether it is conditional (absent from some trials). The
 * importance forest reads trials through `encodeTrial`: a log parameter as its log, a
 * categorical one as the index of its value, and an inactive one as a value below every
 * legal one, so a tree can set "absent" apart with one split (a missing indicator that
 * costs no extra column). Pure.
 */
import { sameValue, type SearchSpace } from '../search/space';

export interface AnalysisParam {
  key: string;
  kind: 'numeric' | 'categorical';
  /** Numeric: drawn and modelled on a log scale. */
  log: boolean;
  integer: boolean;
  /** Numeric: the range of the search space. */
  min: number;
  max: number;
  /** Categorical: the values, in the config's order. */
  values: unknown[];
  /** Active only when a condition on another parameter holds. */
  conditional: boolean;
}

/** The search space's parameters, in its order. */
export function analysisParams(space: SearchSpace): AnalysisParam[] {
  return Object.entries(space).map(([key, spec]) => {
    const conditional = spec.when !== undefined;
    if (spec.type === 'choice') return { key, kind: 'categorical', log: false, integer: false, min: 0, max: Math.max(0, spec.values.length - 1), values: spec.values, conditional };
    return { key, kind: 'numeric', log: spec.log === true, integer: spec.type === 'int', min: spec.min, max: spec.max, values: [], conditional };
  });
}

/** The modelling domain of a parameter: [low, high], and the code an inactive trial takes. */
export function encodedBounds(p: AnalysisParam): { low: number; high: number; absent: number } {
  const low = p.kind === 'numeric' && p.log ? Math.log(p.min) : p.min;
  const high = p.kind === 'numeric' && p.log ? Math.log(p.max) : p.max;
  return { low, high, absent: low - Math.max(1, high - low) };
}

/**
 * A numeric parameter's value as a number: runs record a swept `model.hidden` width as
 * `[37]` (sweep/searchSpace.ts normaliseParam), which is the number 37 on an axis.
 */
export function numericValue(value: unknown): number | null {
  const v = Array.isArray(value) && value.length === 1 ? value[0] : value;
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** One parameter's value → its code; null when the value is not one the space can hold. */
export function encodeValue(p: AnalysisParam, raw: unknown): number | null {
  if (raw === undefined || raw === null) return encodedBounds(p).absent;
  if (p.kind === 'categorical') {
    const i = p.values.findIndex((v) => sameValue(v, raw) || sameValue(v, numericValue(raw)) || sameValue([v], raw));
    return i < 0 ? null : i;
  }
  const value = numericValue(raw);
  if (value === null || !Number.isFinite(value) || (p.log && value <= 0)) return null;
  return p.log ? Math.log(value) : value;
}

/** A trial's params → one row of codes; null when any is out of the space (an edited config). */
export function encodeTrial(params: readonly AnalysisParam[], values: Record<string, unknown>): number[] | null {
  const row: number[] = [];
  for (const p of params) {
    const code = encodeValue(p, values[p.key]);
    if (code === null) return null;
    row.push(code);
  }
  return row;
}
