/**
 * `node --expose-gc --import tsx bench/dataMemory.ts [--in-process] [--looks N] [--data-dir DIR]`:
 * the serving process's memory and event-loop stalls around one look at Fashion-MNIST
 * (the data set view's samples and a run's predictions), as the API does it now (in the
 * data process, which ends after its idle time) or, with --in-process, as it did before
 * (the data set loaded and kept in the serving process). Trains a 1-epoch run first, in
 * a worker process, so there are predictions to ask for. Prints one JSON object.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runDataTask } from '../src-main/api/dataTasks';
import { DATA_PROCESS_IDLE_MS, dataWorker } from '../src-main/api/dataWorker';
import { DatasetCache } from '../src-main/api/datasetCache';
import { createAppServices } from '../src-main/api/services';
import { savedRun } from '../src-main/export/runEvaluation';
import { forkWorker } from '../src-main/sweep/workerLauncher';

const { values: args } = parseArgs({
  options: { 'in-process': { type: 'boolean', default: false }, 'data-dir': { type: 'string', default: '/usr/share/datasets/fashion-mnist' }, looks: { type: 'string', default: '1' } },
});
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const mb = () => {
  gc();
  return Math.round(process.memoryUsage().rss / 2 ** 20);
};

/** Peak RSS of the data process while it lives (Linux), to show where the memory went. */
const dataProcessPeakMb = (): number | null => {
  const pid = dataWorker.pid;
  if (pid === null || process.platform !== 'linux') return null;
  const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return kb ? Math.round(Number(kb[1]) / 1024) : null;
};

const dir = mkdtempSync(path.join(os.tmpdir(), 'sweeplab-mem-'));
const dataDir = args['data-dir'];
const services = createAppServices({ dbPath: path.join(dir, 'm.db'), launchWorker: forkWorker, mode: 'browser', dataDir });
try {
  const call = async (method: string, payload: unknown) => {
    const r = await services.dispatch(method, payload);
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
    return r.data as never;
  };
  const finished = new Promise<void>((resolve) => services.onEvent((m) => m.event === 'sweep-finished' && resolve()));
  const config = { name: 'mem', dataset: { name: 'fashion-mnist' }, engine: 'scratch', model: { hidden: [8] }, train: { epochs: 1, batchSize: 256, lr: 0.01 } };
  const { sweepId } = await call('createSweep', { config });
  await finished;
  const [run] = (await call('listRuns', { sweepId })) as { id: number; status: string }[];
  if (run.status !== 'completed') throw new Error(`the training run ${run.status}`);

  const samplesReq = { name: 'fashion-mnist', count: 9, seed: 3 };
  const context = { dataDir, env: process.env };
  const cache = new DatasetCache(); // the old way keeps it, as services.ts did
  const look = args['in-process']
    ? () => {
        const { run: _r, ...saved } = savedRun(services.store, run.id);
        const load = (cfg: Parameters<typeof cache.load>[0]) => cache.load(cfg, context);
        return Promise.all([runDataTask({ kind: 'samples', req: samplesReq, context }, load), runDataTask({ kind: 'predictions', run: saved, count: 16, context }, load)]);
      }
    : () => Promise.all([call('datasetSamples', samplesReq), call('runPredictions', { id: run.id, count: 16 })]);

  // One look, then the idle time; again with --looks N, to show what stays is bounded.
  const before = mb();
  const looks: { rightAfter: number; dataProcessPeak: number | null; afterIdle: number; requestMs: number; longestStallMs: number }[] = [];
  for (let i = 0; i < Number(args.looks); i++) {
    let last = performance.now();
    let stallMs = 0;
    const tick = setInterval(() => {
      stallMs = Math.max(stallMs, performance.now() - last);
      last = performance.now();
    }, 10);
    const started = performance.now();
    await look();
    const requestMs = Math.round(performance.now() - started);
    clearInterval(tick);
    const rightAfter = mb();
    const dataProcessPeak = dataProcessPeakMb();
    await new Promise((r) => setTimeout(r, DATA_PROCESS_IDLE_MS + 1500));
    looks.push({ rightAfter, dataProcessPeak, afterIdle: mb(), requestMs, longestStallMs: Math.round(stallMs) });
  }
  process.stdout.write(`${JSON.stringify({ mode: args['in-process'] ? 'in-process (before)' : 'data process (now)', rssMbBefore: before, looks })}\n`);
} finally {
  await services.close();
  rmSync(dir, { recursive: true, force: true });
}
