/**
 * RunRecords with sensible defaults, for tests on either side: a completed Iris run
 * unless told otherwise. Pure types only, so the renderer's tests use it too
 * (tsconfig.web.json lists it).
 */
import type { RunRecord } from '../../src-main/store/types';

const T0 = Date.UTC(2025, 0, 1);

export function runRecord(over: Partial<RunRecord> & { id: number }): RunRecord {
  const status = over.status ?? 'completed';
  const started = status !== 'queued';
  return {
    sweepId: 1,
    trialIndex: over.id - 1,
    attempt: 1,
    status,
    config: {
      dataset: { name: 'iris', split: { train: 0.7, val: 0.1, test: 0.2 }, seed: 0, standardize: true },
      engine: 'scratch',
      backend: 'auto',
      model: { hidden: [10], activation: 'relu' },
      train: { epochs: 5, batchSize: 16, optimizer: 'sgd', lr: 0.01, momentum: 0.9, weightDecay: 0.01, seed: 0 },
    } as unknown as RunRecord['config'],
    seed: 0,
    engine: started ? 'scratch' : null,
    backend: started ? 'js-float64' : null,
    gpu: started ? false : null,
    appVersion: started ? '0.1.0' : null,
    versions: started ? { node: '20' } : null,
    dataset: started ? { name: 'iris', source: 'iris.csv', train: 105, val: 15, test: 30, stepsPerEpoch: 7 } : null,
    pid: started ? 100 + over.id : null,
    error: null,
    errorCode: null,
    createdAt: T0,
    startedAt: started ? T0 + 1000 : null,
    finishedAt: started && status !== 'running' ? T0 + 5000 : null,
    name: null,
    note: null,
    tags: [],
    starred: false,
    replicateOf: null,
    worker: null,
    params: {},
    metrics: {},
    ...over,
  };
}
