/**
 * Reading a sweep config from disk: the file (bounded, regular), its text (configText.ts,
 * the reader every door shares), `--set key=value` overrides, the schema, then the checks
 * that need the file system (does the CSV exist?). Every refusal is a ConfigError that
 * lists each problem with the field or the line it is on (configIssues.ts).
 * What the data files hold, and whether the sweep fits the machine, is launchCheck.ts.
 */
import { closeSync, existsSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { ConfigError, configError } from './configIssues';
import { validateSweepConfig, type ConfigIssue, type SweepConfig } from './configSchema';
import { parseConfigText } from './configText';
import { MAX_CONFIG_BYTES } from './limits';
import { checkKeySegment, childObject, setPath } from './searchSpace';
import { yamlNestingProblem } from './textNesting';

/** Where it has always been imported from. */
export { ConfigError } from './configIssues';

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
  const deep = yamlNestingProblem(raw);
  if (deep) throw new ConfigError(`--set ${key}: the value is ${deep.message}`);
  let value: unknown;
  try {
    value = YAML.parse(raw);
  } catch {
    value = raw;
  }
  return { key, value: value === null && raw.trim() === '' ? '' : value };
}

/**
 * Applies one override; `search.params.<key>` keeps the dotted parameter name whole.
 * Every segment is an own-property step, and reserved names are refused: `--set
 * __proto__.polluted=1` once wrote into every object of the process.
 */
export function applyOverride(raw: Record<string, unknown>, key: string, value: unknown): void {
  const prefix = 'search.params.';
  try {
    if (key.startsWith(prefix)) {
      const params = childObject(childObject(raw, 'search', key), 'params', key);
      const name = key.slice(prefix.length);
      checkKeySegment(key, name);
      params[name] = value;
    } else {
      setPath(raw, key, value);
    }
  } catch (e) {
    // setPath's messages start with the key, which this one already does.
    throw new ConfigError(`--set ${key}: ${(e as Error).message.replace(`${key}: `, '')}`);
  }
}

/**
 * The text of a config file: a regular file of at most MAX_CONFIG_BYTES. Checked with
 * stat before opening (opening a FIFO would wait for a writer), and read with a bound
 * (a file can grow between the stat and the read; /dev/zero never ends).
 */
export function readConfigText(file: string): string {
  const abs = path.resolve(file);
  if (!existsSync(abs)) throw new ConfigError(`${file}: no such file`);
  const limit = `${MAX_CONFIG_BYTES.toLocaleString('en-US')} bytes`;
  const notRegular = (what: string) => new ConfigError(`${file}: ${what}, not a config file (a .json or .yaml file of at most ${limit})`);
  const stat = statSync(abs);
  if (stat.isDirectory()) throw notRegular('is a folder');
  if (!stat.isFile()) throw notRegular('is not a regular file');
  if (stat.size > MAX_CONFIG_BYTES) throw new ConfigError(`${file}: ${stat.size.toLocaleString('en-US')} bytes is too large for a config file (at most ${limit})`);
  const fd = openSync(abs, 'r');
  try {
    if (!fstatSync(fd).isFile()) throw notRegular('is not a regular file');
    const buf = Buffer.alloc(MAX_CONFIG_BYTES + 1);
    let n = 0;
    for (let got = 1; got > 0 && n < buf.length; n += got) got = readSync(fd, buf, n, buf.length - n, null);
    if (n > MAX_CONFIG_BYTES) throw new ConfigError(`${file}: more than ${limit}, too large for a config file`);
    return buf.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** Checks the schema cannot make: files that must exist. */
export function checkEnvironment(config: SweepConfig, configDir: string): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (config.dataset.name === 'csv' && config.dataset.path) {
    const file = path.resolve(configDir, config.dataset.path);
    if (!existsSync(file)) issues.push({ path: 'dataset.path', message: `file not found: ${file}` });
    // A folder, a device or a FIFO: reading /dev/zero as a table never ends.
    else if (!statSync(file).isFile()) issues.push({ path: 'dataset.path', message: `not a regular file: ${file}` });
  }
  return issues;
}

/** Validates an already-parsed config object (from a file, the GUI or the HTTP API). */
export function validateConfigObject(raw: unknown, configDir: string, source = 'config'): LoadedConfig {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw configError(source, [{ path: '(config)', message: 'must be an object with name, dataset, model and train' }]);
  const result = validateSweepConfig(raw);
  if (!result.ok) throw configError(source, result.issues);
  const config = result.config;
  const envIssues = checkEnvironment(config, configDir);
  if (envIssues.length) throw configError(source, envIssues);
  // Stored configs must not depend on where they were read from: resume and the GUI
  // run them later, from anywhere.
  if (config.dataset.path) config.dataset.path = path.resolve(configDir, config.dataset.path);
  return { config, configDir };
}

export function loadConfigFile(file: string, overrides: string[] = []): LoadedConfig {
  const abs = path.resolve(file);
  const raw = parseConfigText(readConfigText(file), file);
  for (const o of overrides) {
    const { key, value } = parseSetOverride(o);
    applyOverride(raw, key, value);
  }
  return validateConfigObject(raw, path.dirname(abs), file);
}
