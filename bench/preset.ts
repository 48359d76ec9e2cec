/** The benchmark's model: the seed Fashion-MNIST preset (784-256-10, AdamW 1e-3, batch 128). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { resourcesDir } from '../src-main/paths';
import { validateSweepConfig, type SweepConfig, type TrialConfig } from '../src-main/sweep/configSchema';
import { trialConfig } from '../src-main/sweep/searchSpace';

export function presetConfig(engine: 'scratch' | 'tfjs', backend: SweepConfig['backend'], epochs: number): SweepConfig {
  const raw = JSON.parse(readFileSync(path.join(resourcesDir(), 'examples', 'seed-fashion-mlp.json'), 'utf8'));
  const r = validateSweepConfig({ ...raw, name: `bench-${engine}-${backend}`, engine, backend, train: { ...raw.train, epochs } });
  if (!r.ok) throw new Error(`preset: ${JSON.stringify(r.issues)}`);
  return r.config;
}

export function presetTrial(engine: 'scratch' | 'tfjs', backend: SweepConfig['backend'], epochs: number): TrialConfig {
  return trialConfig(presetConfig(engine, backend, epochs), {});
}
