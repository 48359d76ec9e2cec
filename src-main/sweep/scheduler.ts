/**
 * The sweep scheduler: runs a sweep's queued runs, `concurrency` at a time, in worker
 * processes; it is the database's only writer.
 *
 * Each of the `concurrency` lanes keeps one worker and hands it its trials one after
 * another, so a trial does not pay for a process start and a data-set load (about 1 s
 * for Fashion-MNIST) that its predecessor already paid. A worker that crashes or is
 * killed (cancel) takes only its current run with it; the lane starts a fresh one for
 * the next trial. When a lane runs out of trials it tells its worker to stop.
 * Metric points from all workers
 * are buffered and written in one transaction every `flushMs`, and at once at every
 * epoch end and run end, so a crash loses at most a fraction of a second of
 * per-iteration points and never a finished epoch or a finished run.
 */
import type { Store } from '../store/store';
import type { FinalRunStatus, RunStatus } from '../store/types';
import type { DatasetInfo, FromWorker, MetricPoint, RunEnvironment, TrialProgress, TrialResult } from '../worker/protocol';
import type { TrialConfig } from './configSchema';
import type { LaunchWorker, WorkerExit, WorkerHandle } from './workerLauncher';

export interface SchedulerOptions {
  artifactsDir: string;
  dataDir?: string;
  /** How often buffered per-iteration points are written. */
  flushMs?: number;
}

export type SchedulerEvent =
  | { type: 'run-started'; sweepId: number; runId: number; env: RunEnvironment; dataset: DatasetInfo }
  | { type: 'progress'; sweepId: number; runId: number; progress: TrialProgress; etaMs: number | null; points: MetricPoint[] }
  | { type: 'run-finished'; sweepId: number; runId: number; status: RunStatus; error?: string; result?: TrialResult }
  | { type: 'sweep-finished'; sweepId: number; status: 'completed' | 'cancelled'; counts: SweepCounts };

export interface SweepCounts {
  completed: number;
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
}

/** A worker process and the run it is on (null between trials). */
interface LaneWorker {
  handle: WorkerHandle;
  current: { a: Active; settle: Settle; exited: (e: WorkerExit) => void } | null;
}

/** One of a sweep's `concurrency` lanes: the worker it reuses, once it has one. */
interface Lane {
  worker: LaneWorker | null;
}

type Settle = (status: FinalRunStatus, error?: string, result?: TrialResult) => void;

export class SweepScheduler {
  private listeners = new Set<(e: SchedulerEvent) => void>();
  private active = new Map<number, Active>();
  private cancelled = new Set<number>();
  private cancelledRuns = new Set<number>();
  private buffer: { runId: number; key: string; step: number; value: number; time: number }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly flushMs: number;

  constructor(
    private readonly store: Store,
    private readonly launch: LaunchWorker,
    private readonly opts: SchedulerOptions,
  ) {
    this.flushMs = opts.flushMs ?? 250;
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

  /** Runs every queued run of the sweep; resolves when none is left. */
  async runSweep(sweepId: number, concurrency: number): Promise<SweepCounts> {
    this.cancelled.delete(sweepId);
    const queue = this.store.runs.list({ sweepId, status: ['queued'] });
    const counts: SweepCounts = { completed: 0, failed: 0, cancelled: 0 };
    this.store.sweeps.setStatus(sweepId, 'running');
    const next = async (): Promise<void> => {
      const lane: Lane = { worker: null };
      try {
        // Checked before taking a run off the queue: a run taken and then dropped would be
        // left `queued` forever instead of being marked cancelled below.
        while (!this.cancelled.has(sweepId)) {
          const run = queue.shift();
          if (!run) break;
          const status = await this.runOne(sweepId, run.id, run.config as TrialConfig, lane);
          if (status === 'completed') counts.completed++;
          else if (status === 'cancelled') counts.cancelled++;
          else counts.failed++;
        }
      } finally {
        // Idle now: its exit belongs to no run.
        if (lane.worker) lane.worker.handle.send({ type: 'stop' });
        lane.worker = null;
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, queue.length)) }, next));
    const wasCancelled = this.cancelled.has(sweepId);
    if (wasCancelled) {
      for (const run of queue) this.store.runs.finish(run.id, 'cancelled');
      counts.cancelled += queue.length;
    }
    const status = wasCancelled ? 'cancelled' : 'completed';
    this.store.sweeps.setStatus(sweepId, status);
    this.emit({ type: 'sweep-finished', sweepId, status, counts });
    return counts;
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
      const run = w.current;
      if (!run || run.a.settled || m.runId !== run.a.runId) return;
      try {
        this.handle(m, run.a, run.settle);
      } catch (e) {
        // A message the store refuses (a run finished behind our back) must not take the
        // whole process down: the run ends failed with the reason, the worker is stopped.
        run.settle('failed', `could not record what the worker sent: ${(e as Error).message}`);
        if (lane.worker === w) lane.worker = null;
        w.handle.kill();
      }
    });
    w.handle.onExit((e) => {
      if (lane.worker === w) lane.worker = null;
      const run = w.current;
      w.current = null;
      if (run && !run.a.settled) run.exited(e);
    });
    return w;
  }

  private runOne(sweepId: number, runId: number, trial: TrialConfig, lane: Lane): Promise<RunStatus> {
    return new Promise((resolve) => {
      const w = (lane.worker ??= this.spawn(lane));
      const a: Active = { sweepId, runId, worker: w.handle, lane, startedAt: Date.now(), settled: false };
      this.active.set(runId, a);
      // Always resolves, whatever the database says: a sweep must never hang on one run.
      const settle: Settle = (status, error, result) => {
        if (a.settled) return;
        a.settled = true;
        if (w.current?.a === a) w.current = null;
        try {
          this.flush();
          if (result) for (const art of result.artifacts) this.store.artifacts.add(runId, art.kind, art.path, art.bytes);
        } catch (e) {
          [status, error] = ['failed', `could not record the run's results: ${(e as Error).message}`];
        }
        try {
          this.store.runs.finish(runId, status, error);
        } catch (e) {
          process.stderr.write(`sweeplab: could not record the end of run ${runId}: ${(e as Error).message}\n`);
        }
        this.active.delete(runId);
        this.emit({ type: 'run-finished', sweepId, runId, status, error, result });
        resolve(status);
      };
      const exited = (e: WorkerExit) => {
        const killed = this.cancelled.has(sweepId) || this.cancelledRuns.delete(runId);
        if (killed) return settle('cancelled');
        const how = e.signal ? `was killed by ${e.signal}` : `exited with code ${e.code}`;
        settle('failed', `the worker process ${how} before finishing${e.stderr ? `: ${lastLine(e.stderr)}` : ''}`);
      };
      w.current = { a, settle, exited };
      w.handle.send({ type: 'start', runId, trial, artifactsDir: this.opts.artifactsDir, dataDir: this.opts.dataDir });
    });
  }

  private handle(m: FromWorker, a: Active, settle: Settle): void {
    const { sweepId, runId } = a;
    switch (m.type) {
      case 'started':
        a.startedAt = Date.now();
        this.store.runs.start(runId, m.env, m.dataset);
        this.emit({ type: 'run-started', sweepId, runId, env: m.env, dataset: m.dataset });
        break;
      case 'metrics':
        for (const p of m.points) this.buffer.push({ runId, ...p });
        this.scheduleFlush(m.points.some((p) => p.key !== 'loss'));
        this.emit({ type: 'progress', sweepId, runId, progress: m.progress, etaMs: eta(a.startedAt, m.progress), points: m.points });
        break;
      case 'finished':
        settle('completed', undefined, m.result);
        break;
      case 'failed':
        settle('failed', m.message);
        break;
    }
  }

  private scheduleFlush(now: boolean): void {
    if (now) return this.flush();
    this.timer ??= setTimeout(() => this.flush(), this.flushMs);
  }

  /** Writes every buffered point in one transaction. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.buffer.length) return;
    const batch = this.buffer;
    this.buffer = [];
    this.store.metrics.append(batch);
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
