/**
 * A recorded run as the report code sees it. Pure (types only), so the exporters and the
 * renderer's comparison table build their rows from the same fields.
 */
import type { RunRecord } from '../store/types';
import type { ReportRun } from './types';

export function toReportRun(r: RunRecord): ReportRun {
  const m = r.metrics;
  return {
    id: r.id,
    trialIndex: r.trialIndex,
    status: r.status,
    params: r.params,
    metrics: {
      train_loss: m.train_loss,
      train_acc: m.train_acc,
      val_loss: m.val_loss,
      val_acc: m.val_acc,
      test_loss: m.test_loss,
      test_acc: m.test_acc,
      best_epoch: m.best_epoch,
      overfit_epoch: m.overfit_epoch,
      diverged_step: m.diverged_step,
      train_val_gap: m.train_val_gap,
    },
    durationMs: r.startedAt !== null && r.finishedAt !== null ? r.finishedAt - r.startedAt : null,
    engine: r.engine ?? undefined,
    backend: r.backend ?? undefined,
    gpu: r.gpu ?? undefined,
    worker: r.worker ?? undefined,
  };
}
