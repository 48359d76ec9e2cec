/**
 * What a worker machine can run, announced to the cluster and checked against each job
 * before it trains: the data sets it can load, the engines and backends it has, whether
 * the scratch engine's native ops load. Checked up front so a job the machine cannot run
 * is refused with a reason (and goes to a machine that can) instead of failing half-way,
 * or worse, quietly training on something else: locally, a missing Fashion-MNIST falls
 * back to the bundled subset, which inside one sweep would make trials incomparable.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { fashionSubsetDir, irisPath } from '../data/catalog';
import { locateFashionMnist, requireFashionMnist } from '../data/fashionMnist';
import { tfjsNodeInstalled } from '../engine/availability';
import { loadNativeOps } from '../engine/scratch/ops/native';
import { isToyDataset, type ConfigIssue, type TrialConfig } from '../sweep/configSchema';
import { formatBytes, memoryBudget, trialMemory } from '../sweep/memoryEstimate';
import type { DatasetContext } from '../data/catalog';
import { inspectDataset } from '../data/inspect';

export const capabilitiesSchema = z.strictObject({
  name: z.string().min(1),
  host: z.string(),
  cores: z.number().int().positive(),
  /** Trials it runs at once. */
  concurrency: z.number().int().positive(),
  engines: z.array(z.string()),
  /** `engine/backend` pairs it can run, `auto` included. */
  backends: z.array(z.string()),
  nativeOps: z.boolean(),
  /** Data set names it can load (`csv`: a file the coordinator sends, or one on this machine by its path). */
  datasets: z.array(z.string()),
  /** When it started, ms since the epoch. */
  since: z.number(),
  /**
   * Its memory and what trials may plan to use of it (memoryBudget); absent from a
   * worker of the version before, whose trials are then not judged on memory.
   */
  memory: z.strictObject({ total: z.number().positive(), budget: z.number() }).optional(),
});

export type Capabilities = z.output<typeof capabilitiesSchema>;

export interface DetectOptions {
  name: string;
  concurrency: number;
  /** `--data-dir`: Fashion-MNIST must be there (no other copy is searched). */
  dataDir?: string;
  env?: NodeJS.ProcessEnv;
}

/** This machine's capabilities, probed once at start (the probes load nothing heavy). */
export function detectCapabilities(opts: DetectOptions): Capabilities {
  const env = opts.env ?? process.env;
  const native = loadNativeOps(env).ok;
  const backends = ['scratch/auto', 'scratch/js', 'tfjs/auto', 'tfjs/cpu', 'tfjs/wasm'];
  if (native) backends.push('scratch/native');
  if (tfjsNodeInstalled()) backends.push('tfjs/tensorflow');
  const datasets = ['csv'];
  if (existsSync(irisPath(env))) datasets.push('iris');
  if (existsSync(fashionSubsetDir(env))) datasets.push('fashion-mnist-subset');
  if (hasFashionMnist(opts.dataDir, env)) datasets.push('fashion-mnist');
  return {
    name: opts.name,
    host: os.hostname(),
    cores: os.availableParallelism(),
    concurrency: opts.concurrency,
    engines: ['scratch', 'tfjs'],
    backends,
    nativeOps: native,
    datasets,
    since: Date.now(),
    memory: memoryBudget(),
  };
}

function hasFashionMnist(dataDir: string | undefined, env: NodeJS.ProcessEnv): boolean {
  if (dataDir === undefined) return locateFashionMnist({ env }).dir !== null;
  try {
    requireFashionMnist(dataDir);
    return true;
  } catch {
    return false;
  }
}

/** Null when this machine can run the trial, else why not (said to the person if no machine can). */
export function capabilityGap(trial: TrialConfig, caps: Capabilities): string | null {
  return capabilityIssue(trial, caps)?.message ?? null;
}

/** capabilityGap with the config field at fault, for the coordinator's launch check (launchOnQueue.ts). */
export function capabilityIssue(trial: TrialConfig, caps: Capabilities): ConfigIssue | null {
  const { name } = trial.dataset;
  if (name === 'csv') {
    const file = trial.dataset.path ?? '';
    if (!path.isAbsolute(file) || !existsSync(file)) return { path: 'dataset.path', message: `the CSV file ${file} is not on ${caps.name}` };
  } else if (!isToyDataset(name) && !caps.datasets.includes(name)) {
    // A generated set (moons, spirals…) is made from the trial's own options: every worker has it.
    return {
      path: 'dataset.name',
      message:
        name === 'fashion-mnist'
          ? `${caps.name} cannot load Fashion-MNIST (not in its data folder; run sweeplab datasets fetch fashion-mnist there, or start it with --data-dir)`
          : `${caps.name} cannot load the data set ${name}`,
    };
  }
  if (!caps.engines.includes(trial.engine)) return { path: 'engine', message: `${caps.name} has no ${trial.engine} engine` };
  if (!caps.backends.includes(`${trial.engine}/${trial.backend}`)) {
    const why = trial.backend === 'native' ? 'the native ops do not load there' : trial.backend === 'tensorflow' ? '@tensorflow/tfjs-node is not installed there' : 'not available there';
    return { path: 'backend', message: `${caps.name} cannot run the ${trial.engine} engine on the ${trial.backend} backend: ${why}` };
  }
  return null;
}

/**
 * Null when this machine can hold the trial as many times over as it runs trials at once;
 * else why not. Checked when a job comes, like capabilityGap, so that a sweep accepted on
 * a bigger machine's memory (launchOnQueue.ts) is not trained on a smaller one's. A data
 * set that cannot be read is not this check's to say: the trial fails with that itself.
 */
export function memoryGap(trial: TrialConfig, caps: Capabilities, data: DatasetContext): string | null {
  if (!caps.memory) return null;
  let facts;
  try {
    facts = inspectDataset(trial.dataset, data);
  } catch {
    return null;
  }
  const shape = { hidden: trial.model.hidden, batchSize: trial.train.batchSize, optimizer: trial.train.optimizer, engine: trial.engine, dropout: (trial.model.dropout ?? 0) > 0 };
  const one = trialMemory(shape, facts).total;
  if (one * caps.concurrency <= caps.memory.budget) return null;
  return `${caps.name} cannot hold it: ${caps.concurrency} such trial(s) at once need about ${formatBytes(one * caps.concurrency)}, more than the ${formatBytes(caps.memory.budget)} it can spare (of ${formatBytes(caps.memory.total)})`;
}
