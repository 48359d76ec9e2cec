/**
 * The run a sweep presents as its result, and the order "best first" means: completed
 * runs by validation accuracy, then validation loss, then id. Chosen on validation only:
 * picking on test would leak the test set into model selection and overstate the
 * reported accuracy. One rule for the API (`SweepDetail.bestRunId`), the exports, the CLI
 * and the GUI (the ★ in the runs table, "Best 5", the runs charted by default).
 * Pure: the renderer imports it too.
 */

/** What the choice looks at; ReportRun and RunRecord both fit. */
export interface ValidationCandidate {
  id: number;
  status: string;
  metrics: { val_acc?: number | null; val_loss?: number | null };
}

/** A finite number, or null: NaN/Infinity from a diverged run must never rank as best. */
function finite(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Whether a run takes part: completed (a failed run's lucky early metric is no result) with a validation accuracy. */
export function isRankedOnValidation(r: ValidationCandidate): boolean {
  return r.status === 'completed' && finite(r.metrics.val_acc) !== null;
}

/** Negative when `a` is the better run: higher val_acc, then lower val_loss, then lower id. */
export function compareOnValidation(a: ValidationCandidate, b: ValidationCandidate): number {
  const accA = finite(a.metrics.val_acc) ?? -Infinity;
  const accB = finite(b.metrics.val_acc) ?? -Infinity;
  if (accA !== accB) return accB - accA;
  // A run without a validation loss loses the tie-break rather than winning it.
  const lossA = finite(a.metrics.val_loss) ?? Infinity;
  const lossB = finite(b.metrics.val_loss) ?? Infinity;
  if (lossA !== lossB) return lossA < lossB ? -1 : 1;
  return a.id - b.id;
}

/** The runs that take part, best first. */
export function rankOnValidation<R extends ValidationCandidate>(runs: readonly R[]): R[] {
  return runs.filter(isRankedOnValidation).sort(compareOnValidation);
}

/** The run a report presents as the result; null until a completed run has a validation accuracy. */
export function chooseBestRun<R extends ValidationCandidate>(runs: readonly R[]): R | null {
  let best: R | null = null;
  for (const r of runs) if (isRankedOnValidation(r) && (best === null || compareOnValidation(r, best) < 0)) best = r;
  return best;
}
