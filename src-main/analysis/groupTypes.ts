/**
 * The group statistics' DTOs: runs grouped by configuration (replicates over seeds) or by
 * one parameter, each group's n, mean, sample standard deviation and Student-t 95 %
 * interval per metric, and Welch's t-test of every group against the best. Types only:
 * groups.ts computes them (pure, the renderer imports it too), the CLI, the exports and
 * the GUI print them.
 */

/** `config`: every swept value except the training seed, so replicates of one configuration meet. */
export type GroupBy = { kind: 'config' } | { kind: 'param'; key: string };

export interface Interval {
  low: number;
  high: number;
}

/** One metric over a group's counted runs (finite values only). */
export interface MetricSummary {
  /** How many runs gave a finite value. */
  n: number;
  mean: number | null;
  /** Sample standard deviation (divisor n − 1); null when n < 2. */
  std: number | null;
  /** mean ± t(0.975, n − 1) · std / √n; null when n < 2. */
  ci95: Interval | null;
}

/**
 * A group against the best group on the objective (Welch's two-sided t-test, α = 0.05):
 * - `best`: this is the best group;
 * - `better`: the best group is better than this one (p < α);
 * - `indistinguishable`: p ≥ α, this group may be as good as the best;
 * - `too-few`: either group has fewer than MIN_REPLICATES counted runs, no test is made.
 */
export type Verdict = 'best' | 'better' | 'indistinguishable' | 'too-few';

export interface Comparison {
  verdict: Verdict;
  /** Two-sided p-value of Welch's t-test; null for `best` and `too-few`. */
  p: number | null;
  /** mean(best) − mean(this), on the objective's own scale; null for `best` and `too-few`. */
  difference: number | null;
  /** Welch 95 % interval of that difference. */
  ci95: Interval | null;
  /** Welch–Satterthwaite degrees of freedom and the t statistic. */
  df: number | null;
  t: number | null;
}

/** What a run must carry to be grouped: RunRecord fits. */
export interface GroupableRun {
  id: number;
  trialIndex: number;
  status: string;
  seed: number;
  params: Record<string, unknown>;
  metrics: Record<string, number | null | undefined>;
  /** Trial index of the configuration this run replicates (`sweeplab confirm`); null/absent for the search's own trials. */
  replicateOf?: number | null;
}

export interface RunGroup {
  /** Stable id of the group: canonical JSON of `params`. */
  key: string;
  /** `lr=0.01, hidden=10` (the defining values, as run labels write them: shared/runLabel.ts), or `(all runs)` for no values. */
  label: string;
  /** The values that define the group: every swept key but `train.seed` (config), or `{ key: value }` (param). */
  params: Record<string, unknown>;
  /** Every current run in the group, in the order given. */
  runIds: number[];
  /** The runs the statistics count: completed ones, less `selectionRunIds`. */
  counted: number[];
  /**
   * Search runs of a configuration that has replicates: the configuration was picked
   * *because* of their score, so counting them would bias its mean upwards (the winner's
   * curse). Listed, not counted.
   */
  selectionRunIds: number[];
  metrics: Record<string, MetricSummary>;
  /** Against the best group on the objective; null when no group has a value. */
  comparison: Comparison | null;
}

export interface GroupReport {
  by: GroupBy;
  objective: { metric: string; direction: 'maximize' | 'minimize' };
  /** The significance level of the verdicts (0.05). */
  alpha: number;
  /** Below this many counted runs in either group, a comparison says `too-few`. */
  minReplicates: number;
  /** The metric keys summarised, in column order. */
  metrics: string[];
  /** Best first (the best group), then by objective mean (better first), groups without a value last. */
  groups: RunGroup[];
  /** The best group's key: best objective mean among groups with ≥ minReplicates counted runs, else among all; null when none has a value. */
  bestKey: string | null;
}

/** One point of a group's per-epoch band: mean and t-interval over the runs that reached `step`. */
export interface BandPoint {
  step: number;
  n: number;
  mean: number;
  /** null when n < 2. */
  low: number | null;
  high: number | null;
}
