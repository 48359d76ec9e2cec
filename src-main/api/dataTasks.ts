/**
 * The API's work that needs a whole data set in memory: the data set view's samples and
 * a run's test-split predictions. It runs in the data process (dataProcess.ts), so the
 * serving process never holds Fashion-MNIST (~200 MB as float32) nor blocks its event
 * loop for the second or two reading it takes; only these small answers come back.
 * Tasks and answers are plain data (structured-cloneable), checked at the API's edge.
 */
import type { DatasetConfig, DatasetContext } from '../data/registry';
import type { Dataset } from '../data/types';
import { pickSamples } from '../export/imageGrid';
import { predictTestSplit, type SavedRun } from '../export/runEvaluation';
import { defaultSplit, isToyDataset, toyDefaults } from '../sweep/configSchema';
import type { DatasetSamples, Req, RunPredictions } from './contract';
import { classCounts, featureRows, pickPredictionRows, scatterPoints, toImageBatch } from './images';

export interface SamplesTask {
  kind: 'samples';
  req: Req<'datasetSamples'>;
  context: DatasetContext;
}

export interface PredictionsTask {
  kind: 'predictions';
  run: SavedRun;
  /** How many test images to send back (the predictions grid). */
  count: number;
  context: DatasetContext;
}

export type DataTask = SamplesTask | PredictionsTask;

export interface DataTaskResults {
  samples: DatasetSamples;
  predictions: RunPredictions;
}

export type LoadDataset = (cfg: DatasetConfig, context: DatasetContext) => Promise<Dataset>;

async function samples({ req, context }: SamplesTask, load: LoadDataset): Promise<DatasetSamples> {
  // Raw features (not standardised): a person wants to see the values in the file.
  const name = req.name as DatasetConfig['name']; // checked by schemas.datasetSamples
  const { seed: dataSeed, ...toy } = req.toy ?? {};
  const cfg: DatasetConfig = { name, path: req.path, split: defaultSplit(name), seed: dataSeed ?? 0, standardize: false, ...(isToyDataset(name) ? { toy: toyDefaults(name, toy) } : {}) };
  const dataset = await load(cfg, context);
  const { train } = dataset;
  const rows = pickSamples(train.y, Math.min(req.count, train.n), req.seed);
  return {
    name: dataset.name,
    classes: dataset.classes,
    images: dataset.image ? toImageBatch(train, rows, dataset.image) : null,
    labels: rows.map((r) => train.y[r]),
    classCounts: classCounts(train.y, dataset.classes.length),
    featureNames: dataset.image ? null : (dataset.featureNames ?? null),
    rows: dataset.image ? null : featureRows(train, rows, dataset.features),
    source: dataset.source,
    ...(dataset.note ? { note: dataset.note } : {}),
    scatter: scatterPoints(dataset, req.seed),
    ...(dataset.toy ? { toy: dataset.toy } : {}),
  };
}

async function predictions({ run, count, context }: PredictionsTask, load: LoadDataset): Promise<RunPredictions> {
  const dataset = await load(run.config.dataset, context);
  const ev = predictTestSplit(run, dataset);
  const rows = pickPredictionRows(ev.labels, ev.predicted, Math.min(count, ev.labels.length), run.runId);
  return {
    runId: run.runId,
    classes: dataset.classes,
    images: dataset.image ? toImageBatch(dataset.test, rows, dataset.image) : null,
    labels: rows.map((r) => ev.labels[r]),
    predicted: rows.map((r) => ev.predicted[r]),
    confusion: ev.confusion,
    accuracy: ev.accuracy,
  };
}

export function runDataTask<T extends DataTask>(task: T, load: LoadDataset): Promise<DataTaskResults[T['kind']]> {
  switch (task.kind) {
    case 'samples':
      return samples(task, load) as Promise<DataTaskResults[T['kind']]>;
    case 'predictions':
      return predictions(task, load) as Promise<DataTaskResults[T['kind']]>;
    default:
      return Promise.reject(new Error(`unknown data task ${JSON.stringify((task as { kind?: unknown }).kind)}`));
  }
}
