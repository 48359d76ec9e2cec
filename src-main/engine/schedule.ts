/**
 * Learning-rate schedules, applied per step by the shared training loop (trainLoop.ts),
 * so both engines take every step at the same rate. With t the 0-based index of the
 * step about to be taken, S steps per epoch, T = S·epochs steps in all, W =
 * round(warmupEpochs·S) warm-up steps and η the configured rate:
 *
 *   warm-up (t < W)  η·(t + 1)/W                       linear, reaching η at step W − 1
 *   constant         η
 *   cosine           ηmin + (η − ηmin)·(1 + cos(π·(t − W)/(T − W)))/2
 *   step             max(ηmin, η·γ^⌊(t − W)/round(stepEpochs·S)⌋)
 *
 * Both decays start where warm-up ends. Cosine's last step is just above ηmin (it would
 * reach it at step T), so no step ever runs at rate 0. `constant` without warm-up is
 * exactly η at every step, and the loop then never touches the optimiser's rate.
 */
import type { LrSchedule } from './types';

export type { LrSchedule } from './types';
export const DEFAULT_GAMMA = 0.1;

/** Whether the schedule ever differs from the constant base rate. */
export function isConstant(s: LrSchedule | undefined): boolean {
  return s === undefined || (s.type === 'constant' && !((s.warmupEpochs ?? 0) > 0));
}

/** The rate of step t (0-based) of `totalSteps`, `stepsPerEpoch` to an epoch. */
export function learningRateAt(base: number, s: LrSchedule, t: number, stepsPerEpoch: number, totalSteps: number): number {
  const warmup = Math.min(Math.round((s.warmupEpochs ?? 0) * stepsPerEpoch), totalSteps);
  if (t < warmup) return (base * (t + 1)) / warmup;
  const minLr = s.minLr ?? 0;
  const since = t - warmup;
  switch (s.type) {
    case 'constant':
      return base;
    case 'cosine': {
      const span = totalSteps - warmup;
      return minLr + ((base - minLr) * (1 + Math.cos((Math.PI * since) / span))) / 2;
    }
    case 'step': {
      const every = Math.max(1, Math.round((s.stepEpochs ?? 1) * stepsPerEpoch));
      return Math.max(minLr, base * (s.gamma ?? DEFAULT_GAMMA) ** Math.floor(since / every));
    }
    default:
      throw new Error(`unknown schedule type "${(s as { type: string }).type}"`);
  }
}
