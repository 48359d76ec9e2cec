/**
 * Configs as the API receives them: from the form or a file, before they become sweeps.
 * The settings fill in what the config leaves open (backend, concurrency), and the
 * checks every door makes (launchCheck.ts: the data files, this machine's memory) run
 * here for checkConfig and createSweep alike, so the form says what the CLI says.
 */
import os from 'node:os';
import { validateConfigObject } from '../sweep/configFile';
import type { SweepConfig } from '../sweep/configSchema';
import { checkLaunch } from '../sweep/launchCheck';
import { MAX_CONCURRENCY } from '../sweep/limits';
import type { ApiContext } from './context';

/** The schema refuses more (limits.ts); kept here for the API's callers. */
export { MAX_TRIALS } from '../sweep/limits';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The settings' default TensorFlow.js backend, for a tfjs config that names none. */
function withSettingsDefaults(ctx: ApiContext, raw: unknown): unknown {
  if (!isPlainObject(raw) || raw.backend !== undefined || raw.engine !== 'tfjs') return raw;
  const { backend } = ctx.settings.get();
  return backend === 'auto' ? raw : { ...raw, backend };
}

/** Validates a config for launch; throws ConfigError (BAD_INPUT with issues). */
export function validateApiConfig(ctx: ApiContext, raw: unknown): { config: SweepConfig; trials: number } {
  const { config } = validateConfigObject(withSettingsDefaults(ctx, raw), ctx.configDir, 'config');
  const { trials } = checkLaunch(config, { concurrency: concurrencyFor(ctx, config), data: ctx.datasetContext() });
  return { config, trials };
}

export function cores(): number {
  return Math.max(1, os.availableParallelism());
}

/** The config's concurrency, else the settings', else one trial per core (up to the bound every door applies). */
export function concurrencyFor(ctx: ApiContext, config: Pick<SweepConfig, 'concurrency'>): number {
  return config.concurrency ?? ctx.settings.get().concurrency ?? Math.min(cores(), MAX_CONCURRENCY);
}
