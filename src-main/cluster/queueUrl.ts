/**
 * The queue's address: `redis://[user:pass@]host:port[/db]` or `rediss://…` (TLS), from
 * `--queue` or SWEEPLAB_QUEUE. Checked here, once, so a typo is a clear usage error
 * before anything connects, and so a password never reaches a log line (`redacted`).
 *
 * Why a URL and not separate flags: it is what Redis tooling (redis-cli -u, hosted
 * Redis dashboards) hands out, and one string travels well through an environment
 * variable to `serve` and the desktop app.
 */
import { isIP } from 'node:net';
import { Redis, type RedisOptions } from 'ioredis';

export interface QueueUrl {
  /** As given, password included: only for connecting. */
  readonly href: string;
  /** For messages and logs: the password replaced by `***`. */
  readonly redacted: string;
  /** ioredis options; `maxRetriesPerRequest: null` because BullMQ's blocking calls need it. */
  readonly redis: RedisOptions;
}

export class QueueUrlError extends Error {
  readonly code = 'BAD_INPUT';
  constructor(message: string) {
    super(message);
    this.name = 'QueueUrlError';
  }
}

/** The environment variable that chooses the queue executor for every door (CLI, serve, app). */
export const QUEUE_ENV = 'SWEEPLAB_QUEUE';

/** Parses and checks a queue URL; throws QueueUrlError saying what is wrong and what is expected. */
export function parseQueueUrl(text: string, from = '--queue'): QueueUrl {
  const expected = 'expected redis://[user:password@]host:port or rediss://… for TLS';
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new QueueUrlError(`${from}: "${redact(text)}" is not a URL; ${expected}`);
  }
  const redacted = redactUrl(url);
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new QueueUrlError(`${from}: "${redacted}" uses ${url.protocol}//; ${expected}`);
  if (!url.hostname) throw new QueueUrlError(`${from}: "${redacted}" names no host; ${expected}`);
  const port = url.port === '' ? 6379 : Number(url.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new QueueUrlError(`${from}: "${redacted}": port must be 1–65535`);
  const dbText = url.pathname.replace(/^\//, '');
  const db = dbText === '' ? 0 : Number(dbText);
  if (!/^\d*$/.test(dbText) || !Number.isInteger(db) || db > 15) throw new QueueUrlError(`${from}: "${redacted}": the path must be a database number 0–15, not "/${dbText}"`);
  if (url.search || url.hash) throw new QueueUrlError(`${from}: "${redacted}": query strings and fragments are not supported`);
  // IPv6 hosts come bracketed from URL; ioredis wants them bare.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const redis: RedisOptions = {
    host,
    port,
    db,
    maxRetriesPerRequest: null,
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    // SNI takes names only (Node warns about an address); the certificate is checked against either.
    ...(url.protocol === 'rediss:' ? { tls: isIP(host) ? {} : { servername: host } } : {}),
  };
  return { href: url.href, redacted, redis };
}

/** The queue named by SWEEPLAB_QUEUE, or null when it is unset or empty. */
export function queueFromEnv(env: NodeJS.ProcessEnv = process.env): QueueUrl | null {
  const value = env[QUEUE_ENV]?.trim();
  return value ? parseQueueUrl(value, QUEUE_ENV) : null;
}

function redactUrl(url: URL): string {
  const copy = new URL(url.href);
  if (copy.password) copy.password = '***';
  return copy.href;
}

/** Best effort for text that is not even a URL: hide anything between `:` and `@`. */
function redact(text: string): string {
  return text.replace(/:[^:@/]*@/, ':***@');
}

/**
 * A connection to the queue. ioredis reconnects by itself; without a listener each failed
 * try would be an "unhandled error event" on stderr, so a lost connection is said once
 * until it comes back.
 */
export function connectRedis(url: QueueUrl, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Redis {
  const redis = new Redis(url.redis);
  let down = false;
  let connected = false;
  redis.on('error', (e: Error) => {
    if (down) return;
    down = true;
    log(`sweeplab: ${connected ? 'lost' : 'cannot connect to'} the queue ${url.redacted} (${e.message}); ${connected ? 'reconnecting' : 'retrying'}`);
  });
  redis.on('ready', () => {
    down = false;
    connected = true;
  });
  return redis;
}

const REACH_MS = 10_000;

/** ioredis waits for a connection forever; a command should say soon that the queue is out of reach. */
export async function reachable(redis: Redis, url: QueueUrl, withinMs = REACH_MS): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(Object.assign(new Error(`cannot reach the queue ${url.redacted} within ${withinMs / 1000} s (is Redis running there, reachable from here, and the password right? ${tlsHint(url)})`), { code: 'QUEUE_UNREACHABLE' })),
      withinMs,
    );
  });
  try {
    await Promise.race([untilReady(redis).then(() => redis.ping()), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Resolves once the connection has passed ioredis's own handshake and ready check. A
 * connection about to SUBSCRIBE must wait for it: since ioredis 5.8 a SUBSCRIBE sent
 * while connecting can reach Redis before the ready check's INFO, which Redis then
 * refuses in subscriber mode (ioredis issue #2037).
 */
function untilReady(redis: Redis): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => redis.once('ready', () => resolve()));
}

/** The TLS half of the reachability hint: the scheme must match the server's, and a private CA must be trusted. */
function tlsHint(url: QueueUrl): string {
  return url.redis.tls
    ? 'With rediss://, this machine must trust the server\'s certificate: a private CA goes in NODE_EXTRA_CA_CERTS.'
    : 'A server that only speaks TLS needs rediss://.';
}
