/**
 * The `frames` block of a sweep config, its limits and defaults, and how a trial's block
 * becomes a plan once its data set is loaded. Pure (zod only): the config schema, the
 * renderer's form and the worker all read the same rules from here.
 *
 * The defaults depend on the data: frames are on for two-feature data (a decision
 * boundary costs little and is the point of a toy set), off for images (opt-in: the
 * tiles and the confusion pass cost more) and impossible for anything else (there is
 * nothing to draw). A CSV's feature count is only known once it is read, so `enabled`
 * stays "auto" (undefined) in the config and is resolved in the worker (`framePlan`).
 */
import { z } from 'zod';
import type { FrameKind } from './types';

export const FRAME_LIMITS = {
  count: { min: 2, max: 300, default: 60 },
  grid: { min: 16, max: 256, default: 96 },
  units: { min: 0, max: 64, plane: 16, image: 64 },
} as const;

/** Side of a plane frame's unit thumbnails: big enough to read a unit's half-plane, 1/16 of the grid's cells. */
export const UNIT_SIZE = 24;
/** Image frames: validation rows the confusion matrix counts (a fixed, seeded subset), and the fixed test images. */
export const CONFUSION_ROWS = 1000;
export const PREDICTION_IMAGES = 16;

const intIn = (what: string, lo: number, hi: number) =>
  z.number({ error: `must be an integer from ${lo} to ${hi} (${what})` }).int(`must be an integer from ${lo} to ${hi} (${what})`).min(lo, `must be ≥ ${lo}`).max(hi, `must be ≤ ${hi}`);

export const framesSchema = z.strictObject({
  /** Default: on for two-feature data, off for images, off otherwise. */
  enabled: z.boolean({ error: 'must be true or false' }).optional(),
  count: intIn('frames per run', FRAME_LIMITS.count.min, FRAME_LIMITS.count.max).optional(),
  grid: intIn('grid cells per side', FRAME_LIMITS.grid.min, FRAME_LIMITS.grid.max).optional(),
  /** Plane: unit thumbnails (default 16); images: weight tiles (default 64); never more than the first layer has. */
  units: intIn('first-layer units drawn', FRAME_LIMITS.units.min, FRAME_LIMITS.units.max).optional(),
});
export type FramesConfig = z.output<typeof framesSchema>;

/** What a run records, decided once its data and model are known. */
export interface FramePlan {
  kind: FrameKind;
  count: number;
  /** Plane only: cells per side of the probability grid. */
  grid: number;
  /** Unit thumbnails (plane) or weight tiles (image), ≤ the first layer's width. */
  units: number;
  unitSize: number;
}

/** The frame kind a loaded data set allows: plane for two features, image for pictures, else none. */
export function frameKindOf(dataset: { features: number; image?: unknown }): FrameKind | null {
  if (dataset.image) return 'image';
  return dataset.features === 2 ? 'plane' : null;
}

/**
 * Why `enabled: true` cannot work on this data set, or null. The config schema asks it
 * by name (`kind` known for toy sets and images, 'unknown' for a CSV before it is read);
 * the worker asks again with the loaded data.
 */
export function framesProblem(frames: FramesConfig | undefined, what: { name: string; kind: FrameKind | null | 'unknown'; features?: number }): string | null {
  if (frames?.enabled !== true || what.kind !== null) return null;
  const has = what.features !== undefined ? `${what.features} features` : 'neither two features nor images';
  return (
    `cannot be true for ${what.name}: it has ${has}, and frames draw either a two-feature data set's decision boundary ` +
    '(moons, circles, spirals, xor, blobs, a two-column CSV) or an image data set\'s first-layer weights (Fashion-MNIST)'
  );
}

/** Whether a run with frames of `kind` (null: none possible) records them: by default on for plane, off for images. */
export function framesEnabled(frames: FramesConfig | undefined, kind: FrameKind | null): boolean {
  return kind !== null && (frames?.enabled ?? kind === 'plane');
}

/**
 * The trial's frames, given its data set and first-layer width; null when it records
 * none. Throws (a plain Error, message ready for the run's error) where `enabled: true`
 * meets data it cannot draw, e.g. a CSV of five columns.
 */
export function framePlan(frames: FramesConfig | undefined, dataset: { name: string; features: number; image?: unknown }, firstLayerWidth: number): FramePlan | null {
  const kind = frameKindOf(dataset);
  const problem = framesProblem(frames, { name: dataset.name, kind, features: dataset.features });
  if (problem) throw Object.assign(new Error(`frames.enabled: ${problem}`), { code: 'BAD_CONFIG' });
  if (!framesEnabled(frames, kind) || kind === null) return null;
  const units = Math.min(frames?.units ?? FRAME_LIMITS.units[kind], firstLayerWidth);
  return {
    kind,
    count: frames?.count ?? FRAME_LIMITS.count.default,
    grid: frames?.grid ?? FRAME_LIMITS.grid.default,
    units,
    unitSize: UNIT_SIZE,
  };
}
