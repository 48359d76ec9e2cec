/**
 * Asynchronous successive halving (Li et al., "A System for Massively Parallel
 * Hyperparameter Tuning", MLSys 2020), as a stop/continue decision at an epoch end.
 *
 * Rungs sit at minEpochs · η^k epochs (k = 0, 1, …) up to the max epochs. At a rung
 * epoch r the run is compared with every trial that has reached r so far, whatever its
 * state (n of them, the run included):
 * - n < η: the paper's top ⌊n/η⌋ is empty and it would park the run for later; a run
 *   cannot be parked here, so it continues (promoted);
 * - otherwise it continues iff it is in the top ⌊n/η⌋ by its value at r: fewer than
 *   ⌊n/η⌋ trials strictly better (a tie with the last place continues).
 * Between rungs, and at the last epoch (nothing left to save), it continues.
 *
 * The paper promotes a parked config later once enough others arrive; a stopped run
 * stays stopped, so the earliest runs are judged among few: that is the price of
 * deciding with whoever is there.
 */
import { type PruneDecision, type PruneInput, better, decision, otherTrials, reached, show, valueAt } from './curves';

export interface HalvingOptions {
  minEpochs: number;
  reductionFactor: number;
}

/** The rung epochs minEpochs · η^k ≤ maxEpochs: (1, 3, 27) → 1, 3, 9, 27. */
export function ashaRungs(minEpochs: number, reductionFactor: number, maxEpochs: number): number[] {
  const rungs: number[] = [];
  for (let r = minEpochs; r <= maxEpochs; r *= reductionFactor) rungs.push(r);
  return rungs;
}

/** `label` names the bracket when Hyperband asks, so the reason says which rules applied. */
export function ashaDecision(input: PruneInput, opts: HalvingOptions, label = ''): PruneDecision {
  const { run, objective, maxEpochs } = input;
  const { metric, direction } = objective;
  const eta = opts.reductionFactor;
  const epoch = run.values.length;
  const at = label ? ` of ${label}` : '';
  if (epoch >= maxEpochs) return decision('continue', epoch, `continues: epoch ${epoch} is the last`);
  const rungs = ashaRungs(opts.minEpochs, eta, maxEpochs);
  if (!rungs.includes(epoch)) return decision('continue', epoch, `continues: epoch ${epoch} is not a rung${at} (rungs at ${rungs.join(', ')})`);

  const others = otherTrials(input).filter((t) => reached(t, epoch));
  const n = others.length + 1;
  const keep = Math.floor(n / eta);
  const runs = `${n} run${n === 1 ? '' : 's'} at rung ${epoch}${at}`;
  if (keep === 0) return decision('continue', epoch, `continues: ${runs}, fewer than η = ${eta}, so it is promoted`);

  const v = valueAt(run, epoch, direction);
  const ahead = others.map((t) => valueAt(t, epoch, direction)).filter((o) => better(o, v, direction));
  if (ahead.length < keep) return decision('continue', epoch, `continues at epoch ${epoch}: ${metric} ${show(v)} is in the top ${keep} of ${runs}`);
  const cut = ahead.sort((a, b) => (better(a, b, direction) ? -1 : better(b, a, direction) ? 1 : 0))[keep - 1];
  return decision('stop', epoch, `stopped at epoch ${epoch}: ${metric} ${show(v)} is not in the top ${keep} of ${runs} (place ${keep} has ${show(cut)})`);
}

/**
 * Expected epochs for `trials` runs if each rung below the max keeps exactly 1/η of the
 * runs that reach it: all run to the first rung d₀, then n/η^j run from d_{j−1} to d_j,
 * and the survivors of the last rung to the max. A real sweep keeps a little more (early
 * runs at a rung are promoted while fewer than η are there), so this is a floor-ish
 * estimate, fractional runs included.
 */
export function ashaExpectedEpochs(trials: number, opts: HalvingOptions, maxEpochs: number): number {
  const stops = ashaRungs(opts.minEpochs, opts.reductionFactor, maxEpochs).filter((r) => r < maxEpochs);
  let total = 0;
  let alive = trials;
  let from = 0;
  for (const r of stops) {
    total += alive * (r - from);
    alive /= opts.reductionFactor;
    from = r;
  }
  return total + alive * (maxEpochs - from);
}
