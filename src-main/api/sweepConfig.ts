/**
 * Configs as the API receives them: from the form or a file, before they become sweeps.
 * The settings fill in what the config leaves open (backend, concurrency), and the
 * checks every door makes (launchCheck.ts: the data files, this machine's memory) run
 * here for checkConfig and createSweep alike, so the form says what the CLI says.
 */
import os from 'node:os';
import { queueInUse } from '../cluster/executorChoice';
import type { QueueUrl } from '../cluster/queueUrl';
import type { DataFacts } from '../data/inspect';
import { validateConfigObject } from '../sweep/configFile';
import type { SweepConfig } from '../sweep/configSchema';
import { checkLaunch } from '../sweep/launchCheck';
import { chooseConcurrency } from '../sweep/limits';
import type { ApiContext } from './context';

/** The schema refuses more (limits.ts); kept here for the API's callers. */
export { MAX_TRIALS } from '../sweep/limits';

/**
 * The Settings' default TensorFlow.js backend stands in for `auto` in a tfjs config.
 * Applied after validation, so it is the same whichever door the config came through:
 * a form that left the backend out and a CLI file already filled in by the schema both
 * arrive here as `auto`. A config that sweeps the engine keeps `auto`, which suits both.
 */
function withSettingsBackend(ctx: ApiContext, config: SweepConfig): SweepConfig {
  if (config.engine !== 'tfjs' || config.backend !== 'auto' || Object.hasOwn(config.search.params, 'engine')) return config;
  const { backend } = ctx.settings.get();
  return backend === 'auto' ? config : { ...config, backend };
}

/**
 * Validates a config for launch with `requested` trials at once (else the config's or the
 * settings'); throws ConfigError (BAD_INPUT with issues). With a queue in use (the
 * environment, or the setting) the checks that need the machines are left to its
 * workers: `queue` says which, for cluster/launchOnQueue.ts.
 */
export function validateApiConfig(ctx: ApiContext, raw: unknown, requested?: number): { config: SweepConfig; trials: number; data: DataFacts; queue: QueueUrl | null } {
  const config = withSettingsBackend(ctx, validateConfigObject(raw, ctx.configDir, 'config').config);
  const queue = queueInUse({ env: ctx.env, setting: () => ctx.settings.queueUrl() })?.url ?? null;
  const { trials, data } = checkLaunch(config, {
    concurrency: concurrencyFor(ctx, config, requested),
    data: ctx.datasetContext(),
    // Only a launch's `--data-dir` names a folder that must hold the data (chooseDataDir).
    dataDirField: '--data-dir',
    onQueue: queue !== null,
  });
  return { config, trials, data, queue };
}

export function cores(): number {
  return Math.max(1, os.availableParallelism());
}

/**
 * Trials at once, the one rule of every door: what the call asks for (`--concurrency`),
 * else the config's, else the settings', else one trial per core (up to the bound every
 * door applies).
 */
export function concurrencyFor(ctx: ApiContext, config: Pick<SweepConfig, 'concurrency'>, requested?: number): number {
  return chooseConcurrency({ requested, config: config.concurrency, settings: ctx.settings.get().concurrency, cores: cores() });
}

/** Where data sets are looked for, and whether that folder was named for this launch. */
export interface DataDirChoice {
  dataDir: string | undefined;
  /** Named for this launch (`--data-dir`): Fashion-MNIST must be there, with no other copy used instead. */
  named: boolean;
}

/**
 * The data folder, the one rule of every door: a folder named for this launch
 * (`--data-dir` of `sweep`, `serve`, `export`…) beats the settings' folder, which beats
 * the launch's plain fallback; with none, the usual places are searched (SWEEPLAB_DATA,
 * the app's folder, the system's).
 */
export function chooseDataDir(named: string | undefined, settings: string | null, fallback: string | undefined): DataDirChoice {
  if (named !== undefined) return { dataDir: named, named: true };
  return { dataDir: settings ?? fallback, named: false };
}
