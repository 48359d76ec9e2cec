/**
 * The sweep scheduler: runs a sweep's trials, `concurrency` at a time, in worker
 * processes; it is the database's only writer.
 *
 * Each of the `concurrency` lanes (lanes.ts) keeps one worker and hands it its trials one
 * after another: the queued runs first, then, for a TPE or GP search, a new trial
 * proposed by the sweep's search (tuner.ts) each time a lane frees, until its trials or
 * its budget are spent. When a lane runs out of trials it tells its worker to stop.
 * Replicates (`confirm`) are outside the search: a spent budget does not stop them, and
 * a sweep whose queue holds nothing but replicates runs just those, proposing nothing.
 * The lanes are one TrialExecutor; with a queue (SWEEPLAB_QUEUE, or the setting) the executor is
 * cluster/queueExecutor.ts, whose lanes' workers are other machines: the scheduler, and
 * so this process, stays the only writer whatever executes the trials. Such an executor's
 * capacity changes as machines come and go: it says how many lanes it wants
 * (`laneTarget`), and lanes open, and retire between trials, to follow it.
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
import { describeStorageError, retryBusy, StorageFailure } from '../store/storeErrors';
import type { SweepOwner } from '../store/sweepRepository';
import type { RunEnv, RunRecord, RunStatus } from '../store/types';
import type { MetricPoint, RunDataset, TrialProgress, TrialResult } from '../worker/protocol';
import { ADAPTIVE_STRATEGIES } from './configSchema';
import { newLane, TrialLanes, type Lane, type LaneContext } from './lanes';
import { isSearchRun, SweepSearch, type Proposal } from './tuner';
import type { LaunchWorker } from './workerLauncher';
import { WriteQueue } from './writeQueue';

export interface SchedulerOptions {
  artifactsDir: string;
  dataDir?: string;
  /** Where to say that the database is locked and the sweep waits (default: stderr). */
  notice?: (message: string) => void;
  /**
   * What runs the trials, built on the lanes' context: the local lanes when absent; the
   * services pass cluster/executorChoice.ts, which picks the queue executor per sweep when
   * SWEEPLAB_QUEUE or the queue setting names one.
   */
  executor?: (ctx: LaneContext) => TrialExecutor;
  /** How often an executor's laneTarget is read (default LANE_POLL_MS); tests shorten it. */
  lanePollMs?: number;
}

export const LANE_POLL_MS = 1000;

/** What the scheduler hands trials to: TrialLanes here, cluster/queueExecutor.ts for other machines. */
export interface TrialExecutor {
  readonly busy: boolean;
  isRunning(sweepId: number): boolean;
  run(sweepId: number, run: RunRecord, lane: Lane, search: SweepSearch): Promise<RunStatus>;
  release(lane: Lane): void;
  killAll(): void;
  killSweep(sweepId: number): void;
  cancelRun(runId: number): boolean;
  /** Before the sweep's runs are read (it may take over work left by a crash); returns how many lanes to run. */
  begin?(sweepId: number, concurrency: number, adaptive: boolean): Promise<number>;
  /**
   * How many lanes the sweep should run now, for an executor whose capacity changes while
   * a sweep runs (machines joining and leaving the queue); read every LANE_POLL_MS. Absent
   * or undefined: the lanes `begin` gave, for the whole sweep.
   */
  laneTarget?(sweepId: number): number | undefined;
  /** The sweep has ended, however it ended. */
  end?(sweepId: number): Promise<void>;
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
  | { type: 'sweep-finished'; sweepId: number; status: 'completed' | 'failed' | 'cancelled' | 'interrupted'; counts: SweepCounts; message?: string; note?: string };

export interface SweepCounts {
  completed: number;
  /** Stopped early by the sweep's pruner: finished, with curves and no test figures. */
  pruned: number;
  failed: number;
  cancelled: number;
}

export class SweepScheduler {
  private listeners = new Set<(e: SchedulerEvent) => void>();
  private cancelled = new Set<number>();
  private readonly writes: WriteQueue;
  private storageFailure: StorageFailure | null = null;
  private readonly lanes: TrialExecutor;

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
    const ctx: LaneContext = {
      store,
      launch,
      opts,
      writes: this.writes,
      emit: (e) => this.emit(e),
      failure: () => this.storageFailure,
      stopForStorage: (err, label) => this.stopForStorage(err, label),
      isCancelled: (sweepId) => this.cancelled.has(sweepId),
    };
    this.lanes = opts.executor?.(ctx) ?? new TrialLanes(ctx);
  }

  on(listener: (e: SchedulerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(e: SchedulerEvent): void {
    for (const l of this.listeners) l(e);
  }

  isRunning(sweepId: number): boolean {
    return this.lanes.isRunning(sweepId);
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
      await this.lanes.end?.(sweepId).catch((e: Error) => process.stderr.write(`sweeplab: ${e.message}\n`));
      try {
        await retryBusy(() => this.store.sweeps.release(sweepId, me), { maxWaitMs: 10_000 });
      } catch {
        // The owner record names this process; once it exits, the next process sees it dead.
      }
    }
  }

  private async runOwnedSweep(sweepId: number, concurrency: number): Promise<SweepCounts> {
    this.cancelled.delete(sweepId);
    if (this.storageFailure && !this.lanes.busy) {
      // A new start after a storage failure: the person freed space and tries again.
      this.storageFailure = null;
      this.writes.reset();
    }
    if (this.storageFailure) throw this.storageFailure;
    const sweep = await retryBusy(() => this.store.sweeps.get(sweepId));
    if (!sweep) throw new Error(`no sweep ${sweepId}`);
    // Before the runs are read: a queue executor may take back runs a crash left behind.
    const laneCount = this.lanes.begin ? await this.lanes.begin(sweepId, concurrency, ADAPTIVE_STRATEGIES.includes(sweep.config.search.strategy)) : concurrency;
    const search = await retryBusy(() => SweepSearch.load(this.store, sweepId, sweep.config));
    const queue = this.store.runs.list({ sweepId, status: ['queued'] });
    // A confirmation: the person asked for these re-runs, not for more of the search.
    const confirming = queue.length > 0 && !queue.some(isSearchRun);
    const proposing = search.adaptive && !confirming;
    const counts: SweepCounts = { completed: 0, pruned: 0, failed: 0, cancelled: 0 };
    /** Why the search stopped before its trials ran out (a spent budget), for the last message. */
    let stopped: string | null = null;
    await retryBusy(() => this.store.sweeps.setStatus(sweepId, 'running'));
    /** Lanes open now; one that closes says so at once, so two lanes never both retire for one. */
    let open = 0;
    const next = async (): Promise<void> => {
      const lane = newLane();
      try {
        // Checked before taking a run off the queue: a run taken and then dropped would be
        // left `queued` forever instead of being marked cancelled below.
        while (!this.cancelled.has(sweepId) && !this.storageFailure) {
          // Fewer machines than lanes (workers left): this lane retires rather than queue a
          // trial nobody can take, or propose one before the running trials have spoken.
          const target = this.lanes.laneTarget?.(sweepId);
          if (target !== undefined && open > Math.max(1, target)) break;
          // A spent budget ends the search's trials; the replicates still queued run anyway.
          const spent = confirming ? null : search.budgetSpent();
          if (spent) stopped ??= spent;
          const run = spent ? takeReplicate(queue) : (queue.shift() ?? (proposing ? await this.propose(sweepId, search, (why) => (stopped ??= why)) : undefined));
          if (!run) break;
          const status = await this.lanes.run(sweepId, run, lane, search);
          if (status === 'completed' || status === 'pruned' || status === 'cancelled' || status === 'failed') counts[status]++;
        }
      } finally {
        open--;
        // Idle now: its exit belongs to no run.
        this.lanes.release(lane);
      }
    };
    // An adaptive search proposes as lanes free up: as many lanes as trials may still come.
    const trialsToCome = () => (stopped ? takeable(queue) : queue.length + (proposing ? Math.max(0, search.maxTrials - search.size) : 0));
    const lanes: Promise<void>[] = [];
    /** Opens lanes up to `wanted`, one per trial still to come (the open lanes have theirs). */
    const openLanes = (wanted: number) => {
      for (let n = Math.min(wanted - open, trialsToCome()); n > 0; n--) {
        open++;
        lanes.push(next());
      }
    };
    // At least one: it ends the sweep properly even when nothing is left to run.
    openLanes(Math.max(1, laneCount));
    if (!lanes.length) {
      open++;
      lanes.push(next());
    }
    // Machines that join the queue mid-sweep get lanes of their own: for a search, that is
    // a proposal whenever the cluster has room, not only when one of the first lanes frees.
    const grow = this.lanes.laneTarget
      ? setInterval(() => {
          const target = this.lanes.laneTarget?.(sweepId);
          if (target !== undefined && !this.cancelled.has(sweepId) && !this.storageFailure && open > 0) openLanes(target);
        }, this.opts.lanePollMs ?? LANE_POLL_MS)
      : undefined;
    try {
      // Lanes opened while waiting are waited for too.
      while (lanes.length) await Promise.all(lanes.splice(0));
    } finally {
      clearInterval(grow);
    }
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
    this.emit({ type: 'sweep-finished', sweepId, status, counts, ...(stopped && !wasCancelled ? { note: `stopped early: ${stopped}` } : {}) });
    return counts;
  }

  /**
   * The next trial of an adaptive search, queued in the store; undefined when the search
   * is done (`early` is told why when it ended before its trials: a spent budget, a
   * sampler that failed). The index is taken at once, so two lanes proposing
   * together never get the same one.
   */
  private async propose(sweepId: number, search: SweepSearch, early: (why: string) => void): Promise<RunRecord | undefined> {
    let proposal: Proposal;
    try {
      proposal = search.propose();
    } catch (e) {
      // A sampler's bug must not leave the sweep hanging: stop proposing, say so.
      early(`the ${search.strategy} sampler failed: ${(e as Error).message}`);
      return undefined;
    }
    if ('done' in proposal) return void (proposal.early && early(proposal.done));
    const { trial } = proposal;
    let created: RunRecord | undefined;
    await new Promise<void>((resolve) =>
      this.writes.push({
        label: `trial ${trial.index} of sweep ${sweepId}`,
        run: () => void ([created] = this.store.runs.createQueued(sweepId, [{ trialIndex: trial.index, params: trial.params, config: trial.config, seed: trial.config.train.seed }])),
        onError: (e) => early(`could not record trial ${trial.index}: ${(e as Error).message}`),
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
    this.lanes.killAll();
  }

  /** Stops a sweep: running trials are killed, queued ones never start. */
  cancelSweep(sweepId: number): void {
    this.cancelled.add(sweepId);
    this.lanes.killSweep(sweepId);
  }

  cancelRun(runId: number): boolean {
    return this.lanes.cancelRun(runId);
  }

  /** Resolves once every write asked for so far has been made (or given up on). */
  idle(): Promise<void> {
    return this.writes.idle();
  }
}

/** How many runs a spent budget still lets start: the replicates. */
function takeable(queue: RunRecord[]): number {
  return queue.filter((r) => !isSearchRun(r)).length;
}

/** Takes the first replicate off the queue (what still runs once the budget is spent). */
function takeReplicate(queue: RunRecord[]): RunRecord | undefined {
  const i = queue.findIndex((r) => !isSearchRun(r));
  return i < 0 ? undefined : queue.splice(i, 1)[0];
}
