/**
 * The records the store hands out. Rows are translated once, here at the edge of the
 * database: camelCase names, JSON columns parsed, 0/1 turned into booleans, times as
 * integer milliseconds since the epoch (null until the event happens). Records are plain
 * data, so they cross IPC and HTTP unchanged.
 */
import type { SweepConfig, TrialConfig } from '../sweep/configSchema';

export const SWEEP_STATUSES = ['queued', 'running', 'completed', 'failed', 'cancelled', 'interrupted'] as const;
export type SweepStatus = (typeof SWEEP_STATUSES)[number];

/**
 * `pruned`: a tuner stopped the trial early, at an epoch end, because it was doing worse
 * than its peers. It is a finished outcome like `completed` (its curves are kept, resume
 * does not run it again), not a failure; `error` holds the pruner's reason.
 */
export const RUN_STATUSES = ['queued', 'running', 'completed', 'pruned', 'failed', 'cancelled', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
/** The statuses a run can end in: what `runs.finish` accepts. */
export type FinalRunStatus = Exclude<RunStatus, 'queued' | 'running'>;

export interface SweepRecord {
  id: number;
  name: string;
  /** The validated config the sweep was launched with (defaults filled in). */
  config: SweepConfig;
  status: SweepStatus;
  createdAt: number;
  /** First time the sweep became `running`; kept when a sweep is resumed. */
  startedAt: number | null;
  /** Last time it stopped (completed, cancelled or interrupted); null while it runs. */
  finishedAt: number | null;
  /** What a person wrote about it (v5); null when nothing. */
  note: string | null;
  tags: string[];
  starred: boolean;
}

/** What a person may change on a sweep or a run; absent fields are left as they are. */
export interface Annotations {
  /** Runs only: null goes back to the default label. Sweeps: a new name (never null). */
  name?: string | null;
  note?: string | null;
  tags?: string[];
  starred?: boolean;
}

/** One line of the sweeps table. Counts cover current runs (latest attempt of each trial). */
export interface SweepSummary {
  id: number;
  name: string;
  status: SweepStatus;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  /** Number of trials (= number of current runs). */
  trials: number;
  counts: Record<RunStatus, number>;
  /** Highest final `val_acc` among current completed runs (a pruned run's early value is no result); null if none has one. */
  bestValAcc: number | null;
  note: string | null;
  tags: string[];
  starred: boolean;
}

/** What a run was executed with, recorded when it starts so results can be explained later. */
export interface RunEnv {
  engine: string;
  /** The TensorFlow.js backend actually used (`tensorflow`, `wasm`, `cpu`), or `scratch`'s own. */
  backend: string;
  gpu: boolean;
  appVersion: string;
  /** Library versions, e.g. `{ node: '20.20.2', '@tensorflow/tfjs': '4.22.0' }`. */
  versions: Record<string, string>;
  pid: number;
}

/** One trial to queue; `attempt` defaults to 1 (a resumed trial passes the previous attempt + 1). */
export interface NewTrial {
  trialIndex: number;
  /** The swept values only, keyed by dotted path (`train.lr`, `model.hidden`). */
  params: Record<string, unknown>;
  /** The full TrialConfig the worker will run. */
  config: object;
  seed: number;
  attempt?: number;
  /** A replicate (`confirm`): the trial index of the search trial whose configuration it trains again. */
  replicateOf?: number;
}

export interface RunRecord {
  id: number;
  sweepId: number;
  trialIndex: number;
  attempt: number;
  status: RunStatus;
  config: TrialConfig;
  seed: number;
  /** The fields below stay null until the run starts. */
  engine: string | null;
  backend: string | null;
  gpu: boolean | null;
  appVersion: string | null;
  versions: Record<string, string> | null;
  /** What the worker reported about the data it loaded (source, split sizes, …). */
  dataset: Record<string, unknown> | null;
  pid: number | null;
  /** Why it failed or was interrupted; for a `pruned` run, the pruner's reason (a note, not an error). */
  error: string | null;
  /** Why it failed, as a code: DIVERGED, BACKEND_UNAVAILABLE, WORKER_EXITED, ENOSPC, …; null otherwise. */
  errorCode: string | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  /** A person's label for the run (v5); null: the default (`run 12`). */
  name: string | null;
  note: string | null;
  tags: string[];
  starred: boolean;
  /**
   * Null for the search's own trials. For a replicate (v6, `confirm`: a chosen
   * configuration trained again with a fresh seed), the trial index of the search trial
   * it repeats. Replicates are outside the search: the tuner neither learns from them, nor
   * counts them against its budget, nor prunes them.
   */
  replicateOf: number | null;
  /** (v8) The queue worker that trained it (its `--name`); null: this machine. */
  worker: string | null;
  params: Record<string, unknown>;
  /** The latest value of every metric (highest step); null where it was NaN or infinite. */
  metrics: Record<string, number | null>;
}

export interface RunFilter {
  sweepId?: number;
  status?: RunStatus[];
  /** Also return older attempts of resumed trials (default: only the latest attempt). */
  includeSuperseded?: boolean;
}

export type { MetricPoint } from '../api/metrics';

export interface MetricSeries {
  runId: number;
  key: string;
  steps: number[];
  values: (number | null)[];
  times: number[];
}

export interface SeriesOptions {
  /** Downsample each series to at most this many points (LTTB; ≥ 2; keeps first and last). */
  maxPoints?: number;
  /** Only points with step > sinceStep: what a live chart polls for after its last point. */
  sinceStep?: number;
}

export interface ArtifactRecord {
  id: number;
  runId: number;
  /** e.g. `weights`, `predictions`. */
  kind: string;
  /** Relative to the artifacts folder (`artifactsDir(dbFile)`), with `/` separators. */
  path: string;
  bytes: number | null;
  createdAt: number;
}
