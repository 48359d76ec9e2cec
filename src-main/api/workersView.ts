/**
 * The Workers view's data: the live workers of the queue sweeps use now (the one place
 * that says which: cluster/executorChoice.ts), each with what this database's runs did on
 * it. A fresh connection per call, closed before answering: the view polls every few
 * seconds, a loopback or LAN connect costs milliseconds, and nothing is left open to keep
 * `serve` or the CLI alive, or to hold a password after the setting changes.
 */
import { queueInUse } from '../cluster/executorChoice';
import { connectRedis, reachable } from '../cluster/queueUrl';
import { lastSeen, liveWorkers } from '../cluster/workerRegistry';
import type { WorkersView } from './contract';
import type { ApiContext } from './context';
import { unavailable } from './errors';

/** A view refreshed every few seconds should not hang for ioredis's default (forever). */
const REACH_MS = 3000;

export async function listWorkers(ctx: ApiContext): Promise<WorkersView> {
  let choice: ReturnType<typeof queueInUse>;
  try {
    choice = queueInUse({ env: ctx.env, setting: () => ctx.settings.queueUrl() });
  } catch (e) {
    throw unavailable((e as Error).message);
  }
  if (!choice) return { queue: null, workers: [] };
  const { url } = choice;
  // Quiet: the view says it in its own words; stderr would get a line every poll.
  const redis = connectRedis(url, () => undefined);
  try {
    await reachable(redis, url, REACH_MS);
    const live = await liveWorkers(redis);
    const seen = await lastSeen(redis, live.map((w) => w.name));
    const activity = ctx.store.runs.workerActivity();
    return {
      queue: url.redacted,
      workers: live.map((w) => ({
        ...w,
        lastSeen: seen.get(w.name) ?? null,
        currentRuns: activity.get(w.name)?.running ?? [],
        trialsDone: activity.get(w.name)?.done ?? 0,
      })),
    };
  } catch (e) {
    const message = (e as Error).message;
    // reachable() says the address (redacted) and what to check; Redis's own refusals (a wrong password) say neither.
    throw unavailable(message.includes(url.redacted) ? message : `the queue ${url.redacted} answered: ${message}`);
  } finally {
    redis.disconnect();
  }
}
