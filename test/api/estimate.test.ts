import { describe, expect, it } from 'vitest';
import { estimateSweepSeconds, type DataShape } from '../../src-main/api/estimate';
import { validateSweepConfig, type SweepConfig } from '../../src-main/sweep/configSchema';
import { countTrials } from '../../src-main/sweep/searchSpace';

/** Fashion-MNIST's shape: big enough that the epochs, not the start-up, decide the estimate. */
const shape: DataShape = { train: 54_000, val: 6_000, test: 10_000, features: 784, classes: 10, loadSeconds: 1 };

function config(search: object): SweepConfig {
  const r = validateSweepConfig({
    name: 'e',
    dataset: { name: 'fashion-mnist' },
    engine: 'scratch',
    backend: 'js',
    model: { hidden: [256] },
    train: { epochs: 27, batchSize: 128, optimizer: 'adamw', lr: 0.001 },
    search,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.config;
}

const seconds = (c: SweepConfig) => estimateSweepSeconds(c, countTrials(c), shape, 2, 2);
const space = { 'train.lr': { min: 0.0003, max: 0.003, scale: 'log' } };

describe('the pre-launch estimate of a tuner sweep', () => {
  it('counts the epochs ASHA is expected to leave: rungs 3, 9, 27 with η = 3 train a quarter of the full 27 epochs', () => {
    const full = seconds(config({ strategy: 'tpe', trials: 27, params: space }));
    const asha = seconds(config({ strategy: 'tpe', trials: 27, params: space, pruner: { type: 'asha', minEpochs: 3 } }));
    // 27·3 + 9·6 + 3·18 = 189 epochs of 27·27 = 729: 0.26 of the time, start-up aside.
    expect(asha / full).toBeGreaterThan(0.2);
    expect(asha / full).toBeLessThan(0.32);
  });

  it('the median rule has no schedule to count on: no saving is promised', () => {
    const full = seconds(config({ strategy: 'tpe', trials: 27, params: space }));
    expect(seconds(config({ strategy: 'tpe', trials: 27, params: space, pruner: { type: 'median' } }))).toBe(full);
  });

  it('a budget caps it: minutes directly, epochs by their share', () => {
    const open = seconds(config({ strategy: 'tpe', trials: 100, params: space }));
    expect(open).toBeGreaterThan(600);
    expect(seconds(config({ strategy: 'tpe', trials: 100, params: space, budget: { minutes: 5 } }))).toBeLessThanOrEqual(5 * 60 + 2);
    const byEpochs = seconds(config({ strategy: 'tpe', trials: 100, params: space, budget: { epochs: 270 } }));
    // 270 of 2,700 epochs: a tenth of the training time.
    expect(byEpochs / open).toBeGreaterThan(0.08);
    expect(byEpochs / open).toBeLessThan(0.12);
  });

  it('a budget alone (no trial count) still gives a finite estimate', () => {
    const s = seconds(config({ strategy: 'bayes', params: space, budget: { minutes: 3 } }));
    expect(Number.isFinite(s)).toBe(true);
    expect(s).toBeLessThanOrEqual(3 * 60 + 2);
    expect(s).toBeGreaterThan(60);
  });
});
