/**
 * Two-dimensional teaching data sets, generated: small enough to train in seconds, and
 * flat enough that a decision boundary can be drawn over them. Pure (no I/O), seeded
 * with the project's RNG, so a seed gives the same points on every machine.
 *
 * Shapes, in the data's own units (the noise is a Gaussian standard deviation in them):
 * - moons: as scikit-learn's make_moons: an upper half circle of radius 1 centred at
 *   (0, 0) and a lower one centred at (1, 0.5); x ∈ [−1, 2], y ∈ [−0.5, 1].
 * - circles: as make_circles with factor 0.5: an outer circle of radius 1 and an inner
 *   one of radius 0.5, both centred at the origin.
 * - spirals: 2–5 arms from the origin out to radius 1, 1.5 turns each, arm c starting
 *   at angle 2πc/k.
 * - xor: points uniform in the square [−1, 1]², class 0 in the quadrants where x and y
 *   have the same sign, class 1 where they differ.
 * - blobs: 2–5 round Gaussian clusters, centre c at radius 2 and angle 2πc/k; the noise
 *   is each cluster's standard deviation.
 * Classes are balanced (counts differ by at most one) and rows come in shuffled order.
 */
import { createRng, type Rng } from '../engine/random';
import { TOY_DATASETS, TOY_SAMPLES, MAX_TOY_NOISE, toyClassesProblem, type ToyKind, type ToyOptions } from '../sweep/configSchema';
import { DataError } from './errors';
import type { LabelledTable } from './types';

export interface ToyGenerateOptions extends ToyOptions {
  seed: number;
}

/** Generation draws from its own stream of the seed: the split, seeded the same, must not echo it. */
const GENERATION_STREAM = 0x746f7932; // "toy2"
export const SPIRAL_TURNS = 1.5;
export const BLOB_RADIUS = 2;

/** A point on an exact shape, before noise. */
type Shape = (rng: Rng, i: number, count: number, c: number, classes: number) => [number, number];

const SHAPES: Record<ToyKind, Shape> = {
  // make_moons: evenly spaced along each half circle.
  moons(_rng, i, count, c) {
    const t = count > 1 ? (Math.PI * i) / (count - 1) : 0;
    return c === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
  },
  // make_circles: evenly spaced angles, no endpoint (0 and 2π are one point).
  circles(_rng, i, count, c) {
    const t = (2 * Math.PI * i) / count;
    const r = c === 0 ? 1 : 0.5;
    return [r * Math.cos(t), r * Math.sin(t)];
  },
  spirals(_rng, i, count, c, classes) {
    const r = (i + 0.5) / count;
    const a = (2 * Math.PI * c) / classes + 2 * Math.PI * SPIRAL_TURNS * r;
    return [r * Math.cos(a), r * Math.sin(a)];
  },
  // Alternating between the class's two quadrants keeps each quadrant's share equal too.
  xor(rng, i, _count, c) {
    const sx = i % 2 === 0 ? 1 : -1;
    const sy = c === 0 ? sx : -sx;
    return [sx * (1 - rng.next()), sy * (1 - rng.next())];
  },
  blobs(_rng, _i, _count, c, classes) {
    const a = (2 * Math.PI * c) / classes;
    return [BLOB_RADIUS * Math.cos(a), BLOB_RADIUS * Math.sin(a)];
  },
};

/** Class names a person reads in a legend. */
export function toyClassNames(kind: ToyKind, classes: number): string[] {
  if (kind === 'moons') return ['upper moon', 'lower moon'];
  if (kind === 'circles') return ['outer', 'inner'];
  if (kind === 'xor') return ['same sign', 'opposite sign'];
  return Array.from({ length: classes }, (_, c) => (kind === 'spirals' ? `arm ${c}` : `blob ${c}`));
}

/** The option that is wrong, named as in a config (`dataset.toy.noise`), or null. */
export function toyOptionsProblem(kind: string, o: Partial<ToyGenerateOptions>): string | null {
  if (!(TOY_DATASETS as readonly string[]).includes(kind)) return `dataset.name: "${kind}" is not a generated data set (${TOY_DATASETS.join(', ')})`;
  const { samples, noise, classes, seed } = o;
  if (typeof samples !== 'number' || !Number.isInteger(samples) || samples < TOY_SAMPLES.min || samples > TOY_SAMPLES.max)
    return `dataset.toy.samples: must be an integer from ${TOY_SAMPLES.min} to ${TOY_SAMPLES.max} (got ${String(samples)})`;
  if (typeof noise !== 'number' || !(noise >= 0 && noise <= MAX_TOY_NOISE)) return `dataset.toy.noise: must be a number from 0 to ${MAX_TOY_NOISE} (got ${String(noise)})`;
  if (typeof classes !== 'number') return `dataset.toy.classes: must be an integer (got ${String(classes)})`;
  const classProblem = toyClassesProblem(kind as ToyKind, classes);
  if (classProblem) return `dataset.toy.classes: ${classProblem} (got ${classes})`;
  if (typeof seed !== 'number' || !Number.isInteger(seed)) return `dataset.seed: must be an integer (got ${String(seed)})`;
  return null;
}

/** Balanced class sizes: `samples` shared out over `classes`, the first ones taking the remainder. */
export function classSizes(samples: number, classes: number): number[] {
  return Array.from({ length: classes }, (_, c) => Math.floor(samples / classes) + (c < samples % classes ? 1 : 0));
}

/** A generated two-feature table; throws a DataError naming the option that is out of range. */
export function generateToy(kind: ToyKind, options: ToyGenerateOptions): LabelledTable {
  const problem = toyOptionsProblem(kind, options);
  if (problem) throw new DataError(problem);
  const { samples, noise, classes, seed } = options;
  const rng = createRng((seed ^ GENERATION_STREAM) >>> 0);
  const shape = SHAPES[kind];
  const x = new Float64Array(samples * 2);
  const y = new Int32Array(samples);
  let row = 0;
  classSizes(samples, classes).forEach((count, c) => {
    for (let i = 0; i < count; i++, row++) {
      const [px, py] = shape(rng, i, count, c, classes);
      x[row * 2] = px + noise * rng.normal();
      x[row * 2 + 1] = py + noise * rng.normal();
      y[row] = c;
    }
  });
  return shuffleRows({ features: 2, featureNames: ['x', 'y'], classes: toyClassNames(kind, classes), x, y, n: samples }, rng);
}

/** Rows in random order, so a table's first rows (a preview, a plain batch) show every class. */
function shuffleRows(t: LabelledTable, rng: Rng): LabelledTable {
  const order = rng.shuffle(Array.from({ length: t.n }, (_, i) => i));
  const x = new Float64Array(t.x.length);
  const y = new Int32Array(t.n);
  order.forEach((from, to) => {
    x[to * 2] = t.x[from * 2];
    x[to * 2 + 1] = t.x[from * 2 + 1];
    y[to] = t.y[from];
  });
  return { ...t, x, y };
}

/** Per feature, the data's min/max widened by `pad` of its range each side (a zero range by 1): the box a boundary grid covers. */
export function planeOf(x: ArrayLike<number>, n: number, pad = 0.1): { x: [number, number]; y: [number, number] } {
  const box = [0, 1].map((f) => {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = x[i * 2 + f];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (!(hi >= lo)) return [-1, 1] as [number, number];
    const margin = hi > lo ? (hi - lo) * pad : 1;
    return [lo - margin, hi + margin] as [number, number];
  });
  return { x: box[0], y: box[1] };
}
