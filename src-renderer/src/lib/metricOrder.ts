/** The order a run's metrics are listed in, as a report reads them: validation first, test, training, the rest. */
import type { MetricKey } from '../shared';

export const METRIC_ORDER: readonly MetricKey[] = ['val_acc', 'val_loss', 'test_acc', 'test_loss', 'train_acc', 'train_loss', 'loss', 'best_epoch', 'overfit_epoch', 'diverged_step', 'train_val_gap', 'epoch_seconds', 'lr', 'peak_rss_mb'];

/** Known metrics in METRIC_ORDER, any others after them alphabetically. */
export function sortMetricKeys(keys: Iterable<string>): string[] {
  const rank = (k: string) => {
    const i = (METRIC_ORDER as readonly string[]).indexOf(k);
    return i < 0 ? METRIC_ORDER.length : i;
  };
  return [...keys].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** Accuracies (a fraction, shown as a percentage): `val_acc`, `test_acc`, …, and `train_val_gap`, a difference of two. */
export const isAccuracy = (key: string): boolean => key.endsWith('_acc') || key === 'train_val_gap';
