/**
 * Configs as the API receives them: from the form or a file, before they become sweeps.
 * The settings fill in what the config leaves open (backend, concurrency), and a config
 * that would expand into more trials than anyone can look at is refused before it fills
 * the database.
 */
import os from 'node:os';
import { ConfigError, validateConfigObject } from '../sweep/configFile';
import type { SweepConfig } from '../sweep/configSchema';
import { countTrials } from '../sweep/searchSpace';
import type { ApiContext } from './context';

export const MAX_TRIALS = 10_000;

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
  const trials = countTrials(config);
  if (trials > MAX_TRIALS) {
    const issue = { path: 'search', message: `expands to ${trials.toLocaleString('en-US')} trials; at most ${MAX_TRIALS.toLocaleString('en-US')} per sweep` };
    throw new ConfigError(`config: ${issue.path}: ${issue.message}`, [issue]);
  }
  return { config, trials };
}

export function cores(): number {
  return Math.max(1, os.availableParallelism());
}

/** The config's concurrency, else the settings', else one trial per core. */
export function concurrencyFor(ctx: ApiContext, config: Pick<SweepConfig, 'concurrency'>): number {
  return config.concurrency ?? ctx.settings.get().concurrency ?? cores();
}
