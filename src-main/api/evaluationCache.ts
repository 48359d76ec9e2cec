/**
 * Test-set predictions of finished runs, computed once per run and kept: predicting
 * 10,000 Fashion-MNIST images takes a second, and a person flips between the same few
 * runs. A finished run never changes, so the only invalidation is deleting it.
 */
import type { Dataset } from '../data/types';
import { evaluateRun, type RunEvaluation } from '../export/runEvaluation';
import type { Store } from '../store/store';
import type { TrialConfig } from '../sweep/configSchema';

export type { RunEvaluation };

export class EvaluationCache {
  private readonly entries = new Map<number, Promise<RunEvaluation>>();

  constructor(
    private readonly store: Store,
    private readonly opts: { dataDir: () => string | undefined; loadDataset: (cfg: TrialConfig['dataset']) => Promise<Dataset> },
    private readonly capacity = 8,
  ) {}

  get(runId: number): Promise<RunEvaluation> {
    const hit = this.entries.get(runId);
    if (hit) {
      // Most recently used last: Map keeps insertion order.
      this.entries.delete(runId);
      this.entries.set(runId, hit);
      return hit;
    }
    const pending = evaluateRun(this.store, runId, { dataDir: this.opts.dataDir(), loadDataset: this.opts.loadDataset });
    this.entries.set(runId, pending);
    pending.catch(() => this.entries.get(runId) === pending && this.entries.delete(runId));
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return pending;
  }

  forget(runIds: Iterable<number>): void {
    for (const id of runIds) this.entries.delete(id);
  }
}
