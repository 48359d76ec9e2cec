/**
 * The one rule for a search's randomness: trial i of a search with seed s always gets
 * the same rng, whatever ran before or after it. Its own file so the grid/random
 * expansion (which the renderer runs) need not load TPE and the GP.
 */
import { createRng, type Rng } from '../../engine/random';

/** The rng for proposing trial `trialIndex` of the search seeded with `seed`. */
export function trialRng(seed: number, trialIndex: number): Rng {
  let h = Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13) ^ (trialIndex >>> 0), 0xc2b2ae35) >>> 0;
  return createRng((h ^ (h >>> 16)) >>> 0);
}
