/**
 * The coordinator's side of the queue: runs a sweep's trials on whatever machines serve
 * the queue, with the scheduler still the store's only writer.
 *
 * It wraps the ordinary lanes (sweep/lanes.ts) around remote handles (remoteTrial.ts),
 * so a remote trial is recorded by the very code that records a local one: the same
 * writes, events, pruning and end-of-run rules, written once. The job router
 * (jobRouter.ts) carries messages between the queue and those handles.
 *
 * What only the queue adds here:
 * - a trial may take several attempts: when its machine dies, the job restarts on
 *   another, the attempt it was on ends `interrupted`, and `run` queues the next attempt
 *   to receive the rerun;
 * - a coordinator that comes back (`--resume`) takes over the jobs its predecessor left;
 * - the number of lanes follows the live workers' announced capacity, read again every
 *   CAPACITY_POLL_MS while a sweep runs: a machine that joins mid-sweep gets trials (an
 *   adaptive search proposes for it), and when machines leave, an adaptive search's
 *   lanes retire down to what is left instead of proposing trials nobody can take.
 */
import { Queue, type ConnectionOptions } from 'bullmq';
import type { RunRecord, RunStatus } from '../store/types';
import { TrialLanes, type Lane, type LaneContext } from '../sweep/lanes';
import type { SweepSearch } from '../sweep/tuner';
import { JobRouter, type QueueLink } from './jobRouter';
import { QUEUE_NAME } from './jobs';
import { connectRedis, reachable, type QueueUrl } from './queueUrl';
import { RemoteTrial } from './remoteTrial';
import type { Capabilities } from './capabilities';
import { liveWorkers } from './workerRegistry';

/** How often the live workers' capacity is read while a sweep runs. */
export const CAPACITY_POLL_MS = 2000;

export class QueueExecutor {
  private readonly lanes: TrialLanes;
  private readonly router: JobRouter;
  private conn: QueueLink | null = null;
  /** The live workers' announced capacity (trials at once, all machines together), as last read. */
  private capacity = 0;
  private capacityTimer: NodeJS.Timeout | undefined;
  /** What each running sweep asked for at its begin. */
  private readonly sweeps = new Map<number, { concurrency: number; adaptive: boolean }>();

  constructor(
    private readonly ctx: LaneContext,
    private readonly url: QueueUrl,
    private readonly notice: (message: string) => void = (m) => process.stderr.write(`sweeplab: ${m}\n`),
  ) {
    this.router = new JobRouter(ctx, url, () => this.conn, notice);
    this.lanes = new TrialLanes({ ...ctx, launch: () => new RemoteTrial(this.router) });
  }

  get busy(): boolean {
    return this.lanes.busy;
  }
  isRunning(sweepId: number): boolean {
    return this.lanes.isRunning(sweepId);
  }
  release(lane: Lane): void {
    this.lanes.release(lane);
  }
  killAll(): void {
    this.lanes.killAll();
  }
  killSweep(sweepId: number): void {
    this.lanes.killSweep(sweepId);
  }
  cancelRun(runId: number): boolean {
    return this.lanes.cancelRun(runId);
  }

  /**
   * Before the sweep's queued runs are read: connects, takes over the jobs a previous
   * coordinator left, starts reading the result stream, and waits for a live worker.
   * Returns how many lanes to run: the workers' capacity (an adaptive search proposes as
   * capacity frees), or for a fixed grid at least `concurrency` (its jobs wait in the queue
   * for whichever worker frees first, workers that join later included).
   */
  async begin(sweepId: number, concurrency: number, adaptive: boolean): Promise<number> {
    if (!this.conn) {
      // The queue shares our connection, so `end` can always let go of it, even one
      // that never came up (BullMQ's own close would wait for it forever).
      const redis = connectRedis(this.url);
      const queue = new Queue(QUEUE_NAME, { connection: redis as unknown as ConnectionOptions });
      queue.on('error', () => undefined); // said once already, by connectRedis
      this.conn = { redis, queue };
    }
    await reachable(this.conn.redis, this.url);
    const adopted = await this.router.adopt(sweepId);
    if (adopted) this.notice(`taking over ${adopted} trial(s) still on the queue from before`);
    await this.router.read(sweepId);
    this.capacity = await this.waitForWorkers(sweepId);
    this.sweeps.set(sweepId, { concurrency, adaptive });
    this.watchCapacity();
    return this.laneTarget(sweepId)!;
  }

  /**
   * The sweep's lanes now: the cluster's capacity for an adaptive search (each lane a
   * proposal a free machine takes at once), and for a fixed grid at least `concurrency`
   * (its jobs wait in the queue for whichever worker frees first).
   */
  laneTarget(sweepId: number): number | undefined {
    const sweep = this.sweeps.get(sweepId);
    if (!sweep) return undefined;
    return sweep.adaptive ? Math.max(1, this.capacity) : Math.max(sweep.concurrency, this.capacity);
  }

  private watchCapacity(): void {
    if (this.capacityTimer) return;
    let reading = false;
    this.capacityTimer = setInterval(() => {
      const redis = this.conn?.redis;
      if (reading || !redis) return;
      reading = true;
      // A failed read keeps the last figure: the connection's loss is said by connectRedis.
      liveWorkers(redis)
        .then((live) => (this.capacity = capacityOf(live)))
        .catch(() => undefined)
        .finally(() => (reading = false));
    }, CAPACITY_POLL_MS);
    this.capacityTimer.unref();
  }

  /** The sweep is over: stop reading its stream; disconnect when no sweep is left. */
  async end(sweepId: number): Promise<void> {
    this.sweeps.delete(sweepId);
    if (!this.sweeps.size) {
      clearInterval(this.capacityTimer);
      this.capacityTimer = undefined;
    }
    if ((await this.router.stopReading(sweepId)) > 0 || !this.conn) return;
    const { redis, queue } = this.conn;
    this.conn = null;
    void queue.close().catch(() => undefined);
    // disconnect, not quit: a connection that never came up would hold quit (and the process) forever.
    redis.disconnect();
  }

  /** Runs the trial to its end, through as many attempts as its machines' deaths take. */
  async run(sweepId: number, run: RunRecord, lane: Lane, search: SweepSearch): Promise<RunStatus> {
    for (let current = run; ; ) {
      this.router.expect(sweepId, current);
      const status = await this.lanes.run(sweepId, current, lane, search);
      // Not ended by a restart of its job elsewhere: that was the trial's outcome.
      const job = this.router.ended(current.id);
      if (!job) return status;
      const next = await this.nextAttempt(sweepId, current);
      if (!next) return status;
      search.queued(next);
      this.router.continueAs(job, next);
      current = next;
    }
  }

  /** Queues the trial's next attempt, through the ordered writes like every other write. */
  private nextAttempt(sweepId: number, prev: RunRecord): Promise<RunRecord | undefined> {
    let created: RunRecord | undefined;
    return new Promise((resolve) =>
      this.ctx.writes.push({
        label: `attempt ${prev.attempt + 1} of trial ${prev.trialIndex}`,
        run: () => void ([created] = this.ctx.store.runs.createQueued(sweepId, [{ trialIndex: prev.trialIndex, params: prev.params, config: prev.config, seed: prev.seed, attempt: prev.attempt + 1 }])),
        after: () => resolve(created),
      }),
    );
  }

  private async waitForWorkers(sweepId: number): Promise<number> {
    let said = false;
    for (;;) {
      const live = await liveWorkers(this.conn!.redis);
      if (live.length) return capacityOf(live);
      if (this.ctx.isCancelled(sweepId)) return 1;
      if (!said) this.notice(`waiting for a worker on ${this.url.redacted} (start one: sweeplab worker --queue ${this.url.redacted})`);
      said = true;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

/** The trials the workers run at once, all machines together. */
function capacityOf(live: readonly Capabilities[]): number {
  return live.reduce((n, w) => n + w.concurrency, 0);
}
