/** Data sets: what is installed, a look at one, and downloading Fashion-MNIST. */
import { listDatasets } from '../../data/registry';
import { downloadFashionMnist } from '../../data/download';
import type { ApiEvents } from '../contract';
import { assertLocalFolders, type ApiContext, type Handlers } from '../context';
import { dataWorker } from '../dataWorker';
import { conflict } from '../errors';
import { schemas } from '../schemas';

type DatasetProgress = ApiEvents['dataset-progress'];

/** Chunks arrive every few KB; the renderer needs a few updates a second, and each file's end. */
const PROGRESS_EVERY_MS = 100;

async function fetchDataset(ctx: ApiContext, destDir: string | undefined): Promise<{ dir: string }> {
  if (destDir !== undefined) assertLocalFolders(ctx, 'fetchDataset with a dir');
  if (ctx.downloads.current) throw conflict('a download is already in progress');
  const controller = new AbortController();
  const name = 'fashion-mnist';
  let last: DatasetProgress = { name, file: '', received: 0, total: null, fileIndex: 0, files: 0, done: false, error: null };
  let lastSent = 0;
  const send = (p: DatasetProgress) => ctx.emit({ event: 'dataset-progress', data: p });
  const done = downloadFashionMnist({
    env: ctx.env,
    baseUrl: ctx.downloadBaseUrl,
    destDir,
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
  // In the data process: reading Fashion-MNIST would block this process for a second or
  // two and keep ~200 MB in it; only the few images asked for come back.
  datasetSamples: { input: schemas.datasetSamples, run: (ctx, req) => dataWorker.run({ kind: 'samples', req, context: ctx.datasetContext() }) },
  fetchDataset: { input: schemas.fetchDataset, run: (ctx, { dir }) => fetchDataset(ctx, dir) },
} satisfies Handlers<'listDatasets' | 'datasetSamples' | 'fetchDataset'>;
