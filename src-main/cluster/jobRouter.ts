/**
 * Routing between the queue and the lanes' remote handles (remoteTrial.ts): each run
 * becomes a job; each entry of a sweep's result stream goes to the run its job is on
 * now, and is acknowledged once the lane's write of it is in the store (the ack is
 * queued behind that write on the same ordered WriteQueue).
 *
 * A job's entries carry its start number. A higher one than the run has heard means the
 * job restarted on another machine (the first one died): the run ends `interrupted`,
 * with what it recorded, and the entries wait here until the trial's next attempt is
 * bound to the job (queueExecutor.ts). A lower one is a dead machine's late words.
 * A job that fails or vanishes with no word from any worker (it stalled too often) is
 * noticed by polling its state.
 */
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { RunRecord } from '../store/types';
import type { LaneContext } from '../sweep/lanes';
import type { FromWorker, PruneAnswer, StartTrial } from '../worker/protocol';
import { DataError } from '../data/errors';
import { reopenForAdoption } from '../store/runAdoption';
import { DataFileShipper } from './dataFiles';
import { JOB_KEY_TTL_S, jobIdOf, keys, type StreamEntry, type TrialJob } from './jobs';
import { LostJobs } from './lostJobs';
import type { QueueUrl } from './queueUrl';
import type { RemoteHost, RemoteTrial } from './remoteTrial';
import { saveRunFiles, type RunFiles } from './runFiles';
import { SweepStreams } from './sweepStreams';

/** The coordinator's connections to the queue. */
export interface QueueLink {
  redis: Redis;
  queue: Queue;
}

/** One job and the run that receives its messages now. */
export interface Binding {
  jobId: string;
  sweepId: number;
  runId: number;
  /** The start number listened to; null until the first message says it. */
  start: number | null;
  handle: RemoteTrial | null;
  /** Entries that came while no run was bound (a rerun waiting for its new attempt). */
  buffer: { id: string; entry: StreamEntry }[];
  /** Settled or cancelled: later entries are acknowledged and dropped. */
  closed: boolean;
  /** Adopted after a coordinator restart: its start is stored already, and is told to the lane from the record. */
  adopted?: RunRecord;
}

export class JobRouter implements RemoteHost {
  private readonly jobs = new Map<string, Binding>();
  /** Run id → the job it continues (a rerun's new attempt, or a run adopted at resume). */
  private readonly continues = new Map<number, Binding>();
  /** Runs whose job restarted elsewhere and that await their next attempt. */
  private readonly restarted = new Map<number, Binding>();
  /** Runs handed to the lanes, for the job each `start` becomes. */
  private readonly runs = new Map<number, { sweepId: number; run: RunRecord }>();
  private readonly streams: SweepStreams;
  private readonly lostJobs = new LostJobs<Binding>(
    () => this.link()?.queue,
    () => [...this.jobs.values()].filter((b) => b.handle && !b.closed),
    (b, reason) => this.settleLost(b, 'WORKER_LOST', reason),
  );
  private readonly dataFiles: DataFileShipper;

  constructor(
    private readonly ctx: LaneContext,
    private readonly url: QueueUrl,
    private readonly link: () => QueueLink | null,
    private readonly notice: (message: string) => void,
  ) {
    this.streams = new SweepStreams(ctx.store, url, link, notice);
    this.dataFiles = new DataFileShipper(notice);
  }

  /** The lanes are about to start `run`: its `start` message will become a job. */
  expect(sweepId: number, run: RunRecord): void {
    this.runs.set(run.id, { sweepId, run });
  }

  /** The run has ended; returns its job when the job restarted elsewhere (the trial needs a new attempt). */
  ended(runId: number): Binding | undefined {
    this.runs.delete(runId);
    const job = this.restarted.get(runId);
    this.restarted.delete(runId);
    return job;
  }

  /** The trial's new attempt receives the rest of `job` (what waits, and what comes). */
  continueAs(job: Binding, next: RunRecord): void {
    job.runId = next.id;
    this.continues.set(next.id, job);
    void this.link()?.redis.hset(keys.sweepJobs(this.streams.keyOf(job.sweepId)), job.jobId, next.id);
  }

  /** Takes over the jobs a dead coordinator left on the queue; returns how many. */
  async adopt(sweepId: number): Promise<number> {
    const redis = this.link()!.redis;
    const left = new Map(Object.entries(await redis.hgetall(keys.sweepJobs(this.streams.keyOf(sweepId)))).map(([jobId, runId]) => [jobId, Number(runId)]));
    if (!left.size) return 0;
    const { adopted, settled } = reopenForAdoption(this.ctx.store, sweepId, left);
    for (const { jobId, run } of adopted) {
      const b: Binding = { jobId, sweepId, runId: run.id, start: null, handle: null, buffer: [], closed: false, adopted: run };
      this.jobs.set(jobId, b);
      this.continues.set(run.id, b);
    }
    if (settled.length) await redis.hdel(keys.sweepJobs(this.streams.keyOf(sweepId)), ...settled);
    return adopted.length;
  }

  /** Starts reading the sweep's result stream (its unacknowledged entries first). */
  read(sweepId: number): Promise<void> {
    return this.streams.read(sweepId, (id, entry) => this.onEntry(sweepId, id, entry));
  }

  /** Stops reading the sweep's stream; returns how many sweeps are still read. */
  async stopReading(sweepId: number): Promise<number> {
    await this.streams.close(sweepId);
    if (!this.streams.open) this.lostJobs.stop();
    return this.streams.open;
  }

  startTrial(handle: RemoteTrial, msg: StartTrial): void {
    const continued = this.continues.get(msg.runId);
    if (continued) {
      this.continues.delete(msg.runId);
      return this.bind(continued, handle);
    }
    const info = this.runs.get(msg.runId);
    const conn = this.link();
    if (!info || !conn) return handle.deliver({ type: 'failed', runId: msg.runId, code: 'QUEUE', message: `run ${msg.runId} was started outside a sweep on the queue` });
    const sweepKey = this.streams.keyOf(info.sweepId);
    const jobId = jobIdOf(sweepKey, msg.runId);
    const b: Binding = { jobId, sweepId: info.sweepId, runId: msg.runId, start: null, handle: null, buffer: [], closed: false };
    this.jobs.set(jobId, b);
    this.bind(b, handle);
    const data: TrialJob = { sweepId: info.sweepId, sweepKey, runId: msg.runId, trialIndex: info.run.trialIndex, attempt: info.run.attempt, trial: msg.trial, pruning: msg.pruning === true };
    void (async () => {
      // The worker cannot read the coordinator's disk: a CSV travels through Redis (dataFiles.ts).
      const dataFile = msg.trial.dataset.name === 'csv' ? await this.dataFiles.ship(conn.redis, msg.trial.dataset) : undefined;
      if (dataFile) data.dataFile = dataFile;
      // Recorded first: a coordinator that dies right after adding still knows the job is its.
      await conn.redis.hset(keys.sweepJobs(sweepKey), jobId, msg.runId);
      await conn.queue.add('trial', data, { jobId, attempts: 1, removeOnComplete: { age: 3600 }, removeOnFail: { age: JOB_KEY_TTL_S } });
    })().catch((e: Error) =>
      e instanceof DataError ? this.settleLost(b, e.code, e.message) : this.settleLost(b, 'QUEUE_UNAVAILABLE', `could not put the trial on the queue ${this.url.redacted}: ${e.message}`),
    );
  }

  answer(handle: RemoteTrial, msg: PruneAnswer): void {
    const b = handle.job as Binding | null;
    const conn = this.link();
    if (!b || b.closed || !conn) return;
    const key = keys.decisions(b.jobId);
    void conn.redis.multi().rpush(key, JSON.stringify({ epoch: msg.epoch, stop: msg.stop })).expire(key, JOB_KEY_TTL_S).exec();
  }

  cancel(handle: RemoteTrial): void {
    const b = handle.job as Binding | null;
    const conn = this.link();
    if (!b || b.closed || !conn) return;
    this.close(b);
    // The key for a worker that takes the job later; the message for the one running it now.
    void conn.redis.multi().set(keys.cancelled(b.jobId), '1', 'EX', JOB_KEY_TTL_S).publish(keys.cancelChannel, b.jobId).exec();
    // A job nobody has taken yet is simply removed (an active one is locked: that fails, harmlessly).
    void conn.queue.remove(b.jobId).catch(() => undefined);
  }

  private bind(b: Binding, handle: RemoteTrial): void {
    b.handle = handle;
    handle.job = b;
    if (b.adopted?.startedAt != null) {
      // Its start was recorded before; the lane needs to hear it to write the run as running again.
      const r = b.adopted;
      handle.machine = r.worker;
      handle.deliver({
        type: 'started',
        runId: b.runId,
        env: { engine: r.engine ?? '', backend: r.backend ?? '', gpu: r.gpu ?? false, appVersion: r.appVersion ?? '', versions: r.versions ?? {}, pid: r.pid ?? 0 },
        dataset: r.dataset as never,
      });
    }
    this.lostJobs.start();
    for (const { id, entry } of b.buffer.splice(0)) this.route(b, id, entry);
  }

  private onEntry(sweepId: number, id: string, entry: StreamEntry | Error): void {
    if (entry instanceof Error) {
      this.notice(`dropping a result-stream entry of sweep ${sweepId}: ${entry.message}`);
      return this.ack(sweepId, id);
    }
    const b = this.jobs.get(entry.jobId);
    // Not ours (a settled run's leftover, replayed after a crash): nothing to write.
    if (!b || b.closed) return this.ack(sweepId, id);
    this.route(b, id, entry);
  }

  private route(b: Binding, id: string, entry: StreamEntry): void {
    b.start ??= entry.start;
    if (entry.start < b.start) return this.ack(b.sweepId, id); // a dead machine's late words
    if (entry.start > b.start) {
      // The job restarted elsewhere: the run it was on ends here, a new attempt gets the rest.
      b.start = entry.start;
      b.adopted = undefined;
      const h = b.handle;
      b.handle = null;
      b.buffer.push({ id, entry });
      if (h) {
        this.restarted.set(b.runId, b);
        h.exit({ code: null, signal: null, stderr: '', interrupted: `its worker stopped answering (killed, or cut off from the queue); the trial was rerun on ${entry.worker} as a new attempt` });
      }
      return;
    }
    if (!b.handle) return void b.buffer.push({ id, entry });
    if (entry.msg.type === 'started' && b.adopted?.startedAt != null) return this.ack(b.sweepId, id);
    const msg = this.withFiles({ ...entry.msg, runId: b.runId } as FromWorker, entry.files);
    const final = msg.type === 'finished' || msg.type === 'pruned' || msg.type === 'failed';
    if (final) this.close(b);
    // Which machine trains it: the lane records it with the run's start.
    if (msg.type === 'started') b.handle.machine = entry.worker;
    b.handle.deliver(msg);
    // Behind the lane's own write on the same ordered queue: acknowledged once the store has it.
    this.ctx.writes.push({
      label: `the acknowledgement of ${b.jobId}'s ${msg.type}`,
      run: () => undefined,
      after: (outcome) => {
        if (outcome === 'written') this.ack(b.sweepId, id);
      },
    });
  }

  /** Saves the files a `finished` message carries; a failure becomes the run's (a full disk stops the sweep, as locally). */
  private withFiles(msg: FromWorker, files: RunFiles | undefined): FromWorker {
    if (!files?.length) return msg;
    try {
      saveRunFiles(this.ctx.opts.artifactsDir, files);
      return msg;
    } catch (e) {
      const code = (e as { code?: string }).code ?? 'TRIAL_FAILED';
      return { type: 'failed', runId: msg.runId, code, message: `could not save the run's files: ${(e as Error).message}` };
    }
  }

  /** The run will hear nothing more from this job: forget it here and in Redis. */
  private close(b: Binding): void {
    b.closed = true;
    this.jobs.delete(b.jobId);
    void this.link()?.redis.hdel(keys.sweepJobs(this.streams.keyOf(b.sweepId)), b.jobId);
  }

  private settleLost(b: Binding, code: string, message: string): void {
    if (b.closed || !b.handle) return;
    const h = b.handle;
    this.close(b);
    h.deliver({ type: 'failed', runId: b.runId, code, message });
  }

  private ack(sweepId: number, id: string): void {
    this.streams.ack(sweepId, id);
  }
}
