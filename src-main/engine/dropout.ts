/**
 * Dropout masks, engine-neutral: both engines take the very same masks from here, so
 * a run with dropout is reproducible from its seed and the engines stay comparable
 * step for step (tf.dropout's own generator would make agreement untestable).
 *
 * Inverted dropout: a unit is kept with probability 1 − p and then scaled by 1/(1 − p),
 * so the expected activation is unchanged and evaluation simply skips the mask.
 * Mask entry i is 1/(1 − p) when uᵢ ≥ p, else 0, uᵢ uniform from the stream below.
 *
 * The masks come from a stream of their own, seeded from the run's seed but not the
 * shuffling stream (trainLoop's createRng(seed)): the batch order is the same with and
 * without dropout, and dropout 0 draws nothing at all.
 */
import { createRng, type Rng } from './random';
import { MAX_DROPOUT, type Float } from './types';

export { MAX_DROPOUT } from './types';

/** The seed of the dropout stream: a fixed, well-mixed function of the run's seed. */
export function dropoutSeed(seed: number): number {
  let z = (seed ^ 0x2545f491) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x7feb352d) >>> 0;
  z = Math.imul(z ^ (z >>> 15), 0x846ca68b) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/** Where a dropout layer gets its masks: `fill(out, n)` writes the next n mask entries. */
export interface MaskSource {
  readonly p: number;
  fill(out: Float, n: number): void;
}

/** Throws unless 0 ≤ p ≤ MAX_DROPOUT. */
export function checkDropout(p: number): void {
  if (!(p >= 0 && p <= MAX_DROPOUT)) throw new RangeError(`dropout must be a probability in [0, ${MAX_DROPOUT}], got ${p}`);
}

/**
 * One run's masks, drawn in the order the layers ask for them: per training step, the
 * first hidden layer's rows × width entries row-major, then the second's, …
 */
export function createMaskSource(p: number, seed: number): MaskSource {
  checkDropout(p);
  const rng: Rng = createRng(dropoutSeed(seed));
  const keep = 1 / (1 - p);
  return {
    p,
    fill(out, n) {
      for (let i = 0; i < n; i++) out[i] = rng.next() >= p ? keep : 0;
    },
  };
}
