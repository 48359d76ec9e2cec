/** Dropout in the memory estimate: each hidden layer's mask, output and gradient, per training batch. */
import { describe, expect, it } from 'vitest';
import type { DataFacts } from '../../src-main/data/inspect';
import { validateSweepConfig, type SweepConfig } from '../../src-main/sweep/configSchema';
import { largestTrial, trialMemory } from '../../src-main/sweep/memoryEstimate';

const fashion: DataFacts = { source: 'fm', features: 784, classes: 10, rows: { train: 54_000, val: 6000, test: 10_000 }, bytesPerValue: 4, loadBytes: 70_000 * 784 };

function config(over: Record<string, unknown>): SweepConfig {
  const r = validateSweepConfig({ name: 'm', dataset: { name: 'fashion-mnist' }, model: { hidden: [256, 128] }, train: { epochs: 1, batchSize: 128, lr: 0.1 }, ...over });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.config;
}

describe('trialMemory with dropout', () => {
  it('adds 3 × batch × Σ hidden values, and nothing without it', () => {
    const shape = { hidden: [256, 128], batchSize: 128, optimizer: 'sgd' as const, engine: 'scratch' as const };
    const without = trialMemory(shape, fashion);
    expect(trialMemory({ ...shape, dropout: false }, fashion)).toEqual(without);
    const withDropout = trialMemory({ ...shape, dropout: true }, fashion);
    expect(withDropout.activations - without.activations).toBe(4 * 128 * 3 * 384);
    expect(withDropout.total - without.total).toBe(4 * 128 * 3 * 384);
  });

  it('largestTrial counts dropout when any trial of the sweep drops units', () => {
    expect(largestTrial(config({}), fashion).shape.dropout).toBeUndefined();
    expect(largestTrial(config({ model: { hidden: [256, 128], dropout: 0 } }), fashion).shape.dropout).toBeUndefined();
    expect(largestTrial(config({ model: { hidden: [256, 128], dropout: 0.2 } }), fashion).shape.dropout).toBe(true);
    expect(largestTrial(config({ search: { params: { 'model.dropout': [0, 0.5] } } }), fashion).shape.dropout).toBe(true);
  });
});
