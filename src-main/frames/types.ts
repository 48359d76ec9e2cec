/**
 * Frames: snapshots of a model taken while it trains, for replaying training as an
 * animation (decision boundaries, first-layer units, weights, confusion, predictions).
 * They travel like metrics (DESIGN.md): the worker captures them at scheduled steps,
 * batches them, the scheduler writes them to the store, the API reads them back.
 * Types only; pure, so the renderer imports them too.
 *
 * Everything big is quantised to bytes: a frame is a small JSON `meta` plus one byte
 * buffer (`data`), laid out as `FrameLayout` says.
 */

/** `plane`: a two-feature data set (decision boundary over a grid); `image`: an image data set. */
export type FrameKind = 'plane' | 'image';

/**
 * The box a plane frame's grid covers and its resolution. `x`/`y` are in the data's own
 * units, the box of `Dataset.plane` (and of the data set's scatter), so a grid overlays
 * the points a person sees; where the features were standardised, `input` says how a
 * grid point p entered the model: (p − mean) / std, per feature. Cell (row r, column c)
 * is sampled at its centre: x = x0 + (c + ½)(x1 − x0)/size, y = y1 − (r + ½)(y1 − y0)/size;
 * unit thumbnails sample the same box the same way at unitSize.
 */
export interface PlaneGrid {
  /** Cells per side: the grid is size × size, row 0 at the top (largest y). */
  size: number;
  x: [number, number];
  y: [number, number];
  /** Set when the model saw standardised features (Dataset.standardization). */
  input?: { mean: [number, number]; std: [number, number] };
}

/** What one frame of a `plane` run holds (besides the bytes). */
export interface PlaneMeta {
  kind: 'plane';
  grid: PlaneGrid;
  classes: number;
  /** First-layer units drawn as thumbnails (≤ the layer's width), each `unitSize` × `unitSize`. */
  units: number;
  unitSize: number;
  /** Per unit: the activation range a thumbnail's bytes map to (byte 0 → lo, 255 → hi). */
  unitRange: [number, number][];
}

/** What one frame of an `image` run holds (besides the bytes). */
export interface ImageMeta {
  kind: 'image';
  /** First-layer weight tiles: `tiles` units, each width × height (28 × 28 for Fashion-MNIST). */
  tiles: number;
  width: number;
  height: number;
  /** The weight range the tiles' bytes map to, symmetric: byte 0 → −scale, 128 → 0, 255 → +scale. */
  scale: number;
  /** Confusion matrix (counts) on the fixed evaluation rows: confusion[true][predicted]. */
  confusion: number[][];
  /** The fixed test images' predicted class and its probability (0..1), in a fixed order. */
  predictions: { index: number; label: number; predicted: number; p: number }[];
  /**
   * Set on the run's first frame only (seq 0): the fixed test images themselves follow
   * the tiles in `data`, `predictions.length` × width × height gray levels
   * (round(255 · pixel)), in `predictions` order; later frames leave them out (they never change).
   */
  images?: true;
}

export type FrameMeta = PlaneMeta | ImageMeta;

/**
 * One snapshot. `data` bytes (base64 on the wire and in the contract):
 * - plane: `classes` × size × size class probabilities (class-major, row-major, p·255 rounded),
 *   then `units` × unitSize × unitSize activation bytes (per unit, row-major, same grid box);
 * - image: `tiles` × width × height weight bytes (per unit, row-major); on the first frame
 *   (`meta.images`) the fixed test images' gray levels follow.
 */
export interface Frame {
  /** 0, 1, 2… in capture order within the run. */
  seq: number;
  /** The training step (iteration) the snapshot was taken after; 0 = before the first step. */
  step: number;
  /** The epoch that step belongs to (from 1; 0 for step 0). */
  epoch: number;
  /** Wall-clock ms since the epoch, stamped by the worker. */
  time: number;
  /** The mean training loss of the last step (null at step 0 or when non-finite). */
  loss: number | null;
  meta: FrameMeta;
  /** The quantised bytes, base64. */
  data: string;
}

/** A run's frames as the API returns them (`runFrames`). */
export interface RunFrames {
  runId: number;
  /** null: the run records none (frames off, or a run from before frames existed). */
  kind: FrameKind | null;
  /** Total steps the run was scheduled for, so a player knows how far it will go while live. */
  plannedSteps: number | null;
  frames: Frame[];
}
