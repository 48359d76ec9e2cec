/** Data sets: what is installed, a look at one, and downloading Fashion-MNIST. */
import { listDatasets } from '../../data/registry';
import { downloadFashionMnist } from '../../data/download';
import { pickSamples } from '../../export/imageGrid';
import { defaultSplit, type TrialConfig } from '../../sweep/configSchema';
import type { ApiEvents, DatasetSamples, Req } from '../contract';
import type { ApiContext, Handlers } from '../context';
import { conflict } from '../errors';
import { classCounts, featureRows, toImageBatch } from '../images';
import { schemas } from '../schemas';

async function datasetSamples(ctx: ApiContext, req: Req<'datasetSamples'>): Promise<DatasetSamples> {
  // Raw features (not standardised): a person wants to see the values in the file.
  const name = req.name as TrialConfig['dataset']['name']; // checked by schemas.datasetSamples
  const cfg: TrialConfig['dataset'] = { name, path: req.path, split: defaultSplit(name), seed: 0, standardize: false };
  const dataset = await ctx.loadDataset(cfg);
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
  };
}

type DatasetProgress = ApiEvents['dataset-progress'];

/** Chunks arrive every few KB; the renderer needs a few updates a second, and each file's end. */
const PROGRESS_EVERY_MS = 100;

async function fetchDataset(ctx: ApiContext): Promise<{ dir: string }> {
  if (ctx.downloads.current) throw conflict('a download is already in progress');
  const controller = new AbortController();
  const name = 'fashion-mnist';
  let last: DatasetProgress = { name, file: '', received: 0, total: null, fileIndex: 0, files: 0, done: false, error: null };
  let lastSent = 0;
  const send = (p: DatasetProgress) => ctx.emit({ event: 'dataset-progress', data: p });
  const done = downloadFashionMnist({
    env: ctx.env,
    baseUrl: ctx.downloadBaseUrl,
    signal: controller.signal,
    onProgress(p) {
      const fileChanged = p.file !== last.file;
      last = { ...last, ...p };
      const now = Date.now();
      if (fileChanged || p.received === p.total || now - lastSent >= PROGRESS_EVERY_MS) {
        lastSent = now;
        send(last);
      }
    },
  });
  ctx.downloads.current = { controller, done: done.catch(() => undefined) };
  try {
    const result = await done;
    send({ ...last, done: true, error: null });
    return { dir: result.dir };
  } catch (err) {
    send({ ...last, done: true, error: (err as Error).message });
    throw err;
  } finally {
    ctx.downloads.current = null;
  }
}

export const datasetHandlers = {
  listDatasets: { input: schemas.listDatasets, run: (ctx) => listDatasets(ctx.datasetContext()) },
  datasetSamples: { input: schemas.datasetSamples, run: datasetSamples },
  fetchDataset: { input: schemas.fetchDataset, run: (ctx) => fetchDataset(ctx) },
} satisfies Handlers<'listDatasets' | 'datasetSamples' | 'fetchDataset'>;
