/**
 * Runs taken back by a queue coordinator (cluster/jobRouter.ts). A coordinator that comes back (`--resume`) after dying mid-sweep takes over the jobs
 * its predecessor left on the queue: their workers kept training, and what they sent
 * waits in the sweep's result stream. Without this, the resume would run those trials
 * again from scratch and a trial's points would be split across two runs.
 *
 * By the time the scheduler runs, the store has already been tidied for a resume: the
 * dead coordinator's `running` runs were marked interrupted, and each got a fresh queued
 * attempt. For a run whose job is still known to Redis, that is undone here, in one
 * transaction: the fresh attempt (queued, nothing recorded) is deleted and the run goes
 * back to `queued`, so the scheduler hands it out again and its lane picks up the job's
 * messages after the last one acknowledged.
 *
 * Apart from runRepository.ts because only the queue executor may reopen a run; it
 * touches nothing but these rows.
 */
import type { Store } from './store';
import type { RunRecord } from './types';

export interface Adopted {
  jobId: string;
  run: RunRecord;
}

/**
 * Reopens the runs of `jobs` (job id → run id) that a resume marked interrupted; returns
 * them, and the job ids that belong to runs already settled (their leftovers are dropped).
 */
export function reopenForAdoption(store: Store, sweepId: number, jobs: Map<string, number>): { adopted: Adopted[]; settled: string[] } {
  const reopen = store.db.prepare<[number]>(`UPDATE runs SET status = 'queued', error = NULL, error_code = NULL, finished_at = NULL WHERE id = ? AND status IN ('interrupted', 'running')`);
  const laterQueued = store.db.prepare<[number, number, number], { id: number }>(
    `SELECT id FROM runs WHERE sweep_id = ? AND trial_index = ? AND attempt > ? AND status = 'queued' AND started_at IS NULL`,
  );
  const laterOther = store.db.prepare<[number, number, number], number>(`SELECT count(*) FROM runs WHERE sweep_id = ? AND trial_index = ? AND attempt > ? AND status != 'queued'`).pluck();
  const remove = store.db.prepare<[number]>(`DELETE FROM runs WHERE id = ? AND status = 'queued'`);
  return store.db.transaction(() => {
    const adopted: Adopted[] = [];
    const settled: string[] = [];
    for (const [jobId, runId] of jobs) {
      const run = store.runs.get(runId);
      const open = run !== null && run.sweepId === sweepId && (run.status === 'interrupted' || run.status === 'running' || run.status === 'queued');
      // A later attempt that already ran (or runs) means this job is history.
      if (!open || laterOther.get(sweepId, run.trialIndex, run.attempt)! > 0) {
        settled.push(jobId);
        continue;
      }
      for (const later of laterQueued.all(sweepId, run.trialIndex, run.attempt)) remove.run(later.id);
      reopen.run(run.id);
      adopted.push({ jobId, run });
    }
    return { adopted, settled };
  }).immediate();
}
