/**
 * Which workers are alive: each announces itself under a key that expires unless it is
 * refreshed, so a machine that dies (SIGKILL, power, network) drops out on its own
 * within `ttlMs`, with nobody to clean up after it. The coordinator reads the
 * announcements for the cluster's capacity; a worker reads them to tell whether every
 * live machine has refused a job. Each refresh also writes the time beside it
 * (`keys.seen`): the Workers view's "last heartbeat".
 */
import type { Redis } from 'ioredis';
import { capabilitiesSchema, type Capabilities } from './capabilities';
import { keys } from './jobs';

export const ANNOUNCE_TTL_MS = 10_000;
const REFRESH_MS = 3_000;

/** Keeps `caps` announced until the returned function is called (which withdraws it). */
export function announce(redis: Redis, caps: Capabilities, ttlMs = ANNOUNCE_TTL_MS): () => Promise<void> {
  const [key, seen] = [keys.worker(caps.name), keys.seen(caps.name)];
  const write = () =>
    redis
      .multi()
      .set(key, JSON.stringify(caps), 'PX', ttlMs)
      .set(seen, String(Date.now()), 'PX', ttlMs)
      .exec()
      .catch((e: Error) => process.stderr.write(`sweeplab worker: could not announce itself: ${e.message}\n`));
  void write();
  const timer = setInterval(write, Math.min(REFRESH_MS, ttlMs / 3));
  timer.unref();
  return async () => {
    clearInterval(timer);
    await redis.del(key, seen).catch(() => undefined);
  };
}

/** The live workers' announcements; one that does not parse is skipped (and said once). */
export async function liveWorkers(redis: Redis): Promise<Capabilities[]> {
  const found: Capabilities[] = [];
  let cursor = '0';
  do {
    const [next, names] = await redis.scan(cursor, 'MATCH', keys.workerPattern, 'COUNT', 100);
    cursor = next;
    const values = names.length ? await redis.mget(...names) : [];
    for (const [i, value] of values.entries()) {
      if (value === null) continue; // expired between SCAN and MGET
      try {
        found.push(capabilitiesSchema.parse(JSON.parse(value)));
      } catch {
        warnOnce(names[i]);
      }
    }
  } while (cursor !== '0');
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

/** Each live worker's last heartbeat (ms), by name; null where an older worker writes none. */
export async function lastSeen(redis: Redis, names: readonly string[]): Promise<Map<string, number | null>> {
  const values = names.length ? await redis.mget(...names.map(keys.seen)) : [];
  return new Map(names.map((n, i) => [n, values[i] === null || values[i] === undefined ? null : Number(values[i])]));
}

const warned = new Set<string>();
function warnOnce(key: string): void {
  if (warned.has(key)) return;
  warned.add(key);
  process.stderr.write(`sweeplab: ignoring ${key}: not a Sweeplab worker announcement (another version?)\n`);
}
