import { describe, expect, it } from 'vitest';
import { type Objective, type PrunerConfig, type TrialHistory, ashaRungs, bracketCycle, bracketOf, decidePruning, hyperbandBrackets } from '../../src-main/search/pruners';

const acc: Objective = { metric: 'val_acc', direction: 'maximize' };
const loss: Objective = { metric: 'val_loss', direction: 'minimize' };
const ASHA: PrunerConfig = { type: 'asha', minEpochs: 1, reductionFactor: 3 };
const HYPERBAND: PrunerConfig = { type: 'hyperband', minEpochs: 1, reductionFactor: 3 };

let next = 1000;
/** A trial that has finished `epoch` epochs with `v` at the last one (0.5 before, never compared). */
function at(epoch: number, v: number | null, state: TrialHistory['state'] = 'running', index = next++): TrialHistory {
  return { index, state, values: [...Array(epoch - 1).fill(0.5), v] };
}
const run = (epoch: number, v: number, index = 0) => at(epoch, v, 'running', index);

describe('ASHA rungs', () => {
  it('sit at minEpochs · η^k up to the max epochs', () => {
    expect(ashaRungs(1, 3, 27)).toEqual([1, 3, 9, 27]);
    expect(ashaRungs(2, 3, 20)).toEqual([2, 6, 18]);
    expect(ashaRungs(1, 2, 10)).toEqual([1, 2, 4, 8]);
  });
});

describe('ASHA decisions (1, η 3, max 27)', () => {
  const eight = [0.9, 0.85, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3].map((v) => at(3, v));

  it('keeps the top ⌊n/η⌋ of the runs at a rung: 9 there → top 3', () => {
    expect(decidePruning(ASHA, { run: run(3, 0.75), peers: eight, objective: acc, maxEpochs: 27 })).toEqual({
      action: 'stop',
      epoch: 3,
      reason: 'stopped at epoch 3: val_acc 0.75 is not in the top 3 of 9 runs at rung 3 (place 3 has 0.8)',
    });
    expect(decidePruning(ASHA, { run: run(3, 0.81), peers: eight, objective: acc, maxEpochs: 27 })).toEqual({
      action: 'continue',
      epoch: 3,
      reason: 'continues at epoch 3: val_acc 0.81 is in the top 3 of 9 runs at rung 3',
    });
  });

  it('lets a tie with the last kept place continue', () => {
    expect(decidePruning(ASHA, { run: run(3, 0.8), peers: eight, objective: acc, maxEpochs: 27 }).action).toBe('continue');
  });

  it('ranks by the value at the rung, lower first when minimizing', () => {
    const peers = [0.2, 0.3, 0.4, 0.5, 0.6].map((v) => at(9, v)); // 6 at rung 9 → top 2
    expect(decidePruning(ASHA, { run: run(9, 0.35), peers, objective: loss, maxEpochs: 27 }).action).toBe('stop');
    expect(decidePruning(ASHA, { run: run(9, 0.25), peers, objective: loss, maxEpochs: 27 }).action).toBe('continue');
    expect(decidePruning(ASHA, { run: run(9, 0.65), peers, objective: acc, maxEpochs: 27 }).action).toBe('continue');
  });

  it('promotes while fewer than η runs have reached the rung', () => {
    const d = decidePruning(ASHA, { run: run(3, 0.1), peers: [at(3, 0.9), at(2, 0.9), at(2, 0.9)], objective: acc, maxEpochs: 27 });
    expect(d).toEqual({ action: 'continue', epoch: 3, reason: 'continues: 2 runs at rung 3, fewer than η = 3, so it is promoted' });
  });

  it('counts whoever reached the rung, pruned or finished, and only them', () => {
    // Two beyond the rung (one pruned later, one completed) + the run = 3 → top 1; the one still at epoch 2 does not count.
    const peers: TrialHistory[] = [
      { index: 1, state: 'pruned', values: [0.5, 0.5, 0.9, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4] },
      { index: 2, state: 'completed', values: [0.5, 0.5, 0.2, ...Array(24).fill(0.95)] },
      at(2, 0.1),
    ];
    expect(decidePruning(ASHA, { run: run(3, 0.85), peers, objective: acc, maxEpochs: 27 }).reason).toBe(
      'stopped at epoch 3: val_acc 0.85 is not in the top 1 of 3 runs at rung 3 (place 1 has 0.9)',
    );
  });

  it('counts a peer with a NaN or missing value at the rung, as the worst', () => {
    // With it: 3 at the rung → top 1, 0.2 is better → stop. Dropped, 2 would promote.
    for (const bad of [NaN, null]) {
      const d = decidePruning(ASHA, { run: run(1, 0.3), peers: [at(1, bad), at(1, 0.2)], objective: loss, maxEpochs: 27 });
      expect(d.action).toBe('stop');
    }
    const d = decidePruning(ASHA, { run: run(1, 0.3), peers: [at(1, NaN), at(1, 0.4)], objective: loss, maxEpochs: 27 });
    expect(d.action).toBe('continue');
    // Not finite is not a number either: an "infinite accuracy" does not outrank the run.
    expect(decidePruning(ASHA, { run: run(1, 0.3), peers: [at(1, Infinity), at(1, 0.2)], objective: acc, maxEpochs: 27 }).action).toBe('continue');
  });

  it('continues between rungs and at the last epoch, however bad', () => {
    expect(decidePruning(ASHA, { run: run(2, 0), peers: eight.map((p) => at(2, 0.9, p.state, p.index)), objective: acc, maxEpochs: 27 }).reason).toBe(
      'continues: epoch 2 is not a rung (rungs at 1, 3, 9, 27)',
    );
    expect(decidePruning(ASHA, { run: run(27, 0), peers: eight.map((p) => at(27, 0.9, p.state, p.index)), objective: acc, maxEpochs: 27 }).reason).toBe(
      'continues: epoch 27 is the last',
    );
  });

  it('ignores the run itself among the peers', () => {
    const me = run(3, 0.1);
    expect(decidePruning(ASHA, { run: me, peers: [me, me, at(3, 0.9)], objective: acc, maxEpochs: 27 }).action).toBe('continue');
  });
});

describe('Hyperband (1, η 3, max 27)', () => {
  const brackets = hyperbandBrackets({ minEpochs: 1, reductionFactor: 3 }, 27);
  const cycle = bracketCycle(brackets);

  it('has brackets s = 0..3 starting at 1, 3, 9, 27 epochs, weighted 27, 12, 6, 4 as Optuna allocates', () => {
    expect(brackets).toEqual([
      { bracket: 0, minEpochs: 1, weight: 27 },
      { bracket: 1, minEpochs: 3, weight: 12 },
      { bracket: 2, minEpochs: 9, weight: 6 },
      { bracket: 3, minEpochs: 27, weight: 4 },
    ]);
    expect(hyperbandBrackets({ minEpochs: 1, reductionFactor: 3 }, 20).map((b) => b.minEpochs)).toEqual([1, 3, 9]);
  });

  it('assigns trials from their index alone: interleaved, periodic, in the weights’ proportions', () => {
    expect(cycle.slice(0, 8)).toEqual([0, 1, 0, 2, 0, 3, 0, 1]);
    expect(cycle).toHaveLength(49);
    expect([0, 1, 2, 3].map((s) => cycle.filter((b) => b === s).length)).toEqual([27, 12, 6, 4]);
    for (let i = 0; i < 200; i++) expect(bracketOf(i, cycle)).toBe(bracketOf(i + 49, cycle));
    expect(bracketCycle(hyperbandBrackets({ minEpochs: 1, reductionFactor: 3 }, 27))).toEqual(cycle);
    // Equal credits go to the lower bracket: (1, η 2, max 4) weighs 4, 3, 3.
    expect(bracketCycle(hyperbandBrackets({ minEpochs: 1, reductionFactor: 2 }, 4))).toEqual([0, 1, 2, 0, 1, 2, 0, 1, 2, 0]);
  });

  it('decides by ASHA among the trials of the same bracket only', () => {
    // Trial 0 is in bracket 0 with trials 2 and 4; trials 1, 3, 5 are in brackets 1, 2, 3.
    const peers = [at(1, 0.6, 'running', 2), at(1, 0.4, 'running', 4), at(1, 0.1, 'running', 1), at(1, 0.1, 'running', 3), at(1, 0.1, 'running', 5)];
    const input = { run: run(1, 0.5, 0), peers, objective: acc, maxEpochs: 27 };
    expect(decidePruning(HYPERBAND, input)).toEqual({
      action: 'stop',
      epoch: 1,
      reason: 'stopped at epoch 1: val_acc 0.5 is not in the top 1 of 3 runs at rung 1 of bracket 0 (place 1 has 0.6)',
    });
    // Plain ASHA over all six keeps the top 2, and 0.5 is second.
    expect(decidePruning(ASHA, input).action).toBe('continue');
  });

  it('stops nothing before a bracket’s first rung', () => {
    const worse = Array.from({ length: 20 }, (_, i) => at(1, 0.9, 'running', i + 1));
    expect(decidePruning(HYPERBAND, { run: run(1, 0, 1), peers: worse, objective: acc, maxEpochs: 27 }).reason).toBe(
      'continues: epoch 1 is not a rung of bracket 1 (rungs at 3, 9, 27)',
    );
    const at9 = Array.from({ length: 60 }, (_, i) => at(9, 0.9, 'running', i + 1));
    expect(decidePruning(HYPERBAND, { run: run(9, 0, 5), peers: at9, objective: acc, maxEpochs: 27 }).action).toBe('continue');
  });
});
