/**
 * `sweeplab worker`: takes trials from the queue and runs each in a local trial worker
 * process, the same one the local lanes use (workerLauncher.ts, worker/runTrial.ts), so
 * a trial trains the same here as on the coordinator's machine.
 *
 * The agent is a relay: every worker-protocol message the trial sends goes, unchanged
 * but for a shipped CSV's path (below), into the sweep's result stream (resultStream.ts),
 * tagged with the job and its start number; the pruner's answers come back through a
 * per-job list; a cancel arrives on a pub/sub channel and kills the trial's process. The
 * agent never touches a database.
 *
 * A job it cannot run (capabilities.ts) goes back to the queue, delayed a little so
 * another machine takes it; when every live worker has refused it, it fails with their
 * reasons. A job whose worker died is BullMQ's "stalled" job: another worker's checker
 * puts it back, and the next start has a higher start number, which the coordinator reads
 * as "the previous attempt was interrupted".
 *
 * A CSV trial's file comes through Redis (dataFiles.ts) into a local cache, and the trial
 * reads that copy. Its `started` message names the coordinator's path as the source, not
 * the cache's: the run is recorded on the coordinator, whose paper pack hashes the files
 * its runs name, and the copy's bytes are that file's (checked by hash).
 */
import { mkdirSync, rmdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { DelayedError, UnrecoverableError, Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { forkWorker, type LaunchWorker } from '../sweep/workerLauncher';
import type { FromWorker, PruneAnswer } from '../worker/protocol';
import { capabilityGap, memoryGap, type Capabilities } from './capabilities';
import { cacheDirsFor, DataFileCache, describeDataFile } from './dataFiles';
import { decisionSchema, isJobId, JOB_KEY_TTL_S, keys, parseTrialJob, QUEUE_NAME, type StreamEntry, type TrialJob } from './jobs';
import { LocalTrials } from './localTrials';
import { connectRedis, reachable, type QueueUrl } from './queueUrl';
import { appendResult } from './resultStream';
import { readRunFiles } from './runFiles';
import { announce, liveWorkers } from './workerRegistry';

export interface WorkerAgentOptions {
  queue: QueueUrl;
  caps: Capabilities;
  /** A Fashion-MNIST folder for the trials (`--data-dir`); shipped CSV files are kept in it too (cacheDirsFor). */
  dataDir?: string;
  /** Where shipped CSV files are kept, in order of preference; default cacheDirsFor(dataDir). */
  dataCacheDirs?: string[];
  /** Where trials write their files before they are sent to the coordinator. */
  scratchDir: string;
  /**
   * How long a job's lock lasts unless renewed (BullMQ's lockDuration): a worker that
   * dies is noticed, and its trial rerun elsewhere, within about twice this.
   */
  lockMs?: number;
  launch?: LaunchWorker;
  log?: (line: string) => void;
}

/** A refused job waits this long before it is offered again, so another machine can take it. */
const REFUSED_DELAY_MS = 300;

export class WorkerAgent {
  private readonly redis: Redis;
  private readonly subscriber: Redis;
  private readonly trials: LocalTrials;
  private readonly dataFiles: DataFileCache;
  private worker: Worker | null = null;
  private withdraw: (() => Promise<void>) | null = null;
  /** Trials running here, by job id: what a cancel kills. */
  private readonly running = new Map<string, () => void>();
  private readonly log: (line: string) => void;

  constructor(private readonly opts: WorkerAgentOptions) {
    this.log = opts.log ?? ((line) => process.stderr.write(`${line}\n`));
    this.redis = connectRedis(opts.queue, this.log);
    this.subscriber = connectRedis(opts.queue, this.log);
    this.trials = new LocalTrials(opts.launch ?? forkWorker, opts.caps.concurrency);
    this.dataFiles = new DataFileCache(this.redis, opts.dataCacheDirs ?? cacheDirsFor(opts.dataDir), (line) => this.log(`${opts.caps.name}: ${line}`));
  }

  async start(): Promise<void> {
    await reachable(this.redis, this.opts.queue);
    // Ready first (queueUrl.ts untilReady): a SUBSCRIBE mid-handshake can break ioredis's ready check.
    await reachable(this.subscriber, this.opts.queue);
    await this.subscriber.subscribe(keys.cancelChannel);
    this.subscriber.on('message', (_channel: string, jobId: string) => this.running.get(jobId)?.());
    this.withdraw = announce(this.redis, this.opts.caps);
    const lockMs = this.opts.lockMs ?? 30_000;
    this.worker = new Worker(QUEUE_NAME, (job, token) => this.process(job, token), {
      connection: this.opts.queue.redis as ConnectionOptions,
      concurrency: this.opts.caps.concurrency,
      lockDuration: lockMs,
      stalledInterval: Math.max(500, Math.round(lockMs / 2)),
      // A trial whose worker died is rerun; one that kills two workers in a row is not tried a third time.
      maxStalledCount: 2,
    });
    this.worker.on('error', (e) => this.log(`sweeplab worker: ${e.message}`));
  }

  /** Stops taking trials; waits for the running ones unless `force` (then they are rerun elsewhere). */
  async close(force = false): Promise<void> {
    if (force) for (const kill of this.running.values()) kill();
    await this.worker?.close(force);
    this.trials.close();
    await this.withdraw?.();
    this.subscriber.disconnect();
    this.redis.disconnect();
    // Its trials' folders are gone with them; the scratch folder goes too, once empty.
    try {
      rmdirSync(this.opts.scratchDir);
    } catch {
      // not empty (a trial killed by force), or never made
    }
  }

  private async process(job: Job, token: string | undefined): Promise<string> {
    const jobId = job.id;
    if (!isJobId(jobId)) throw new UnrecoverableError(`refusing job "${job.id}": not a Sweeplab trial's job id`);
    let data: TrialJob;
    try {
      data = parseTrialJob(job.data);
    } catch (e) {
      throw new UnrecoverableError(`job ${jobId}: ${(e as Error).message}`);
    }
    if (await this.redis.exists(keys.cancelled(jobId))) return 'cancelled';
    let trial = data.trial;
    if (data.dataFile && trial.dataset.name === 'csv') {
      const copy = await this.dataFiles.localCopy(data.dataFile);
      if ('gap' in copy) return this.refuse(job, token, data, `${this.opts.caps.name}: ${copy.gap}`);
      this.log(`${this.opts.caps.name}: run ${data.runId} reads ${describeDataFile(data.dataFile)} ${copy.fetched ? 'fetched from the queue' : 'from the cache'}`);
      trial = { ...trial, dataset: { ...trial.dataset, path: copy.path } };
    }
    const gap = capabilityGap(trial, this.opts.caps) ?? memoryGap(trial, this.opts.caps, { dataDir: this.opts.dataDir, requireDataDir: this.opts.dataDir !== undefined });
    if (gap) return this.refuse(job, token, data, gap);
    const start = await this.redis.incr(keys.starts(jobId));
    await this.redis.expire(keys.starts(jobId), JOB_KEY_TTL_S);
    this.log(`${this.opts.caps.name}: run ${data.runId} (trial ${data.trialIndex} of sweep ${data.sweepId})${start > 1 ? `, start ${start}` : ''}`);
    return this.runHere(jobId, { ...data, trial }, start, trial !== data.trial ? data.trial.dataset.path : undefined);
  }

  /** Gives the job back for another machine, or fails it with every reason once no live worker can run it. */
  private async refuse(job: Job, token: string | undefined, data: TrialJob, gap: string): Promise<never> {
    const jobId = job.id!;
    await this.redis.multi().hset(keys.refusals(jobId), this.opts.caps.name, gap).expire(keys.refusals(jobId), JOB_KEY_TTL_S).exec();
    const refusals = await this.redis.hgetall(keys.refusals(jobId));
    const live = await liveWorkers(this.redis);
    if (live.every((w) => w.name in refusals)) {
      const message = `no live worker can run this trial: ${Object.values(refusals).join('; ')}`;
      this.log(`${this.opts.caps.name}: run ${data.runId} fails: ${message}`);
      const start = Number((await this.redis.get(keys.starts(jobId))) ?? 0);
      await this.send(data.sweepKey, { jobId, start, worker: this.opts.caps.name, msg: { type: 'failed', runId: data.runId, code: 'NO_CAPABLE_WORKER', message } });
      throw new UnrecoverableError(message);
    }
    await job.moveToDelayed(Date.now() + REFUSED_DELAY_MS, token);
    throw new DelayedError();
  }

  /**
   * Runs the trial in a local trial process, relaying its messages; resolves once its end
   * is in the stream. `source`: the data's path to record, when the trial reads a copy.
   */
  private runHere(jobId: string, data: TrialJob, start: number, source?: string): Promise<string> {
    const dir = path.join(this.opts.scratchDir, jobId);
    mkdirSync(dir, { recursive: true });
    const tag = { jobId, start, worker: this.opts.caps.name };
    let last: Promise<void> = Promise.resolve();
    const relay = (msg: FromWorker, files?: StreamEntry['files']) => (last = this.send(data.sweepKey, { ...tag, msg, ...(files ? { files } : {}) }));
    let cancelled = false;
    let ended = false;
    return new Promise<string>((resolve) => {
      const end = (outcome: string) => {
        if (ended) return;
        ended = true;
        this.running.delete(jobId);
        void last.then(() => {
          rmSync(dir, { recursive: true, force: true });
          resolve(outcome);
        });
      };
      const trial = this.trials.lend({
        message: (m) => {
          if (cancelled || ended) return;
          if (m.type === 'finished') relay(m, readRunFiles(dir, m.result.artifacts));
          else if (m.type === 'started' && source !== undefined) relay({ ...m, dataset: { ...m.dataset, source } });
          else relay(m);
          if (m.type === 'finished' || m.type === 'pruned' || m.type === 'failed') {
            trial.release();
            end(m.type);
          }
        },
        exit: (e) => {
          if (cancelled) return end('cancelled');
          if (ended) return;
          const how = e.signal ? `was killed by ${e.signal}` : `exited with code ${e.code}`;
          relay({ type: 'failed', runId: data.runId, code: 'WORKER_EXITED', message: `the trial's process on ${this.opts.caps.name} ${how}${e.stderr ? `: ${e.stderr.split('\n').pop()}` : ''}` });
          end('failed');
        },
      });
      // Its connection lingers a second at most after the trial (BLPOP's timeout).
      if (data.pruning) void this.relayDecisions(jobId, data.runId, (m) => trial.send(m), () => ended);
      this.running.set(jobId, () => {
        cancelled = true;
        trial.kill();
      });
      trial.send({ type: 'start', runId: data.runId, trial: data.trial, artifactsDir: dir, dataDir: this.opts.dataDir, ...(data.pruning ? { pruning: true } : {}) });
    });
  }

  /** Hands the pruner's answers to the trial as they arrive, on a connection of its own (BLPOP blocks it). */
  private async relayDecisions(jobId: string, runId: number, send: (m: PruneAnswer) => void, done: () => boolean): Promise<void> {
    const blocking = connectRedis(this.opts.queue, this.log);
    try {
      while (!done()) {
        const got = await blocking.blpop(keys.decisions(jobId), 1);
        if (!got) continue;
        const d = decisionSchema.safeParse(parseJson(got[1]));
        if (!d.success) this.log(`${this.opts.caps.name}: ignoring a malformed pruner answer for ${jobId}`);
        else send({ type: 'decision', runId, epoch: d.data.epoch, stop: d.data.stop });
      }
    } catch (e) {
      if (!done()) this.log(`${this.opts.caps.name}: pruner answers for ${jobId} stopped: ${(e as Error).message}`);
    } finally {
      blocking.disconnect();
    }
  }

  private async send(sweepKey: string, entry: StreamEntry): Promise<void> {
    try {
      await appendResult(this.redis, keys.results(sweepKey), entry);
    } catch (e) {
      this.log(`${this.opts.caps.name}: could not send ${entry.msg.type} of ${entry.jobId}: ${(e as Error).message}`);
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
