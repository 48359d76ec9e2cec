/**
 * Jobs that end without a word from any worker: BullMQ fails a job that stalled more
 * often than allowed (it killed its machines), and a job can be removed by hand. No
 * worker is left to say so in the result stream, so the coordinator polls the state of
 * the jobs it waits for, and gives up on one found failed or gone a few times running
 * (its last words may still be in flight on the stream).
 */
import type { Queue } from 'bullmq';

const POLL_MS = 1000;
const LOST_POLLS = 3;

export interface Watched {
  jobId: string;
}

export class LostJobs<T extends Watched> {
  private timer: NodeJS.Timeout | null = null;
  private readonly misses = new Map<string, number>();

  constructor(
    private readonly queue: () => Queue | undefined,
    /** The jobs waited for now. */
    private readonly waiting: () => T[],
    private readonly lost: (job: T, reason: string) => void,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.poll(), POLL_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.misses.clear();
  }

  private async poll(): Promise<void> {
    const queue = this.queue();
    if (!queue) return;
    for (const job of this.waiting()) {
      const state = await queue.getJobState(job.jobId).catch(() => null);
      if (state !== 'failed' && state !== 'unknown') {
        this.misses.delete(job.jobId);
        continue;
      }
      const misses = (this.misses.get(job.jobId) ?? 0) + 1;
      this.misses.set(job.jobId, misses);
      if (misses < LOST_POLLS) continue;
      this.misses.delete(job.jobId);
      const failed = await queue.getJob(job.jobId).catch(() => undefined);
      this.lost(job, failed?.failedReason ? `the queue gave up on the trial: ${failed.failedReason}` : 'the trial left the queue without a result');
    }
  }
}
