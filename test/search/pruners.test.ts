import { describe, expect, it } from 'vitest';
import { type Objective, type PrunerConfig, type TrialHistory, type TrialState, decidePruning, expectedEpochs, median, validatePrunerConfig } from '../../src-main/search/pruners';

const acc: Objective = { metric: 'val_acc', direction: 'maximize' };
const loss: Objective = { metric: 'val_loss', direction: 'minimize' };
const MEDIAN: PrunerConfig = { type: 'median' };

let next = 100;
function trial(values: (number | null)[], state: TrialState = 'completed', index = next++): TrialHistory {
  return { index, state, values };
}
/** A completed trial whose value at `epoch` is `v` (earlier epochs 0.5 / 1.0, never what is compared). */
const doneAt = (epoch: number, v: number | null, objective = acc) =>
  trial([...Array(epoch - 1).fill(objective === acc ? 0.5 : 1), v, 0.99], 'completed');

describe('pruner config', () => {
  it('fills ASHA/Hyperband defaults (minEpochs 1, η 3) and takes median alone', () => {
    expect(validatePrunerConfig({ type: 'asha' }, 27)).toEqual({ ok: true, config: { type: 'asha', minEpochs: 1, reductionFactor: 3 } });
    expect(validatePrunerConfig({ type: 'hyperband', minEpochs: 2, reductionFactor: 2 }, 20)).toEqual({ ok: true, config: { type: 'hyperband', minEpochs: 2, reductionFactor: 2 } });
    expect(validatePrunerConfig({ type: 'median' }, 5)).toEqual({ ok: true, config: { type: 'median' } });
  });

  it.each([
    [{ type: 'pbt' }, 'type', 'must be one of median, asha, hyperband'],
    [{ type: 'asha', reductionFactor: 1 }, 'reductionFactor', 'must be ≥ 2'],
    [{ type: 'asha', reductionFactor: 2.5 }, 'reductionFactor', 'must be an integer ≥ 2'],
    [{ type: 'asha', minEpochs: 0 }, 'minEpochs', 'must be ≥ 1'],
    [{ type: 'hyperband', minEpochs: 27 }, 'minEpochs', 'must be less than the 27 epochs a trial trains'],
    [{ type: 'asha', eta: 3 }, 'eta', 'unknown key'],
    [{ type: 'median', reductionFactor: 3 }, 'reductionFactor', 'is only used when type is "asha" or "hyperband"'],
    [{}, 'type', 'must be one of median, asha, hyperband'],
  ])('refuses %j with an issue at its path', (input, path, message) => {
    expect(validatePrunerConfig(input, 27)).toEqual({ ok: false, issues: [{ path, message }] });
  });

  it('says when the minEpochs at fault is the default', () => {
    const r = validatePrunerConfig({ type: 'asha' }, 1);
    expect(r.ok ? '' : r.issues[0].message).toBe('must be less than the 1 epochs a trial trains (unset, it defaults to 1)');
  });
});

describe('median rule (Optuna MedianPruner: 5 startup trials, no warm-up, every epoch)', () => {
  const six = [0.7, 0.75, 0.8, 0.8, 0.85, 0.9].map((v) => doneAt(3, v));

  it('stops a run whose best so far is below the median of the completed trials at that epoch', () => {
    const d = decidePruning(MEDIAN, { run: trial([0.6, 0.65, 0.71], 'running'), peers: six, objective: acc, maxEpochs: 4 });
    expect(d).toEqual({ action: 'stop', epoch: 3, reason: 'stopped at epoch 3: val_acc 0.71 below the median 0.8 of 6 completed trials at that epoch' });
  });

  it('judges the best value so far, not the last one', () => {
    const d = decidePruning(MEDIAN, { run: trial([0.6, 0.85, 0.71], 'running'), peers: six, objective: acc, maxEpochs: 4 });
    expect(d.action).toBe('continue');
    expect(d.reason).toBe('continues at epoch 3: best val_acc so far 0.85 (epoch 2) not below the median 0.8 of 6 completed trials at that epoch');
  });

  it('lets a tie with the median continue', () => {
    expect(decidePruning(MEDIAN, { run: trial([0.5, 0.6, 0.8], 'running'), peers: six, objective: acc, maxEpochs: 4 }).action).toBe('continue');
  });

  it('reads "worse" as higher when minimizing val_loss', () => {
    const peers = [0.3, 0.4, 0.5, 0.6, 0.7].map((v) => doneAt(2, v, loss));
    const stop = decidePruning(MEDIAN, { run: trial([0.9, 0.55], 'running'), peers, objective: loss, maxEpochs: 3 });
    expect(stop).toEqual({ action: 'stop', epoch: 2, reason: 'stopped at epoch 2: val_loss 0.55 above the median 0.5 of 5 completed trials at that epoch' });
    expect(decidePruning(MEDIAN, { run: trial([0.9, 0.45], 'running'), peers, objective: loss, maxEpochs: 3 }).action).toBe('continue');
    // The same curve as accuracy would be a good run: direction matters.
    expect(decidePruning(MEDIAN, { run: trial([0.9, 0.55], 'running'), peers, objective: { metric: 'x', direction: 'maximize' }, maxEpochs: 3 }).action).toBe('continue');
  });

  it('continues while fewer than 5 trials have completed, however many are running or pruned', () => {
    const peers = [...six.slice(0, 4), trial([0.99, 0.99, 0.99], 'running'), trial([0.99, 0.99, 0.99], 'pruned'), trial([0.99, 0.99, 0.99], 'failed')];
    const d = decidePruning(MEDIAN, { run: trial([0.1, 0.1, 0.1], 'running'), peers, objective: acc, maxEpochs: 4 });
    expect(d).toEqual({ action: 'continue', epoch: 3, reason: 'continues: 4 trials completed, the median rule starts after 5' });
  });

  it('takes the median over completed trials only', () => {
    const peers = [...six, ...[0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1].map((v) => trial([v, v, v], 'pruned')), trial([0.1, 0.1, 0.1], 'running')];
    expect(decidePruning(MEDIAN, { run: trial([0.6, 0.65, 0.71], 'running'), peers, objective: acc, maxEpochs: 4 }).action).toBe('stop');
  });

  it('counts a NaN or missing value of a completed trial as the worst, not as absent', () => {
    // Sorted: −∞, 0.5, 0.6, 0.8, 0.9 → median 0.6 (dropping it would give 0.7 and stop the run).
    const peers = [doneAt(1, 0.5), doneAt(1, 0.6), doneAt(1, NaN), doneAt(1, 0.8), doneAt(1, 0.9)];
    expect(decidePruning(MEDIAN, { run: trial([0.65], 'running'), peers, objective: acc, maxEpochs: 3 }).action).toBe('continue');
    // Whatever the order (a raw NaN in a numeric sort lands anywhere).
    const reordered = [doneAt(1, 0.9), doneAt(1, 0.8), doneAt(1, NaN), doneAt(1, 0.6), doneAt(1, 0.5)];
    expect(decidePruning(MEDIAN, { run: trial([0.65], 'running'), peers: reordered, objective: acc, maxEpochs: 3 }).action).toBe('continue');
    const nullPeers = [doneAt(1, 0.5), doneAt(1, 0.6), doneAt(1, null), doneAt(1, 0.8), doneAt(1, 0.9)];
    expect(decidePruning(MEDIAN, { run: trial([0.65], 'running'), peers: nullPeers, objective: acc, maxEpochs: 3 }).action).toBe('continue');
  });

  it('continues when no completed trial reached the epoch', () => {
    const short = [0.9, 0.9, 0.9, 0.9, 0.9].map((v) => trial([v], 'completed'));
    expect(decidePruning(MEDIAN, { run: trial([0.1, 0.1], 'running'), peers: short, objective: acc, maxEpochs: 3 }).reason).toBe('continues: no completed trial reached epoch 2');
  });

  it('ignores the run itself among the peers', () => {
    const run = trial([0.6, 0.65, 0.71], 'running');
    const d = decidePruning(MEDIAN, { run, peers: [...six, run], objective: acc, maxEpochs: 4 });
    expect(d.reason).toContain('of 6 completed trials');
  });

  it('median(): odd, even, empty, and a worst value of −∞', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
    expect(median([-Infinity, 1])).toBe(-Infinity);
  });
});

describe('any pruner', () => {
  const pruners: PrunerConfig[] = [MEDIAN, { type: 'asha', minEpochs: 1, reductionFactor: 3 }, { type: 'hyperband', minEpochs: 1, reductionFactor: 3 }];

  it.each(pruners)('stops a run whose objective is NaN, missing or infinite at the epoch just ended ($type)', (p) => {
    for (const bad of [NaN, null, Infinity]) {
      const d = decidePruning(p, { run: trial([0.5, bad], 'running'), peers: [], objective: loss, maxEpochs: 27 });
      expect(d).toEqual({ action: 'stop', epoch: 2, reason: 'stopped at epoch 2: val_loss is not a finite number (counted as the worst value)' });
    }
  });

  it.each(pruners)('continues before the first epoch ($type)', (p) => {
    expect(decidePruning(p, { run: trial([], 'running'), peers: [], objective: acc, maxEpochs: 27 }).action).toBe('continue');
  });

  it.each(pruners)('decides the same whatever the order of the peers ($type)', (p) => {
    const peers = Array.from({ length: 12 }, (_, i) => trial([0.1 * (i % 7), 0.05 * i, 0.3, 0.08 * i], i % 3 ? 'completed' : 'pruned', i + 1));
    const run = trial([0.3, 0.3, 0.3], 'running', 0);
    const a = decidePruning(p, { run, peers, objective: acc, maxEpochs: 27 });
    const b = decidePruning(p, { run, peers: [...peers].reverse(), objective: acc, maxEpochs: 27 });
    expect(b).toEqual(a);
  });
});

describe('expectedEpochs', () => {
  const asha = { type: 'asha', minEpochs: 1, reductionFactor: 3 } as const;

  it('ASHA (1, η 3, max 27), 27 trials: 27·1 + 9·2 + 3·6 + 1·18 = 81', () => {
    expect(expectedEpochs(asha, 27, 27)).toBe(81);
  });

  it('ASHA when the max is not a rung: 9 trials, max 20: 9·1 + 3·2 + 1·6 + ⅓·11', () => {
    expect(expectedEpochs(asha, 9, 20)).toBeCloseTo(21 + 11 / 3, 12);
  });

  it('Hyperband (1, η 3, max 27), 49 trials = one allocation period 27/12/6/4: 81 + 84 + 90 + 108 = 363', () => {
    // Bracket 1 (rungs 3, 9): 12·3 + 4·6 + 4/3·18 = 84; bracket 2 (rung 9): 6·9 + 2·18 = 90; bracket 3: 4·27.
    expect(expectedEpochs({ ...asha, type: 'hyperband' }, 49, 27)).toBeCloseTo(363, 12);
  });

  it('the median rule has no schedule: trials × max epochs', () => {
    expect(expectedEpochs(MEDIAN, 10, 20)).toBe(200);
  });
});
