/**
 * The worker protocol: what the scheduler and a trial's worker process say to each
 * other. The same messages travel over child_process IPC (CLI, browser mode) and over
 * Electron's utilityProcess port (desktop app), and later to a remote worker.
 */
import type { MetricPoint } from '../api/metrics';
import type { Frame } from '../frames/types';
import type { EpochMetrics } from '../engine/trainLoop';
import type { RunEnv } from '../store/types';
import type { TrialConfig } from '../sweep/configSchema';

export type { MetricPoint };

/** What a run trained on, as the worker loaded it; stored as the run's `dataset`. */
export interface RunDataset {
  name: string;
  source: string;
  note?: string;
  train: number;
  val: number;
  test: number;
  stepsPerEpoch: number;
}

export interface TrialProgress {
  epoch: number;
  epochs: number;
  /** Global step (iteration) just finished, and the run's total. */
  step: number;
  steps: number;
  /** The last step's loss; null before the first step, or when it was not a number. */
  loss: number | null;
}

export interface ArtifactInfo {
  kind: string;
  /** Relative to the artifacts folder. */
  path: string;
  bytes: number;
}

export interface TrialResult {
  epochs: EpochMetrics[];
  bestEpoch: number | null;
  /** Null when the data set has no test rows. */
  test: { loss: number; accuracy: number } | null;
  artifacts: ArtifactInfo[];
}

/**
 * Start one trial (a worker runs one at a time, as many as it is given), answer the
 * pruner's question about an epoch end, or leave.
 */
export type ToWorker = StartTrial | PruneAnswer | { type: 'stop' };

/** After `epoch-end`: go on with the next epoch, or stop the trial here (it is pruned). */
export interface PruneAnswer {
  type: 'decision';
  runId: number;
  epoch: number;
  stop: boolean;
}

export interface StartTrial {
  type: 'start';
  runId: number;
  trial: TrialConfig;
  /** Where the worker writes this run's files (weights …). */
  artifactsDir: string;
  /** A user-configured Fashion-MNIST folder, if any. */
  dataDir?: string;
  /**
   * The sweep has a pruner: at every epoch end (its points sent), say `epoch-end` and
   * wait for the `decision` before training on. Waiting keeps a pruned run exactly at
   * the epoch it was judged on; the round trip costs well under a millisecond an epoch.
   */
  pruning?: boolean;
}

export type FromWorker =
  | { type: 'started'; runId: number; env: RunEnv; dataset: RunDataset }
  | { type: 'metrics'; runId: number; points: MetricPoint[]; progress: TrialProgress }
  /** Snapshots captured since the last batch (frames/types.ts), sent with the same 200 ms batches as the points. */
  | { type: 'frames'; runId: number; frames: Frame[] }
  | { type: 'finished'; runId: number; result: TrialResult }
  /** Only with `pruning`: every point up to the end of `epoch` has been sent; waiting for a decision. */
  | { type: 'epoch-end'; runId: number; epoch: number }
  /** Stopped after `epoch` as decided: its curves are kept, no test figures and no weights. */
  | { type: 'pruned'; runId: number; epoch: number }
  /** `code`: DIVERGED, BACKEND_UNAVAILABLE, an errno (ENOSPC…), or TRIAL_FAILED. */
  | { type: 'failed'; runId: number; code: string; message: string };

