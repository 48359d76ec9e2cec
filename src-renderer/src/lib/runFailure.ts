/**
 * What a failed run's `errorCode` means to a person: a word for the runs table's status
 * cell ("diverged" rather than a bare "failed") and a headline for the run view, both
 * next to the recorded message, which says the rest (`diverged at step 812 (epoch 3): …
 * is the learning rate too large?`). A code not listed reads as a plain failure.
 *
 * A pruned run is no failure: its `error` column holds the tuner's reason for stopping it
 * early, shown as a neutral note (`prunedNote`), never in the red of an error.
 */
import type { RunRecord } from '../shared';

export interface RunFailure {
  /** Short, for a status badge: `diverged`, `disk full`, … or `failed`. */
  word: string;
  headline: string;
  /** The recorded error message, null when none was. */
  message: string | null;
}

const KNOWN: Record<string, Pick<RunFailure, 'word' | 'headline'>> = {
  DIVERGED: { word: 'diverged', headline: 'This run diverged: training stopped once the loss blew up.' },
  WORKER_EXITED: { word: 'crashed', headline: 'The process training this run exited before it finished.' },
  ENOSPC: { word: 'disk full', headline: 'This run stopped: the disk is full.' },
  BACKEND_UNAVAILABLE: { word: 'no backend', headline: 'This run could not start: the compute backend it asked for is not available.' },
};

const GENERIC = { word: 'failed', headline: 'This run failed.' };

/** Why a tuner stopped a pruned run early; null for any other status. */
export function prunedNote(run: Pick<RunRecord, 'status' | 'error'>): string | null {
  if (run.status !== 'pruned') return null;
  return run.error ?? 'A tuner stopped this run early: it trailed the other trials.';
}

/** The failure of a failed run; null for any other status. */
export function runFailure(run: Pick<RunRecord, 'status' | 'error' | 'errorCode'>): RunFailure | null {
  if (run.status !== 'failed') return null;
  const known = run.errorCode !== null && Object.hasOwn(KNOWN, run.errorCode) ? KNOWN[run.errorCode] : GENERIC;
  return { ...known, message: run.error };
}
