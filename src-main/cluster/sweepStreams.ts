/**
 * The coordinator's open result streams, one per running sweep (resultStream.ts), and
 * each sweep's name on the queue. Opening one reads what a previous coordinator left
 * unacknowledged first; closing one leaves no keys behind when nothing is in flight.
 */
import type { Store } from '../store/store';
import { keys, sweepKeyOf, type StreamEntry } from './jobs';
import type { QueueLink } from './jobRouter';
import { connectRedis, type QueueUrl } from './queueUrl';
import { ResultReader } from './resultStream';

export class SweepStreams {
  private readonly readers = new Map<number, ResultReader>();
  private readonly names = new Map<number, string>();

  constructor(
    private readonly store: Store,
    private readonly url: QueueUrl,
    private readonly link: () => QueueLink | null,
    private readonly notice: (message: string) => void,
  ) {}

  get open(): number {
    return this.readers.size;
  }

  /** The sweep's name on the queue (jobs.ts: sweepKeyOf), read from the store once per sweep. */
  keyOf(sweepId: number): string {
    let key = this.names.get(sweepId);
    if (key === undefined) {
      const sweep = this.store.sweeps.get(sweepId);
      if (!sweep) throw new Error(`no sweep ${sweepId}`);
      this.names.set(sweepId, (key = sweepKeyOf(sweep)));
    }
    return key;
  }

  /** Starts handing the sweep's entries to `onEntry`, in stream order. */
  async read(sweepId: number, onEntry: (id: string, entry: StreamEntry | Error) => void): Promise<void> {
    const reader = new ResultReader(connectRedis(this.url), this.link()!.redis, keys.results(this.keyOf(sweepId)), onEntry);
    await reader.start();
    this.readers.set(sweepId, reader);
  }

  /** The store has the entry: acknowledge it. */
  ack(sweepId: number, id: string): void {
    void this.readers
      .get(sweepId)
      ?.ack(id)
      .catch((e: Error) => this.notice(`could not acknowledge ${id}: ${e.message}`));
  }

  /** Stops reading; with no job in flight and nothing unread, the stream is removed. */
  async close(sweepId: number): Promise<void> {
    await this.readers.get(sweepId)?.stop();
    this.readers.delete(sweepId);
    const key = this.names.get(sweepId);
    this.names.delete(sweepId);
    const redis = this.link()?.redis;
    if (!key || !redis) return;
    const [jobs, unread] = await Promise.all([redis.hlen(keys.sweepJobs(key)), redis.xlen(keys.results(key))]).catch(() => [1, 1]);
    if (jobs === 0 && unread === 0) await redis.del(keys.results(key)).catch(() => undefined);
  }
}
