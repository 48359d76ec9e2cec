/**
 * A finished run, evaluated again from its saved weights: test-split predictions and the
 * confusion matrix, for `sweeplab eval`, the report's images and the GUI's run view. The
 * weights are loaded into the scratch engine whichever engine trained them: inference is
 * a forward pass, and the scratch engine needs no backend.
 */
import path from 'node:path';
import { loadDataset } from '../data/registry';
import type { Dataset } from '../data/types';
import { modelSpecFor, optimizerSpecFor } from '../engine/createModel';
import { createScratchModel } from '../engine/scratch/network';
import type { DType } from '../engine/types';
import type { RunRecord, Store } from '../store/store';
import type { TrialConfig } from '../sweep/configSchema';
import { confusionMatrix } from './confusion';
import { loadSavedModel } from './modelFiles';

export interface RunEvaluation {
  run: RunRecord;
  dataset: Dataset;
  labels: Int32Array;
  predicted: Int32Array;
  /** confusion[true][predicted] */
  confusion: number[][];
  accuracy: number;
  loss: number;
}

export interface EvaluateOptions {
  dataDir?: string;
  /** Lets a long-lived process reuse data it has already loaded. */
  loadDataset?: (cfg: TrialConfig['dataset']) => Promise<Dataset>;
}

function notFound(message: string): Error {
  return Object.assign(new Error(message), { code: 'NOT_FOUND' });
}

export function argmaxRows(probs: Float32Array, rows: number, classes: number): Int32Array {
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (probs[r * classes + c] > probs[r * classes + best]) best = c;
    out[r] = best;
  }
  return out;
}

/** What evaluating a run needs from the database: plain data, so another thread can do the work. */
export interface SavedRun {
  runId: number;
  config: TrialConfig;
  /** Absolute folder of the run's model.json and weights.bin. */
  modelDir: string;
}

export function savedRun(store: Store, runId: number): SavedRun & { run: RunRecord } {
  const run = store.runs.get(runId);
  if (!run) throw notFound(`no run with id ${runId}`);
  const model = store.artifacts.list(runId).find((a) => a.kind === 'model');
  if (run.status !== 'completed' || !model) throw notFound(`run ${runId} has no saved model (status: ${run.status})`);
  return { run, runId, config: run.config, modelDir: path.join(store.artifactsDir, path.dirname(model.path)) };
}

export type Predictions = Omit<RunEvaluation, 'run' | 'dataset'>;

/** The saved model's test-split predictions on `dataset` (loaded from `saved.config.dataset`). */
export function predictTestSplit(saved: SavedRun, dataset: Dataset): Predictions {
  const model = loadSavedModel(saved.modelDir);
  if (dataset.features !== model.inputs || dataset.classes.length !== model.classes.length)
    throw Object.assign(new Error(`run ${saved.runId}: its saved model (${model.inputs} inputs, ${model.classes.length} classes) does not fit ${dataset.name} as loaded now`), { code: 'BAD_DATA' });
  const dtype: DType = dataset.test.x instanceof Float32Array ? 'float32' : 'float64';
  const engine = createScratchModel(modelSpecFor(saved.config, dataset), optimizerSpecFor(saved.config), { dtype, seed: 0, weights: model.weights });
  try {
    const { test } = dataset;
    const probs = engine.predict(test.x, test.n);
    const { loss } = engine.evaluate(test.x, test.y, test.n);
    const predicted = argmaxRows(probs, test.n, dataset.classes.length);
    const cm = confusionMatrix(test.y, predicted, dataset.classes.length);
    return { labels: test.y, predicted, confusion: cm.counts, accuracy: cm.accuracy, loss };
  } finally {
    engine.dispose();
  }
}

export async function evaluateRun(store: Store, runId: number, opts: EvaluateOptions = {}): Promise<RunEvaluation> {
  const saved = savedRun(store, runId);
  const dataset = await (opts.loadDataset ?? ((cfg) => loadDataset(cfg, { dataDir: opts.dataDir })))(saved.config.dataset);
  return { run: saved.run, dataset, ...predictTestSplit(saved, dataset) };
}
