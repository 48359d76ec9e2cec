/**
 * The queue's limits, for bench/cluster.ts, each through the real coordinator code (the
 * scheduler, the queue executor, the job router, the result stream) on its own Redis
 * database number:
 *   1. trials started per second: 200 one-epoch Iris trials through the two real
 *      `sweeplab worker` processes (and through local lanes, for scale), with the
 *      coordinator's and Redis's CPU per trial;
 *   2. metric points per second the coordinator ingests: a worker agent (the real
 *      WorkerAgent, in this process) whose trial processes are scripted to send a whole
 *      run's `metrics` messages at once, in the real format, so the stream backs up and
 *      the coordinator's drain (read, check, write to SQLite, acknowledge) is what is timed;
 *      once with 150 points a message (a Fashion-MNIST trial's 200 ms batch) and once with
 *      10, which separates the cost of a message from the cost of a point;
 *   3. Redis memory per running trial: INFO used_memory with 100 scripted trials held
 *      running (job, lock, keys, drained stream) against none, and per finished job
 *      (BullMQ keeps completed jobs an hour: removeOnComplete).
 * Then what that means for 10, 100 and 1,000 workers at 2 trials each.
 */
import path from 'node:path';
import { Redis } from 'ioredis';
import { detectCapabilities } from '../src-main/cluster/capabilities';
import { parseQueueUrl } from '../src-main/cluster/queueUrl';
import { WorkerAgent } from '../src-main/cluster/workerAgent';
import { validateSweepConfig, type SweepConfig } from '../src-main/sweep/configSchema';
import type { LaunchWorker, WorkerExit } from '../src-main/sweep/workerLauncher';
import type { FromWorker } from '../src-main/worker/protocol';
import { dbPath, redisCpu, redisInfo, round, runBenchSweep, seedGrid } from './clusterSweep';

export interface LimitsOptions {
  redisUrl: string;
  /** Real workers to start tiny trials on, and their queue. */
  trialWorkers: { queue: string | null; workers: unknown[] };
  dir: string;
  log: (m: string) => void;
  /** A typical trial of the timed sweep: its length and the points a second it sends. */
  typical: { trialSeconds: number; pointsPerSecond: number };
}

const tinyIris = (): SweepConfig => {
  const r = validateSweepConfig({ name: 'bench-tiny', dataset: { name: 'iris', split: { train: 0.7, val: 0.1, test: 0.2 } }, engine: 'scratch', model: { hidden: [8] }, train: { epochs: 1, batchSize: 16, lr: 0.05 } });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.config;
};

/** What a scripted trial says, through `emit`, once it is started. */
type Script = (runId: number, emit: (m: FromWorker) => void) => void | Promise<void>;

/** The real worker agent, with trial "processes" that play `script` instead of training. */
async function scriptedAgent(queue: string, name: string, concurrency: number, dir: string, script: Script): Promise<WorkerAgent> {
  const launch: LaunchWorker = () => {
    const listeners: ((m: FromWorker) => void)[] = [];
    const exits: ((e: WorkerExit) => void)[] = [];
    return {
      pid: undefined,
      send: (msg) => {
        if (msg.type === 'start') void script(msg.runId, (m) => listeners.forEach((l) => l(m)));
      },
      onMessage: (cb) => void listeners.push(cb),
      onExit: (cb) => void exits.push(cb),
      kill: () => setImmediate(() => exits.forEach((e) => e({ code: null, signal: 'SIGKILL', stderr: '' }))),
    };
  };
  const agent = new WorkerAgent({ queue: parseQueueUrl(queue), caps: detectCapabilities({ name, concurrency }), scratchDir: path.join(dir, name), launch, log: () => undefined });
  await agent.start();
  return agent;
}

const started = (runId: number): FromWorker => ({
  type: 'started',
  runId,
  env: { engine: 'scratch', backend: 'js', gpu: false, appVersion: 'bench', versions: {}, pid: process.pid },
  dataset: { name: 'iris', source: 'scripted by bench/clusterLimits.ts', train: 105, val: 15, test: 30, stepsPerEpoch: 7 },
});
const metrics = (runId: number, from: number, n: number, steps: number): FromWorker => ({
  type: 'metrics',
  runId,
  points: Array.from({ length: n }, (_, i) => ({ key: 'loss', step: from + i + 1, value: 1 / (from + i + 2), time: Date.now() })),
  progress: { epoch: 0, epochs: 1, step: from + n, steps, loss: 1 / (from + n + 1) },
});
const finished = (runId: number): FromWorker => ({ type: 'finished', runId, result: { epochs: [], bestEpoch: null, test: null, artifacts: [] } });

/** 1. Tiny trials through real workers: trials started per second, and what each costs the coordinator and Redis. */
async function trialStarts(o: LimitsOptions) {
  const n = 200;
  const config = seedGrid(tinyIris(), 'bench-starts', n, 1);
  const rates: Record<string, unknown> = {};
  for (const [key, queue, concurrency] of [['local lanes, concurrency 2', null, 2], [`queue, ${o.trialWorkers.workers.length} workers of concurrency 1`, o.trialWorkers.queue, 4]] as const) {
    o.log(`limits: ${n} one-epoch Iris trials, ${key}`);
    const redis0 = await redisCpu(o.redisUrl);
    const r = await runBenchSweep(config, { queue, concurrency, dbFile: dbPath(o.dir, `starts-${queue ? 'queue' : 'local'}`), log: o.log });
    const redisSeconds = (await redisCpu(o.redisUrl)) - redis0;
    const starts = r.runs.map((x) => x.startedAt!).sort((a, b) => a - b);
    rates[key] = {
      trials: n,
      wallSeconds: round(r.wall, 2),
      trialsPerSecond: round(n / r.wall, 1),
      startsPerSecond: round(((n - 1) * 1000) / (starts[n - 1] - starts[0]), 1),
      coordinatorCpuMsPerTrial: round((r.cpu / n) * 1000, 2),
      redisCpuMsPerTrial: queue ? round((redisSeconds / n) * 1000, 3) : null,
    };
  }
  return rates;
}

/** 2. How fast the coordinator drains a backed-up result stream into SQLite. */
async function ingest(o: LimitsOptions, pointsPerMessage: number, messagesPerTrial: number) {
  const trials = 4;
  const queue = `${o.redisUrl}/3`;
  let firstSent = Infinity;
  const agent = await scriptedAgent(queue, `ingest-${pointsPerMessage}`, trials, o.dir, (runId, emit) => {
    firstSent = Math.min(firstSent, performance.now());
    emit(started(runId));
    const steps = pointsPerMessage * messagesPerTrial;
    for (let i = 0; i < messagesPerTrial; i++) emit(metrics(runId, i * pointsPerMessage, pointsPerMessage, steps));
    emit(finished(runId));
  });
  try {
    let ended = 0;
    o.log(`limits: ingest, ${trials} scripted trials × ${messagesPerTrial} messages × ${pointsPerMessage} points`);
    const redis0 = await redisCpu(o.redisUrl);
    const r = await runBenchSweep(seedGrid(tinyIris(), `bench-ingest-${pointsPerMessage}`, trials, 1), {
      queue,
      concurrency: trials,
      dbFile: dbPath(o.dir, `ingest-${pointsPerMessage}`),
      log: o.log,
      listen: (e) => void (e.type === 'sweep-finished' && (ended = performance.now())),
    });
    const seconds = (ended - firstSent) / 1000;
    const redisSeconds = (await redisCpu(o.redisUrl)) - redis0;
    const messages = trials * messagesPerTrial;
    if (r.points !== messages * pointsPerMessage) throw new Error(`ingest: ${r.points} points stored, ${messages * pointsPerMessage} sent`);
    return { pointsPerMessage, messages, points: r.points, seconds: round(seconds, 3), pointsPerSecond: Math.round(r.points / seconds), messagesPerSecond: Math.round(messages / seconds), cpuSeconds: round(r.cpu, 3), redisCpuUsPerMessage: round((redisSeconds / messages) * 1e6, 1) };
  } finally {
    await agent.close(true);
  }
}

/** 3. Redis's memory for trials held running, and for their finished jobs afterwards. */
async function memory(o: LimitsOptions) {
  const n = 100;
  const queue = `${o.redisUrl}/4`;
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const agent = await scriptedAgent(queue, 'memory', n, o.dir, async (runId, emit) => {
    emit(started(runId));
    emit(metrics(runId, 0, 150, 1000));
    await released;
    emit(finished(runId));
  });
  const redis = new Redis(queue);
  try {
    const before = (await redisInfo(o.redisUrl, 'memory')).used_memory;
    let running = 0;
    let measured: Promise<number> | null = null;
    const whenRunning = async () => {
      // Every run's points written and acknowledged: what stays is what a running trial holds.
      for (;;) {
        const streams = (await redis.scan('0', 'MATCH', 'sweeplab:sweep:*:results', 'COUNT', 1000))[1];
        const backlog = (await Promise.all(streams.map((k) => redis.xlen(k)))).reduce((a, b) => a + b, 0);
        if (backlog === 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      await new Promise((r) => setTimeout(r, 500));
      const used = (await redisInfo(o.redisUrl, 'memory')).used_memory;
      release();
      return used;
    };
    o.log(`limits: Redis memory, ${n} scripted trials held running`);
    await runBenchSweep(seedGrid(tinyIris(), 'bench-memory', n, 1), {
      queue,
      concurrency: n,
      dbFile: dbPath(o.dir, 'memory'),
      log: o.log,
      listen: (e) => {
        if (e.type === 'progress' && ++running === n) measured = whenRunning();
      },
    });
    const during = await measured!;
    const after = (await redisInfo(o.redisUrl, 'memory')).used_memory;
    return { trials: n, usedMemoryBefore: before, usedMemoryRunning: during, usedMemoryAfter: after, bytesPerRunningTrial: Math.round((during - before) / n), bytesPerFinishedJob: Math.round((after - before) / n) };
  } finally {
    redis.disconnect();
    await agent.close(true);
  }
}

export async function clusterLimits(o: LimitsOptions) {
  const starts = await trialStarts(o);
  const big = await ingest(o, 150, 250);
  const small = await ingest(o, 10, 750);
  // seconds = messages × m + points × p, from the two runs.
  const perPoint = (big.seconds / big.messages - small.seconds / small.messages) / (big.pointsPerMessage - small.pointsPerMessage);
  const perMessage = big.seconds / big.messages - perPoint * big.pointsPerMessage;
  const mem = await memory(o);
  const queued = Object.values(starts)[1] as { coordinatorCpuMsPerTrial: number; redisCpuMsPerTrial: number };
  // At 2 trials per worker, each sending the typical trial's points in 5 messages a second.
  const scale = [10, 100, 1000].map((workers) => {
    const running = 2 * workers;
    const points = running * o.typical.pointsPerSecond;
    const messages = running * 5;
    const startsPerSecond = running / o.typical.trialSeconds;
    const ingestShare = messages * perMessage + points * perPoint;
    const startShare = (startsPerSecond * queued.coordinatorCpuMsPerTrial) / 1000;
    return {
      workers,
      runningTrials: running,
      pointsPerSecond: points,
      trialStartsPerSecond: round(startsPerSecond, 1),
      // Of one core: the coordinator is one Node thread (SQLite writes included); past 1 it falls behind.
      coordinatorCoreShare: round(ingestShare + startShare, 2),
      // Redis: each trial's job (add, take, lock, complete) and each message (XADD, read, XACK + XDEL).
      redisCoreShare: round((startsPerSecond * queued.redisCpuMsPerTrial) / 1000 + (messages * big.redisCpuUsPerMessage) / 1e6, 3),
      redisMbRunning: round((running * mem.bytesPerRunningTrial) / 2 ** 20, 1),
      redisMbFinishedJobsKeptAnHour: round((startsPerSecond * 3600 * mem.bytesPerFinishedJob) / 2 ** 20, 0),
    };
  });
  return {
    trialStarts: starts,
    ingest: [big, small],
    coordinatorCostUs: { perMessage: round(perMessage * 1e6, 1), perPoint: round(perPoint * 1e6, 2) },
    memory: mem,
    scale,
  };
}
