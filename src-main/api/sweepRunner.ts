/**
 * The app's one SweepScheduler and the sweeps it is running. Sweeps run in the
 * background: a call starts one and returns; what happens next reaches the renderer as
 * events and lands in the database. No failure escapes as an unhandled rejection: a
 * sweep that breaks has its unfinished runs marked failed, with the reason.
 */
import { chooseExecutor } from '../cluster/executorChoice';
import type { Store } from '../store/store';
import type { SchedulerEvent } from '../sweep/scheduler';
import { SweepOwnedError, SweepScheduler } from '../sweep/scheduler';
import { StorageFailure } from '../store/storeErrors';
import type { LaunchWorker } from '../sweep/workerLauncher';
import type { EventMessage, RunProgress, SweepStatus } from './contract';
import { conflict } from './errors';

export interface SweepRunnerOptions {
  /** Read at every trial start, so a changed data folder setting applies to the next trial. */
  dataDir: () => string | undefined;
  emit: (m: EventMessage) => void;
  /** Also log to stderr why a sweep stopped early (default true); the CLI prints the sweep-finished message itself. */
  logStops?: boolean;
  /** How long close() waits for killed workers to be reaped. */
  shutdownTimeoutMs?: number;
  /** The queue setting (password included), read at every sweep's start; SWEEPLAB_QUEUE in `env` comes first (cluster/executorChoice.ts). */
  queue?: () => string | null;
  env?: NodeJS.ProcessEnv;
}

const INTERRUPTED_BY_CLOSE = 'Sweeplab was closed while this run was training; resume the sweep to run it again';

export class SweepRunner {
  private readonly scheduler: SweepScheduler;
  private readonly running = new Map<number, Promise<void>>();
  private readonly progress = new Map<number, RunProgress>();
  /** Why a sweep ended early though normally (its budget), until drive() reports its end. */
  private readonly notes = new Map<number, string>();
  private shuttingDown = false;

  constructor(
    private readonly store: Store,
    launch: LaunchWorker,
    private readonly opts: SweepRunnerOptions,
  ) {
    // A getter: the scheduler reads `dataDir` for each trial it starts.
    const schedulerOpts = { artifactsDir: store.artifactsDir, get dataDir() { return opts.dataDir(); }, executor: chooseExecutor({ env: opts.env, setting: opts.queue }) };
    this.scheduler = new SweepScheduler(store, launch, schedulerOpts);
    this.scheduler.on((e) => this.publish(e));
  }

  isActive(sweepId: number): boolean {
    return this.running.has(sweepId) || this.scheduler.isRunning(sweepId);
  }

  /** Live progress of a running run, null otherwise. */
  runProgress(runId: number): RunProgress | null {
    return this.progress.get(runId) ?? null;
  }

  /** Starts running the sweep's queued runs; returns at once. */
  start(sweepId: number, concurrency: number): void {
    if (this.shuttingDown) throw conflict('Sweeplab is shutting down');
    if (this.isActive(sweepId)) throw conflict(`sweep ${sweepId} is already running`);
    this.running.set(sweepId, this.drive(sweepId, concurrency));
  }

  cancel(sweepId: number): boolean {
    if (!this.isActive(sweepId)) return false;
    this.scheduler.cancelSweep(sweepId);
    return true;
  }

  cancelRun(runId: number): boolean {
    return this.scheduler.cancelRun(runId);
  }

  /**
   * Stops everything for shutdown: running runs are marked interrupted first (so resume
   * picks them up and the kill does not read as a cancel), then their workers are
   * killed, and each sweep ends `interrupted`.
   */
  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    const sweepIds = [...this.running.keys()];
    for (const sweepId of sweepIds) {
      try {
        for (const run of this.store.runs.list({ sweepId, status: ['running'] })) this.store.runs.finish(run.id, 'interrupted', INTERRUPTED_BY_CLOSE);
      } catch (err) {
        // A locked or full database: the next start's recovery marks them instead.
        console.error(`sweeplab: could not mark sweep ${sweepId}'s runs interrupted: ${(err as Error).message}`);
      }
      this.scheduler.cancelSweep(sweepId);
    }
    const timeoutMs = this.opts.shutdownTimeoutMs ?? 15_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.all(this.running.values()), timeout]);
    clearTimeout(timer);
    if (this.running.size) console.error(`sweeplab: ${this.running.size} sweep(s) did not stop within ${timeoutMs} ms of shutdown`);
    // Cleared after: a pending timer would keep a CLI command alive for 5 s after its work.
    let idleTimer: NodeJS.Timeout | undefined;
    await Promise.race([this.scheduler.idle(), new Promise((r) => (idleTimer = setTimeout(r, 5000)))]);
    clearTimeout(idleTimer);
  }

  private async drive(sweepId: number, concurrency: number): Promise<void> {
    let message: string | null = null;
    try {
      await this.scheduler.runSweep(sweepId, concurrency);
    } catch (err) {
      if (err instanceof StorageFailure || err instanceof SweepOwnedError) {
        // Nothing to clean up: queued runs stay queued for a resume, and another
        // process's sweep is not ours to touch.
        message = err.message;
        if (this.opts.logStops ?? true) console.error(`sweeplab: sweep ${sweepId} stopped: ${err.message}`);
      } else {
        message = this.abandon(sweepId, err);
      }
    }
    this.running.delete(sweepId);
    let status: SweepStatus = message ? 'interrupted' : 'cancelled';
    try {
      if (this.shuttingDown) this.store.sweeps.setStatus(sweepId, 'interrupted');
      status = this.store.sweeps.get(sweepId)?.status ?? status;
    } catch (err) {
      console.error(`sweeplab: could not record the end of sweep ${sweepId}: ${(err as Error).message}`);
    }
    const note = this.notes.get(sweepId);
    this.notes.delete(sweepId);
    this.opts.emit({ event: 'sweep-finished', data: { sweepId, status, message, ...(note ? { note } : {}) } });
  }

  /** The scheduler itself failed (a worker could not start…); returns what to tell the person. */
  private abandon(sweepId: number, err: unknown): string {
    const message = `the sweep stopped: ${(err as Error)?.message ?? String(err)}`;
    if ((this.opts.logStops ?? true) || process.env.SWEEPLAB_DEBUG) console.error(`sweeplab: sweep ${sweepId} failed:`, err);
    try {
      // Lanes still training keep going unless told; stop them, and leave nothing queued.
      this.scheduler.cancelSweep(sweepId);
      for (const run of this.store.runs.list({ sweepId, status: ['queued'] })) {
        if (this.store.runs.finish(run.id, 'failed', message, 'SWEEP_STOPPED'))
          this.opts.emit({ event: 'run-finished', data: { sweepId, runId: run.id, status: 'failed', error: message, errorCode: 'SWEEP_STOPPED' } });
      }
      this.store.sweeps.setStatus(sweepId, 'interrupted');
    } catch (inner) {
      console.error(`sweeplab: could not record the failure of sweep ${sweepId}:`, inner);
    }
    return message;
  }

  /** Turns what the scheduler reports into the API's events, keeping live progress for getRun. */
  private publish(e: SchedulerEvent): void {
    try {
      switch (e.type) {
        case 'run-started': {
          // Zero progress until the first report, so a just-started run already shows its size.
          const epochs = this.store.runs.get(e.runId)?.config.train.epochs ?? 0;
          const steps = e.dataset.stepsPerEpoch * epochs;
          this.progress.set(e.runId, { runId: e.runId, sweepId: e.sweepId, epoch: 1, epochs, step: 0, steps, loss: null, etaMs: null });
          const note = e.dataset.note ? { note: e.dataset.note } : {};
          this.opts.emit({ event: 'run-started', data: { sweepId: e.sweepId, runId: e.runId, engine: e.env.engine, backend: e.env.backend, gpu: e.env.gpu, ...note } });
          break;
        }
        case 'progress': {
          // The worker sends at most one message a run every 200 ms: no throttle needed here.
          const progress: RunProgress = { ...e.progress, runId: e.runId, sweepId: e.sweepId, etaMs: e.etaMs };
          this.progress.set(e.runId, progress);
          this.opts.emit({ event: 'run-progress', data: { progress, points: e.points } });
          break;
        }
        case 'run-finished': {
          this.progress.delete(e.runId);
          // The database has the last word: a run interrupted by shutdown stays interrupted.
          // Unless it could not record the end (a full disk): then the run still reads
          // running or queued there, and what the scheduler decided is the news.
          const stored = this.store.runs.get(e.runId);
          const run = stored && stored.status !== 'running' && stored.status !== 'queued' ? stored : undefined;
          this.opts.emit({
            event: 'run-finished',
            data: { sweepId: e.sweepId, runId: e.runId, status: run?.status ?? e.status, error: run?.error ?? e.error ?? null, errorCode: run?.errorCode ?? e.errorCode ?? null },
          });
          break;
        }
        case 'sweep-finished':
          // Sent by drive() once the sweep has settled, with the status stored last; only
          // the note of an early but normal end (a spent budget) is kept for it.
          if (e.note) this.notes.set(e.sweepId, e.note);
          break;
      }
    } catch (err) {
      console.error('sweeplab: could not forward a scheduler event:', err);
    }
  }
}
