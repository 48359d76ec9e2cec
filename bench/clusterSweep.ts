/**
 * One sweep as `npm run bench:cluster` times it: the scheduler the app uses, on its local
 * lanes or (with `queue`) on the queue executor, in a database of its own; what it
 * recorded read back from the store. Shared by bench/cluster.ts and bench/clusterLimits.ts.
 */
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { QueueExecutor } from '../src-main/cluster/queueExecutor';
import { parseQueueUrl } from '../src-main/cluster/queueUrl';
import { artifactsDir } from '../src-main/paths';
import { openStore } from '../src-main/store/store';
import type { RunRecord } from '../src-main/store/types';
import { validateSweepConfig, type SweepConfig } from '../src-main/sweep/configSchema';
import { SweepScheduler, type SchedulerEvent } from '../src-main/sweep/scheduler';
import { createSweep } from '../src-main/sweep/sweepService';
import { forkWorker } from '../src-main/sweep/workerLauncher';

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const round = (x: number, d = 3) => Number(x.toFixed(d));
export const loadavg = () => os.loadavg().map((l) => round(l, 2));

export interface SweepOutcome {
  wall: number;
  runs: RunRecord[];
  /** Metric points the store holds for the sweep. */
  points: number;
  /** The coordinator's (this process's) CPU seconds during the sweep. */
  cpu: number;
  /** Every epoch's training time as the trials measured it: the trials' own speed, apart from start-up and relays. */
  epochSeconds: number[];
  /** From the sweep's start to its first trial's `started` (a lane's process start and data load, or the queue's round trip). */
  firstStartSeconds: number;
}

export interface SweepOptions {
  /** Null: local lanes. */
  queue: string | null;
  concurrency: number;
  dbFile: string;
  log: (m: string) => void;
  /** Scheduler events, as the app's views would hear them. */
  listen?: (e: SchedulerEvent) => void;
  /** Called once the sweep is created, before it runs (a timer's start, a poller). */
  started?: (sweepId: number) => void;
}

export async function runBenchSweep(config: SweepConfig, o: SweepOptions): Promise<SweepOutcome> {
  const store = openStore(o.dbFile);
  try {
    const { sweep } = createSweep(store, config);
    const queue = o.queue ? parseQueueUrl(o.queue) : null;
    const scheduler = new SweepScheduler(store, forkWorker, {
      artifactsDir: artifactsDir(o.dbFile),
      ...(queue ? { executor: (ctx) => new QueueExecutor(ctx, queue, (m) => o.log(`coordinator: ${m}`)) } : {}),
    });
    if (o.listen) scheduler.on(o.listen);
    o.started?.(sweep.id);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const wallStart = Date.now();
    const counts = await scheduler.runSweep(sweep.id, o.concurrency);
    const wall = (performance.now() - t0) / 1000;
    const cpuUsed = process.cpuUsage(cpu0);
    const runs = store.runs.list({ sweepId: sweep.id });
    if (counts.failed || counts.cancelled) throw new Error(`${config.name}: ${counts.failed} failed, ${counts.cancelled} cancelled: ${runs.find((r) => r.error)?.error}`);
    const points = store.db.prepare('SELECT COUNT(*) FROM metrics m JOIN runs r ON r.id = m.run_id WHERE r.sweep_id = ?').pluck().get(sweep.id) as number;
    const epochSeconds = store.db.prepare("SELECT m.value FROM metrics m JOIN runs r ON r.id = m.run_id WHERE r.sweep_id = ? AND m.key = 'epoch_seconds'").pluck().all(sweep.id) as number[];
    const firstStartSeconds = (Math.min(...runs.map((r) => r.startedAt ?? Infinity)) - wallStart) / 1000;
    return { wall, runs, points, cpu: (cpuUsed.user + cpuUsed.system) / 1e6, epochSeconds, firstStartSeconds };
  } finally {
    store.close();
  }
}

/** A validated copy of `base` with a grid over `trials` seeds and the given epochs. */
export function seedGrid(base: SweepConfig, name: string, trials: number, epochs: number, firstSeed = 0): SweepConfig {
  const r = validateSweepConfig({
    ...base,
    name,
    train: { ...base.train, epochs },
    search: { strategy: 'grid', params: { 'train.seed': Array.from({ length: trials }, (_, i) => firstSeed + i) }, seed: 0, metric: 'val_acc' },
  });
  if (!r.ok) throw new Error(`${name}: ${JSON.stringify(r.issues)}`);
  return r.config;
}

/** A run's own time, started → finished as the store has it, in seconds. */
export const runSeconds = (r: RunRecord) => ((r.finishedAt ?? 0) - (r.startedAt ?? 0)) / 1000;

export const dbPath = (dir: string, name: string) => path.join(dir, `${name}.db`);

/** Redis's INFO fields (memory, cpu …) as numbers where they are numbers. */
export async function redisInfo(url: string, section: string): Promise<Record<string, number>> {
  const redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 1 });
  try {
    const text = await redis.info(section);
    const out: Record<string, number> = {};
    for (const line of text.split('\r\n')) {
      const [k, v] = line.split(':');
      if (v !== undefined && v !== '' && !Number.isNaN(Number(v))) out[k] = Number(v);
    }
    return out;
  } finally {
    redis.disconnect();
  }
}

/** Redis's own CPU seconds so far (user + system). */
export const redisCpu = async (url: string) => {
  const i = await redisInfo(url, 'cpu');
  return i.used_cpu_user + i.used_cpu_sys;
};
