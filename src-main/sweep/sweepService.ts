/**
 * Creating and resuming sweeps: the operations the CLI and the API share. A sweep's
 * validated config is stored with it, so resuming needs nothing but its id or name.
 */
import os from 'node:os';
import { processIdentity } from '../store/liveness';
import { retryBusy } from '../store/storeErrors';
import type { Store } from '../store/store';
import type { SweepRecord } from '../store/types';
import { ADAPTIVE_STRATEGIES, type SweepConfig } from './configSchema';
import { chooseConcurrency } from './limits';
import { SweepOwnedError } from './scheduler';
import { isSearchRun, SweepSearch } from './tuner';
import { countTrials, expandTrials } from './searchSpace';

export class SweepNotFoundError extends Error {
  readonly code = 'NOT_FOUND';
}

/**
 * Records a sweep and one queued run per trial, in one go, owned by this process. A
 * TPE or GP search has no trials yet (they are proposed as it runs): `trials` counts the
 * most it will have.
 */
export function createSweep(store: Store, config: SweepConfig): { sweep: SweepRecord; trials: number } {
  const trials = expandTrials(config);
  const sweep = store.db.transaction(() => {
    const s = store.sweeps.create({ name: config.name, config });
    store.sweeps.claim(s.id, processIdentity());
    store.runs.createQueued(
      s.id,
      trials.map((t) => ({ trialIndex: t.index, params: t.params, config: t.config, seed: t.config.train.seed })),
    );
    return s;
  })();
  return { sweep, trials: ADAPTIVE_STRATEGIES.includes(config.search.strategy) ? countTrials(config) : trials.length };
}

/**
 * Makes a sweep ready to run again: every trial whose latest attempt did not complete
 * gets a fresh queued attempt (queued ones are reused; a replicate stays a replicate of
 * the same trial); finished work is untouched.
 * Returns how many trials are left: the runs queued, plus the trials an adaptive search has yet to propose.
 *
 * This process becomes the sweep's owner in the same transaction, or the call throws
 * SweepOwnedError: two processes resuming one sweep at once cannot both win, and runs
 * still `running` can only be leftovers (a crash, a full disk) of this process or a dead
 * one, so they are interrupted here. Release the sweep if you then do not run it.
 */
export function prepareResume(store: Store, ref: string): { sweep: SweepRecord; queued: number } {
  const sweep = store.sweeps.resolve(ref);
  if (!sweep) throw new SweepNotFoundError(`no sweep with id or name "${ref}"`);
  const queued = store.db.transaction(() => {
    const claim = store.sweeps.claim(sweep.id, processIdentity());
    if (!claim.ok) throw new SweepOwnedError(sweep.id, claim.owner);
    store.runs.interruptLeftovers(sweep.id);
    // A spent budget stays spent: none of the search's trials is queued again (those it
    // cancelled included). Replicates (`confirm`) are outside the search and its budget.
    const spent = Boolean(sweep.config.search.budget && SweepSearch.load(store, sweep.id, sweep.config).budgetSpent());
    const remaining = store.runs.remainingTrials(sweep.id).filter((r) => !spent || !isSearchRun(r));
    const retry = remaining.filter((r) => r.status !== 'queued');
    if (retry.length)
      store.runs.createQueued(
        sweep.id,
        retry.map((r) => ({
          trialIndex: r.trialIndex,
          params: r.params,
          config: r.config,
          seed: r.seed,
          attempt: r.attempt + 1,
          ...(r.replicateOf === null ? {} : { replicateOf: r.replicateOf }),
        })),
      );
    // An adaptive search also has the trials it has not proposed yet (its budget may end it sooner).
    const proposed = store.runs.list({ sweepId: sweep.id }).filter(isSearchRun).length;
    const unproposed = !spent && ADAPTIVE_STRATEGIES.includes(sweep.config.search.strategy) ? Math.max(0, countTrials(sweep.config) - proposed) : 0;
    return remaining.length + unproposed;
  }).immediate();
  return { sweep, queued };
}

/**
 * Deletes a sweep without holding the database for long: its metric points go in
 * chunks of `chunkRows`, one short transaction each with the event loop free in between
 * (8 million points would otherwise lock every other writer out for seconds), then the
 * rows that are left go in one small transaction. This process owns the sweep meanwhile,
 * so nobody resumes what is half gone. Returns the artifact paths to remove.
 */
export async function deleteSweepGradually(store: Store, id: number, opts: { chunkRows?: number; between?: () => void } = {}): Promise<string[]> {
  const me = processIdentity();
  const claim = await retryBusy(() => store.sweeps.claim(id, me));
  if (!claim.ok) throw new SweepOwnedError(id, claim.owner);
  const chunk = opts.chunkRows ?? 20_000;
  while ((await retryBusy(() => store.sweeps.deleteMetricsChunk(id, chunk))) > 0) {
    opts.between?.();
    await new Promise((r) => setImmediate(r));
  }
  return retryBusy(() => store.sweeps.delete(id));
}

/** Trials at once when no Settings are known yet (chooseConcurrency in limits.ts). */
export function defaultConcurrency(config: Pick<SweepConfig, 'concurrency'>): number {
  return chooseConcurrency({ config: config.concurrency, cores: os.availableParallelism() });
}
