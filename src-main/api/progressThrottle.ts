/**
 * Live progress, throttled per run: a worker reports every 200 ms and at every epoch
 * end, which for a fast run is hundreds of messages a second; a renderer redrawing
 * charts for each would fall behind. Each run gets at most one event per `intervalMs`,
 * carrying every point since its previous event, so nothing is dropped, only batched.
 */
import type { ApiEvents, MetricPointDto, RunProgress } from './contract';

type ProgressEvent = ApiEvents['run-progress'];

interface Pending {
  progress: RunProgress;
  points: MetricPointDto[];
  timer: NodeJS.Timeout | undefined;
}

export class ProgressThrottle {
  private readonly pending = new Map<number, Pending>();
  private readonly lastSent = new Map<number, number>();

  constructor(
    private readonly send: (e: ProgressEvent) => void,
    private readonly intervalMs = 250,
    private readonly now: () => number = Date.now,
  ) {}

  push(progress: RunProgress, points: readonly MetricPointDto[]): void {
    const runId = progress.runId;
    let p = this.pending.get(runId);
    if (!p) this.pending.set(runId, (p = { progress, points: [], timer: undefined }));
    p.progress = progress;
    for (const point of points) p.points.push(point);
    const wait = (this.lastSent.get(runId) ?? -Infinity) + this.intervalMs - this.now();
    if (wait <= 0) this.flush(runId);
    else if (!p.timer) {
      p.timer = setTimeout(() => this.flush(runId), wait);
      p.timer.unref();
    }
  }

  /** Sends what is pending for the run now (before its run-finished event, say). */
  flush(runId: number): void {
    const p = this.pending.get(runId);
    if (!p) return;
    clearTimeout(p.timer);
    this.pending.delete(runId);
    this.lastSent.set(runId, this.now());
    this.send({ progress: p.progress, points: p.points });
  }

  /** The run has ended: send what is left and forget it. */
  finish(runId: number): void {
    this.flush(runId);
    this.lastSent.delete(runId);
  }

  flushAll(): void {
    for (const runId of [...this.pending.keys()]) this.finish(runId);
  }
}
