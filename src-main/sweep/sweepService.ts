/**
 * Creating and resuming sweeps: the operations the CLI and the API share. A sweep's
 * validated config is stored with it, so resuming needs nothing but its id or name.
 */
import os from 'node:os';
import type { Store } from '../store/store';
import type { SweepRecord } from '../store/types';
import type { SweepConfig } from './configSchema';
import { expandTrials } from './searchSpace';

export class SweepNotFoundError extends Error {
  readonly code = 'NOT_FOUND';
}

/** Records a sweep and one queued run per trial, in one go. */
export function createSweep(store: Store, config: SweepConfig): { sweep: SweepRecord; trials: number } {
  const trials = expandTrials(config);
  const sweep = store.db.transaction(() => {
    const s = store.sweeps.create({ name: config.name, config });
    store.runs.createQueued(
      s.id,
      trials.map((t) => ({ trialIndex: t.index, params: t.params, config: t.config, seed: t.config.train.seed })),
    );
    return s;
  })();
  return { sweep, trials: trials.length };
}

/**
 * Makes a sweep ready to run again: every trial whose latest attempt did not complete
 * gets a fresh queued attempt (queued ones are reused); finished work is untouched.
 * Returns how many runs are queued.
 */
export function prepareResume(store: Store, ref: string): { sweep: SweepRecord; queued: number } {
  const sweep = store.sweeps.resolve(ref);
  if (!sweep) throw new SweepNotFoundError(`no sweep with id or name "${ref}"`);
  const remaining = store.runs.remainingTrials(sweep.id);
  store.db.transaction(() => {
    const retry = remaining.filter((r) => r.status !== 'queued');
    if (retry.length)
      store.runs.createQueued(
        sweep.id,
        retry.map((r) => ({ trialIndex: r.trialIndex, params: r.params, config: r.config, seed: r.seed, attempt: r.attempt + 1 })),
      );
  })();
  return { sweep, queued: remaining.length };
}

export function defaultConcurrency(config: Pick<SweepConfig, 'concurrency'>): number {
  return config.concurrency ?? Math.max(1, os.availableParallelism());
}
