/**
 * The worker protocol: what the scheduler and a trial's worker process say to each
 * other. The same messages travel over child_process IPC (CLI, browser mode) and over
 * Electron's utilityProcess port (desktop app), and later to a remote worker.
 */
import type { EpochMetrics } from '../engine/trainLoop';
import type { RunEnv } from '../store/types';
import type { TrialConfig } from '../sweep/configSchema';

export interface MetricPoint {
  key: string;
  step: number;
  value: number;
  /** Wall-clock milliseconds since the epoch. */
  time: number;
}

/** What a run was executed with; the store records it as the run's environment. */
export type RunEnvironment = RunEnv;

export interface DatasetInfo {
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
  loss: number;
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

/** Start one trial (a worker runs one at a time, as many as it is given), or leave. */
export type ToWorker = StartTrial | { type: 'stop' };

export interface StartTrial {
  type: 'start';
  runId: number;
  trial: TrialConfig;
  /** Where the worker writes this run's files (weights …). */
  artifactsDir: string;
  /** A user-configured Fashion-MNIST folder, if any. */
  dataDir?: string;
}

export type FromWorker =
  | { type: 'started'; runId: number; env: RunEnvironment; dataset: DatasetInfo }
  | { type: 'metrics'; runId: number; points: MetricPoint[]; progress: TrialProgress }
  | { type: 'finished'; runId: number; result: TrialResult }
  | { type: 'failed'; runId: number; code: string; message: string };

/** Metric keys, named once. Per-step: loss. Per-epoch: the rest (step = epoch). */
export const METRIC = {
  loss: 'loss',
  trainLoss: 'train_loss',
  trainAcc: 'train_acc',
  valLoss: 'val_loss',
  valAcc: 'val_acc',
  testLoss: 'test_loss',
  testAcc: 'test_acc',
  bestEpoch: 'best_epoch',
  epochSeconds: 'epoch_seconds',
  peakRssMb: 'peak_rss_mb',
} as const;
