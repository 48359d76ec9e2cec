/**
 * Which training steps a run snapshots. A network changes most in its first steps (the
 * loss falls fastest there), so frames evenly spaced in time would show the boundary
 * jump in one frame and then sit still for fifty. Instead the steps are evenly spaced in
 * log(1 + s/s0), with s0 = totalSteps / (EARLY_DENSITY − 1): the first frames come
 * EARLY_DENSITY times closer together than the last, a geometric spacing that is
 * nearly linear at the end instead of thinning out for ever. Step 0 (before training)
 * and the last step are always taken; no step twice. Pure.
 */

/** How much denser the first frames are than the last. */
export const EARLY_DENSITY = 50;

/**
 * The steps to capture, ascending: 0, …, totalSteps; `count` of them, or every step
 * when the run has fewer than `count` steps (counting step 0).
 */
export function frameSteps(totalSteps: number, count: number): number[] {
  if (!Number.isInteger(totalSteps) || totalSteps < 1) throw new RangeError(`frameSteps: totalSteps must be a positive integer (got ${totalSteps})`);
  if (!Number.isInteger(count) || count < 2) throw new RangeError(`frameSteps: count must be an integer ≥ 2 (got ${count})`);
  if (count >= totalSteps + 1) return Array.from({ length: totalSteps + 1 }, (_, i) => i);
  const s0 = totalSteps / (EARLY_DENSITY - 1);
  const span = Math.log1p(totalSteps / s0);
  const steps = [0];
  for (let i = 1; i < count; i++) {
    const ideal = Math.round(s0 * Math.expm1((span * i) / (count - 1)));
    // Strictly after the previous one, and leaving one step for each frame still to come.
    const step = Math.min(Math.max(ideal, steps[i - 1] + 1), totalSteps - (count - 1 - i));
    steps.push(step);
  }
  return steps;
}

/** A run's schedule as a lookup: `has(step)` is asked once per training step, so a Set. */
export function frameStepSet(totalSteps: number, count: number): Set<number> {
  return new Set(frameSteps(totalSteps, count));
}
