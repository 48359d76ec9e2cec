/**
 * Test-set predictions of finished runs, as the run view shows them, computed once and
 * kept: predicting 10,000 Fashion-MNIST images takes a second, and a person flips between
 * the same few runs. The work happens in the data process (dataWorker.ts); what is kept
 * here is the answer only (a 10×10 matrix and a grid of 16 small images), never the data
 * set. A finished run never changes, so the only invalidation is deleting it.
 */
import type { DatasetContext } from '../data/registry';
import { savedRun } from '../export/runEvaluation';
import { PromiseCache } from '../lib/promiseCache';
import type { Store } from '../store/store';
import type { RunPredictions } from './contract';
import { dataWorker as sharedDataWorker, type DataWorker } from './dataWorker';

export interface EvaluationCacheOptions {
  /** Where the work runs; the serving process's data worker unless a test brings its own. */
  worker?: DataWorker;
}

export class EvaluationCache {
  /** Key `${runId}:${count}`: the grid's rows depend on the count. */
  private readonly answers: PromiseCache<string, RunPredictions>;
  private readonly worker: DataWorker;

  constructor(
    private readonly store: Store,
    opts: EvaluationCacheOptions = {},
    capacity = 32,
  ) {
    this.worker = opts.worker ?? sharedDataWorker;
    this.answers = new PromiseCache(capacity);
  }

  /** Throws NOT_FOUND at once (no process started) for a run without a saved model. */
  get(runId: number, count: number, context: DatasetContext): Promise<RunPredictions> {
    return this.answers.get(`${runId}:${count}`, () => {
      const { run: _record, ...run } = savedRun(this.store, runId);
      return this.worker.run({ kind: 'predictions', run, count, context });
    });
  }

  forget(runIds: Iterable<number>): void {
    const gone = new Set(runIds);
    this.answers.deleteWhere((key) => gone.has(Number(key.split(':')[0])));
  }
}
