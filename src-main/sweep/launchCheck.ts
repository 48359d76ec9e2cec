/**
 * The checks between a valid config and a sweep in the database, made the same way at
 * every door: the CLI before it opens the database, and the API's checkConfig and
 * createSweep (and so the form). The data files are opened and checked, and the
 * sweep's largest trial, times the trials running at once, must fit this machine's
 * memory. The schema has already bounded the trial count, the widths, the batch and
 * the concurrency field (limits.ts); these need the file system and the machine.
 *
 * A sweep whose trials go to a queue (`onQueue`) trains elsewhere: the backend and the
 * memory are the workers' to judge (cluster/launchOnQueue.ts), and Fashion-MNIST need
 * not be on the coordinator. What the coordinator reads itself is still checked here:
 * a CSV file it ships to the workers, Iris, the generated sets.
 */
import type { DatasetContext } from '../data/catalog';
import { DataError } from '../data/errors';
import { locateFashionMnist, requireFashionMnist } from '../data/fashionMnist';
import { inspectDataset, publishedFashionFacts, type DataFacts } from '../data/inspect';
import { backendAvailabilityIssue } from '../engine/availability';
import { loadConfigFile, type LoadedConfig } from './configFile';
import { configError } from './configIssues';
import type { ConfigIssue, SweepConfig } from './configSchema';
import { memoryBudget, memoryProblem } from './memoryEstimate';
import { countTrials } from './searchSpace';
import { defaultConcurrency } from './sweepService';

export interface LaunchOptions {
  /** Trials at once, as the sweep will run them. */
  concurrency: number;
  /** Where that number came from, for messages: `concurrency` (config, settings, default) or `--concurrency`. */
  concurrencyField?: string;
  /** Where data sets are looked for (with `requireDataDir` when the folder was named for this run). */
  data: DatasetContext;
  /** How a folder named for this run is called in messages, e.g. `--data-dir`. */
  dataDirField?: string;
  /** The memory a sweep may use; default this machine's (memoryBudget). Tests pass their own. */
  memory?: { total: number; budget: number };
  /** The trials go to a queue's workers, not this machine's lanes. */
  onQueue?: boolean;
}

export interface LaunchFacts {
  trials: number;
  /** Trials that will run at once: the concurrency, unless there are fewer trials. */
  lanes: number;
  data: DataFacts;
}

function refuse(source: string, issue: ConfigIssue): never {
  throw configError(source, [issue]);
}

/** The data set's files, checked; a DataError becomes an issue on the field that names them. */
function inspectData(config: SweepConfig, opts: LaunchOptions, source: string): DataFacts {
  const { data } = opts;
  const field = config.dataset.name === 'csv' ? 'dataset.path' : 'dataset.name';
  try {
    // Checked apart only so that the message is put on the folder's own field.
    if (data.requireDataDir && data.dataDir && config.dataset.name === 'fashion-mnist') {
      try {
        requireFashionMnist(data.dataDir);
      } catch (err) {
        if (err instanceof DataError) refuse(source, { path: opts.dataDirField ?? 'dataDir', message: err.message });
        throw err;
      }
    }
    return inspectDataset(config.dataset, data);
  } catch (err) {
    if (err instanceof DataError) refuse(source, { path: field, message: err.message });
    throw err;
  }
}

/**
 * The data facts of a sweep on the queue: this machine's copy of Fashion-MNIST when it
 * has one (the bundled subset is never a stand-in: the workers load the full set), else
 * the published set's sizes; every other data set as for a local sweep.
 */
function queueData(config: SweepConfig, opts: LaunchOptions, source: string): DataFacts {
  const { data } = opts;
  const named = data.requireDataDir && data.dataDir !== undefined;
  if (config.dataset.name === 'fashion-mnist' && !named && !locateFashionMnist({ dataDir: data.dataDir, env: data.env, systemDirs: data.systemDirs }).dir) return publishedFashionFacts(config.dataset);
  return inspectData(config, opts, source);
}

/** Throws a ConfigError naming the field when the sweep cannot start here; else what it will run on. */
export function checkLaunch(config: SweepConfig, opts: LaunchOptions, source = 'config'): LaunchFacts {
  const trials = countTrials(config);
  if (opts.onQueue) return { trials, lanes: Math.max(1, Math.min(opts.concurrency, trials)), data: queueData(config, opts, source) };
  const unavailable = backendAvailabilityIssue(config);
  if (unavailable) refuse(source, unavailable);
  const data = inspectData(config, opts, source);
  const lanes = Math.max(1, Math.min(opts.concurrency, trials));
  const issue = memoryProblem({ config, data, lanes, concurrencyField: opts.concurrencyField ?? 'concurrency', memory: opts.memory ?? memoryBudget() });
  if (issue) refuse(source, issue);
  return { trials, lanes, data };
}

/**
 * `sweeplab sweep <config>`: the file, its `--set`s and the schema (loadConfigFile), read
 * once; `check` then runs checkLaunch with the flags, all before the database is opened,
 * for the trials on this machine or (`onQueue`) on a queue's workers. A `--data-dir` is
 * named for this run, so Fashion-MNIST must be in it.
 */
export function loadLaunchConfig(file: string, overrides: string[], flags: { concurrency?: number; dataDir?: string }): LoadedConfig & { check(onQueue: boolean): LaunchFacts } {
  const loaded = loadConfigFile(file, overrides);
  const options: LaunchOptions = {
    concurrency: flags.concurrency ?? defaultConcurrency(loaded.config),
    concurrencyField: flags.concurrency === undefined ? 'concurrency' : '--concurrency',
    data: { dataDir: flags.dataDir, configDir: loaded.configDir, requireDataDir: flags.dataDir !== undefined },
    dataDirField: '--data-dir',
  };
  return { ...loaded, check: (onQueue) => checkLaunch(loaded.config, { ...options, onQueue }, file) };
}
