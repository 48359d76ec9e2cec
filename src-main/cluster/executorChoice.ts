/**
 * Where trials run: the one place that decides, once per sweep, when it starts. The
 * queue is SWEEPLAB_QUEUE when set (the environment, or `sweeplab sweep --queue`, which
 * sets it for its process), else the `queue` setting (Settings in the GUI, kept in the
 * database); with neither, this machine's lanes. The environment wins because it is the
 * more deliberate choice: made for this one process, where the setting is the default of
 * every process that opens the database.
 *
 * Read when a sweep starts, not when the services start, so a setting changed in the GUI
 * applies to the next sweep without a restart; a sweep never changes executors half-way.
 */
import type { RunRecord, RunStatus } from '../store/types';
import { TrialLanes, type Lane, type LaneContext } from '../sweep/lanes';
import type { TrialExecutor } from '../sweep/scheduler';
import type { SweepSearch } from '../sweep/tuner';
import { QueueExecutor } from './queueExecutor';
import { parseQueueUrl, QUEUE_ENV, queueFromEnv, type QueueUrl } from './queueUrl';

export interface ExecutorChoiceOptions {
  env?: NodeJS.ProcessEnv;
  /** The `queue` setting (a URL, password included), read at each sweep's start; null: none. */
  setting?: () => string | null;
  /** Where to say that a sweep's trials go to a queue chosen by the setting (default: stderr). */
  notice?: (message: string) => void;
}

/** The queue trials go to now, and what chose it; null: this machine. Throws QueueUrlError on a malformed value. */
export function queueInUse(opts: ExecutorChoiceOptions = {}): { url: QueueUrl; from: 'env' | 'setting' } | null {
  const fromEnv = queueFromEnv(opts.env ?? process.env);
  if (fromEnv) return { url: fromEnv, from: 'env' };
  const setting = opts.setting?.()?.trim();
  return setting ? { url: parseQueueUrl(setting, 'the queue setting'), from: 'setting' } : null;
}

/** The executor factory for the scheduler. Throws on a malformed SWEEPLAB_QUEUE, as early as the services start. */
export function chooseExecutor(opts: ExecutorChoiceOptions = {}): (ctx: LaneContext) => TrialExecutor {
  queueFromEnv(opts.env ?? process.env);
  return (ctx) => new ExecutorPerSweep(ctx, opts);
}

/**
 * A TrialExecutor that hands each sweep to the executor chosen at its `begin`: the local
 * lanes, or the QueueExecutor of its queue (one per queue, kept for the next sweep).
 */
class ExecutorPerSweep implements TrialExecutor {
  private readonly local: TrialLanes;
  private readonly queues = new Map<string, QueueExecutor>();
  private readonly bySweep = new Map<number, TrialExecutor>();
  /** A lane's executor: the scheduler releases lanes without saying their sweep. */
  private readonly byLane = new WeakMap<Lane, TrialExecutor>();

  constructor(
    private readonly ctx: LaneContext,
    private readonly opts: ExecutorChoiceOptions,
  ) {
    this.local = new TrialLanes(ctx);
  }

  private get all(): TrialExecutor[] {
    return [this.local, ...this.queues.values()];
  }

  get busy(): boolean {
    return this.all.some((e) => e.busy);
  }

  isRunning(sweepId: number): boolean {
    return this.bySweep.get(sweepId)?.isRunning(sweepId) ?? false;
  }

  async begin(sweepId: number, concurrency: number, adaptive: boolean): Promise<number> {
    const choice = queueInUse(this.opts);
    if (!choice) {
      this.bySweep.set(sweepId, this.local);
      return concurrency;
    }
    let queue = this.queues.get(choice.url.href);
    if (!queue) this.queues.set(choice.url.href, (queue = new QueueExecutor(this.ctx, choice.url)));
    this.bySweep.set(sweepId, queue);
    // --queue and SWEEPLAB_QUEUE are said by whoever set them; a stored setting is said here.
    if (choice.from === 'setting') (this.opts.notice ?? say)(`sweep ${sweepId}: trials go to the workers of ${choice.url.redacted} (the queue setting; ${QUEUE_ENV} overrides it)`);
    return queue.begin(sweepId, concurrency, adaptive);
  }

  async end(sweepId: number): Promise<void> {
    const executor = this.bySweep.get(sweepId);
    this.bySweep.delete(sweepId);
    if (executor instanceof QueueExecutor) await executor.end(sweepId);
  }

  laneTarget(sweepId: number): number | undefined {
    return this.bySweep.get(sweepId)?.laneTarget?.(sweepId);
  }

  run(sweepId: number, run: RunRecord, lane: Lane, search: SweepSearch): Promise<RunStatus> {
    const executor = this.bySweep.get(sweepId) ?? this.local;
    this.byLane.set(lane, executor);
    return executor.run(sweepId, run, lane, search);
  }

  release(lane: Lane): void {
    (this.byLane.get(lane) ?? this.local).release(lane);
  }

  killAll(): void {
    for (const e of this.all) e.killAll();
  }

  killSweep(sweepId: number): void {
    this.bySweep.get(sweepId)?.killSweep(sweepId);
  }

  cancelRun(runId: number): boolean {
    return this.all.some((e) => e.cancelRun(runId));
  }
}

const say = (m: string) => process.stderr.write(`sweeplab: ${m}\n`);
