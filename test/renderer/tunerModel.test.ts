import { describe, expect, it } from 'vitest';
import { budgetText, historyModel, prunerText, rungCounts, showsRungs, sortTrials } from '../../src-renderer/src/lib/tunerModel';
import { tunerTrial, tunerView } from './fakeApi';

const view = tunerView({
  trials: [
    tunerTrial({ trialIndex: 0, status: 'completed', value: 0.8, bestSoFar: 0.8, epochs: 9, finishedAt: 5 * 60_000 }),
    tunerTrial({ trialIndex: 1, status: 'pruned', value: 0.85, bestSoFar: 0.85, epochs: 3, finishedAt: 2 * 60_000, note: 'stopped at epoch 3' }),
    tunerTrial({ trialIndex: 2, status: 'failed', value: 0.99, bestSoFar: 0.85, epochs: 1 }),
    tunerTrial({ trialIndex: 3, status: 'pruned', value: 0.5, bestSoFar: 0.85, epochs: 1 }),
    tunerTrial({ trialIndex: 4, status: 'running', value: 0.95, bestSoFar: 0.85, epochs: 2, finishedAt: null }),
  ],
});

describe('historyModel', () => {
  it('plots finished trials by status, and the best so far over completed and pruned ones', () => {
    const m = historyModel(view, 'trial');
    expect(m.groups.map((g) => [g.status, g.points.map((p) => [p.x, p.y])])).toEqual([
      ['completed', [[0, 0.8]]],
      ['pruned', [[1, 0.85], [3, 0.5]]],
      ['failed', [[2, 0.99]]],
    ]);
    expect(m.best).toEqual([{ x: 0, y: 0.8 }, { x: 1, y: 0.85 }, { x: 3, y: 0.85 }]);
    expect(m.count).toBe(4);
  });

  it('by wall time, counts minutes from the first start and takes the best in the order trials ended', () => {
    const m = historyModel(view, 'time');
    expect(m.groups[0].points[0].x).toBe(5);
    // Trial 1 ended (minute 2) before trial 0 (minute 5): the best is 0.85 from then on.
    expect(m.best.map((p) => [p.x, p.y])).toEqual([[2, 0.85], [3.5, 0.85], [5, 0.85]]);
  });

  it('has nothing to plot before a trial finishes', () => {
    expect(historyModel(tunerView({ trials: [tunerTrial({ trialIndex: 0, status: 'running', value: 0.7, finishedAt: null })] }), 'trial').count).toBe(0);
  });
});

describe('rungs', () => {
  it('counts per rung the trials that reached it and the ones promoted past it', () => {
    expect(rungCounts(view).map((c) => c.text)).toEqual([
      'rung 1: 5 trials reached, 3 promoted',
      'rung 3: 2 trials reached, 1 promoted',
      'rung 9: 1 trial reached (the last epoch)',
    ]);
  });

  it('counts per bracket under Hyperband', () => {
    const hb = tunerView({
      pruner: { type: 'hyperband', minEpochs: 1, reductionFactor: 3 },
      rungs: [1, 3, 9],
      brackets: [
        { bracket: 0, rungs: [1, 3, 9] },
        { bracket: 1, rungs: [3, 9] },
      ],
      trials: [tunerTrial({ trialIndex: 0, bracket: 0, epochs: 1 }), tunerTrial({ trialIndex: 1, bracket: 1, epochs: 9 }), tunerTrial({ trialIndex: 2, bracket: 0, epochs: 3 })],
    });
    expect(rungCounts(hb).map((c) => c.text)).toEqual([
      'bracket 0, rung 1: 2 trials reached, 1 promoted',
      'bracket 0, rung 3: 1 trial reached, 0 promoted',
      'bracket 0, rung 9: 0 trials reached (the last epoch)',
      'bracket 1, rung 3: 1 trial reached, 1 promoted',
      'bracket 1, rung 9: 1 trial reached (the last epoch)',
    ]);
  });

  it('sorts by value best first (minimising too), trials without a value last', () => {
    expect(sortTrials(view, 'value').map((t) => t.trialIndex)).toEqual([2, 4, 1, 0, 3]);
    const min = tunerView({ objective: { metric: 'val_loss', direction: 'minimize' }, trials: [tunerTrial({ trialIndex: 0, value: 0.3 }), tunerTrial({ trialIndex: 1 }), tunerTrial({ trialIndex: 2, value: 0.1 })] });
    expect(sortTrials(min, 'value').map((t) => t.trialIndex)).toEqual([2, 0, 1]);
    expect(sortTrials(min, 'index').map((t) => t.trialIndex)).toEqual([0, 1, 2]);
  });

  it('shows for halving pruners, or wherever a trial was pruned', () => {
    expect(showsRungs(view)).toBe(true);
    expect(showsRungs(tunerView({ pruner: null, rungs: [] }))).toBe(false);
    expect(showsRungs(tunerView({ pruner: { type: 'median' }, rungs: [] }))).toBe(false);
    expect(showsRungs(tunerView({ pruner: { type: 'median' }, rungs: [], trials: [tunerTrial({ trialIndex: 0, status: 'pruned' })] }))).toBe(true);
    expect(showsRungs(null)).toBe(false);
  });

  it('says what the pruner and the budget are', () => {
    expect(prunerText(view)).toBe('asha (min 1 epoch, η = 3)');
    expect(prunerText(tunerView({ pruner: null }))).toBe('no pruner');
    expect(budgetText(tunerView({ budget: { epochs: 100, minutes: 30 }, spent: { epochs: 34, minutes: 3.24 } }))).toBe('34 of 100 epochs · 3 min 14 s of 30 min trained');
    expect(budgetText(tunerView({ budget: null, spent: { epochs: 5, minutes: 12.6 } }))).toBe('5 epochs · 12 min 36 s trained');
  });
});
