/**
 * Neutral shapes the report exporters work on. They carry no database or IPC types,
 * so the CLI, the main process and (for charts) the renderer can all feed them.
 */

export type MetricKey =
  | 'train_loss' | 'train_acc' | 'val_loss' | 'val_acc' | 'test_loss' | 'test_acc'
  // The curve events (analysis/curveEvents.ts).
  | 'best_epoch' | 'overfit_epoch' | 'diverged_step' | 'train_val_gap';

export interface ReportRun {
  id: number;
  trialIndex: number;
  /** queued | running | completed | pruned | failed | cancelled | interrupted (a pruned run is listed, never ranked best) */
  status: string;
  /** Swept params by dotted key, e.g. {'train.lr': 0.01, 'model.hidden': [10]}. */
  params: Record<string, unknown>;
  metrics: Partial<Record<MetricKey, number | null>>;
  durationMs: number | null;
  engine?: string;
  backend?: string;
  gpu?: boolean;
  /** The queue worker that trained it (RunRecord.worker); absent: this machine. */
  worker?: string;
}

export interface CurvePoint {
  x: number;
  y: number;
}

export interface RunCurve {
  runId: number;
  label: string;
  points: CurvePoint[];
}

/**
 * What a column holds decides how every format prints it: losses and accuracies are
 * rounded for reading and ranked for "best", params print compactly, and the CSV
 * ignores all of that and writes the raw value.
 */
export type ColumnKind = 'run' | 'status' | 'backend' | 'worker' | 'param' | 'loss' | 'accuracy' | 'epoch' | 'step' | 'duration';

export interface RunTableColumn {
  /** Stable identifier: `run`, `status`, the swept key, a metric key or `duration_s`. */
  key: string;
  /** Text for the header row (the swept key itself for params). */
  header: string;
  kind: ColumnKind;
  /** True when every non-empty cell is a number or layer sizes: formats right-align these. */
  numeric: boolean;
  /** How "best" is ranked for metric columns; absent where nothing is ranked. */
  better?: 'higher' | 'lower';
}

/** Raw cell value: numbers keep full precision; arrays are already joined (`64-32`). */
export type RunTableCell = string | number | boolean | null;

export interface RunTable {
  columns: RunTableColumn[];
  /** One row per run, in the order the runs were given; cells align with `columns`. */
  rows: RunTableCell[][];
  /**
   * Column key → indices of the rows holding the best value, ranked over completed
   * runs only. Several indices mean a tie; every tied row is marked best.
   */
  best: Record<string, number[]>;
}

/** One report file, written whole (under a temporary name, then renamed into place). */
export interface WrittenFile {
  name: string;
  path: string;
}
