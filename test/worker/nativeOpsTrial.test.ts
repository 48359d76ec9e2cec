/**
 * What a scratch trial records about its ops: `runTrial` in-process (the cheapest real
 * path: the same code a worker process runs, data set, model, training, weights and
 * all), on Iris in float64, with backend native, js, and auto with the addon turned off.
 *
 * Where the addon is missing the native trials are skipped; with
 * SWEEPLAB_REQUIRE_NATIVE=1 (CI) the first test fails with the reason instead.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadNativeOps, resetNativeOpsForTests } from '../../src-main/engine/scratch/ops/native';
import { validateSweepConfig, type TrialConfig } from '../../src-main/sweep/configSchema';
import type { RunEnv } from '../../src-main/store/types';
import type { FromWorker } from '../../src-main/worker/protocol';
import { runTrial } from '../../src-main/worker/runTrial';

const native = loadNativeOps();
const required = process.env.SWEEPLAB_REQUIRE_NATIVE === '1';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sweeplab-native-trial-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function trialWith(backend: TrialConfig['backend']): TrialConfig {
  const r = validateSweepConfig({
    name: `iris on ${backend}`,
    dataset: { name: 'iris' },
    engine: 'scratch',
    backend,
    model: { hidden: [8] },
    train: { epochs: 2, batchSize: 16, lr: 0.05, optimizer: 'adamw' },
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  // (A stored trial is never validated again: `run` can bend one the schema would refuse.)
  const { search: _search, concurrency: _concurrency, ...trial } = r.config;
  return trial;
}

let runId = 0;

/** Runs one trial in this process; its `started` environment and its final message. */
async function run(backend: TrialConfig['backend'], edit: (t: TrialConfig) => TrialConfig = (t) => t): Promise<{ env: RunEnv | undefined; final: Extract<FromWorker, { type: 'finished' | 'failed' | 'pruned' }>; sent: FromWorker[] }> {
  const sent: FromWorker[] = [];
  const final = await runTrial({ type: 'start', runId: ++runId, trial: edit(trialWith(backend)), artifactsDir: dir }, (m) => sent.push(m));
  const started = sent.find((m) => m.type === 'started');
  return { env: started?.type === 'started' ? started.env : undefined, final, sent };
}

/** Runs `fn` with SWEEPLAB_NATIVE_OPS set on process.env and a fresh load cache, then puts both back. */
async function withNativeOpsEnv<T>(value: string, fn: () => Promise<T>): Promise<T> {
  const saved = process.env.SWEEPLAB_NATIVE_OPS;
  process.env.SWEEPLAB_NATIVE_OPS = value;
  resetNativeOpsForTests();
  try {
    return await fn();
  } finally {
    if (saved === undefined) delete process.env.SWEEPLAB_NATIVE_OPS;
    else process.env.SWEEPLAB_NATIVE_OPS = saved;
    resetNativeOpsForTests();
  }
}

afterEach(() => resetNativeOpsForTests());

describe('a scratch trial records the ops it computed with', () => {
  it('the addon loads (a failure when SWEEPLAB_REQUIRE_NATIVE=1, else the native trials are skipped)', (ctx) => {
    if (!native.ok) {
      if (required) expect.fail(`SWEEPLAB_REQUIRE_NATIVE=1 but the native ops cannot be used: ${native.reason}`);
      ctx.skip(`native ops unavailable: ${native.reason}`);
      return;
    }
    expect(native.ops.name).toBe('native');
  });

  it.skipIf(!native.ok)('backend "native": native-float64, with the BLAS library and threads', async () => {
    const { env, final } = await run('native');
    expect(final.type).toBe('finished');
    expect(env).toMatchObject({ engine: 'scratch', backend: 'native-float64', gpu: false });
    if (process.platform === 'linux') expect(env!.versions.blas).toContain('OpenBLAS');
    expect(env!.versions.blas).toBeTruthy();
    expect(env!.versions.blasThreads).toMatch(/^[1-9]\d*$/);
    expect(env!.versions.nativeOps).toBeUndefined();
    expect(env!.versions.node).toBe(process.versions.node);
    if (final.type === 'finished') {
      expect(final.result.epochs).toHaveLength(2);
      expect(final.result.test?.accuracy).toBeGreaterThan(0.5);
    }
  });

  it.skipIf(!native.ok)('backend "auto" takes the addon when it loads', async () => {
    const { env, final } = await run('auto');
    expect(final.type).toBe('finished');
    expect(env?.backend).toBe('native-float64');
  });

  it('backend "js": js-float64, and neither BLAS nor a fallback reason', async () => {
    const { env, final } = await run('js');
    expect(final.type).toBe('finished');
    expect(env).toMatchObject({ engine: 'scratch', backend: 'js-float64' });
    expect(env!.versions).not.toHaveProperty('blas');
    expect(env!.versions).not.toHaveProperty('blasThreads');
    expect(env!.versions).not.toHaveProperty('nativeOps');
  });

  it('backend "auto" with SWEEPLAB_NATIVE_OPS=off: js-float64, and the reason recorded', async () => {
    const { env, final } = await withNativeOpsEnv('off', () => run('auto'));
    expect(final.type).toBe('finished');
    expect(env?.backend).toBe('js-float64');
    expect(env!.versions.nativeOps).toBe('unavailable, using the TypeScript ops: turned off by SWEEPLAB_NATIVE_OPS=off');
    expect(env!.versions).not.toHaveProperty('blas');
    // The environment is back as it was: a later load sees the real addon again.
    expect(loadNativeOps().ok).toBe(native.ok);
  });

  it('a stored scratch trial with a tfjs backend (the settings default leaked there before scratch had backends) runs as auto', async () => {
    const { env, final } = await run('auto', (t) => ({ ...t, backend: 'wasm' }));
    expect(final.type).toBe('finished');
    expect(env?.backend).toBe(native.ok ? 'native-float64' : 'js-float64');
  });

  it('a tfjs trial with a scratch backend fails naming the backends it takes', async () => {
    const { final } = await run('auto', (t) => ({ ...t, engine: 'tfjs', backend: 'native' }));
    expect(final).toMatchObject({ type: 'failed' });
    if (final.type === 'failed') expect(final.message).toBe('backend: "native" is not a backend of TensorFlow.js (it takes auto, tensorflow, wasm, cpu)');
  });

  it('backend "native" with SWEEPLAB_NATIVE_OPS=off: the trial fails with the reason and the way out', async () => {
    const { env, final, sent } = await withNativeOpsEnv('off', () => run('native'));
    expect(env).toBeUndefined();
    expect(sent.filter((m) => m.type === 'metrics')).toEqual([]);
    expect(final).toMatchObject({ type: 'failed', code: 'TRIAL_FAILED' });
    if (final.type === 'failed') {
      expect(final.message).toContain('turned off by SWEEPLAB_NATIVE_OPS=off');
      expect(final.message).toContain('Use backend "auto" or "js"');
    }
  });
});
