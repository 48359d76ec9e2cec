/**
 * Test-set predictions of finished runs, as the run view shows them, computed once and
 * kept: predicting 10,000 Fashion-MNIST images takes a second, and a person flips between
 * the same few runs. The work happens in the data process (dataWorker.ts); what is kept
 * here is the answer only (a 10×10 matrix and a grid of 16 small images), never the data
 * set. A finished run never changes, so the only invalidation is deleting it.
 */
import type { DatasetContext } from '../data/registry';
import { savedRun } from '../export/runEvaluation';
import type { Store } from '../store/store';
import type { RunPredictions } from './contract';
import { dataWorker as sharedDataWorker, type DataWorker } from './dataWorker';

export interface EvaluationCacheOptions {
  /** Where the work runs; the serving process's data worker unless a test brings its own. */
  worker?: DataWorker;
}

export class EvaluationCache {
  /** Key `${runId}:${count}`: the grid's rows depend on the count. Most recently used last. */
  private readonly entries = new Map<string, { runId: number; answer: Promise<RunPredictions> }>();
  private readonly worker: DataWorker;

  constructor(
    private readonly store: Store,
    opts: EvaluationCacheOptions = {},
    private readonly capacity = 32,
  ) {
    this.worker = opts.worker ?? sharedDataWorker;
  }

  /** Throws NOT_FOUND at once (no process started) for a run without a saved model. */
  get(runId: number, count: number, context: DatasetContext): Promise<RunPredictions> {
    const key = `${runId}:${count}`;
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.answer;
    }
    const { run: _record, ...run } = savedRun(this.store, runId);
    const answer = this.worker.run({ kind: 'predictions', run, count, context });
    const entry = { runId, answer };
    this.entries.set(key, entry);
    // A failure is not kept: the data folder may be fixed before the next look.
    answer.catch(() => this.entries.get(key) === entry && this.entries.delete(key));
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return answer;
  }

  forget(runIds: Iterable<number>): void {
    const gone = new Set(runIds);
    for (const [key, e] of this.entries) if (gone.has(e.runId)) this.entries.delete(key);
  }
}
