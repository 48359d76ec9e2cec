/**
 * Confirming a sweep's result (`sweeplab confirm`, the GUI's Confirm button): the `top`
 * best configurations, chosen on validation, are trained again with `seeds` fresh
 * training seeds each. One lucky seed can put a configuration on top; its replicates say
 * whether it stays there, and how far apart its runs land.
 *
 * Replicates join the same sweep as ordinary queued runs with new trial indexes, each
 * naming the search trial it repeats (`replicateOf`), so tables, charts and group
 * statistics show them beside the search. They are outside the search itself: the tuner
 * skips them (tuner.ts), the scheduler neither stops them for a spent budget nor prunes
 * them (scheduler.ts, lanes.ts).
 */
import { configKey, SEED_KEY } from '../analysis/groups';
import { createRng } from '../engine/random';
import { rankOnValidation } from '../shared/validationChoice';
import { processIdentity } from '../store/liveness';
import type { Store } from '../store/store';
import type { NewTrial, RunRecord, SweepRecord } from '../store/types';
import { SweepOwnedError } from './scheduler';
import { SweepNotFoundError } from './sweepService';
import { isSearchRun } from './tuner';

/** A confirmation this sweep cannot have now; `code` is what the API answers. */
export class ConfirmRefused extends Error {
  constructor(
    readonly code: 'BAD_INPUT' | 'CONFLICT',
    message: string,
  ) {
    super(message);
    this.name = 'ConfirmRefused';
  }
}

export interface ConfirmRequest {
  /** How many configurations, best first on validation (fewer when the sweep has fewer). */
  top: number;
  /** Fresh training seeds per configuration. */
  seeds: number;
}

export interface ConfirmPlan {
  sweep: SweepRecord;
  /** Replicates queued: `seeds` × `configurations`. */
  queued: number;
  configurations: number;
}

/** Fresh seeds are drawn from [1, SEED_SPACE): short enough to read in a table. */
const SEED_SPACE = 1_000_000;

/**
 * The best search run of each of the `top` best configurations: the search's completed
 * runs ranked on validation (the one rule, validationChoice.ts), a configuration (the
 * swept values less the training seed: the group statistics' rule, analysis/groups.ts)
 * taken the first time it comes up. Replicates do not take part: ranking on them would
 * choose a configuration again because it was chosen before.
 */
export function chooseConfigurations(runs: readonly RunRecord[], sweptKeys: readonly string[], top: number): RunRecord[] {
  const chosen = new Map<string, RunRecord>();
  for (const r of rankOnValidation(runs.filter(isSearchRun))) {
    if (chosen.size >= top) break;
    const key = configKey(r.params, sweptKeys);
    if (!chosen.has(key)) chosen.set(key, r);
  }
  return [...chosen.values()];
}

/**
 * The seed of replicate `replicate` (1, 2, …) of search trial `source`: fixed by the
 * sweep's search seed, so confirming the same sweep twice in two databases gives the
 * same seeds; a second confirmation continues the numbering, so it draws new ones.
 */
export function replicateSeed(searchSeed: number, source: number, replicate: number): number {
  let h = Math.imul((searchSeed >>> 0) ^ 0x7f4a7c15, 0x9e3779b1) >>> 0;
  h = Math.imul(h ^ (h >>> 15) ^ (source >>> 0), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13) ^ (replicate >>> 0), 0xc2b2ae35) >>> 0;
  return 1 + createRng(h).int(SEED_SPACE - 1);
}

/**
 * Queues the replicates of sweep `sweepId`'s `top` best configurations, `seeds` each,
 * in one immediate transaction that also makes this process the sweep's owner (or
 * throws SweepOwnedError): all or nothing, and never beside another process running it.
 * Release the sweep if you then do not run it. Replicates come round-robin (replicate 1
 * of every configuration, then replicate 2, …), so a confirmation cut short still has
 * some of each configuration.
 */
export function prepareConfirm(store: Store, sweepId: number, req: ConfirmRequest): ConfirmPlan {
  for (const [name, n] of Object.entries(req))
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`confirm: ${name} must be a positive integer, got ${String(n)}`);
  return store.db.transaction((): ConfirmPlan => {
    const sweep = store.sweeps.get(sweepId);
    if (!sweep) throw new SweepNotFoundError(`no sweep with id ${sweepId}`);
    const claim = store.sweeps.claim(sweepId, processIdentity());
    if (!claim.ok) throw new SweepOwnedError(sweepId, claim.owner);
    if (sweep.status === 'running') throw new ConfirmRefused('CONFLICT', `sweep ${sweepId} is running; confirm its best configurations once it has finished`);

    const current = store.runs.list({ sweepId });
    const sweptKeys = Object.keys(sweep.config.search.params);
    const chosen = chooseConfigurations(current, sweptKeys, req.top);
    if (!chosen.length)
      throw new ConfirmRefused('BAD_INPUT', `nothing to confirm: sweep ${sweepId} has no completed run with a validation accuracy (val_acc)`);
    // The scheduler runs every queued run: a confirmation must not quietly finish the search too.
    const waiting = current.filter((r) => isSearchRun(r) && r.status === 'queued').length;
    if (waiting)
      throw new ConfirmRefused('CONFLICT', `sweep ${sweepId} still has ${waiting} queued trial(s) of its search: finish it first (sweeplab sweep --resume ${sweepId}), then confirm`);

    const every = store.runs.list({ sweepId, includeSuperseded: true });
    const used = new Set(every.flatMap((r) => [r.seed, r.config.train.seed]));
    let next = Math.max(...every.map((r) => r.trialIndex)) + 1;
    const seedSwept = sweptKeys.includes(SEED_KEY);
    // Numbered after the replicates each already has, so a second confirmation draws new seeds.
    const earlier = new Map(chosen.map((s) => [s.trialIndex, current.filter((r) => r.replicateOf === s.trialIndex).length]));
    const trials: NewTrial[] = [];
    for (let j = 0; j < req.seeds; j++)
      for (const source of chosen) {
        let seed = replicateSeed(sweep.config.search.seed, source.trialIndex, earlier.get(source.trialIndex)! + j + 1);
        while (used.has(seed)) seed = (seed % (SEED_SPACE - 1)) + 1;
        used.add(seed);
        const config = structuredClone(source.config);
        config.train.seed = seed;
        trials.push({
          trialIndex: next++,
          params: seedSwept ? { ...source.params, [SEED_KEY]: seed } : { ...source.params },
          config,
          seed,
          replicateOf: source.trialIndex,
        });
      }
    store.runs.createQueued(sweepId, trials);
    return { sweep, queued: trials.length, configurations: chosen.length };
  }).immediate();
}
