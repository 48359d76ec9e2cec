/**
 * The last data sets loaded, kept in memory: Fashion-MNIST takes a second or two to
 * read and decode, and the sample grid, the predictions view and the next request for
 * either all want the same one. Two entries: Fashion-MNIST as float32 is ~200 MB.
 * The API keeps it in the data process (dataProcess.ts), which ends after an idle while,
 * so those megabytes live for seconds, not for the life of the server.
 */
import { loadDataset, type DatasetConfig, type DatasetContext } from '../data/registry';
import type { Dataset } from '../data/types';
import { PromiseCache } from '../lib/promiseCache';

export class DatasetCache {
  private readonly datasets: PromiseCache<string, Dataset>;

  constructor(capacity = 2) {
    this.datasets = new PromiseCache(capacity);
  }

  load(cfg: DatasetConfig, ctx: DatasetContext): Promise<Dataset> {
    const key = JSON.stringify([cfg, ctx.dataDir ?? null, ctx.configDir ?? null]);
    return this.datasets.get(key, () => loadDataset(cfg, ctx));
  }
}
