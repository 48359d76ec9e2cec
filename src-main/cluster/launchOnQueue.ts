/**
 * The launch checks of a sweep whose trials go to the queue: the machines that will run
 * them are the workers, so it is their data sets, backends and memory that count, not
 * the coordinator's (launchCheck.ts, which for the queue keeps only what the
 * coordinator itself must hold: a CSV file it ships to the workers).
 *
 * Judged on the live workers' announcements (capabilities.ts), when the sweep is
 * created: refused, naming each worker's reason, only when no live worker can run it.
 * With no worker live yet nothing is refused (the sweep waits for one), and a worker
 * that cannot run a trial still refuses it when it comes, so the trial goes to one that
 * can, workers that join later included.
 */
import type { DataFacts } from '../data/inspect';
import type { ConfigIssue, SweepConfig, TrialConfig } from '../sweep/configSchema';
import { candidates, memoryProblem } from '../sweep/memoryEstimate';
import { trialConfig } from '../sweep/searchSpace';
import { capabilityIssue, type Capabilities } from './capabilities';
import { connectRedis, reachable, type QueueUrl } from './queueUrl';
import { liveWorkers } from './workerRegistry';

/** How long creating a sweep waits for the queue before it leaves the judging to the workers. */
const REACH_MS = 3000;

/**
 * The trials that differ in what a machine must have: one per engine and backend the
 * sweep can take (the data set is the same for all; the largest model is memory's).
 */
function machineTrials(config: SweepConfig): TrialConfig[] {
  const trials: TrialConfig[] = [];
  for (const engine of candidates(config, 'engine', config.engine))
    for (const backend of candidates(config, 'backend', config.backend)) trials.push(trialConfig(config, { engine, backend }));
  return trials;
}

/** Why this worker cannot run every trial of the sweep, or null. */
export function workerIssue(config: SweepConfig, data: DataFacts, trials: number, caps: Capabilities): ConfigIssue | null {
  for (const trial of machineTrials(config)) {
    const issue = capabilityIssue(trial, caps);
    if (issue) return issue;
  }
  if (!caps.memory) return null;
  return memoryProblem({ config, data, lanes: Math.max(1, Math.min(caps.concurrency, trials)), concurrencyField: `the --concurrency of worker ${caps.name}`, memory: caps.memory, machine: caps.name });
}

/** Null when some live worker can run the sweep (or none is live yet); else one issue giving each worker's reason. */
export function workersIssue(config: SweepConfig, data: DataFacts, trials: number, workers: readonly Capabilities[], queue: string): ConfigIssue | null {
  const refusals: { name: string; issue: ConfigIssue }[] = [];
  for (const caps of workers) {
    const issue = workerIssue(config, data, trials, caps);
    if (!issue) return null;
    refusals.push({ name: caps.name, issue });
  }
  if (!refusals.length) return null;
  const reasons = refusals.map(({ name, issue }) => (issue.message.includes(name) ? issue.message : `${name}: ${issue.message}`));
  return { path: refusals[0].issue.path, message: `no live worker of ${queue} can run this sweep: ${reasons.join('; ')}` };
}

/**
 * workersIssue on the queue's live workers now. A queue out of reach is not a refusal
 * here: the sweep says so itself when it starts (and waits for a worker if none is live).
 */
export async function checkOnQueue(config: SweepConfig, data: DataFacts, trials: number, url: QueueUrl): Promise<ConfigIssue | null> {
  const redis = connectRedis(url, () => undefined);
  let workers: Capabilities[];
  try {
    await reachable(redis, url, REACH_MS);
    workers = await liveWorkers(redis);
  } catch {
    return null;
  } finally {
    redis.disconnect();
  }
  return workersIssue(config, data, trials, workers, url.redacted);
}
