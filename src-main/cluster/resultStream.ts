/**
 * The worker→coordinator channel of one sweep: a Redis Stream read through a consumer
 * group. Why a stream and not BullMQ's events or pub/sub: those drop what nobody is
 * listening to (pub/sub) or trim it (BullMQ keeps ~10,000 events), and a coordinator
 * that died mid-sweep must find every point its workers sent while it was gone.
 *
 * An entry is acknowledged and deleted (XACK + XDEL) only after the store has written
 * it; entries read but not acknowledged stay in the group's pending list, which a
 * restarted coordinator reads first. A crash between the write and the ack replays an
 * entry once more: metric points are keyed (run, key, step) and written with REPLACE,
 * so a replay changes nothing.
 */
import type { Redis } from 'ioredis';
import { parseStreamEntry, type StreamEntry } from './jobs';

const GROUP = 'coordinator';
/** One coordinator per sweep (the sweep's owner), so one consumer name: a restart reads its own pending entries. */
const CONSUMER = 'owner';
const BLOCK_MS = 500;
const BATCH = 200;

/** Appends one message to a sweep's stream (worker side). */
export async function appendResult(redis: Redis, key: string, entry: StreamEntry): Promise<void> {
  await redis.xadd(key, '*', 'm', JSON.stringify(entry));
}

type StreamReply = [string, [string, string[]][]][] | null;

export class ResultReader {
  private stopped = false;
  private loop: Promise<void> | null = null;

  /**
   * `blocking` is a connection of its own (XREADGROUP BLOCK holds it); `commands` serves
   * the acks. `onEntry` gets each entry in stream order, or the error that made it unreadable.
   */
  constructor(
    private readonly blocking: Redis,
    private readonly commands: Redis,
    readonly key: string,
    private readonly onEntry: (id: string, entry: StreamEntry | Error) => void,
  ) {}

  async start(): Promise<void> {
    try {
      await this.commands.xgroup('CREATE', this.key, GROUP, '0', 'MKSTREAM');
    } catch (e) {
      if (!/BUSYGROUP/.test((e as Error).message)) throw e;
    }
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    // First what an earlier coordinator read but never acknowledged, then what is new.
    let from = '0';
    while (!this.stopped) {
      let reply: StreamReply;
      try {
        reply = (await this.blocking.xreadgroup('GROUP', GROUP, CONSUMER, 'COUNT', BATCH, 'BLOCK', BLOCK_MS, 'STREAMS', this.key, from)) as StreamReply;
      } catch (e) {
        if (this.stopped) return;
        process.stderr.write(`sweeplab: reading ${this.key} failed (${(e as Error).message}); retrying\n`);
        await new Promise((r) => setTimeout(r, 1000));
        continue;
      }
      const entries = reply?.[0]?.[1] ?? [];
      if (from !== '>' && entries.length === 0) {
        from = '>';
        continue;
      }
      for (const [id, fields] of entries) {
        // A pending entry deleted meanwhile comes back with no fields: nothing to do.
        if (!fields) continue;
        const json = fields[fields.indexOf('m') + 1];
        let entry: StreamEntry | Error;
        try {
          entry = parseStreamEntry(json ?? '');
        } catch (e) {
          entry = e as Error;
        }
        this.onEntry(id, entry);
      }
      // Reading the pending list pages through it from the last id seen.
      if (from !== '>' && entries.length) from = entries[entries.length - 1][0];
    }
  }

  /** The store has the entry: forget it for good. */
  async ack(id: string): Promise<void> {
    await this.commands.multi().xack(this.key, GROUP, id).xdel(this.key, id).exec();
  }

  /** Stops reading; entries read but not yet acknowledged stay pending for the next reader. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.blocking.disconnect();
    await this.loop;
  }
}
