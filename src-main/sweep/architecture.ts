/**
 * Architecture search keys: `model.depth` (how many hidden layers), `model.width` (the
 * width of every hidden layer) and `model.width.1` … `model.width.16` (the width of one
 * layer). They are not fields of the trial config; a trial's `model.hidden` is built
 * from them. A per-layer width exists only when its layer does: with `model.depth`
 * swept, `model.width.3` is active only in trials of depth ≥ 3 (Keras Tuner's
 * conditional hyperparameters), and is blank in the tables of the others.
 *
 * Pure (no Node imports): the renderer's form validates with it.
 */
import { MAX_HIDDEN_LAYERS } from './limits';

export const DEPTH_KEY = 'model.depth';
export const WIDTH_KEY = 'model.width';
const LAYER_WIDTH = /^model\.width\.([1-9][0-9]?)$/;

/** `model.width.3` → 3; null for any other key (and for layers past the limit). */
export function layerOfWidthKey(key: string): number | null {
  const m = LAYER_WIDTH.exec(key);
  const layer = m ? Number(m[1]) : 0;
  return layer >= 1 && layer <= MAX_HIDDEN_LAYERS ? layer : null;
}

export const LAYER_WIDTH_KEYS: readonly string[] = Array.from({ length: MAX_HIDDEN_LAYERS }, (_, i) => `${WIDTH_KEY}.${i + 1}`);

export function isArchitectureKey(key: string): boolean {
  return key === DEPTH_KEY || key === WIDTH_KEY || layerOfWidthKey(key) !== null;
}

/**
 * The condition a per-layer width gets without writing one: layer k ≥ 2 exists when
 * the swept depth is at least k. Null when the key is not a layer width or the depth is
 * not swept (the layer then exists in every trial or in none, which the schema checks).
 */
export function implicitLayerCondition(key: string, swept: readonly string[]): { param: string; op: '>='; value: number } | null {
  const layer = layerOfWidthKey(key);
  if (layer === null || layer < 2 || !swept.includes(DEPTH_KEY)) return null;
  return { param: DEPTH_KEY, op: '>=', value: layer };
}

/**
 * The hidden widths a trial gets: `depth` layers (the swept depth, else the base
 * config's), each its own swept width, else the swept common width, else the base
 * config's width at that layer, else the base's last width. Null when no
 * architecture key is among `params` (the trial keeps `model.hidden` as it is).
 */
export function hiddenFromParams(base: readonly number[], params: Record<string, unknown>): number[] | null {
  if (!Object.keys(params).some(isArchitectureKey)) return null;
  const depth = typeof params[DEPTH_KEY] === 'number' ? (params[DEPTH_KEY] as number) : base.length;
  const common = params[WIDTH_KEY];
  return Array.from({ length: depth }, (_, i) => {
    const own = params[`${WIDTH_KEY}.${i + 1}`];
    if (typeof own === 'number') return own;
    if (typeof common === 'number') return common;
    return base[i] ?? base[base.length - 1] ?? 64;
  });
}
