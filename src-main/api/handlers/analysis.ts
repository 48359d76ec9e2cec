/** Analysis: which parameters mattered (fANOVA importance), with the trials the views draw. */
import { importanceReport } from '../../analysis/report';
import type { ImportanceReport } from '../contract';
import type { Handlers } from '../context';
import { schemas } from '../schemas';
import { loadTunerView } from '../tunerView';

/**
 * The last report of each recently asked sweep, by what it was computed from: the sweep
 * page asks again on every reload, and a forest over a thousand trials is worth keeping
 * until a trial's status or value changes.
 */
const recent = new Map<number, { signature: string; report: ImportanceReport }>();
const KEEP = 16;

export const analysisHandlers = {
  importance: {
    input: schemas.importance,
    run: (ctx, { sweepId }) => {
      // The tuner's view already holds each trial's objective as the search ranks it.
      const view = loadTunerView(ctx.store, sweepId);
      const sweep = ctx.store.sweeps.get(sweepId)!;
      const trials = view.trials.map(({ runId, trialIndex, status, params, value }) => ({ runId, trialIndex, status, params, value }));
      const signature = `${sweep.createdAt}|${trials.map((t) => `${t.runId}:${t.status}:${t.value}`).join(',')}`;
      const hit = recent.get(sweepId);
      if (hit?.signature === signature) return hit.report;
      const report = importanceReport(sweepId, sweep.config, trials);
      recent.delete(sweepId);
      recent.set(sweepId, { signature, report });
      if (recent.size > KEEP) recent.delete(recent.keys().next().value!);
      return report;
    },
  },
} satisfies Handlers<'importance'>;
