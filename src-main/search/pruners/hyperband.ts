/**
 * Hyperband (Li et al., JMLR 2018) over ASHA, as Optuna's HyperbandPruner does it:
 * brackets s = 0..s_max, s_max = ⌊log_η(maxEpochs / minEpochs)⌋; bracket s runs ASHA
 * with its first rung at minEpochs · η^s (bracket 0 is the most aggressive, bracket s_max
 * barely stops anything), among the trials of that bracket only.
 *
 * Trials are spread over the brackets in Hyperband's proportions: bracket s weighs
 * ⌈(s_max + 1) · η^(s_max − s) / (s_max − s + 1)⌉ (the n_i of the paper's bracket, as in
 * Optuna's trial allocation budget). Optuna picks by a CRC32 hash of study name and trial
 * number; here trial i gets the (i mod W)-th pick of a smooth weighted round-robin over
 * those weights (W their sum): deterministic from the index alone, so a resumed sweep
 * puts every trial where it was, and even a short sweep reaches every bracket early.
 */
import { ashaDecision, ashaExpectedEpochs, type HalvingOptions } from './asha';
import type { PruneDecision, PruneInput } from './curves';

export interface Bracket {
  /** s, 0 = the most aggressive. */
  bracket: number;
  /** Where its ASHA's first rung sits. */
  minEpochs: number;
  weight: number;
}

export function hyperbandBrackets(opts: HalvingOptions, maxEpochs: number): Bracket[] {
  const eta = opts.reductionFactor;
  let sMax = 0;
  while (opts.minEpochs * eta ** (sMax + 1) <= maxEpochs) sMax++;
  return Array.from({ length: sMax + 1 }, (_, s) => ({
    bracket: s,
    minEpochs: opts.minEpochs * eta ** s,
    weight: Math.ceil(((sMax + 1) * eta ** (sMax - s)) / (sMax - s + 1)),
  }));
}

/**
 * One period of the smooth weighted round-robin (nginx's): each pick adds every weight
 * to its bracket's credit and takes the largest credit (the lower bracket on a tie),
 * which then pays the total. After W picks every bracket has had exactly its weight.
 */
export function bracketCycle(brackets: readonly Bracket[]): number[] {
  const total = brackets.reduce((sum, b) => sum + b.weight, 0);
  const credit = brackets.map(() => 0);
  const cycle: number[] = [];
  for (let i = 0; i < total; i++) {
    let pick = 0;
    brackets.forEach((b, j) => {
      credit[j] += b.weight;
      if (credit[j] > credit[pick]) pick = j;
    });
    credit[pick] -= total;
    cycle.push(brackets[pick].bracket);
  }
  return cycle;
}

export function bracketOf(trialIndex: number, cycle: readonly number[]): number {
  return cycle[((trialIndex % cycle.length) + cycle.length) % cycle.length];
}

export function hyperbandDecision(input: PruneInput, opts: HalvingOptions): PruneDecision {
  const brackets = hyperbandBrackets(opts, input.maxEpochs);
  const cycle = bracketCycle(brackets);
  const mine = brackets[bracketOf(input.run.index, cycle)];
  const peers = input.peers.filter((p) => bracketOf(p.index, cycle) === mine.bracket);
  return ashaDecision({ ...input, peers }, { minEpochs: mine.minEpochs, reductionFactor: opts.reductionFactor }, `bracket ${mine.bracket}`);
}

/** Σ over brackets of ASHA's expected epochs for the trials 0..trials−1 that land in it. */
export function hyperbandExpectedEpochs(trials: number, opts: HalvingOptions, maxEpochs: number): number {
  const brackets = hyperbandBrackets(opts, maxEpochs);
  const cycle = bracketCycle(brackets);
  const counts = brackets.map(() => 0);
  for (let i = 0; i < trials; i++) counts[bracketOf(i, cycle)]++;
  return brackets.reduce((sum, b, s) => sum + ashaExpectedEpochs(counts[s], { minEpochs: b.minEpochs, reductionFactor: opts.reductionFactor }, maxEpochs), 0);
}
