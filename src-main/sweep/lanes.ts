/**
 * The lanes of running sweeps: each lane keeps one worker process and runs its trials
 * one after another in it, so a trial does not pay for a process start and a data-set
 * load its predecessor already paid. A worker that crashes or is killed (cancel) takes
 * only its current run with it; the lane starts a fresh one for the next trial.
 *
 * This is where a worker's messages become store writes and scheduler events: its points
 * (written as they come, one transaction a message), its start and end, and, with a
 * pruner, the question at every epoch end that the sweep's search answers. The
 * scheduler (scheduler.ts) decides which trial a lane runs next; this file runs it.
 */
import { classifyStoreError, type StorageFailure } from '../store/storeErrors';
import type { Store } from '../store/store';
import type { FinalRunStatus, RunRecord, RunStatus } from '../store/types';
import type { FromWorker, TrialProgress, TrialResult } from '../worker/protocol';
import type { TrialConfig } from './configSchema';
import type { SchedulerEvent, SchedulerOptions } from './scheduler';
import { isSearchRun, type SweepSearch } from './tuner';
import type { LaunchWorker, WorkerExit, WorkerHandle } from './workerLauncher';
import type { WriteQueue } from './writeQueue';

/** What the lanes need of their scheduler. */
export interface LaneContext {
  store: Store;
  launch: LaunchWorker;
  opts: SchedulerOptions;
  writes: WriteQueue;
  emit(e: SchedulerEvent): void;
  /** The storage failure that stopped everything, if any. */
  failure(): StorageFailure | null;
  stopForStorage(err: unknown, label: string): void;
  isCancelled(sweepId: number): boolean;
}

interface Active {
  sweepId: number;
  runId: number;
  worker: WorkerHandle;
  lane: Lane;
  startedAt: number;
  settled: boolean;
  /** The store refused to start it (it was not queued): another process's run, never to be written by us. */
  notOurs: boolean;
  search: SweepSearch;
  /** Epochs the trial trains unless stopped (what the pruner's rungs are counted against). */
  epochs: number;
  /** The pruner's reason, once it has said stop. */
  pruneReason?: string;
}

/** A worker process and the run it is on (null between trials). */
interface LaneWorker {
  handle: WorkerHandle;
  current: { run: Active; finish: FinishRun; exited: (e: WorkerExit) => void } | null;
}

/** One of a sweep's `concurrency` lanes: the worker it reuses, once it has one. */
export interface Lane {
  worker: LaneWorker | null;
}

/** Ends a run once, whoever notices first (its worker's message, its exit, a kill). */
type FinishRun = (status: FinalRunStatus, error?: string, result?: TrialResult, errorCode?: string) => void;

/** A lane without a worker yet: it starts one for its first trial. */
export function newLane(): Lane {
  return { worker: null };
}

export class TrialLanes {
  private readonly active = new Map<number, Active>();
  private readonly cancelledRuns = new Set<number>();

  constructor(private readonly ctx: LaneContext) {}

  /** Whether any run is training in any lane. */
  get busy(): boolean {
    return this.active.size > 0;
  }

  isRunning(sweepId: number): boolean {
    return [...this.active.values()].some((a) => a.sweepId === sweepId);
  }

  /** The lane is done: its worker (idle now, its exit belongs to no run) is told to leave. */
  release(lane: Lane): void {
    if (lane.worker) lane.worker.handle.send({ type: 'stop' });
    lane.worker = null;
  }

  killAll(): void {
    for (const a of this.active.values()) this.kill(a);
  }

  killSweep(sweepId: number): void {
    for (const a of this.active.values()) if (a.sweepId === sweepId) this.kill(a);
  }

  cancelRun(runId: number): boolean {
    const a = this.active.get(runId);
    if (!a) return false;
    this.cancelledRuns.add(runId);
    this.kill(a);
    return true;
  }

  /** Kills a run's worker, which its lane must not hand another trial while it dies. */
  private kill(a: Active): void {
    if (a.lane.worker?.handle === a.worker) a.lane.worker = null;
    a.worker.kill();
  }

  /**
   * Starts a worker for `lane`. Its messages and its exit go to whichever run it is on;
   * an exit between runs (after `stop`, or a crash while idle) concerns no run.
   */
  private spawn(lane: Lane): LaneWorker {
    const w: LaneWorker = { handle: this.ctx.launch(), current: null };
    w.handle.onMessage((m: FromWorker) => {
      const current = w.current;
      if (!current || current.run.settled || m.runId !== current.run.runId) return;
      this.handle(m, current.run, current.finish);
    });
    w.handle.onExit((e) => {
      if (lane.worker === w) lane.worker = null;
      const current = w.current;
      w.current = null;
      if (current && !current.run.settled) current.exited(e);
    });
    return w;
  }

  run(sweepId: number, run: RunRecord, lane: Lane, search: SweepSearch): Promise<RunStatus> {
    const runId = run.id;
    const trial = run.config as TrialConfig;
    return new Promise((resolve) => {
      const w = (lane.worker ??= this.spawn(lane));
      const a: Active = { sweepId, runId, worker: w.handle, lane, startedAt: Date.now(), settled: false, notOurs: false, search, epochs: trial.train.epochs };
      this.active.set(runId, a);
      // Always resolves, whatever the database says: a sweep must never hang on one run.
      const settle: FinishRun = (status, error, result, errorCode) => {
        if (a.settled) return;
        a.settled = true;
        if (w.current?.run === a) w.current = null;
        this.active.delete(runId);
        if (!a.notOurs) search.finished(runId, status);
        const done = () => {
          this.ctx.emit({ type: 'run-finished', sweepId, runId, status, error, errorCode, result });
          resolve(status);
        };
        if (a.notOurs) return done();
        this.ctx.writes.push({
          label: `the end of run ${runId}`,
          // One transaction: a run is completed with its artifacts, or not at all.
          run: () =>
            this.ctx.store.db.transaction(() => {
              if (result) for (const art of result.artifacts) this.ctx.store.artifacts.add(runId, art.kind, art.path, art.bytes);
              this.ctx.store.runs.finish(runId, status, error, errorCode);
            })(),
          onError: (e) => {
            [status, error, errorCode] = ['failed', `could not record the run's results: ${(e as Error).message}`, 'NOT_RECORDED'];
            try {
              this.ctx.store.runs.finish(runId, status, error);
            } catch (inner) {
              process.stderr.write(`sweeplab: could not record the end of run ${runId}: ${(inner as Error).message}\n`);
            }
          },
          after: (outcome) => {
            // Not written: the run stays `running` in the file, and is interrupted for resume.
            if (outcome === 'dropped') [status, error] = ['interrupted', this.ctx.failure()?.message];
            done();
          },
        });
      };
      const exited = (e: WorkerExit) => {
        const failure = this.ctx.failure();
        if (failure) return settle('interrupted', failure.message);
        // A remote trial cut off mid-way (its machine died, the job reruns elsewhere:
        // cluster/remoteTrial.ts): interrupted with what it recorded, not failed.
        if (e.interrupted) return settle('interrupted', e.interrupted);
        const killed = this.ctx.isCancelled(sweepId) || this.cancelledRuns.delete(runId);
        if (killed || a.notOurs) return settle('cancelled');
        const how = e.signal ? `was killed by ${e.signal}` : `exited with code ${e.code}`;
        settle('failed', `the worker process ${how} before finishing${e.stderr ? `: ${lastLine(e.stderr)}` : ''}`, undefined, 'WORKER_EXITED');
      };
      w.current = { run: a, finish: settle, exited };
      // A replicate is a full-length re-run, measured as it is: never asked to stop early.
      const pruning = search.pruner !== null && isSearchRun(run);
      w.handle.send({ type: 'start', runId, trial, artifactsDir: this.ctx.opts.artifactsDir, dataDir: this.ctx.opts.dataDir, ...(pruning ? { pruning: true } : {}) });
    });
  }

  private handle(m: FromWorker, a: Active, settle: FinishRun): void {
    const { sweepId, runId } = a;
    switch (m.type) {
      case 'started':
        a.startedAt = Date.now();
        a.search.started(runId, a.startedAt);
        this.ctx.writes.push({
          label: `the start of run ${runId}`,
          run: () => this.ctx.store.runs.start(runId, m.env, m.dataset, a.worker.machine ?? null),
          onError: (e) => {
            // Not queued any more: someone else's run (or deleted). Never write to it.
            a.notOurs = true;
            process.stderr.write(`sweeplab: run ${runId} was not started here: ${(e as Error).message}\n`);
            this.kill(a);
          },
        });
        this.ctx.emit({ type: 'run-started', sweepId, runId, env: m.env, dataset: m.dataset });
        break;
      case 'metrics':
        if (a.notOurs) break;
        if (m.points.length) this.ctx.writes.push({ label: `${m.points.length} metric point(s) of run ${runId}`, run: () => this.ctx.store.metrics.append(runId, m.points) });
        a.search.record(runId, m.points);
        this.ctx.emit({ type: 'progress', sweepId, runId, progress: m.progress, etaMs: eta(a.startedAt, m.progress), points: m.points });
        break;
      case 'frames':
        // Through the same ordered queue as the points: a run's frames are written before its end.
        if (a.notOurs || !m.frames.length) break;
        this.ctx.writes.push({ label: `${m.frames.length} frame(s) of run ${runId}`, run: () => this.ctx.store.frames.append(runId, m.frames) });
        break;
      case 'finished':
        settle('completed', undefined, m.result);
        break;
      case 'epoch-end': {
        // The worker waits for this; a run the sweep no longer wants is killed instead.
        if (a.notOurs) break;
        const d = a.search.decide(runId, m.epoch, a.epochs);
        if (d?.action === 'stop') a.pruneReason = d.reason;
        a.worker.send({ type: 'decision', runId, epoch: m.epoch, stop: d?.action === 'stop' });
        break;
      }
      case 'pruned':
        settle('pruned', a.pruneReason ?? `stopped at epoch ${m.epoch}`, undefined, 'PRUNED');
        break;
      case 'failed':
        if (classifyStoreError(m) === 'storage') {
          // The disk, not the trial: stop the sweep, and leave this run for --resume.
          this.ctx.stopForStorage(Object.assign(new Error(m.message), { code: m.code }), `the files of run ${runId}`);
          settle('interrupted', this.ctx.failure()?.message);
        } else settle('failed', m.message, undefined, m.code);
        break;
    }
  }
}

function eta(startedAt: number, p: TrialProgress): number | null {
  if (p.step <= 0) return null;
  return ((Date.now() - startedAt) / p.step) * (p.steps - p.step);
}

function lastLine(text: string): string {
  const lines = text.split('\n').filter((l) => l.trim());
  const error = lines.find((l) => /Error/.test(l));
  return (error ?? lines[lines.length - 1] ?? '').trim();
}
