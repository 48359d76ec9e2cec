/**
 * THE contract between the GUI and everything behind it. The renderer, the preload, the
 * Electron IPC adapter and the HTTP/WebSocket adapter all depend on this file and on
 * nothing else of each other. Pure types and constants: no Node, no DOM.
 *
 * Calls are request/response (`call`), events are pushed (`listen`). Every call answers
 * `{ ok: true, data } | { ok: false, error: { code, message } }`; errors never cross a
 * transport as exceptions, because IPC keeps nothing of an Error but its message.
 */
import type { DatasetInfo } from '../data/types';
import type { WrittenFile } from '../export/types';
import type { MetricPoint } from './metrics';
import type { ConfigIssue, SweepConfig, SweepConfigInput } from '../sweep/configSchema';
import type { ArtifactRecord, MetricSeries, RunRecord, RunStatus, SweepRecord, SweepStatus, SweepSummary } from '../store/types';
import type { RunTable } from '../export/types';
import type { AnalysisParam, AnalysisTrial, ImportanceReport, ParamImportance } from '../analysis/types';
import type { Frame, FrameKind, FrameMeta, RunFrames } from '../frames/types';

export type { WrittenFile };
export type { AnalysisParam, AnalysisTrial, ImportanceReport, ParamImportance };
export type { Frame, FrameKind, FrameMeta, RunFrames };
export type { ArtifactRecord, ConfigIssue, DatasetInfo, MetricPoint, MetricSeries, RunRecord, RunStatus, RunTable, SweepConfig, SweepConfigInput, SweepRecord, SweepStatus, SweepSummary };

/** Who serves the API: the desktop app, `sweeplab serve` (a browser, maybe remote), or a CLI command. */
export type AppMode = 'electron' | 'browser' | 'cli';

/** Error codes a client can act on. `BAD_INPUT` carries `issues` for inline form errors. */
export type ApiErrorCode = 'BAD_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'UNAVAILABLE' | 'CANCELLED' | 'INTERNAL' | 'FORBIDDEN';

export interface ApiError {
  code: ApiErrorCode;
  message: string;
  /** Field-level problems, for forms: `{ path: 'train.lr', message: 'must be > 0' }`. */
  issues?: ConfigIssue[];
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: ApiError };

// ---------------------------------------------------------------------------- DTOs

export interface SweepDetail {
  sweep: SweepRecord;
  summary: SweepSummary;
  /** Current attempts, in trial order. */
  runs: RunRecord[];
  /** The swept parameter keys, in config order (the table's parameter columns). */
  sweptKeys: string[];
  /** The run chosen on validation (never on test), if any has finished. */
  bestRunId: number | null;
  /** Whether this process is running it now (it can be cancelled). */
  active: boolean;
}

export interface RunDetail {
  run: RunRecord;
  sweepName: string;
  sweptKeys: string[];
  artifacts: ArtifactRecord[];
  /** Live progress when the run is running. */
  progress: RunProgress | null;
}

export interface RunProgress {
  runId: number;
  sweepId: number;
  epoch: number;
  epochs: number;
  step: number;
  steps: number;
  loss: number | null;
  etaMs: number | null;
}

/** Runs one `metrics` call may name: a client with more asks in batches (the curve charts do). */
export const METRICS_MAX_RUNS = 100;

export interface MetricsRequest {
  /** At most METRICS_MAX_RUNS. */
  runIds: number[];
  keys: string[];
  /** Server-side downsampling (LTTB) to at most this many points per series. */
  maxPoints?: number;
  /** Only points with step > sinceStep (incremental polling). */
  sinceStep?: number;
}

export interface ConfigCheck {
  ok: boolean;
  issues: ConfigIssue[];
  trials: number;
  /** Rough wall time for the whole sweep, from the data size, model and concurrency. */
  estimateSeconds: number | null;
  /** The config with defaults filled in, when valid. */
  config: SweepConfig | null;
}

export interface Preset {
  id: string;
  title: string;
  description: string;
  config: SweepConfigInput;
}

/** Images travel as base64 of uint8 gray levels, row-major, one image after another. */
export interface ImageBatch {
  width: number;
  height: number;
  count: number;
  pixelsBase64: string;
}

export interface DatasetSamples {
  name: string;
  classes: string[];
  images: ImageBatch | null;
  labels: number[];
  /** Training-split class counts. */
  classCounts: number[];
  /** For tabular data: a few rows of features instead of images. */
  featureNames: string[] | null;
  rows: number[][] | null;
  source: string;
  note?: string;
  /** Two-feature data (the generated sets, a two-column CSV): training points for a scatter plot. */
  scatter?: ScatterPoints | null;
  /** Generated sets: the options they were made with. */
  toy?: { samples: number; noise: number; classes: number; seed: number };
}

/** Training points of a two-feature data set, in the data's units, with their labels. */
export interface ScatterPoints {
  featureNames: [string, string];
  /** [x, y] per point; at most MAX_SCATTER_POINTS, spread over the classes. */
  points: [number, number][];
  labels: number[];
  /** Training rows in all; more than `points.length` when a large table was thinned. */
  total: number;
  /** The box a decision-boundary grid covers (Dataset.plane). */
  plane: { x: [number, number]; y: [number, number] };
}

export interface RunPredictions {
  runId: number;
  classes: string[];
  /** Test-split images (image data sets only) with true and predicted labels. */
  images: ImageBatch | null;
  labels: number[];
  predicted: number[];
  /** confusion[true][predicted] over the whole test split. */
  confusion: number[][];
  accuracy: number;
}

/** A run's saved weights evaluated again on its test split (`sweeplab eval`). */
export interface RunEvaluationSummary {
  runId: number;
  /** The data set as loaded now: its name and the folder or file it was read from. */
  dataset: { name: string; source: string };
  classes: string[];
  testRows: number;
  loss: number;
  accuracy: number;
  /** The test accuracy recorded when the run finished, to compare with. */
  recordedAccuracy: number | null;
  /** confusion[true][predicted] over the whole test split. */
  confusion: number[][];
}

/** A sweep's run table for reading: the raw table, each cell as the reports print it, and the run chosen on validation. */
export interface RunTableView {
  sweepId: number;
  table: RunTable;
  /** `text[row][column]`: the cell as Markdown and LaTeX print it (rounded metrics, `64-32` layers). */
  text: string[][];
  /** One per row: the run, its status, and `run 3 lr=0.01, hidden=10` (its swept values). */
  runs: { id: number; status: RunStatus; label: string }[];
  /** Chosen on validation, never on test; null until a run has completed. */
  best: { id: number; params: string; valAcc: number | null; testAcc: number | null } | null;
}


/** One trial of a tuned sweep as the tuner saw it: its latest attempt. */
export interface TunerTrial {
  runId: number;
  trialIndex: number;
  status: RunStatus;
  /** The best objective over its epochs (a pruned trial's best before it stopped); null: none yet. */
  value: number | null;
  /** The best value among trials 0..i that finished (completed or pruned); null until one has. */
  bestSoFar: number | null;
  /** Epochs it trained. */
  epochs: number;
  startedAt: number | null;
  finishedAt: number | null;
  /** Hyperband: the bracket it belongs to. */
  bracket?: number;
  /** Why the pruner stopped it, for a pruned trial; else null. */
  note: string | null;
  /** Its swept values (e.g. `{ "train.lr": 0.01 }`), for tooltips. */
  params: Record<string, unknown>;
}

/** A sweep's search at a glance: the objective per trial, the pruner's rungs, the budget. */
export interface TunerView {
  sweepId: number;
  strategy: string;
  objective: { metric: string; direction: 'maximize' | 'minimize' };
  pruner: { type: string; minEpochs?: number; reductionFactor?: number } | null;
  /** The most epochs any trial trains. */
  maxEpochs: number;
  /** Epochs at which the pruner compares trials (asha: ashaRungs; hyperband: every bracket's, merged; median/none: []). */
  rungs: number[];
  /** Hyperband only: each bracket's rungs. */
  brackets?: { bracket: number; rungs: number[] }[];
  budget: { minutes?: number; epochs?: number } | null;
  /** Epochs trained by every attempt, and minutes during which at least one trial trained. */
  spent: { epochs: number; minutes: number };
  /** The latest attempt of each trial, by trial index. */
  trials: TunerTrial[];
}


export type TableFormat = 'csv' | 'md' | 'latex';

/** What a person may write on a sweep: its name, a note, tags and a star. */
export interface UpdateSweepRequest {
  id: number;
  name?: string;
  note?: string | null;
  tags?: string[];
  starred?: boolean;
}

export interface UpdateRunRequest {
  id: number;
  name?: string | null;
  note?: string | null;
  tags?: string[];
  starred?: boolean;
}

export interface TextFile {
  filename: string;
  mime: string;
  text: string;
}

export interface BinaryFile {
  filename: string;
  mime: string;
  base64: string;
}

export interface Settings {
  /** Folder holding Fashion-MNIST, searched before the usual places. */
  dataDir: string | null;
  /** Default TensorFlow.js backend for new sweeps. */
  backend: 'auto' | 'tensorflow' | 'wasm' | 'cpu';
  /** Default concurrency for new sweeps (null: the number of CPU cores). */
  concurrency: number | null;
  /**
   * Where sweeps run their trials: null on this machine, else the Redis queue of
   * `sweeplab worker`s (redis://[user:password@]host:port). Read back redacted (the
   * password as `***`); sending that redacted form back leaves the stored URL unchanged.
   * SWEEPLAB_QUEUE (and `sweeplab sweep --queue`) take precedence (AppInfo.queueEnv).
   */
  queue: string | null;
}

export interface AppInfo {
  name: string;
  version: string;
  mode: AppMode;
  versions: Record<string, string>;
  cpus: number;
  dbPath: string;
  /**
   * The scratch engine's native ops (the OpenBLAS addon): whether they load in this
   * process, and the BLAS library's description with its threads per trial (e.g.
   * `OpenBLAS 0.3.21 … Cooperlake (1 BLAS thread per trial)`), or why they do not.
   */
  nativeOps: { available: boolean; detail: string };
  /** SWEEPLAB_QUEUE of this process, redacted: when set, it overrides the queue setting. Null when unset. */
  queueEnv: string | null;
}

/**
 * A `sweeplab worker` connected to the queue, as the Workers view lists it: what it
 * announced (cluster/capabilities.ts) and what this database's sweeps did on it.
 */
export interface WorkerView {
  name: string;
  host: string;
  cores: number;
  /** Trials it runs at once. */
  concurrency: number;
  engines: string[];
  /** `engine/backend` pairs it can run. */
  backends: string[];
  nativeOps: boolean;
  datasets: string[];
  /** When it started, ms since the epoch. */
  since: number;
  /** Its memory, and what its trials may plan to use (bytes); absent from a worker of the version before. */
  memory?: { total: number; budget: number };
  /** Its last heartbeat (the announcement's refresh), ms since the epoch; null from a worker too old to say. */
  lastSeen: number | null;
  /** This database's runs training on it now. */
  currentRuns: number[];
  /** This database's runs it finished (completed or pruned). */
  trialsDone: number;
}

export interface WorkersView {
  /** The queue sweeps use now, redacted (SWEEPLAB_QUEUE, else the setting); null: trials run on this machine. */
  queue: string | null;
  /** The live workers, by name; empty when none is connected (or no queue). */
  workers: WorkerView[];
}

// ---------------------------------------------------------------------------- methods

/** Every call: its request payload and its response data. */
export interface ApiMethods {
  appInfo: { req: void; res: AppInfo };
  /** The queue's live workers. No queue: `{ queue: null, workers: [] }`; a queue out of reach: UNAVAILABLE. */
  listWorkers: { req: void; res: WorkersView };
  presets: { req: void; res: Preset[] };

  listSweeps: { req: void; res: SweepSummary[] };
  getSweep: { req: { id: number }; res: SweepDetail };
  /** A sweep by id or name (a name means its most recent sweep), as the CLI's arguments name them. */
  findSweep: { req: { ref: string }; res: SweepSummary };
  checkConfig: { req: { config: unknown }; res: ConfigCheck };
  /**
   * Validates, records and starts a sweep. `concurrency` (e.g. `--concurrency`) beats the
   * config's, which beats the settings' (sweepConfig.ts: concurrencyFor).
   */
  createSweep: { req: { config: unknown; concurrency?: number }; res: { sweepId: number; trials: number } };
  cancelSweep: { req: { id: number }; res: { cancelled: boolean } };
  resumeSweep: { req: { id: number; concurrency?: number }; res: { queued: number } };
  /**
   * Re-runs the `top` best configurations of a finished sweep (chosen on validation) with
   * `seeds` fresh training seeds each, as replicates in the same sweep, and starts them.
   * `configurations`: how many were found (fewer than `top` when the sweep has fewer).
   */
  confirmSweep: { req: { id: number; top: number; seeds: number; concurrency?: number }; res: { queued: number; configurations: number } };
  deleteSweep: { req: { id: number }; res: { deleted: boolean } };
  /** Rename, note, tags, star: absent fields stay as they are; `note: null` clears the note. */
  updateSweep: { req: UpdateSweepRequest; res: SweepRecord };
  /** Parses a config file's text (JSON or YAML) for the form; `name` picks the parser. */
  parseConfig: { req: { name: string; text: string }; res: { config: unknown } };
  /** The config as a file to save: JSON or YAML. */
  formatConfig: { req: { config: unknown; format: 'json' | 'yaml' }; res: TextFile };

  /** `includeSuperseded`: earlier attempts of resumed trials too (default: the latest attempt of each). */
  listRuns: { req: { sweepId?: number; status?: RunStatus[]; includeSuperseded?: boolean }; res: RunRecord[] };
  getRun: { req: { id: number }; res: RunDetail };
  cancelRun: { req: { id: number }; res: { cancelled: boolean } };
  /** `name: null` goes back to the default label (`run 12`). */
  updateRun: { req: UpdateRunRequest; res: RunRecord };
  /** Deletes one finished (or queued) run with its metrics and files; CONFLICT while it runs: stop it with cancelRun first. */
  deleteRun: { req: { id: number }; res: { deleted: boolean } };
  metrics: { req: MetricsRequest; res: MetricSeries[] };
  runPredictions: { req: { id: number; count?: number }; res: RunPredictions };
  /**
   * The snapshots a run recorded while training (src-main/frames/types.ts has the byte
   * layout), in capture order; `sinceSeq`: only frames after that seq (a live run's new ones).
   */
  runFrames: { req: { id: number; sinceSeq?: number }; res: RunFrames };
  runArtifact: { req: { id: number; path: string }; res: BinaryFile };
  /** A completed run's saved weights on its whole test split again: loss, accuracy, confusion matrix. */
  evaluateRun: { req: { id: number }; res: RunEvaluationSummary };

  listDatasets: { req: void; res: DatasetInfo[] };
  datasetSamples: { req: { name: string; count: number; seed: number; path?: string; toy?: { samples?: number; noise?: number; classes?: number; seed?: number } }; res: DatasetSamples };
  /** `dir`: where to put the files instead of the app's data folder (not in browser mode: it names a folder on the server). */
  fetchDataset: { req: { name: 'fashion-mnist'; dir?: string }; res: { dir: string } };

  /**
   * The run table as a file. `runIds`: only these runs, in this order (what the table
   * shows after filtering and sorting); `columns`: only these column keys, in this order.
   */
  exportTable: { req: { sweepId: number; format: TableFormat; runIds?: number[]; columns?: string[] }; res: TextFile };
  runTable: { req: { sweepId: number }; res: RunTableView };
  /** A tuned (or any) sweep's optimisation history, pruner rungs and budget spent. */
  tunerView: { req: { sweepId: number }; res: TunerView };
  /** Which parameters mattered: fANOVA importance ± between-tree std and Spearman correlations, with the trials the analysis views draw. */
  importance: { req: { sweepId: number }; res: ImportanceReport };
  /**
   * Writes the sweep's report files (tables, plots, image grids) into `dir`, each whole,
   * announcing each with a `report-file-written` event. Not in browser mode: `dir` is a
   * folder on the server, and the browser downloads files instead.
   */
  exportReport: { req: { sweepId: number; dir: string; samples?: number; runIds?: number[] }; res: { files: WrittenFile[] } };
  /**
   * The paper pack: runs.csv, groups.csv, table.tex, figures as PNG and SVG,
   * manifest.json and setup.md in `dir`, each announced with `report-file-written`.
   * Not in browser mode, as exportReport.
   */
  exportPack: { req: { sweepId: number; dir: string }; res: { files: WrittenFile[] } };

  getSettings: { req: void; res: Settings };
  setSettings: { req: Partial<Settings>; res: Settings };

  /**
   * Desktop app: a native save dialog, then the file is written. Browser mode answers
   * UNAVAILABLE and the renderer downloads the file instead: same feature, each
   * transport doing what its platform allows.
   */
  saveFile: { req: { suggestedName: string; base64: string }; res: { saved: boolean; path: string | null } };
  /** Desktop app: a native open dialog for a config file; browser mode uses <input type=file>. */
  openConfigFile: { req: void; res: { name: string; text: string } | null };
  /** Desktop app: a native folder dialog (create allowed); null when cancelled. Browser mode: UNAVAILABLE. */
  chooseFolder: { req: { title?: string }; res: { path: string | null } };
}

export type ApiMethod = keyof ApiMethods;
export type Req<M extends ApiMethod> = ApiMethods[M]['req'];
export type Res<M extends ApiMethod> = ApiMethods[M]['res'];

/** The method names, in one place: the preload and both adapters are generated from it. */
export const API_METHODS = [
  'appInfo',
  'presets',
  'listSweeps',
  'getSweep',
  'findSweep',
  'checkConfig',
  'createSweep',
  'cancelSweep',
  'resumeSweep',
  'confirmSweep',
  'deleteSweep',
  'updateSweep',
  'parseConfig',
  'formatConfig',
  'listRuns',
  'getRun',
  'cancelRun',
  'updateRun',
  'deleteRun',
  'metrics',
  'runPredictions',
  'runFrames',
  'runArtifact',
  'evaluateRun',
  'listDatasets',
  'datasetSamples',
  'fetchDataset',
  'exportTable',
  'runTable',
  'tunerView',
  'importance',
  'exportReport',
  'exportPack',
  'getSettings',
  'setSettings',
  'listWorkers',
  'saveFile',
  'openConfigFile',
  'chooseFolder',
] as const satisfies readonly ApiMethod[];

// ---------------------------------------------------------------------------- events

export interface ApiEvents {
  'sweep-created': { sweepId: number; name: string; trials: number };
  /** `note`: how the data differs from what the config asked (the bundled subset instead of the full set). */
  'run-started': { sweepId: number; runId: number; engine: string; backend: string; gpu: boolean; note?: string };
  /** Every point since the run's last event: at most one event per run every 200 ms (the worker's batch). */
  'run-progress': { progress: RunProgress; points: MetricPoint[] };
  'run-finished': { sweepId: number; runId: number; status: RunStatus; error: string | null; errorCode: string | null };
  /** `message`: why it stopped early (a full disk, another process owns it), else null. */
  /** `message`: why it stopped abnormally (resume it); `note`: why a normal end came early (a spent budget). */
  'sweep-finished': { sweepId: number; status: SweepStatus; message: string | null; note?: string | null };
  /** Another process (the CLI, a second app) wrote to the database: reload what is shown. */
  'store-changed': Record<string, never>;
  'sweep-deleted': { sweepId: number };
  /** A person renamed, noted, tagged or starred a sweep or one of its runs (`runId`), or deleted a run: reload it. */
  'sweep-updated': { sweepId: number; runId?: number; deleted?: boolean };
  'dataset-progress': { name: string; file: string; received: number; total: number | null; fileIndex: number; files: number; done: boolean; error: string | null };
  /** exportReport wrote one more file, complete: a failure later still leaves an honest list. */
  'report-file-written': { sweepId: number; name: string; path: string };
  /** Desktop app menu → renderer: New sweep, Open config…, Export… */
  'menu-command': { command: 'new-sweep' | 'open-config' | 'export' };
}

export type ApiEvent = keyof ApiEvents;
export type EventMessage = { [E in ApiEvent]: { event: E; data: ApiEvents[E] } }[ApiEvent];

export const API_EVENTS = [
  'sweep-created',
  'run-started',
  'run-progress',
  'run-finished',
  'sweep-finished',
  'sweep-deleted',
  'sweep-updated',
  'store-changed',
  'dataset-progress',
  'report-file-written',
  'menu-command',
] as const satisfies readonly ApiEvent[];

/** What the renderer talks to, whichever transport is underneath. */
export interface SweeplabApi {
  call<M extends ApiMethod>(method: M, req: Req<M>): Promise<Result<Res<M>>>;
  listen<E extends ApiEvent>(event: E, cb: (data: ApiEvents[E]) => void): () => void;
}

/** IPC channel names: `api:<method>` for calls, `event` for the one event channel. */
export const ipcChannel = (method: ApiMethod): string => `api:${method}`;
export const EVENT_CHANNEL = 'api:event';
