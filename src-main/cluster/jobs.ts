/**
 * What travels through Redis, and its names. Everything read back from Redis is checked
 * with these schemas: anyone who can write to the queue can hand a worker a job, so a
 * malformed one is refused with a message naming the bad field, never half-run.
 *
 * Two directions, two channels:
 * - coordinator → worker: a BullMQ job per run (`TrialJob`), plus small per-job keys
 *   for the pruner's answers and for cancel;
 * - worker → coordinator: one Redis Stream per sweep (`StreamEntry`: a worker-protocol
 *   message tagged with its job and the job's start number), read through a consumer
 *   group and acknowledged only once the store has it (resultStream.ts).
 */
import { z } from 'zod';
import { MAX_CSV_BYTES } from '../data/csv';
import { BACKENDS, datasetSchema, ENGINES, modelSchema, trainSchema, type TrialConfig } from '../sweep/configSchema';
import type { FromWorker } from '../worker/protocol';

/** The BullMQ queue every coordinator and worker of one Redis share. */
export const QUEUE_NAME = 'sweeplab-trials';

const P = 'sweeplab';
export const keys = {
  /** Stream of worker→coordinator messages of one sweep. */
  results: (sweepKey: string) => `${P}:sweep:${sweepKey}:results`,
  /** Hash jobId → runId of the sweep's jobs not yet settled in the store: what a restarted coordinator adopts. */
  sweepJobs: (sweepKey: string) => `${P}:sweep:${sweepKey}:jobs`,
  /** List of the pruner's answers for one job (the worker BLPOPs it at each epoch end). */
  decisions: (jobId: string) => `${P}:job:${jobId}:decisions`,
  /** Set when the coordinator cancelled the job; also announced on `cancelChannel`. */
  cancelled: (jobId: string) => `${P}:job:${jobId}:cancelled`,
  /** How many times a worker began the job (INCR): tells a rerun after a crash from the first run. */
  starts: (jobId: string) => `${P}:job:${jobId}:starts`,
  /** Hash worker name → why it cannot run the job. */
  refusals: (jobId: string) => `${P}:job:${jobId}:refusals`,
  /** A live worker's announcement (JSON, expires unless refreshed). */
  worker: (name: string) => `${P}:worker:${name}`,
  workerPattern: `${P}:worker:*`,
  /**
   * When a live worker last refreshed its announcement (ms), beside it rather than in it:
   * the announcement's schema is strict, and a coordinator of the version before would
   * skip an announcement with a field it does not know.
   */
  seen: (name: string) => `${P}:seen:${name}`,
  /** A CSV file's bytes, named by their SHA-256: one copy however many sweeps and jobs use it (dataFiles.ts). */
  dataFile: (sha256: string) => `${P}:data:${sha256}`,
  cancelChannel: `${P}:cancel`,
};

/** Per-job keys live a day at most: a job nobody finishes must not leave keys forever. */
export const JOB_KEY_TTL_S = 24 * 3600;

/**
 * A sweep's name on the queue: its id and creation time. Ids alone would collide, since
 * one Redis may serve several coordinators, each with its own database and its own
 * sweep 1; the pair stays the same across a coordinator's restarts, which a resume needs.
 */
export const sweepKeyOf = (sweep: { id: number; createdAt: number }) => `${sweep.id}-${sweep.createdAt}`;
const SWEEP_KEY = /^\d+-\d+$/;

/** The job id of a run: one job per run, so adding it twice is a no-op. */
export const jobIdOf = (sweepKey: string, runId: number) => `s${sweepKey}-r${runId}`;

/**
 * Whether a job id is one jobIdOf makes. A worker names its scratch folder after the job
 * (and deletes it afterwards), so an id from the queue must never be a path like `../..`.
 */
export const isJobId = (id: string | undefined): id is string => id !== undefined && /^s\d+-\d+-r\d+$/.test(id);

/**
 * A trial as the worker receives it. Loose on top (a newer coordinator may add a field
 * an older worker ignores) but strict where training depends on it: the data set, the
 * engine and its backend, the model and the training settings use the sweep config's
 * own schemas.
 */
const trialSchema = z.looseObject({
  name: z.string(),
  dataset: datasetSchema,
  engine: z.enum(ENGINES),
  backend: z.enum(BACKENDS),
  model: modelSchema,
  train: trainSchema,
});

const id = z.number().int().positive();

/**
 * The CSV file a trial reads, shipped through Redis under keys.dataFile (dataFiles.ts):
 * the coordinator's path means nothing on a worker. The hash names the worker's cached
 * copy, so it must be hex and nothing else.
 */
export const dataFileSchema = z.strictObject({
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits'),
  bytes: z.number().int().nonnegative().max(MAX_CSV_BYTES),
  /** The file's base name, for messages. */
  name: z.string().min(1).max(255),
});

export type DataFile = z.output<typeof dataFileSchema>;

export const trialJobSchema = z.strictObject({
  sweepId: id,
  sweepKey: z.string().regex(SWEEP_KEY, 'must be <sweep id>-<creation time>'),
  runId: id,
  trialIndex: z.number().int().nonnegative(),
  attempt: id,
  trial: trialSchema,
  pruning: z.boolean(),
  // Optional: jobs of a coordinator from before shipping still parse.
  dataFile: dataFileSchema.optional(),
});

export interface TrialJob {
  sweepId: number;
  /** Where its results go (sweepKeyOf). */
  sweepKey: string;
  runId: number;
  trialIndex: number;
  attempt: number;
  trial: TrialConfig;
  pruning: boolean;
  /** A CSV trial's file, when small enough to ship; absent: the trial's path must exist on the worker. */
  dataFile?: DataFile;
}

/** The job's data, checked; throws an Error naming each bad field. */
export function parseTrialJob(data: unknown): TrialJob {
  const r = trialJobSchema.safeParse(data);
  if (!r.success) throw new Error(`malformed trial job: ${describeIssues(r.error)}`);
  return r.data as unknown as TrialJob;
}

/** A file of the run (weights …), carried inline: the worker's disk is not the coordinator's. */
const fileSchema = z.strictObject({ path: z.string().min(1), base64: z.string() });

/**
 * The worker-protocol message itself is checked for its kind and the fields the
 * coordinator acts on; the nested records (env, dataset, result) are the worker's own
 * output and stored as they come.
 */
const messageSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('started'), runId: id, env: z.looseObject({ engine: z.string(), backend: z.string() }), dataset: z.looseObject({ stepsPerEpoch: z.number() }) }),
  z.looseObject({
    type: z.literal('metrics'),
    runId: id,
    points: z.array(z.strictObject({ key: z.string(), step: z.number().int(), value: z.number().nullable(), time: z.number() })),
    progress: z.looseObject({ epoch: z.number(), epochs: z.number(), step: z.number(), steps: z.number() }),
  }),
  z.looseObject({ type: z.literal('finished'), runId: id, result: z.looseObject({ epochs: z.array(z.unknown()), artifacts: z.array(z.strictObject({ kind: z.string(), path: z.string(), bytes: z.number() })) }) }),
  z.looseObject({ type: z.literal('epoch-end'), runId: id, epoch: z.number().int() }),
  z.looseObject({ type: z.literal('pruned'), runId: id, epoch: z.number().int() }),
  z.looseObject({ type: z.literal('failed'), runId: id, code: z.string(), message: z.string() }),
  z.looseObject({
    type: z.literal('frames'),
    runId: id,
    frames: z.array(z.looseObject({ seq: z.number().int(), step: z.number().int(), epoch: z.number().int(), time: z.number(), loss: z.number().nullable(), meta: z.looseObject({ kind: z.enum(['plane', 'image']) }), data: z.string() })),
  }),
]);

const entrySchema = z.strictObject({
  jobId: z.string().min(1),
  /** The job's start number (1 for its first run; 0 when no worker ever began it). */
  start: z.number().int().nonnegative(),
  /** Which worker said it, for messages. */
  worker: z.string(),
  msg: messageSchema,
  files: z.array(fileSchema).optional(),
});

export interface StreamEntry {
  jobId: string;
  start: number;
  worker: string;
  msg: FromWorker;
  files?: { path: string; base64: string }[];
}

/** A stream entry's JSON, checked; throws naming the bad field. */
export function parseStreamEntry(json: string): StreamEntry {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error('a result-stream entry is not JSON');
  }
  const r = entrySchema.safeParse(raw);
  if (!r.success) throw new Error(`malformed result-stream entry: ${describeIssues(r.error)}`);
  return r.data as unknown as StreamEntry;
}

/** A pruner's answer as it waits in the per-job list. */
export const decisionSchema = z.strictObject({ epoch: z.number().int(), stop: z.boolean() });

export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
}
