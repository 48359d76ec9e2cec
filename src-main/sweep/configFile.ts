/**
 * Reading a sweep config from disk: JSON or YAML, `--set key=value` overrides, the
 * schema, then the checks that need the file system (does the CSV exist?). Every
 * refusal is a ConfigError with one line naming the field and the problem.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { describeIssues, validateSweepConfig, type ConfigIssue, type SweepConfig } from './configSchema';
import { setPath } from './searchSpace';

export class ConfigError extends Error {
  readonly code = 'BAD_CONFIG';
  constructor(
    message: string,
    readonly issues: ConfigIssue[] = [],
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

export interface LoadedConfig {
  config: SweepConfig;
  /** Relative data paths in the config are relative to this folder. */
  configDir: string;
}

/** `train.lr=0.01`, `model.hidden=[64,32]`, `name=my sweep`: values are YAML scalars. */
export function parseSetOverride(arg: string): { key: string; value: unknown } {
  const eq = arg.indexOf('=');
  if (eq <= 0) throw new ConfigError(`--set ${arg}: expected key=value`);
  const key = arg.slice(0, eq).trim();
  const raw = arg.slice(eq + 1);
  let value: unknown;
  try {
    value = YAML.parse(raw);
  } catch {
    value = raw;
  }
  return { key, value: value === null && raw.trim() === '' ? '' : value };
}

/** Applies one override; `search.params.<key>` keeps the dotted parameter name whole. */
export function applyOverride(raw: Record<string, unknown>, key: string, value: unknown): void {
  const prefix = 'search.params.';
  try {
    if (key.startsWith(prefix)) {
      const search = (raw.search ??= {}) as Record<string, unknown>;
      const params = (search.params ??= {}) as Record<string, unknown>;
      params[key.slice(prefix.length)] = value;
    } else {
      setPath(raw, key, value);
    }
  } catch (e) {
    throw new ConfigError(`--set ${key}: ${(e as Error).message}`);
  }
}

export function parseConfigText(text: string, source: string): unknown {
  const ext = path.extname(source).toLowerCase();
  try {
    return ext === '.json' ? JSON.parse(text) : YAML.parse(text, { prettyErrors: true });
  } catch (e) {
    const what = ext === '.json' ? 'JSON' : 'YAML';
    throw new ConfigError(`${source}: not valid ${what}: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** Checks the schema cannot make: files that must exist. */
export function checkEnvironment(config: SweepConfig, configDir: string): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (config.dataset.name === 'csv' && config.dataset.path) {
    const file = path.resolve(configDir, config.dataset.path);
    if (!existsSync(file)) issues.push({ path: 'dataset.path', message: `file not found: ${file}` });
  }
  return issues;
}

/** Validates an already-parsed config object (from a file, the GUI or the HTTP API). */
export function validateConfigObject(raw: unknown, configDir: string, source = 'config'): LoadedConfig {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(`${source}: must be an object with name, dataset, model and train`);
  const result = validateSweepConfig(raw);
  if (!result.ok) throw new ConfigError(`${source}: ${describeIssues(result.issues)}`, result.issues);
  const config = result.config;
  const envIssues = checkEnvironment(config, configDir);
  if (envIssues.length) throw new ConfigError(`${source}: ${describeIssues(envIssues)}`, envIssues);
  // Stored configs must not depend on where they were read from: resume and the GUI
  // run them later, from anywhere.
  if (config.dataset.path) config.dataset.path = path.resolve(configDir, config.dataset.path);
  return { config, configDir };
}

export function loadConfigFile(file: string, overrides: string[] = []): LoadedConfig {
  const abs = path.resolve(file);
  if (!existsSync(abs)) throw new ConfigError(`${file}: no such file`);
  const raw = parseConfigText(readFileSync(abs, 'utf8'), file);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(`${file}: must be an object with name, dataset, model and train`);
  for (const o of overrides) {
    const { key, value } = parseSetOverride(o);
    applyOverride(raw as Record<string, unknown>, key, value);
  }
  return validateConfigObject(raw, path.dirname(abs), file);
}
