/**
 * Reading a frame's bytes back into numbers: the inverse of capture.ts's quantisation,
 * in one place for the player, the exports and the tests. Pure and browser-safe (atob,
 * no Buffer), so the renderer imports it as it is.
 */
import type { Frame, ImageMeta, PlaneMeta } from './types';

/** The frame's quantised bytes (its `data`, base64-decoded). */
export function frameBytes(frame: Pick<Frame, 'data'>): Uint8Array {
  const text = atob(frame.data);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

/** Where each part of a plane frame's bytes starts, and how long it is. */
export function planeLayout(meta: PlaneMeta): { cells: number; unitCells: number; unitOffset: number; bytes: number } {
  const cells = meta.grid.size * meta.grid.size;
  const unitCells = meta.unitSize * meta.unitSize;
  const unitOffset = meta.classes * cells;
  return { cells, unitCells, unitOffset, bytes: unitOffset + meta.units * unitCells };
}

/** Class `c`'s probability at grid cell `i` (row-major, row 0 at the top), 0..1. */
export function planeProbability(meta: PlaneMeta, bytes: Uint8Array, c: number, i: number): number {
  return bytes[c * meta.grid.size * meta.grid.size + i] / 255;
}

/** Unit `u`'s activation at thumbnail cell `i`, back in the activation's own units. */
export function unitActivation(meta: PlaneMeta, bytes: Uint8Array, u: number, i: number): number {
  const { unitCells, unitOffset } = planeLayout(meta);
  const [lo, hi] = meta.unitRange[u];
  return lo + (bytes[unitOffset + u * unitCells + i] / 255) * (hi - lo);
}

/** A weight tile byte back as a weight: 0 → −scale, 128 → 0, 255 → +scale (capture.ts). */
export function tileWeight(meta: Pick<ImageMeta, 'scale'>, byte: number): number {
  const t = byte - 128;
  return (t < 0 ? t / 128 : t / 127) * meta.scale;
}

/** The first frame's fixed test image `i` (in `predictions` order), gray levels; null on frames without them. */
export function shownImage(meta: ImageMeta, bytes: Uint8Array, i: number): Uint8Array | null {
  if (!meta.images || i < 0 || i >= meta.predictions.length) return null;
  const px = meta.width * meta.height;
  const at = meta.tiles * px + i * px;
  return bytes.subarray(at, at + px);
}
