/**
 * Every metric a run records, and the one type a recorded value has on its whole way
 * from the worker to the chart: the worker makes `MetricPoint`s, the scheduler stores
 * them as they are, the API sends them as they are, the renderer draws them as they are.
 *
 * When a metric is recorded is data, not a condition scattered through the code:
 * `step` metrics once per training iteration (step = iteration, from 1), `epoch` metrics
 * once per epoch (step = epoch), `run` metrics once at the end (step = last epoch).
 * Pure: the renderer imports it too.
 */
export type MetricCadence = 'step' | 'epoch' | 'run';

export const METRICS = {
  loss: { cadence: 'step', label: 'Training loss (per iteration)' },
  train_loss: { cadence: 'epoch', label: 'Training loss' },
  train_acc: { cadence: 'epoch', label: 'Training accuracy' },
  val_loss: { cadence: 'epoch', label: 'Validation loss' },
  val_acc: { cadence: 'epoch', label: 'Validation accuracy' },
  epoch_seconds: { cadence: 'epoch', label: 'Seconds per epoch' },
  /** Only with a learning-rate schedule: the rate of the epoch's last step. */
  lr: { cadence: 'epoch', label: 'Learning rate (scheduled)' },
  test_loss: { cadence: 'run', label: 'Test loss' },
  test_acc: { cadence: 'run', label: 'Test accuracy' },
  best_epoch: { cadence: 'run', label: 'Best epoch (on validation)' },
  /** The curve events (defined in analysis/curveEvents.ts); recorded only when they happened. */
  overfit_epoch: { cadence: 'run', label: 'Overfitting onset (epoch)' },
  diverged_step: { cadence: 'run', label: 'Diverged at step' },
  train_val_gap: { cadence: 'run', label: 'Train − validation accuracy gap' },
  peak_rss_mb: { cadence: 'run', label: 'Peak worker memory (MiB)' },
} as const satisfies Record<string, { cadence: MetricCadence; label: string }>;

export type MetricKey = keyof typeof METRICS;

/** Metric names as constants, so a typo is a compile error: `METRIC.valAcc` is 'val_acc'. */
export const METRIC = {
  loss: 'loss',
  trainLoss: 'train_loss',
  trainAcc: 'train_acc',
  valLoss: 'val_loss',
  valAcc: 'val_acc',
  epochSeconds: 'epoch_seconds',
  lr: 'lr',
  testLoss: 'test_loss',
  testAcc: 'test_acc',
  bestEpoch: 'best_epoch',
  overfitEpoch: 'overfit_epoch',
  divergedStep: 'diverged_step',
  trainValGap: 'train_val_gap',
  peakRssMb: 'peak_rss_mb',
} as const satisfies Record<string, MetricKey>;

/** One recorded value of one metric of one run (the run is whoever carries the point). */
export interface MetricPoint {
  key: string;
  /** Iteration for `step` metrics, epoch for the others (see METRICS). */
  step: number;
  /** null: the value was NaN or ±Infinity (a diverged run's last loss) — a gap, not a missing point. */
  value: number | null;
  /** Wall-clock milliseconds since the epoch, stamped by the worker. */
  time: number;
}

/** The one place a computed number becomes a recorded one: JSON and SQLite have no NaN. */
export function metricValue(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

export function cadenceOf(key: string): MetricCadence {
  return Object.hasOwn(METRICS, key) ? METRICS[key as MetricKey].cadence : 'epoch';
}

/** Whether a batch of points changes per-epoch figures (tables), not only per-step curves. */
export function changesEpochFigures(points: readonly Pick<MetricPoint, 'key'>[]): boolean {
  return points.some((p) => cadenceOf(p.key) !== 'step');
}
