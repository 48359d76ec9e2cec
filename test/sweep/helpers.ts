/** Shared by the sweep tests: a scratch folder for config files, catching a refusal, quick Iris sweeps. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import type { Store } from '../../src-main/store/store';
import { ConfigError } from '../../src-main/sweep/configFile';
import { validateSweepConfig } from '../../src-main/sweep/configSchema';
import { createSweep } from '../../src-main/sweep/sweepService';

/** A temporary folder removed after the file's tests, and a way to write files into it. */
export function scratchDir(prefix: string): { dir: string; write(name: string, text: string): string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    write(name, text) {
      const file = path.join(dir, name);
      writeFileSync(file, text);
      return file;
    },
  };
}

/** The error of class `type` (default ConfigError) that `fn` throws; fails the test if it throws nothing or something else. */
export function refusal<E extends Error = ConfigError>(fn: () => unknown, type: new (...args: never[]) => E = ConfigError as unknown as new (...args: never[]) => E): E {
  try {
    fn();
  } catch (e) {
    if (e instanceof type) return e;
    throw e;
  }
  throw new Error(`expected a ${type.name}`);
}

/** A recorded Iris sweep, one trial per seed (105 training rows / 16 = 7 steps an epoch); returns its id. */
export function irisSweep(store: Store, epochs: number, seeds: number[], name = 'iris'): number {
  const r = validateSweepConfig({
    name,
    dataset: { name: 'iris' },
    model: { hidden: [8] },
    train: { epochs, batchSize: 16, lr: 0.05 },
    search: { params: { 'train.seed': seeds } },
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return createSweep(store, r.config).sweep.id;
}
