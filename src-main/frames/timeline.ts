/**
 * Which frame a step shows, and the shared timeline of runs replayed in lockstep: the
 * GUI's players and the CLI's lockstep GIF step through frames by the same rules. Pure.
 */

/** Index of the last frame whose step is ≤ `step` (frames in step order); 0 when the step is before the first, -1 without frames. */
export function frameAtStep(frames: readonly { step: number }[], step: number): number {
  let lo = 0;
  let hi = frames.length - 1;
  if (hi < 0) return -1;
  if (step < frames[0].step) return 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (frames[mid].step <= step) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Lockstep: every step at which any of the runs has a frame, ascending, so the shared
 * slider stops wherever something changes; each panel shows its frame at ≤ that step.
 */
export function lockstepTimeline(runs: readonly (readonly { step: number }[])[]): number[] {
  const steps = new Set<number>();
  for (const frames of runs) for (const f of frames) steps.add(f.step);
  return [...steps].sort((a, b) => a - b);
}

/** For each run, the frame index shown at `step` (-1: the run has no frames). */
export function lockstepIndices(runs: readonly (readonly { step: number }[])[], step: number): number[] {
  return runs.map((frames) => frameAtStep(frames, step));
}
