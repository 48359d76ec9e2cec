import { describe, expect, it } from 'vitest';
import { diffConfigs } from '../../src-renderer/src/lib/paramDiff';

describe('parameter diff', () => {
  it('marks exactly the keys whose values differ, in config order', () => {
    const base = { name: 'a', dataset: { name: 'iris', seed: 0 }, model: { hidden: [64, 32] }, train: { lr: 0.01, epochs: 5, optimizer: 'sgd' } };
    const other = { name: 'b', dataset: { name: 'iris', seed: 1 }, model: { hidden: [64, 32] }, train: { lr: 0.01, epochs: 5, optimizer: 'adam', momentum: 0.9 } };
    const third = { ...base, name: 'c', model: { hidden: [128] } };
    const diff = diffConfigs([base, other, third]);
    expect(diff.differing.map((r) => r.key)).toEqual(['dataset.seed', 'model.hidden', 'train.optimizer', 'train.momentum']);
    // Layer lists compare by value; the sweep's name is not a setting.
    expect(diff.same.map((r) => r.key)).toEqual(['dataset.name', 'train.lr', 'train.epochs']);
    expect(diff.differing.find((r) => r.key === 'model.hidden')!.texts).toEqual(['64-32', '64-32', '128']);
    // A key only some runs have differs, and reads "—" where it is missing.
    expect(diff.differing.find((r) => r.key === 'train.momentum')!.texts).toEqual(['—', '0.9', '—']);
    expect([...diff.differing, ...diff.same].every((r) => r.differs === diff.differing.includes(r))).toBe(true);
  });

  it('finds nothing to highlight between identical configs', () => {
    const c = { train: { lr: 0.1 }, model: { hidden: [10] } };
    const diff = diffConfigs([c, structuredClone(c)]);
    expect(diff.differing).toEqual([]);
    expect(diff.same).toHaveLength(2);
  });
});
