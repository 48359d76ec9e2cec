/**
 * Taking one frame from a snapshot of a model's weights: engine-neutral (the forward
 * pass of forward.ts over `getWeights()`), pure (no I/O). It runs on the frame thread
 * (frameThread.ts), off the training loop; tests and the bench call it directly. What
 * a run's frames look at (the grid box, the evaluation rows and test images) is picked
 * once per run from the data set (recorder.ts's `frameSource`, on the training side)
 * and travels to the thread as plain arrays; the capture builds its inputs from that
 * once. It imports no more than it needs, so the thread starts quickly.
 *
 * Quantisation, as types.ts lays the bytes out:
 * - probabilities: round(p · 255);
 * - a unit thumbnail: round((a − lo) / (hi − lo) · 255) with [lo, hi] its own range
 *   (unitRange), all 0 where the unit is flat (hi = lo);
 * - a weight tile: symmetric around byte 128 with one `scale` (the largest |w| shown):
 *   w < 0 → round(128 + 128 · w/scale), w ≥ 0 → round(128 + 127 · w/scale), so byte 0
 *   reads −scale, 128 reads 0 and 255 reads +scale (decode.ts has the inverse).
 */
import type { Dataset } from '../data/types';
import { activationForward } from '../engine/scratch/ops/reference';
import type { Activation, Float, NamedTensor } from '../engine/types';
import type { FramePlan } from './config';
import { createForward, type Forward } from './forward';
import type { FrameMeta, ImageMeta, PlaneMeta } from './types';

export interface CapturedFrame {
  meta: FrameMeta;
  /** The frame's bytes. Reused by the next capture: encode or copy it before capturing again. */
  bytes: Uint8Array;
}

export interface FrameCapture {
  readonly plan: FramePlan;
  /** `first`: the run's first frame, which also carries what never changes (an image run's test images). */
  capture(weights: readonly NamedTensor[], opts?: { first?: boolean }): CapturedFrame;
}

/**
 * What a run's frames need of its data set, picked once (structured-cloneable, so it
 * crosses to the frame thread): a plane run's box; an image run's fixed rows.
 */
export type FrameSource =
  | { kind: 'plane'; plan: FramePlan; classes: number; plane: NonNullable<Dataset['plane']>; standardization: Dataset['standardization']; float32: boolean }
  | {
      kind: 'image';
      plan: FramePlan;
      classes: number;
      width: number;
      height: number;
      /** The confusion rows then the shown rows, each width × height features. */
      x: Float;
      /** The confusion rows' true labels. */
      confusionLabels: Int32Array;
      /** The shown test images: their row in their split and their label. */
      shown: { index: number; label: number }[];
    };

/** The capture of a run's frames; `forward` defaults to the TypeScript ops' pass. */
export function createFrameCapture(source: FrameSource, activation: Activation, forward: Forward = createForward(activation)): FrameCapture {
  return source.kind === 'plane' ? createPlaneCapture(source, activation, forward) : createImageCapture(source, forward);
}

/** The first layer's weights [inputs, width] and biases [width]; every engine names them fc1.W / fc1.b (init.ts). */
export function firstLayer(weights: readonly NamedTensor[]): { W: Float; b: Float; inputs: number; width: number } {
  const W = weights.find((w) => w.name === 'fc1.W');
  const b = weights.find((w) => w.name === 'fc1.b');
  if (!W || !b || W.shape.length !== 2) throw new Error('frames: the model has no first layer named fc1.W [inputs, width] / fc1.b');
  return { W: W.values, b: b.values, inputs: W.shape[0], width: W.shape[1] };
}

/**
 * Cell centres of a size × size grid over the box, row 0 at the top, as model inputs
 * (standardised where the model was trained on standardised features).
 */
export function gridInputs(plane: NonNullable<Dataset['plane']>, size: number, standardization: Dataset['standardization'], out: Float): Float {
  const [x0, x1] = plane.x;
  const [y0, y1] = plane.y;
  const [mx, my] = standardization ? standardization.mean : [0, 0];
  const [sx, sy] = standardization ? standardization.std : [1, 1];
  for (let r = 0; r < size; r++) {
    const y = y1 - ((r + 0.5) * (y1 - y0)) / size;
    for (let c = 0; c < size; c++) {
      const x = x0 + ((c + 0.5) * (x1 - x0)) / size;
      const i = (r * size + c) * 2;
      out[i] = (x - mx) / sx;
      out[i + 1] = (y - my) / sy;
    }
  }
  return out;
}

/**
 * round(v) for v in [0, 255] as a byte: floor(v + ½), three times as fast as Math.round
 * in these loops (a frame quantises ~27,000 values); NaN (a diverged model) gives 0, as
 * a NaN stored into a Uint8Array does.
 */
const toByte = (v: number): number => (v + 0.5) | 0;

/** Element-wise hidden activation, as the scratch engine computes it (ops/reference.ts). */
function activate(kind: Activation, z: Float64Array, n: number): void {
  if (kind === 'relu') for (let i = 0; i < n; i++) z[i] = z[i] > 0 ? z[i] : 0;
  else activationForward(kind, z, z, n);
}

function createPlaneCapture(source: Extract<FrameSource, { kind: 'plane' }>, activation: Activation, forward: Forward): FrameCapture {
  const { plan, plane, standardization, classes } = source;
  const cells = plan.grid * plan.grid;
  const unitCells = plan.unitSize * plan.unitSize;
  const grid = gridInputs(plane, plan.grid, standardization, source.float32 ? new Float32Array(cells * 2) : new Float64Array(cells * 2));
  const unitGrid = gridInputs(plane, plan.unitSize, standardization, new Float64Array(unitCells * 2));
  const bytes = new Uint8Array(classes * cells + plan.units * unitCells);
  const z = new Float64Array(unitCells);
  const gridMeta: PlaneMeta['grid'] = { size: plan.grid, x: [...plane.x], y: [...plane.y] };
  if (standardization) gridMeta.input = { mean: [standardization.mean[0], standardization.mean[1]], std: [standardization.std[0], standardization.std[1]] };

  return {
    plan,
    capture(weights) {
      const p = forward(weights, grid, cells);
      // Class-major: each class's map is one contiguous image.
      for (let c = 0; c < classes; c++) {
        const at = c * cells;
        for (let i = 0, j = c; i < cells; i++, j += classes) bytes[at + i] = toByte(p[j] * 255);
      }
      const unitRange: [number, number][] = [];
      if (plan.units > 0) {
        const { W, b, width } = firstLayer(weights);
        for (let u = 0; u < plan.units; u++) {
          const [wx, wy, bias] = [W[u], W[width + u], b[u]];
          for (let i = 0; i < unitCells; i++) z[i] = unitGrid[2 * i] * wx + unitGrid[2 * i + 1] * wy + bias;
          activate(activation, z, unitCells);
          let lo = Infinity;
          let hi = -Infinity;
          for (let i = 0; i < unitCells; i++) {
            if (z[i] < lo) lo = z[i];
            if (z[i] > hi) hi = z[i];
          }
          // A diverged model's NaNs: a flat thumbnail with a finite range, not nulls in the JSON.
          if (!(hi >= lo)) [lo, hi] = [0, 0];
          const k = hi > lo ? 255 / (hi - lo) : 0;
          const at = classes * cells + u * unitCells;
          for (let i = 0; i < unitCells; i++) bytes[at + i] = toByte((z[i] - lo) * k);
          unitRange.push([lo, hi]);
        }
      }
      const meta: PlaneMeta = { kind: 'plane', grid: gridMeta, classes, units: plan.units, unitSize: plan.unitSize, unitRange };
      return { meta, bytes };
    },
  };
}

function createImageCapture(source: Extract<FrameSource, { kind: 'image' }>, forward: Forward): FrameCapture {
  const { plan, classes, x, confusionLabels, shown } = source;
  const features = source.width * source.height;
  const confusionCount = confusionLabels.length;
  const rows = confusionCount + shown.length;
  const tileBytes = plan.units * features;
  const bytes = new Uint8Array(tileBytes + shown.length * features);
  // The test images as gray levels, after the tiles: sent with the first frame only (types.ts).
  for (let i = 0; i < shown.length; i++)
    for (let p = 0; p < features; p++) bytes[tileBytes + i * features + p] = Math.round(255 * Math.min(1, Math.max(0, x[(confusionCount + i) * features + p])));

  return {
    plan,
    capture(weights, { first = false } = {}) {
      const { W, width } = firstLayer(weights);
      const tiles = Math.min(plan.units, width);
      let scale = 0;
      for (let p = 0; p < features; p++) for (let u = 0; u < tiles; u++) scale = Math.max(scale, Math.abs(W[p * width + u]));
      if (!Number.isFinite(scale)) scale = 0; // a diverged model: flat tiles rather than a null scale
      const k = scale > 0 ? 1 / scale : 0;
      // Tile u is column u of W, laid out as the image it multiplies.
      for (let u = 0; u < tiles; u++)
        for (let p = 0; p < features; p++) {
          const w = W[p * width + u] * k;
          bytes[u * features + p] = toByte(128 + (w < 0 ? 128 : 127) * w);
        }

      const prob = forward(weights, x, rows);
      const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
      const best = (row: number): [number, number] => {
        let arg = 0;
        for (let c = 1; c < classes; c++) if (prob[row * classes + c] > prob[row * classes + arg]) arg = c;
        return [arg, prob[row * classes + arg]];
      };
      for (let i = 0; i < confusionCount; i++) confusion[confusionLabels[i]][best(i)[0]]++;
      const predictions = shown.map(({ index, label }, i) => {
        const [predicted, p] = best(confusionCount + i);
        return { index, label, predicted, p: Number.isFinite(p) ? Math.round(p * 1e4) / 1e4 : 0 };
      });
      const meta: ImageMeta = { kind: 'image', tiles, width: source.width, height: source.height, scale, confusion, predictions };
      if (!first) return { meta, bytes: bytes.subarray(0, tiles * features) };
      meta.images = true;
      if (tiles === plan.units) return { meta, bytes };
      // Fewer tiles than planned (a narrow first layer): the images move up behind them.
      const out = new Uint8Array(tiles * features + shown.length * features);
      out.set(bytes.subarray(0, tiles * features));
      out.set(bytes.subarray(tileBytes), tiles * features);
      return { meta, bytes: out };
    },
  };
}
