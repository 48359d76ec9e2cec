/**
 * The memory estimate: its arithmetic against a hand count, the largest trial found
 * without expanding the space, and refusals that name the field and the size.
 */
import { describe, expect, it } from 'vitest';
import type { DataFacts } from '../../src-main/data/inspect';
import { validateSweepConfig, type SweepConfig } from '../../src-main/sweep/configSchema';
import { formatBytes, largestTrial, memoryBudget, memoryProblem, trialMemory } from '../../src-main/sweep/memoryEstimate';

const iris: DataFacts = { source: 'iris.csv', features: 4, classes: 3, rows: { train: 105, val: 15, test: 30 }, bytesPerValue: 8, loadBytes: 150 * 4 * 8 };
const fashion: DataFacts = { source: 'fm', features: 784, classes: 10, rows: { train: 54_000, val: 6000, test: 10_000 }, bytesPerValue: 4, loadBytes: 70_000 * 784 };

function config(over: Record<string, unknown>): SweepConfig {
  const r = validateSweepConfig({ name: 'm', dataset: { name: 'iris' }, model: { hidden: [10] }, train: { epochs: 1, batchSize: 16, lr: 0.1 }, ...over });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.config;
}

const GB = 1e9;
const budget = (gb: number) => ({ total: gb * GB * 1.5, budget: gb * GB });

describe('trialMemory', () => {
  it('counts weights, activations, data and the process the way the engine holds them', () => {
    const e = trialMemory({ hidden: [20_000, 20_000], batchSize: 16, optimizer: 'sgd', engine: 'scratch' }, iris);
    const params = 5 * 20_000 + 20_001 * 20_000 + 20_001 * 3;
    // float64 values, gradients, and the saved copy (float64) with its float32 file image.
    expect(e.weights).toBe(params * (8 * 3 + 4));
    // 30 rows: the test split's evaluation chunk is larger than the batch of 16.
    expect(e.activations).toBe(8 * 30 * (4 * 40_000 + 2 * 7));
    expect(e.data).toBe(8 * 4 * 150 + 150 * 4 * 8);
    expect(e.process).toBe(100e6);
    expect(e.total / GB).toBeCloseTo(11.3, 1);
    // Adam keeps two more copies; float32 data halves every copy but the file image.
    const adam = trialMemory({ hidden: [20_000, 20_000], batchSize: 16, optimizer: 'adam', engine: 'scratch' }, iris);
    expect(adam.weights - e.weights).toBe(params * 16);
  });

  it('the 784-256-10 MLP on Fashion-MNIST is a few hundred MB, mostly the images', () => {
    const e = trialMemory({ hidden: [256], batchSize: 128, optimizer: 'adamw', engine: 'tfjs' }, fashion);
    expect(e.total).toBeGreaterThan(0.4 * GB);
    expect(e.total).toBeLessThan(0.7 * GB);
    expect(e.data).toBeGreaterThan(e.weights);
  });
});

describe('largestTrial', () => {
  it('takes the widest swept width with the largest batch and the optimizer with most state', () => {
    const c = config({ search: { params: { 'model.hidden': [[64, 64], 512, [128]], 'train.batchSize': [8, 256], 'train.optimizer': ['sgd', 'adam'] } } });
    expect(largestTrial(c, iris).shape).toEqual({ hidden: [512], batchSize: 256, optimizer: 'adam', engine: 'scratch' });
  });

  it('reads a range by its top end, never listing it', () => {
    const c = config({ search: { params: { 'model.hidden': { min: 8, max: 4096, count: 1000, integer: true }, 'train.seed': { min: 0, max: 9, count: 10, integer: true } } } });
    expect(largestTrial(c, iris).shape.hidden).toEqual([4096]);
  });
});

describe('memoryProblem', () => {
  it('refuses [20000, 20000] where one trial does not fit, naming model.hidden and the size', () => {
    const c = config({ model: { hidden: [20_000, 20_000] } });
    const issue = memoryProblem({ config: c, data: iris, lanes: 1, concurrencyField: 'concurrency', memory: budget(8) });
    expect(issue?.path).toBe('model.hidden');
    expect(issue?.message).toMatch(/^a trial with hidden layers \[20000, 20000\] needs about 11\.3 GB \(weights, gradients and optimizer state 11\.2 GB, activations 38 MB, data 10 KB, process 100 MB\), more than the 8\.0 GB this machine can spare \(of 12\.0 GB\): make the model smaller/);
    expect(memoryProblem({ config: c, data: iris, lanes: 1, concurrencyField: 'concurrency', memory: budget(16) })).toBeNull();
  });

  it('counts every trial running at once, and says how many fit', () => {
    const c = config({ model: { hidden: [20_000, 20_000] }, search: { params: { 'train.seed': [1, 2, 3, 4] } } });
    const issue = memoryProblem({ config: c, data: iris, lanes: 4, concurrencyField: '--concurrency', memory: budget(30) });
    expect(issue?.path).toBe('model.hidden');
    expect(issue?.message).toContain('a trial with hidden layers [20000, 20000] needs about 11.3 GB');
    expect(issue?.message).toContain('4 at once (--concurrency) need about 45.4 GB, more than the 30.0 GB this machine can spare');
    expect(issue?.message).toContain('run at most 2 at once');
  });

  it('names the swept field when the width comes from the search space', () => {
    const c = config({ search: { params: { 'model.hidden': [16, [20_000, 20_000]] } } });
    const issue = memoryProblem({ config: c, data: iris, lanes: 1, concurrencyField: 'concurrency', memory: budget(8) });
    expect(issue?.path).toBe('search.params.model.hidden');
    expect(issue?.message).toMatch(/^a trial with hidden layers \[20000, 20000\] \(the largest of the sweep\) needs about/);
  });

  it('puts many ordinary trials on concurrency', () => {
    const c = config({ dataset: { name: 'fashion-mnist' }, model: { hidden: [256] }, train: { epochs: 1, batchSize: 128, lr: 0.1 } });
    const issue = memoryProblem({ config: c, data: fashion, lanes: 64, concurrencyField: 'concurrency', memory: budget(8) });
    expect(issue?.path).toBe('concurrency');
    expect(issue?.message).toMatch(/64 at once \(concurrency\) need about \d+\.\d GB/);
  });

  it('refuses a weight matrix no typed array can hold, whatever the memory', () => {
    const wideData = { ...iris, features: 70_000 };
    const c = config({ model: { hidden: [65_536] } });
    expect(memoryProblem({ config: c, data: wideData, lanes: 1, concurrencyField: 'concurrency', memory: budget(1e6) })?.message).toMatch(/weight matrix of 4,587,520,000 values, more than one JavaScript array can hold/);
  });
});

describe('memoryBudget', () => {
  it('leaves a quarter, and at least 1 GiB, for the system', () => {
    expect(memoryBudget(16 * 2 ** 30).budget).toBe(12 * 2 ** 30);
    expect(memoryBudget(2 * 2 ** 30).budget).toBe(2 ** 30);
    expect(memoryBudget().budget).toBeGreaterThan(0);
    expect(formatBytes(11.3e9)).toBe('11.3 GB');
    expect(formatBytes(1e4)).toBe('10 KB');
  });
});
