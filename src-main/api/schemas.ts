/**
 * The payload schema of every method. Messages are phrased to follow the field name
 * (`id: must be a positive integer`), the way config errors read, so the renderer can
 * show any of them inline.
 */
import { z } from 'zod';
import { RUN_STATUSES } from '../store/types';
import { DATASETS, TFJS_BACKENDS, isToyDataset, toyClassesProblem, toyOptionsSchema } from '../sweep/configSchema';
import { MAX_CONCURRENCY } from '../sweep/limits';
import { METRICS_MAX_RUNS, type ApiMethod, type Req } from './contract';

const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of ${values.join(', ')}` });

const int = (what: string) => z.number({ error: `must be ${what}` }).int(`must be ${what}`);
const id = int('a positive integer').positive('must be a positive integer');
const text = (max: number) => z.string({ error: 'must be a string' }).max(max, `must be at most ${max} characters`);
const nonEmpty = (max: number) => text(max).min(1, 'must not be empty');

function isEmptyObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0;
}

/** Methods without arguments accept nothing, null or {} (what JSON clients send). */
const none = z
  .unknown()
  .refine((v) => v === undefined || v === null || isEmptyObject(v), { error: 'takes no arguments' })
  .transform((): void => undefined);

const byId = z.strictObject({ id });

/** Text a person typed: no control characters (a newline is allowed where `multiline`). */
const CONTROL = /[\u0000-\u001f\u007f]/;
const CONTROL_BUT_LINES = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f]/;
const typed = (max: number, multiline = false) =>
  text(max).refine((v) => !(multiline ? CONTROL_BUT_LINES : CONTROL).test(v), { error: 'must not contain control characters' });
/** A name: trimmed, 1–200 characters. */
const label = typed(200).transform((v) => v.trim()).refine((v) => v.length > 0, { error: 'must not be empty' });
const note = typed(5000, true).nullable();
const tags = z
  .array(typed(40).transform((v) => v.trim()).refine((v) => v.length > 0, { error: 'must not be empty' }), { error: 'must be a list of tags' })
  .max(20, 'at most 20 tags')
  .transform((list) => [...new Set(list)]);
const starred = z.boolean({ error: 'must be true or false' });
/** A config from the form or a file: checked by the sweep config schema, not here. */
const config = z.unknown();

/** Trials at once, asked for with the call (`--concurrency`): the bound every door applies (limits.ts). */
const concurrency = int(`an integer between 1 and ${MAX_CONCURRENCY}`).min(1, 'must be ≥ 1').max(MAX_CONCURRENCY, `must be ≤ ${MAX_CONCURRENCY}`);

/** A folder on the machine that serves the API (checked when it is written to). */
const folder = nonEmpty(4096);

/** Base64 of up to ~100 MB (a saved PNG, a model file). */
const MAX_BASE64 = 140_000_000;

export const schemas = {
  appInfo: none,
  presets: none,

  listSweeps: none,
  getSweep: byId,
  findSweep: z.strictObject({ ref: nonEmpty(1000) }),
  checkConfig: z.strictObject({ config }),
  createSweep: z.strictObject({ config, concurrency: concurrency.optional() }),
  cancelSweep: byId,
  resumeSweep: z.strictObject({ id, concurrency: concurrency.optional() }),
  confirmSweep: z.strictObject({
    id,
    top: int('an integer between 1 and 20').min(1, 'must be ≥ 1').max(20, 'must be ≤ 20'),
    seeds: int('an integer between 2 and 50').min(2, 'must be ≥ 2 (one seed says nothing about spread)').max(50, 'must be ≤ 50'),
    concurrency: concurrency.optional(),
  }),
  deleteSweep: byId,
  updateSweep: z.strictObject({ id, name: label.optional(), note: note.optional(), tags: tags.optional(), starred: starred.optional() }),
  parseConfig: z.strictObject({ name: nonEmpty(255), text: text(1_000_000) }),
  formatConfig: z.strictObject({ config, format: oneOf(['json', 'yaml']) }),

  listRuns: z
    .strictObject({
      sweepId: id.optional(),
      status: z.array(oneOf(RUN_STATUSES), { error: 'must be a list of run statuses' }).max(RUN_STATUSES.length, 'lists too many statuses').optional(),
      includeSuperseded: z.boolean({ error: 'must be true or false' }).optional(),
    })
    .optional()
    .transform((r) => r ?? {}),
  getRun: byId,
  cancelRun: byId,
  updateRun: z.strictObject({ id, name: label.nullable().optional(), note: note.optional(), tags: tags.optional(), starred: starred.optional() }),
  deleteRun: byId,
  metrics: z.strictObject({
    runIds: z.array(id, { error: 'must be a list of run ids' }).min(1, 'must name at least one run').max(METRICS_MAX_RUNS, `at most ${METRICS_MAX_RUNS} runs per request`),
    keys: z.array(nonEmpty(100), { error: 'must be a list of metric keys' }).min(1, 'must name at least one metric').max(50, 'at most 50 metrics per request'),
    maxPoints: int('an integer between 2 and 100000').min(2, 'must be ≥ 2').max(100_000, 'must be ≤ 100000').optional(),
    sinceStep: int('an integer').optional(),
  }),
  runPredictions: z.strictObject({ id, count: int('an integer between 1 and 100').min(1, 'must be ≥ 1').max(100, 'must be ≤ 100').optional() }),
  runFrames: z.strictObject({ id, sinceSeq: int('an integer ≥ -1').min(-1, 'must be ≥ -1').optional() }),
  runArtifact: z.strictObject({ id, path: nonEmpty(1000) }),
  evaluateRun: byId,

  listDatasets: none,
  datasetSamples: z
    .strictObject({
      name: oneOf(DATASETS),
      count: int('an integer between 0 and 100').min(0, 'must be ≥ 0').max(100, 'must be ≤ 100'),
      seed: int('an integer'),
      path: nonEmpty(4096).optional(),
      /** Generated sets: dataset.toy's options, and the dataset.seed they are generated from. */
      toy: toyOptionsSchema.extend({ seed: int('an integer').optional() }).optional(),
    })
    .superRefine((r, ctx) => {
      if (r.name === 'csv' && !r.path) ctx.addIssue({ code: 'custom', path: ['path'], message: 'is required when name is "csv"' });
      if (r.name !== 'csv' && r.path !== undefined) ctx.addIssue({ code: 'custom', path: ['path'], message: 'is only used when name is "csv"' });
      if (r.toy && !isToyDataset(r.name)) ctx.addIssue({ code: 'custom', path: ['toy'], message: 'is only used for the generated data sets' });
      const problem = r.toy?.classes !== undefined && isToyDataset(r.name) ? toyClassesProblem(r.name, r.toy.classes) : null;
      if (problem) ctx.addIssue({ code: 'custom', path: ['toy', 'classes'], message: problem });
    }),
  fetchDataset: z.strictObject({ name: z.literal('fashion-mnist', { error: 'must be "fashion-mnist" (the only data set that is downloaded)' }), dir: folder.optional() }),

  exportTable: z.strictObject({
    sweepId: id,
    format: oneOf(['csv', 'md', 'latex']),
    runIds: z.array(id, { error: 'must be a list of run ids' }).max(100_000, 'at most 100000 runs').optional(),
    columns: z.array(nonEmpty(200), { error: 'must be a list of column keys' }).min(1, 'must name at least one column').max(500, 'at most 500 columns').optional(),
  }),
  runTable: z.strictObject({ sweepId: id }),
  tunerView: z.strictObject({ sweepId: id }),
  importance: z.strictObject({ sweepId: id }),
  // n of the n×n training-image grid: 1 to 12 (144 images is already a poster).
  exportReport: z.strictObject({
    sweepId: id,
    dir: folder,
    samples: int('an integer between 1 and 12').min(1, 'must be ≥ 1').max(12, 'must be ≤ 12').optional(),
    runIds: z.array(id, { error: 'must be a list of run ids' }).max(100_000, 'at most 100000 runs').optional(),
  }),

  exportPack: z.strictObject({ sweepId: id, dir: folder }),

  getSettings: none,
  listWorkers: none,
  setSettings: z.strictObject({
    dataDir: nonEmpty(4096).nullable().optional(),
    backend: oneOf(TFJS_BACKENDS).optional(),
    concurrency: int(`an integer between 1 and ${MAX_CONCURRENCY}`).min(1, 'must be ≥ 1').max(MAX_CONCURRENCY, `must be ≤ ${MAX_CONCURRENCY}`).nullable().optional(),
    // Checked as a queue URL by the settings service, which never echoes its password.
    queue: text(2048).nullable().optional(),
  }),

  saveFile: z.strictObject({
    suggestedName: nonEmpty(255),
    base64: text(MAX_BASE64).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64'),
  }),
  openConfigFile: none,
  chooseFolder: z
    .strictObject({ title: typed(200).optional() })
    .optional()
    .transform((r) => r ?? {}),
} satisfies { [M in ApiMethod]: z.ZodType<Req<M>> };
