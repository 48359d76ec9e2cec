/**
 * The tuner's knobs from config to curve: `runTrial` in-process on Iris with an
 * activation, dropout and a schedule set in the trial config, on both engines. The
 * engines must agree (the same masks and rates reach both), and the schedule must
 * reach the loop (a cosine run is not the constant one).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateSweepConfig, type TrialConfig } from '../../src-main/sweep/configSchema';
import type { FromWorker } from '../../src-main/worker/protocol';
import { runTrial } from '../../src-main/worker/runTrial';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sweeplab-tuner-trial-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function trial(engine: 'scratch' | 'tfjs', schedule?: object): TrialConfig {
  const r = validateSweepConfig({
    name: 'tuner knobs',
    dataset: { name: 'iris' },
    engine,
    backend: engine === 'tfjs' ? 'wasm' : 'js',
    model: { hidden: [16], activation: 'gelu', dropout: 0.2 },
    train: { epochs: 6, batchSize: 16, lr: 0.05, optimizer: 'momentum', seed: 3, ...(schedule ? { schedule } : {}) },
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  const { search: _search, concurrency: _concurrency, ...t } = r.config;
  return t;
}

let runId = 0;
async function trainLosses(t: TrialConfig): Promise<number[]> {
  const sent: FromWorker[] = [];
  const final = await runTrial({ type: 'start', runId: ++runId, trial: t, artifactsDir: dir }, (m) => sent.push(m));
  if (final.type !== 'finished') throw new Error(JSON.stringify(final));
  return final.result.epochs.map((e) => e.train_loss);
}

describe('a trial with activation, dropout and schedule', () => {
  it('runs on both engines with the same curve, and the schedule changes it', async () => {
    const cosine = { type: 'cosine', warmupEpochs: 1, minLr: 0.001 };
    const scratch = await trainLosses(trial('scratch', cosine));
    const tfjs = await trainLosses(trial('tfjs', cosine));
    expect(scratch).toHaveLength(6);
    tfjs.forEach((l, i) => expect(Math.abs(l - scratch[i]) / scratch[i], `epoch ${i + 1}`).toBeLessThan(1e-4));
    expect(scratch.at(-1)!).toBeLessThan(scratch[0]);
    const constant = await trainLosses(trial('scratch'));
    expect(constant).not.toEqual(scratch);
    expect(await trainLosses(trial('scratch', cosine))).toEqual(scratch);
  }, 60_000);
});
