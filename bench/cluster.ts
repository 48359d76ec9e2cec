/**
 * `npm run bench:cluster [-- --repeats N --sweep fashion|iris --skip-limits]` (and part of
 * `npm run bench`): what running trials through the queue (BullMQ on Redis) costs, on a
 * private loopback redis-server started here and `sweeplab worker` processes on this
 * machine (test/cluster/redisServer.ts and cluster.ts, the tests' own helpers).
 *
 * The same 12-trial sweep three ways, alternating `repeats` times so a busy spell hits all:
 *   (a) local lanes, concurrency 2 (what `sweeplab sweep` does without a queue);
 *   (b) the queue, one worker of concurrency 2;
 *   (c) the queue, two workers of concurrency 1.
 * The sweep is bench/run.ts's: the Fashion-MNIST preset (784-256-10, AdamW), 12 seeds,
 * 5 epochs, about 3 s a trial, so start-up costs are not everything and every trial sends
 * ~2,000 points and its weights (~1 MB of base64) through Redis. `--sweep iris` times
 * resources/examples/seed-iris.json instead, whose trials take ~0.3 s: what the queue
 * adds per trial then shows plainly.
 *
 * Workers are started, and warm (their trial processes up, the data set loaded), before
 * any timed sweep, as a real cluster's are; local lanes start their processes in every
 * sweep, as they do in the app. Each worker set lives on its own Redis database number,
 * so both sets stay up (idle) throughout and neither takes the other's jobs.
 *
 * Then the limits (clusterLimits.ts). Prints one JSON object on stdout; progress on stderr.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { locateFashionMnist } from '../src-main/data/fashionMnist';
import { loadNativeOps } from '../src-main/engine/scratch/ops/native';
import { resourcesDir } from '../src-main/paths';
import { validateSweepConfig, type SweepConfig } from '../src-main/sweep/configSchema';
import { startWorker, type WorkerProcess } from '../test/cluster/cluster';
import { startRedis } from '../test/cluster/redisServer';
import { clusterLimits } from './clusterLimits';
import { dbPath, loadavg, median, round, runBenchSweep, runSeconds, seedGrid, type SweepOutcome } from './clusterSweep';
import { presetConfig } from './preset';

export interface ClusterBenchOptions {
  repeats: number;
  dir: string;
  log: (m: string) => void;
  sweep?: 'fashion' | 'iris';
  skipLimits?: boolean;
}

/** Why the bench cannot run here, or null. */
export function clusterSkipReason(): string | null {
  const r = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  return r.error ? 'redis-server is not on PATH (apt-get install redis-server)' : null;
}

/** The 12-trial sweep, and why it is that one. */
function theSweep(which: 'fashion' | 'iris'): { config: SweepConfig; what: string } {
  if (which === 'fashion' && locateFashionMnist({}).dir) {
    const backend = loadNativeOps().ok ? 'native' : 'js';
    return { config: seedGrid(presetConfig('scratch', backend, 5), 'bench-cluster', 12, 5), what: `Fashion-MNIST preset (784-256-10, AdamW, batch 128), scratch/${backend}, 12 seeds × 5 epochs` };
  }
  const raw = JSON.parse(readFileSync(path.join(resourcesDir(), 'examples', 'seed-iris.json'), 'utf8'));
  const r = validateSweepConfig({ ...raw, name: 'bench-cluster' });
  if (!r.ok) throw new Error(`seed-iris.json: ${JSON.stringify(r.issues)}`);
  const why = which === 'fashion' ? ' (the full Fashion-MNIST is not installed)' : '';
  return { config: r.config, what: `resources/examples/seed-iris.json: 12 trials (lr × hidden), 200 epochs${why}` };
}

interface Mode {
  key: 'local' | 'oneWorker' | 'twoWorkers';
  label: string;
  queue: string | null;
  workers: WorkerProcess[];
}

/** Runs small sweeps through the set until each of its trial processes has run one (so is up, data loaded). */
async function warm(mode: Mode, base: SweepConfig, dir: string, log: (m: string) => void): Promise<number> {
  const pids = new Set<number>();
  for (let attempt = 0; attempt < 4 && pids.size < 2; attempt++) {
    log(`warming ${mode.label} (${attempt + 1})`);
    const r = await runBenchSweep(seedGrid(base, `warm-${mode.key}`, 2, 1, 100 + 2 * attempt), { queue: mode.queue, concurrency: 2, dbFile: dbPath(dir, `warm-${mode.key}`), log });
    for (const run of r.runs) if (run.pid) pids.add(run.pid);
  }
  if (pids.size < 2) throw new Error(`${mode.label}: only ${pids.size} trial process(es) came up in the warm-up`);
  return pids.size;
}

export async function clusterBench(o: ClusterBenchOptions): Promise<Record<string, unknown>> {
  const skip = clusterSkipReason();
  if (skip) return { skipped: skip };
  const { config, what } = theSweep(o.sweep ?? 'fashion');
  const redis = await startRedis();
  const modes: Mode[] = [{ key: 'local', label: '(a) local lanes, concurrency 2', queue: null, workers: [] }];
  try {
    // Real `sweeplab worker` processes; BullMQ's default lock (30 s) as a real cluster has it.
    const worker = (db: number, name: string, concurrency: number) => startWorker(`${redis.url}/${db}`, name, ['--concurrency', String(concurrency), '--lock-ms', '30000']);
    modes.push({ key: 'oneWorker', label: '(b) queue, one worker of concurrency 2', queue: `${redis.url}/1`, workers: [await worker(1, 'solo', 2)] });
    modes.push({ key: 'twoWorkers', label: '(c) queue, two workers of concurrency 1', queue: `${redis.url}/2`, workers: await Promise.all([worker(2, 'pair-a', 1), worker(2, 'pair-b', 1)]) });
    for (const m of modes.slice(1)) await warm(m, config, o.dir, o.log);

    const results = new Map<Mode['key'], SweepOutcome[]>(modes.map((m) => [m.key, []]));
    const loads: number[][] = [loadavg()];
    for (let rep = 0; rep < o.repeats; rep++) {
      for (const m of modes) {
        o.log(`${m.label} (${rep + 1}/${o.repeats}), load ${loadavg().join(' ')}`);
        results.get(m.key)!.push(await runBenchSweep(config, { queue: m.queue, concurrency: 2, dbFile: dbPath(o.dir, m.key), log: o.log }));
      }
      loads.push(loadavg());
    }
    const wall = (k: Mode['key']) => median(results.get(k)!.map((r) => r.wall));
    const rows = modes.map((m) => {
      const rs = results.get(m.key)!;
      const trialSeconds = rs.flatMap((r) => r.runs.map(runSeconds));
      return {
        mode: m.label,
        wallSeconds: round(wall(m.key), 2),
        allWallSeconds: rs.map((r) => round(r.wall, 2)),
        overhead: m.queue ? round(wall(m.key) / wall('local') - 1, 4) : null,
        trialSecondsMedian: round(median(trialSeconds), 3),
        epochSecondsMedian: round(median(rs.flatMap((r) => r.epochSeconds)), 3),
        firstStartSecondsMedian: round(median(rs.map((r) => r.firstStartSeconds)), 2),
        // Trial processes a sweep ran on: 2 each way, new ones for local lanes, the warm-up's on the workers.
        trialProcessesPerSweep: median(rs.map((r) => new Set(r.runs.map((x) => x.pid)).size)),
        coordinatorCpuSeconds: round(median(rs.map((r) => r.cpu)), 2),
      };
    });
    // The points rate of one typical trial: what a running trial asks the coordinator to ingest.
    const local = results.get('local')!;
    const pointsPerTrialSecond = median(local.map((r) => r.points / r.runs.reduce((s, x) => s + runSeconds(x), 0)));
    const typical = { trialSeconds: rows[0].trialSecondsMedian, pointsPerSecond: Math.round(pointsPerTrialSecond), pointsPerTrial: Math.round(median(local.map((r) => r.points / r.runs.length))) };
    const limits = o.skipLimits ? { skipped: '--skip-limits' } : await clusterLimits({ redisUrl: redis.url, trialWorkers: modes[2], dir: o.dir, log: o.log, typical });
    return { sweep: what, repeats: o.repeats, redis: redisVersion(), rows, typicalTrial: typical, loadavgDuringSweeps: loads, limits };
  } finally {
    await Promise.all(modes.flatMap((m) => m.workers.map((w) => w.stop())));
    await redis.stop();
  }
}

function redisVersion(): string {
  return /v=(\S+)/.exec(spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).stdout ?? '')?.[1] ?? 'unknown';
}

// Run directly (npm run bench:cluster), not when bench/run.ts imports it.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values: args } = parseArgs({ options: { repeats: { type: 'string', default: '3' }, sweep: { type: 'string', default: 'fashion' }, 'skip-limits': { type: 'boolean', default: false } } });
  if (args.sweep !== 'fashion' && args.sweep !== 'iris') throw new Error(`--sweep: fashion or iris, not "${args.sweep}"`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sweeplab-bench-cluster-'));
  try {
    const log = (m: string) => process.stderr.write(`bench:cluster: ${m}\n`);
    const result = await clusterBench({ repeats: Math.max(1, Number(args.repeats) || 1), dir, log, sweep: args.sweep, skipLimits: args['skip-limits'] });
    const machine = { cpus: os.availableParallelism(), cpu: os.cpus()[0]?.model, node: process.versions.node, loadavgAtEnd: loadavg() };
    process.stdout.write(`${JSON.stringify({ date: new Date().toISOString(), machine, ...result }, null, 2)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
