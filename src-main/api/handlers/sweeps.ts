/** Sweeps: list, find, inspect, check, launch, cancel, resume, confirm, annotate, delete. */
import { chooseBestRun } from '../../shared/validationChoice';
import { checkOnQueue } from '../../cluster/launchOnQueue';
import { ConfigError } from '../../sweep/configFile';
import { configError } from '../../sweep/configIssues';
import { prepareConfirm } from '../../sweep/confirm';
import { createSweep, deleteSweepGradually, prepareResume } from '../../sweep/sweepService';
import { processIdentity } from '../../store/liveness';
import { removeArtifacts } from '../artifacts';
import type { ConfigCheck, SweepDetail } from '../contract';
import type { ApiContext, Handlers } from '../context';
import { conflict, notFound } from '../errors';
import { dataShape, estimateSweepSeconds } from '../estimate';
import { schemas } from '../schemas';
import { concurrencyFor, cores, validateApiConfig } from '../sweepConfig';

function getSweepOr404(ctx: ApiContext, id: number) {
  const sweep = ctx.store.sweeps.get(id);
  if (!sweep) throw notFound(`no sweep with id ${id}`);
  return sweep;
}

/** A sweep another live process (the CLI, another `serve`) owns is that process's to change. */
export function assertNotRunningElsewhere(ctx: ApiContext, id: number, what: string): void {
  const owner = ctx.store.sweeps.ownedElsewhere(id, processIdentity());
  if (owner) throw conflict(`sweep ${id} is being run by another Sweeplab process (pid ${owner.pid} on ${owner.host}); ${what} once it has stopped`);
}

function findSweep(ctx: ApiContext, ref: string) {
  const sweep = ctx.store.sweeps.resolve(ref);
  if (!sweep) throw notFound(`no sweep with id or name "${ref}"`);
  return ctx.store.sweeps.list().find((s) => s.id === sweep.id)!;
}

function sweepDetail(ctx: ApiContext, id: number): SweepDetail {
  const sweep = getSweepOr404(ctx, id);
  const summary = ctx.store.sweeps.list().find((s) => s.id === id)!;
  const runs = ctx.store.runs.list({ sweepId: id });
  return {
    sweep,
    summary,
    runs,
    sweptKeys: Object.keys(sweep.config.search.params),
    bestRunId: chooseBestRun(runs)?.id ?? null,
    active: ctx.sweeps.isActive(id),
  };
}

async function checkConfig(ctx: ApiContext, raw: unknown): Promise<ConfigCheck> {
  let checked;
  try {
    checked = validateApiConfig(ctx, raw);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    const issues = err.issues.length ? err.issues : [{ path: '(config)', message: err.message.replace(/^config: /, '') }];
    return { ok: false, issues, trials: 0, estimateSeconds: null, config: null };
  }
  const { config, trials } = checked;
  const shape = await dataShape(config.dataset, ctx.datasetContext()).catch(() => null);
  const estimateSeconds = shape && estimateSweepSeconds(config, trials, shape, concurrencyFor(ctx, config), cores());
  return { ok: true, issues: [], trials, estimateSeconds, config };
}

export const sweepHandlers = {
  listSweeps: { input: schemas.listSweeps, run: (ctx) => ctx.store.sweeps.list() },
  getSweep: { input: schemas.getSweep, run: (ctx, { id }) => sweepDetail(ctx, id) },
  findSweep: { input: schemas.findSweep, run: (ctx, { ref }) => findSweep(ctx, ref) },
  checkConfig: { input: schemas.checkConfig, run: (ctx, { config }) => checkConfig(ctx, config) },

  createSweep: {
    input: schemas.createSweep,
    async run(ctx, req) {
      const { config, trials: planned, data, queue } = validateApiConfig(ctx, req.config, req.concurrency);
      // On a queue: refused only when no live worker can run it (cluster/launchOnQueue.ts).
      const issue = queue && (await checkOnQueue(config, data, planned, queue));
      if (issue) throw configError('config', [issue]);
      const { sweep, trials } = createSweep(ctx.store, config);
      ctx.emit({ event: 'sweep-created', data: { sweepId: sweep.id, name: sweep.name, trials } });
      ctx.sweeps.start(sweep.id, concurrencyFor(ctx, config, req.concurrency));
      return { sweepId: sweep.id, trials };
    },
  },

  cancelSweep: {
    input: schemas.cancelSweep,
    run(ctx, { id }) {
      getSweepOr404(ctx, id);
      return { cancelled: ctx.sweeps.cancel(id) };
    },
  },

  resumeSweep: {
    input: schemas.resumeSweep,
    run(ctx, { id, concurrency }) {
      const sweep = getSweepOr404(ctx, id);
      if (ctx.sweeps.isActive(id)) throw conflict(`sweep ${id} is already running`);
      assertNotRunningElsewhere(ctx, id, 'resume it');
      const { queued } = prepareResume(ctx.store, String(id));
      if (queued > 0) ctx.sweeps.start(id, concurrencyFor(ctx, sweep.config, concurrency));
      else ctx.store.sweeps.release(id, processIdentity());
      return { queued };
    },
  },

  confirmSweep: {
    input: schemas.confirmSweep,
    run(ctx, { id, top, seeds, concurrency }) {
      const sweep = getSweepOr404(ctx, id);
      if (ctx.sweeps.isActive(id)) throw conflict(`sweep ${id} is running; confirm its best configurations once it has finished`);
      assertNotRunningElsewhere(ctx, id, 'confirm it');
      const { queued, configurations } = prepareConfirm(ctx.store, id, { top, seeds });
      ctx.sweeps.start(id, concurrencyFor(ctx, sweep.config, concurrency));
      return { queued, configurations };
    },
  },

  updateSweep: {
    input: schemas.updateSweep,
    run(ctx, { id, ...changes }) {
      getSweepOr404(ctx, id);
      const sweep = ctx.store.sweeps.annotate(id, changes)!;
      ctx.emit({ event: 'sweep-updated', data: { sweepId: id } });
      return sweep;
    },
  },

  deleteSweep: {
    input: schemas.deleteSweep,
    async run(ctx, { id }) {
      getSweepOr404(ctx, id);
      if (ctx.sweeps.isActive(id)) throw conflict(`sweep ${id} is running; cancel it before deleting it`);
      assertNotRunningElsewhere(ctx, id, 'delete it');
      const runIds = ctx.store.runs.list({ sweepId: id, includeSuperseded: true }).map((r) => r.id);
      const paths = await deleteSweepGradually(ctx.store, id);
      ctx.evaluations.forget(runIds);
      await removeArtifacts(ctx.store.artifactsDir, paths);
      ctx.emit({ event: 'sweep-deleted', data: { sweepId: id } });
      return { deleted: true };
    },
  },
} satisfies Handlers<'listSweeps' | 'getSweep' | 'findSweep' | 'checkConfig' | 'createSweep' | 'cancelSweep' | 'resumeSweep' | 'confirmSweep' | 'updateSweep' | 'deleteSweep'>;
