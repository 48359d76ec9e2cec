/**
 * The sweep scheduler: runs a sweep's queued runs, `concurrency` at a time, in worker
 * processes; it is the database's only writer.
 *
 * Each of the `concurrency` lanes keeps one worker and hands it its trials one after
 * another, so a trial does not pay for a process start and a data-set load (about 1 s
 * for Fashion-MNIST) that its predecessor already paid. A worker that crashes or is
 * killed (cancel) takes only its current run with it; the lane starts a fresh one for
 * the next trial. When a lane runs out of trials it tells its worker to stop.
 * Each `metrics` message of a worker (its points of the last 200 ms, see runTrial.ts)
 * is written as it comes, in one transaction, so a crash loses at most the message in
 * flight and never half of one, nor a finished run.
 *
 * Every write goes through one ordered WriteQueue (writeQueue.ts): a database locked by
 * another process delays writes, never drops or reorders them. A write that cannot
 * succeed (disk full, I/O error, read-only file) stops every sweep at once: no trial
 * starts, training ones are killed and left for `--resume`, and `runSweep` rejects with
 * a StorageFailure that says what to do. A sweep has one owner process
 * (`sweeps.claim`): another process's sweep is refused, never run twice.
 */
import { processIdentity } from '../store/liveness';
import type { Store } from '../store/store';
import { classifyStoreError, describeStorageError, retryBusy, StorageFailure } from '../store/storeErrors';
import type { SweepOwner } from '../store/sweepRepository';
import type { FinalRunStatus, RunRecord, RunStatus } from '../store/types';
import type { RunEnv } from '../store/types';
import type { FromWorker, MetricPoint, RunDataset, TrialProgress, TrialResult } from '../worker/protocol';
import type { TrialConfig } from './configSchema';
import { SweepSearch, type Proposal } from './tuner';
import type { LaunchWorker, WorkerExit, WorkerHandle } from './workerLauncher';
import { WriteQueue } from './writeQueue';

export interface SchedulerOptions {
  artifactsDir: string;
  dataDir?: string;
  /** Where to say that the database is locked and the sweep waits (default: stderr). */
  notice?: (message: string) => void;
}

/** Another live process runs this sweep: it is not ours to run, resume or change. */
export class SweepOwnedError extends Error {
  readonly code = 'CONFLICT';
  constructor(
    sweepId: number,
    readonly owner: SweepOwner,
  ) {
    super(`sweep ${sweepId} is being run by another Sweeplab process (pid ${owner.pid} on ${owner.host}); wait for it to finish or stop it there`);
    this.name = 'SweepOwnedError';
  }
}

export type SchedulerEvent =
  | { type: 'run-started'; sweepId: number; runId: number; env: RunEnv; dataset: RunDataset }
  | { type: 'progress'; sweepId: number; runId: number; progress: TrialProgress; etaMs: number | null; points: MetricPoint[] }
  | { type: 'run-finished'; sweepId: number; runId: number; status: RunStatus; error?: string; errorCode?: string; result?: TrialResult }
  | { type: 'sweep-finished'; sweepId: number; status: 'completed' | 'failed' | 'cancelled' | 'interrupted'; counts: SweepCounts; message?: string };

export interface SweepCounts {
  completed: number;
  /** Stopped early by the sweep's pruner: finished, with curves and no test figures. */
  pruned: number;
  failed: number;
  cancelled: number;
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
interface Lane {
  worker: LaneWorker | null;
}

/** Ends a run once, whoever notices first (its worker's message, its exit, a kill). */
type FinishRun = (status: FinalRunStatus, error?: string, result?: TrialResult, errorCode?: string) => void;

export class SweepScheduler {
  private listeners = new Set<(e: SchedulerEvent) => void>();
  private active = new Map<number, Active>();
  private cancelled = new Set<number>();
  private cancelledRuns = new Set<number>();
  private readonly writes: WriteQueue;
  private storageFailure: StorageFailure | null = null;

  constructor(
    private readonly store: Store,
    private readonly launch: LaunchWorker,
    private readonly opts: SchedulerOptions,
  ) {
    const notice = opts.notice ?? ((m: string) => process.stderr.write(`sweeplab: ${m}\n`));
    this.writes = new WriteQueue({
      onStorageFailure: (err, label) => this.stopForStorage(err, label),
      onLongWait: (ms) => notice(`the database is locked by another process (${Math.round(ms / 1000)} s so far); training goes on and results are kept until it can be written`),
    });
  }

  on(listener: (e: SchedulerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(e: SchedulerEvent): void {
    for (const l of this.listeners) l(e);
  }

  isRunning(sweepId: number): boolean {
    return [...this.active.values()].some((a) => a.sweepId === sweepId);
  }

  /**
   * Runs every queued run of the sweep; resolves when none is left. Rejects with
   * SweepOwnedError when another live process runs it, and with StorageFailure when the
   * database stopped accepting writes (nothing more is started; resume later).
   */
  async runSweep(sweepId: number, concurrency: number): Promise<SweepCounts> {
    const me = processIdentity();
    await retryBusy(() => {
      const claim = this.store.sweeps.claim(sweepId, me);
      if (!claim.ok) throw new SweepOwnedError(sweepId, claim.owner);
    });
    try {
      return await this.runOwnedSweep(sweepId, concurrency);
    } finally {
      try {
        await retryBusy(() => this.store.sweeps.release(sweepId, me), { maxWaitMs: 10_000 });
      } catch {
        // The owner record names this process; once it exits, the next process sees it dead.
      }
    }
  }

  private async runOwnedSweep(sweepId: number, concurrency: number): Promise<SweepCounts> {
    this.cancelled.delete(sweepId);
    if (this.storageFailure && !this.active.size) {
      // A new start after a storage failure: the person freed space and tries again.
      this.storageFailure = null;
      this.writes.reset();
    }
    if (this.storageFailure) throw this.storageFailure;
    const sweep = await retryBusy(() => this.store.sweeps.get(sweepId));
    if (!sweep) throw new Error(`no sweep ${sweepId}`);
    const search = await retryBusy(() => SweepSearch.load(this.store, sweepId, sweep.config));
    const queue = this.store.runs.list({ sweepId, status: ['queued'] });
    const counts: SweepCounts = { completed: 0, pruned: 0, failed: 0, cancelled: 0 };
    /** Why the search stopped before its trials ran out (a spent budget), for the last message. */
    let stopped: string | null = null;
    await retryBusy(() => this.store.sweeps.setStatus(sweepId, 'running'));
    const next = async (): Promise<void> => {
      const lane: Lane = { worker: null };
      try {
        // Checked before taking a run off the queue: a run taken and then dropped would be
        // left `queued` forever instead of being marked cancelled below.
        while (!this.cancelled.has(sweepId) && !this.storageFailure) {
          const spent = search.budgetSpent();
          if (spent) {
            stopped ??= spent;
            break;
          }
          const run = queue.shift() ?? (search.adaptive ? await this.propose(sweepId, search, (why) => (stopped ??= why)) : undefined);
          if (!run) break;
          const status = await this.runOne(sweepId, run, lane, search);
          if (status === 'completed' || status === 'pruned' || status === 'cancelled' || status === 'failed') counts[status]++;
        }
      } finally {
        // Idle now: its exit belongs to no run.
        if (lane.worker) lane.worker.handle.send({ type: 'stop' });
        lane.worker = null;
      }
    };
    // An adaptive search proposes as lanes free up: as many lanes as trials may still come.
    const trialsToCome = queue.length + (search.adaptive ? Math.max(0, search.maxTrials - search.size) : 0);
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, trialsToCome)) }, next));
    await this.writes.idle();
    // Read through a call: TypeScript would keep the `null` it saw before the awaits.
    const failure = this.failure();
    if (failure) {
      // Queued runs stay queued and the sweep interrupted, for --resume; best effort, the
      // database may refuse even this.
      try {
        this.store.sweeps.setStatus(sweepId, 'interrupted');
      } catch {
        // recoverInterrupted does it once this process has gone
      }
      this.emit({ type: 'sweep-finished', sweepId, status: 'interrupted', counts, message: failure.message });
      throw failure;
    }
    const wasCancelled = this.cancelled.has(sweepId);
    if (wasCancelled || stopped) {
      // A spent budget leaves the grid's untried trials as cancelled, saying why.
      const [why, code] = wasCancelled ? [undefined, undefined] : [`not started: ${stopped}`, 'BUDGET'];
      for (const run of queue) this.writes.push({ label: `the cancel of run ${run.id}`, run: () => void this.store.runs.finish(run.id, 'cancelled', why, code) });
      counts.cancelled += queue.length;
    }
    // `failed` only when nothing else happened: one good run makes a sweep worth reading.
    const status = wasCancelled ? 'cancelled' : counts.failed > 0 && counts.completed + counts.pruned + counts.cancelled === 0 ? 'failed' : 'completed';
    this.writes.push({ label: `the end of sweep ${sweepId}`, run: () => void this.store.sweeps.setStatus(sweepId, status) });
    await this.writes.idle();
    const late = this.failure();
    if (late) throw late;
    this.emit({ type: 'sweep-finished', sweepId, status, counts, ...(stopped && !wasCancelled ? { message: `stopped early: ${stopped}` } : {}) });
    return counts;
  }

  /**
   * The next trial of an adaptive search, queued in the store; undefined when the search
   * is done (`done` is told why). The index is taken at once, so two lanes proposing
   * together never get the same one.
   */
  private async propose(sweepId: number, search: SweepSearch, done: (why: string) => void): Promise<RunRecord | undefined> {
    let proposal: Proposal;
    try {
      proposal = search.propose();
    } catch (e) {
      // A sampler's bug must not leave the sweep hanging: stop proposing, say so.
      done(`the ${search.strategy} sampler failed: ${(e as Error).message}`);
      return undefined;
    }
    if ('done' in proposal) return void done(proposal.done);
    const { trial } = proposal;
    let created: RunRecord | undefined;
    await new Promise<void>((resolve) =>
      this.writes.push({
        label: `trial ${trial.index} of sweep ${sweepId}`,
        run: () => void ([created] = this.store.runs.createQueued(sweepId, [{ trialIndex: trial.index, params: trial.params, config: trial.config, seed: trial.config.train.seed }])),
        onError: (e) => done(`could not record trial ${trial.index}: ${(e as Error).message}`),
        after: () => resolve(),
      }),
    );
    if (created) search.queued(created);
    else search.forget(trial.index);
    return created;
  }

  private failure(): StorageFailure | null {
    return this.storageFailure;
  }

  /** The database refuses writes for good: stop everything, keep what is on disk. */
  private stopForStorage(err: unknown, label: string): void {
    if (this.storageFailure) return;
    const file = (err as { code?: string }).code?.startsWith('SQLITE') ? this.store.file : this.opts.artifactsDir;
    const what = describeStorageError(err, file);
    this.storageFailure = new StorageFailure(`could not record ${label}: ${what}`, err);
    for (const a of this.active.values()) this.kill(a);
  }

  /** Stops a sweep: running trials are killed, queued ones never start. */
  cancelSweep(sweepId: number): void {
    this.cancelled.add(sweepId);
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
    const w: LaneWorker = { handle: this.launch(), current: null };
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

  private runOne(sweepId: number, run: RunRecord, lane: Lane, search: SweepSearch): Promise<RunStatus> {
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
          this.emit({ type: 'run-finished', sweepId, runId, status, error, errorCode, result });
          resolve(status);
        };
        if (a.notOurs) return done();
        this.writes.push({
          label: `the end of run ${runId}`,
          // One transaction: a run is completed with its artifacts, or not at all.
          run: () =>
            this.store.db.transaction(() => {
              if (result) for (const art of result.artifacts) this.store.artifacts.add(runId, art.kind, art.path, art.bytes);
              this.store.runs.finish(runId, status, error, errorCode);
            })(),
          onError: (e) => {
            [status, error, errorCode] = ['failed', `could not record the run's results: ${(e as Error).message}`, 'NOT_RECORDED'];
            try {
              this.store.runs.finish(runId, status, error);
            } catch (inner) {
              process.stderr.write(`sweeplab: could not record the end of run ${runId}: ${(inner as Error).message}\n`);
            }
          },
          after: (outcome) => {
            // Not written: the run stays `running` in the file, and is interrupted for resume.
            if (outcome === 'dropped') [status, error] = ['interrupted', this.storageFailure?.message];
            done();
          },
        });
      };
      const exited = (e: WorkerExit) => {
        if (this.storageFailure) return settle('interrupted', this.storageFailure.message);
        const killed = this.cancelled.has(sweepId) || this.cancelledRuns.delete(runId);
        if (killed || a.notOurs) return settle('cancelled');
        const how = e.signal ? `was killed by ${e.signal}` : `exited with code ${e.code}`;
        settle('failed', `the worker process ${how} before finishing${e.stderr ? `: ${lastLine(e.stderr)}` : ''}`, undefined, 'WORKER_EXITED');
      };
      w.current = { run: a, finish: settle, exited };
      w.handle.send({ type: 'start', runId, trial, artifactsDir: this.opts.artifactsDir, dataDir: this.opts.dataDir, ...(search.pruner ? { pruning: true } : {}) });
    });
  }

  private handle(m: FromWorker, a: Active, settle: FinishRun): void {
    const { sweepId, runId } = a;
    switch (m.type) {
      case 'started':
        a.startedAt = Date.now();
        a.search.started(runId, a.startedAt);
        this.writes.push({
          label: `the start of run ${runId}`,
          run: () => this.store.runs.start(runId, m.env, m.dataset),
          onError: (e) => {
            // Not queued any more: someone else's run (or deleted). Never write to it.
            a.notOurs = true;
            process.stderr.write(`sweeplab: run ${runId} was not started here: ${(e as Error).message}\n`);
            this.kill(a);
          },
        });
        this.emit({ type: 'run-started', sweepId, runId, env: m.env, dataset: m.dataset });
        break;
      case 'metrics':
        if (a.notOurs) break;
        if (m.points.length) this.writes.push({ label: `${m.points.length} metric point(s) of run ${runId}`, run: () => this.store.metrics.append(runId, m.points) });
        a.search.record(runId, m.points);
        this.emit({ type: 'progress', sweepId, runId, progress: m.progress, etaMs: eta(a.startedAt, m.progress), points: m.points });
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
          this.stopForStorage(Object.assign(new Error(m.message), { code: m.code }), `the files of run ${runId}`);
          settle('interrupted', this.storageFailure?.message);
        } else settle('failed', m.message, undefined, m.code);
        break;
    }
  }

  /** Resolves once every write asked for so far has been made (or given up on). */
  idle(): Promise<void> {
    return this.writes.idle();
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
