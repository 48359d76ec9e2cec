/** Runs: list, inspect, cancel, annotate, delete, their metric series, frames, predictions, evaluation and files. */
import { loadDataset } from '../../data/registry';
import { evaluateRun } from '../../export/runEvaluation';
import { readArtifact, removeArtifacts } from '../artifacts';
import { assertNotRunningElsewhere } from './sweeps';
import type { FrameKind, RunDetail, RunEvaluationSummary, RunFrames, RunPredictions } from '../contract';
import { datasetFrameKind } from '../../sweep/configSchema';
import { framesEnabled } from '../../frames/config';
import type { RunRecord } from '../../store/types';
import type { ApiContext, Handlers } from '../context';
import { badInput, conflict, notFound } from '../errors';
import { schemas } from '../schemas';

function getRunOr404(ctx: ApiContext, id: number) {
  const run = ctx.store.runs.get(id);
  if (!run) throw notFound(`no run with id ${id}`);
  return run;
}

function runDetail(ctx: ApiContext, id: number): RunDetail {
  const run = getRunOr404(ctx, id);
  const sweep = ctx.store.sweeps.get(run.sweepId)!;
  return {
    run,
    sweepName: sweep.name,
    sweptKeys: Object.keys(sweep.config.search.params),
    artifacts: ctx.store.artifacts.list(id),
    progress: run.status === 'running' ? ctx.sweeps.runProgress(id) : null,
  };
}

function runPredictions(ctx: ApiContext, id: number, count: number): Promise<RunPredictions> {
  const run = getRunOr404(ctx, id);
  if (run.status === 'queued' || run.status === 'running') throw conflict(`run ${id} is ${run.status}; predictions need a completed run`);
  // Computed in the data process and cached per run (see evaluationCache.ts).
  return ctx.evaluations.get(id, count, ctx.datasetContext());
}

/**
 * The frames a run has recorded (after `sinceSeq`). Its kind is its frames' own; before
 * the first one arrives it is what the config implies (frames/config.ts has the
 * defaults), null for a CSV until it is read. `plannedSteps` needs the worker's split
 * sizes, so it is null until the run has started.
 */
function runFrames(ctx: ApiContext, id: number, sinceSeq: number | undefined): RunFrames {
  const run = getRunOr404(ctx, id);
  const stepsPerEpoch = run.dataset?.stepsPerEpoch;
  return {
    runId: id,
    kind: ctx.store.frames.kind(id) ?? expectedFrameKind(run),
    plannedSteps: typeof stepsPerEpoch === 'number' ? stepsPerEpoch * run.config.train.epochs : null,
    frames: ctx.store.frames.list(id, sinceSeq),
  };
}

function expectedFrameKind(run: RunRecord): FrameKind | null {
  if (run.status !== 'queued' && run.status !== 'running') return null;
  const kind = datasetFrameKind(run.config.dataset.name);
  return kind !== 'unknown' && framesEnabled(run.config.frames, kind) ? kind : null;
}

/**
 * The whole test split through the saved weights again, with the loss the predictions
 * leave out. In this process, not the data process: `sweeplab eval` has nothing else to
 * do meanwhile (the run view's look at a run is runPredictions, in the data process).
 */
async function evaluate(ctx: ApiContext, id: number): Promise<RunEvaluationSummary> {
  const context = ctx.datasetContext();
  const e = await evaluateRun(ctx.store, id, { loadDataset: (cfg) => loadDataset(cfg, context) });
  return {
    runId: id,
    dataset: { name: e.dataset.name, source: e.dataset.source },
    classes: e.dataset.classes,
    testRows: e.labels.length,
    loss: e.loss,
    accuracy: e.accuracy,
    recordedAccuracy: e.run.metrics.test_acc ?? null,
    confusion: e.confusion,
  };
}

export const runHandlers = {
  listRuns: {
    input: schemas.listRuns,
    run: (ctx, filter) => ctx.store.runs.list({ sweepId: filter.sweepId, status: filter.status, includeSuperseded: filter.includeSuperseded }),
  },
  getRun: { input: schemas.getRun, run: (ctx, { id }) => runDetail(ctx, id) },

  cancelRun: {
    input: schemas.cancelRun,
    run(ctx, { id }) {
      getRunOr404(ctx, id);
      // Only a run with a worker can be stopped; a queued one is cancelled with its sweep.
      return { cancelled: ctx.sweeps.cancelRun(id) };
    },
  },

  updateRun: {
    input: schemas.updateRun,
    run(ctx, { id, ...changes }) {
      const run = getRunOr404(ctx, id);
      const updated = ctx.store.runs.annotate(id, changes)!;
      ctx.emit({ event: 'sweep-updated', data: { sweepId: run.sweepId, runId: id } });
      return updated;
    },
  },

  deleteRun: {
    input: schemas.deleteRun,
    async run(ctx, { id }) {
      const run = getRunOr404(ctx, id);
      if (run.status === 'running') throw conflict(`run ${id} is running; stop it before deleting it`);
      // A queued run of a sweep being run here is the scheduler's next job: it would start a run that is gone.
      if (run.status === 'queued' && ctx.sweeps.isActive(run.sweepId))
        throw conflict(`run ${id} is queued in sweep ${run.sweepId}, which is running; stop the sweep before deleting it`);
      assertNotRunningElsewhere(ctx, run.sweepId, 'delete its runs');
      const paths = ctx.store.runs.delete(id) ?? [];
      ctx.evaluations.forget([id]);
      await removeArtifacts(ctx.store.artifactsDir, paths);
      ctx.emit({ event: 'sweep-updated', data: { sweepId: run.sweepId, runId: id, deleted: true } });
      return { deleted: true };
    },
  },

  metrics: {
    input: schemas.metrics,
    run: (ctx, req) => ctx.store.metrics.series(req.runIds, req.keys, { maxPoints: req.maxPoints, sinceStep: req.sinceStep }),
  },

  runPredictions: { input: schemas.runPredictions, run: (ctx, req) => runPredictions(ctx, req.id, req.count ?? 16) },
  runFrames: { input: schemas.runFrames, run: (ctx, req) => runFrames(ctx, req.id, req.sinceSeq) },
  evaluateRun: { input: schemas.evaluateRun, run: (ctx, { id }) => evaluate(ctx, id) },

  runArtifact: {
    input: schemas.runArtifact,
    async run(ctx, { id, path }) {
      getRunOr404(ctx, id);
      // Only what the run recorded: the path is a key into the table, never a file name.
      const artifact = ctx.store.artifacts.list(id).find((a) => a.path === path);
      if (!artifact) throw badInput(`path: "${path}" is not an artifact of run ${id}`, [{ path: 'path', message: `is not an artifact of run ${id}` }]);
      const file = await readArtifact(ctx.store.artifactsDir, artifact.path);
      return { filename: file.filename, mime: file.mime, base64: file.bytes.toString('base64') };
    },
  },
} satisfies Handlers<'listRuns' | 'getRun' | 'cancelRun' | 'updateRun' | 'deleteRun' | 'metrics' | 'runPredictions' | 'runFrames' | 'evaluateRun' | 'runArtifact'>;
