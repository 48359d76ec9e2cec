/** The "Experimental setup" prose from configs the Iris pack test does not cover: ranges, random search, budget, pruner, a fixed schedule. */
import { describe, expect, it } from 'vitest';
import { groupRuns } from '../../src-main/analysis/groups';
import { setupMarkdown } from '../../src-main/export/setupText';
import type { RunRecord } from '../../src-main/store/types';
import { validateSweepConfig, type SweepConfig } from '../../src-main/sweep/configSchema';

const machine = { cpu: 'Test CPU 9000', cores: 16, memoryBytes: 64 * 2 ** 30, platform: 'linux', arch: 'x64', osRelease: '6', node: '20.0.0' };

function config(input: Record<string, unknown>): SweepConfig {
  const r = validateSweepConfig(input);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.config;
}

function run(id: number, params: Record<string, unknown>, seed: number): RunRecord {
  return {
    id, sweepId: 1, trialIndex: id - 1, attempt: 1, status: 'completed', config: {} as RunRecord['config'], seed,
    engine: 'tfjs', backend: 'wasm', gpu: false, appVersion: '0.1.0', versions: { node: '20' },
    dataset: { name: 'fashion-mnist', source: '/data', train: 54000, val: 6000, test: 10000, stepsPerEpoch: 422 },
    pid: null, error: null, errorCode: null, createdAt: 0, startedAt: 0, finishedAt: 1, name: null, note: null, tags: [], starred: false,
    params, metrics: { val_acc: 0.8 + id / 100, val_loss: 0.5 }, replicateOf: null, worker: null,
  } as RunRecord;
}

describe('setupMarkdown', () => {
  it('describes a random search over ranges with its budget and pruner, fixed settings under the model, the hardware', () => {
    const c = config({
      name: 'fm',
      dataset: { name: 'fashion-mnist', split: { train: 0.9, val: 0.1 } },
      engine: 'tfjs',
      backend: 'wasm',
      model: { hidden: [256, 128], activation: 'gelu' },
      train: { epochs: 20, batchSize: 128, optimizer: 'adamw', lr: 0.001, schedule: { type: 'cosine', warmupEpochs: 2 } },
      search: {
        strategy: 'random', trials: 8, seed: 7,
        params: { 'train.lr': { min: 0.0001, max: 0.01, scale: 'log' }, 'train.batchSize': [64, 128] },
        budget: { minutes: 30 }, pruner: { type: 'median' },
      },
    });
    const runs = [run(1, { 'train.lr': 0.001, 'train.batchSize': 64 }, 3), run(2, { 'train.lr': 0.002, 'train.batchSize': 128 }, 4)];
    const groups = groupRuns(runs, { sweptKeys: ['train.lr', 'train.batchSize'], by: { kind: 'config' }, objective: { metric: 'val_acc', direction: 'maximize' } });
    const text = setupMarkdown({ config: c, runs, groups, machine });
    expect(text).toContain('Fashion-MNIST (Xiao et al., 2017)');
    expect(text).toContain('The runs used 54,000 training, 6,000 validation and 10,000 test examples.');
    expect(text).toContain('2 hidden layers of 256, 128 units');
    expect(text).toContain('trained with TensorFlow.js');
    expect(text).toContain('GELU activations, AdamW, 20 epochs, weight decay 0.01 and a cosine learning-rate schedule with 2 warm-up epochs');
    // Swept settings are not stated as fixed ones.
    expect(text).not.toContain('learning rate 0.001');
    expect(text).not.toContain('batch size 128');
    expect(text).toContain('random search over learning rate log-uniform in [0.0001, 0.01] and batch size ∈ {64, 128}: at most 8 trials');
    expect(text).toContain('The budget was 30 minutes of training.');
    expect(text).toContain('stopped early by a median pruner on val_acc');
    expect(text).toContain('Search seed 7, data split seed 0, training seeds {3, 4}');
    expect(text).toContain('Test CPU 9000, 16 logical cores, 64 GiB of memory');
    expect(text).toContain('tfjs (wasm backend)');
  });

  it('a grid over a linear range says its points; a sweep without runs still reads', () => {
    const c = config({
      name: 'iris', dataset: { name: 'iris' }, model: { hidden: [] }, train: { epochs: 5, batchSize: 16, lr: 0.1 },
      search: { params: { 'model.dropout': { min: 0, max: 0.5, count: 3 } } },
    });
    const groups = groupRuns([], { sweptKeys: ['model.dropout'], by: { kind: 'config' }, objective: { metric: 'val_acc', direction: 'maximize' } });
    const text = setupMarkdown({ config: c, runs: [], groups, machine });
    expect(text).toContain('dropout: 3 points from 0 to 0.5 on a linear scale');
    expect(text).toContain('no hidden layer');
    expect(text).toContain('No run recorded its split sizes.');
    expect(text).toContain('no runs yet (0 configurations)');
    expect(text).not.toMatch(/Infinity|undefined|NaN/);
  });
});
