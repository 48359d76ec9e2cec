/**
 * The last data sets loaded, kept in memory: Fashion-MNIST takes a second or two to
 * read and decode, and the sample grid, the predictions view and the next request for
 * either all want the same one. Two entries: Fashion-MNIST as float32 is ~200 MB.
 * The API keeps it in the data process (dataProcess.ts), which ends after an idle while,
 * so those megabytes live for seconds, not for the life of the server.
 */
import { loadDataset, type DatasetConfig, type DatasetContext } from '../data/registry';
import type { Dataset } from '../data/types';

export class DatasetCache {
  private entries: { key: string; dataset: Promise<Dataset> }[] = [];

  constructor(private readonly capacity = 2) {}

  load(cfg: DatasetConfig, ctx: DatasetContext): Promise<Dataset> {
    const key = JSON.stringify([cfg, ctx.dataDir ?? null, ctx.configDir ?? null]);
    const i = this.entries.findIndex((e) => e.key === key);
    if (i >= 0) {
      const [hit] = this.entries.splice(i, 1);
      this.entries.unshift(hit);
      return hit.dataset;
    }
    const dataset = loadDataset(cfg, ctx);
    const entry = { key, dataset };
    this.entries.unshift(entry);
    this.entries.length = Math.min(this.entries.length, this.capacity);
    // A failed load is not cached: the file may be fixed before the next try.
    dataset.catch(() => (this.entries = this.entries.filter((e) => e !== entry)));
    return dataset;
  }
}
