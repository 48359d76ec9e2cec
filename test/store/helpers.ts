/**
 * Shared by the store tests: temporary database files under os.tmpdir() (removed after
 * each test) and a real, validated sweep config to store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { openStore, type OpenStoreOptions, type Store } from '../../src-main/store/store';
import type { FinalRunStatus } from '../../src-main/store/types';
import { validateSweepConfig, type SweepConfig, type TrialConfig } from '../../src-main/sweep/configSchema';

const dirs: string[] = [];
const stores: Store[] = [];

afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A fresh path in a fresh temporary folder (the file itself does not exist yet). */
export function tempDbFile(name = 'sweeplab.db'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sweeplab-store-'));
  dirs.push(dir);
  return path.join(dir, name);
}

/** Opens a store on a new temporary file; closed and deleted after the test. */
export function tempStore(opts?: OpenStoreOptions, file = tempDbFile()): Store {
  const store = openStore(file, opts);
  stores.push(store);
  return store;
}

export function sweepConfig(name = 'lr-grid'): SweepConfig {
  const r = validateSweepConfig({
    name,
    dataset: { name: 'iris', split: { train: 0.7, val: 0.1, test: 0.2 } },
    model: { hidden: [10] },
    train: { epochs: 3, batchSize: 16, lr: 0.03 },
    search: { params: { 'train.lr': [0.01, 0.03] } },
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.config;
}

export function trialConfig(lr: number): TrialConfig {
  const { search: _search, concurrency: _concurrency, ...rest } = sweepConfig();
  return { ...rest, train: { ...rest.train, lr } };
}

/** A sweep with `n` queued trials (train.lr = 0.01 · (i + 1)). */
export function seedSweep(store: Store, n = 2, name = 'lr-grid') {
  const sweep = store.sweeps.create({ name, config: sweepConfig(name) });
  const runs = store.runs.createQueued(
    sweep.id,
    Array.from({ length: n }, (_, i) => {
      const lr = +(0.01 * (i + 1)).toFixed(2);
      return { trialIndex: i, params: { 'train.lr': lr }, config: trialConfig(lr), seed: i };
    }),
  );
  return { sweep, runs };
}

export const ENV = { engine: 'scratch', backend: 'cpu', gpu: false, appVersion: '0.1.0', versions: { node: process.versions.node }, pid: 0 };

/** Everything a run needs to reach a final status, with a pid that is surely not alive. */
export function runToEnd(store: Store, runId: number, status: FinalRunStatus = 'completed') {
  store.runs.start(runId, ENV);
  store.runs.finish(runId, status);
}
