/**
 * The scheduler's writes, in order, surviving a busy database.
 *
 * Every write a sweep makes (a run starts, a batch of metric points, a run ends with its
 * artifacts, the sweep's status) is an op on this queue, executed in the order pushed.
 * When another process holds the database's write lock, the op at the head stays there
 * with everything behind it, and the queue tries again a moment later: nothing is
 * dropped, nothing is reordered, and no timer throws. A failure that waiting cannot cure
 * (disk full, I/O error, read-only or damaged file) puts the queue in a failed state:
 * `onStorageFailure` is called once, and every pending and later op is dropped until
 * `reset()`. Any other error belongs to its op (`onError`) and the queue goes on.
 */
import { classifyStoreError } from '../store/storeErrors';

export interface WriteOp {
  /** What it writes, for messages: "the end of run 12". */
  label: string;
  run: () => void;
  /** The write was refused for a reason of its own (not busy, not storage). */
  onError?: (err: unknown) => void;
  /** Always called last: written, refused, or dropped after a storage failure. */
  after?: (outcome: 'written' | 'refused' | 'dropped') => void;
}

export interface WriteQueueOptions {
  onStorageFailure: (err: unknown, label: string) => void;
  /** Said once per wait longer than `noticeAfterMs`: a person may wonder why nothing moves. */
  onLongWait?: (waitedMs: number) => void;
  noticeAfterMs?: number;
  maxRetryMs?: number;
}

export class WriteQueue {
  private readonly ops: WriteOp[] = [];
  private timer: NodeJS.Timeout | undefined;
  private delay = 0;
  private waitingSince: number | null = null;
  private noticed = false;
  private failure: unknown = null;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly opts: WriteQueueOptions) {}

  /** Ops not yet written (the head may be waiting for the lock). */
  get pending(): number {
    return this.ops.length;
  }

  get failed(): boolean {
    return this.failure !== null;
  }

  push(op: WriteOp): void {
    if (this.failure !== null) return void op.after?.('dropped');
    this.ops.push(op);
    this.drain();
  }

  /** Writes what can be written now; synchronous unless the database is busy. */
  drain(): void {
    if (this.timer) return; // a retry is already scheduled: keep the order
    while (this.ops.length) {
      const op = this.ops[0];
      try {
        op.run();
      } catch (err) {
        const kind = classifyStoreError(err);
        if (kind === 'busy') return this.retryLater();
        if (kind === 'storage') return this.fail(err, op.label);
        this.ops.shift();
        this.settled();
        op.onError?.(err);
        op.after?.('refused');
        continue;
      }
      this.ops.shift();
      this.settled();
      op.after?.('written');
    }
    this.wakeIdle();
  }

  /** Resolves once every op pushed so far is written, refused or dropped. */
  idle(): Promise<void> {
    if (!this.ops.length) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** After a storage failure: accept ops again (the person freed space and resumed). */
  reset(): void {
    this.failure = null;
  }

  private settled(): void {
    this.delay = 0;
    this.waitingSince = null;
    this.noticed = false;
  }

  private retryLater(): void {
    const now = Date.now();
    this.waitingSince ??= now;
    const waited = now - this.waitingSince;
    if (!this.noticed && waited >= (this.opts.noticeAfterMs ?? 3000)) {
      this.noticed = true;
      this.opts.onLongWait?.(waited);
    }
    this.delay = Math.min(Math.max(this.delay * 2, 25), this.opts.maxRetryMs ?? 500);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.drain();
    }, this.delay);
  }

  private fail(err: unknown, label: string): void {
    this.failure = err;
    const dropped = this.ops.splice(0);
    this.opts.onStorageFailure(err, label);
    for (const op of dropped) op.after?.('dropped');
    this.wakeIdle();
  }

  private wakeIdle(): void {
    if (this.ops.length) return;
    for (const w of this.idleWaiters.splice(0)) w();
  }
}
