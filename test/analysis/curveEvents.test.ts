/**
 * The curve events on hand-made curves, where the answer is known by construction:
 * clean overfitting, noise that must not count, a rising validation loss while training
 * loss is flat, the k boundary, missing values, and the train–validation gap.
 */
import { describe, expect, it } from 'vitest';
import { bestEpoch, curveEventMetrics, curveEvents, overfitEpoch, OVERFIT_PATIENCE, trainValGap, type EpochCurve } from '../../src-main/analysis/curveEvents';

/** Epochs 1… from parallel lists of training and validation loss (accuracies unused). */
function curve(train: (number | null)[], val: (number | null)[]): EpochCurve[] {
  return train.map((t, i) => ({ epoch: i + 1, train_loss: t, val_loss: val[i], train_acc: null, val_acc: null }));
}

describe('overfit_epoch', () => {
  it('is the last epoch before validation loss rose for k epochs while training loss fell', () => {
    const c = curve([1.0, 0.8, 0.6, 0.5, 0.4, 0.3, 0.2], [1.1, 0.9, 0.7, 0.75, 0.8, 0.9, 1.0]);
    expect(OVERFIT_PATIENCE).toBe(3);
    expect(overfitEpoch(c)).toBe(3);
  });

  it('ignores noise: validation loss that rises once or twice, then falls again', () => {
    const c = curve([1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3], [1.0, 1.05, 0.95, 1.0, 1.02, 0.9, 0.91, 0.85]);
    expect(overfitEpoch(c)).toBeNull();
  });

  it('needs training loss to fall too: a rise while training also gets worse is not overfitting', () => {
    const c = curve([0.5, 0.6, 0.7, 0.8, 0.9], [0.5, 0.6, 0.7, 0.8, 0.9]);
    expect(overfitEpoch(c)).toBeNull();
    // One flat training epoch inside the rise breaks the streak; equal is not a fall.
    expect(overfitEpoch(curve([1.0, 0.9, 0.9, 0.8, 0.7], [0.5, 0.6, 0.7, 0.8, 0.9]))).toBeNull();
    // Equal validation loss is not a rise either.
    expect(overfitEpoch(curve([1.0, 0.9, 0.8, 0.7, 0.6], [0.5, 0.6, 0.6, 0.7, 0.8]))).toBeNull();
  });

  it('counts exactly k epochs: k − 1 rises are not enough, k are, and the earliest onset wins', () => {
    expect(overfitEpoch(curve([1.0, 0.9, 0.8], [0.5, 0.6, 0.7]))).toBeNull(); // 2 rises
    expect(overfitEpoch(curve([1.0, 0.9, 0.8, 0.7], [0.5, 0.6, 0.7, 0.8]))).toBe(1); // 3 rises
    // A longer streak still starts where it started.
    expect(overfitEpoch(curve([1, 0.9, 0.8, 0.7, 0.6, 0.5], [0.5, 0.6, 0.7, 0.8, 0.9, 1.0]))).toBe(1);
    // Two streaks: the first one that reaches k.
    const two = curve([1, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2], [0.9, 0.8, 0.85, 0.9, 0.8, 0.85, 0.9, 0.95, 1.0]);
    expect(overfitEpoch(two)).toBe(5);
    // With k = 2 the first, shorter streak already counts.
    expect(overfitEpoch(two, 2)).toBe(2);
  });

  it('takes another k when asked, and refuses a k that means nothing', () => {
    const c = curve([1.0, 0.9, 0.8, 0.7], [0.5, 0.4, 0.6, 0.7]);
    expect(overfitEpoch(c)).toBeNull();
    expect(overfitEpoch(c, 2)).toBe(2);
    expect(curveEvents(c, { patience: 2 }).overfitEpoch).toBe(2);
    expect(() => overfitEpoch(c, 0)).toThrow(RangeError);
  });

  it('breaks the streak at a missing or non-finite value, and at a missing epoch', () => {
    expect(overfitEpoch(curve([1.0, 0.9, 0.8, 0.7, 0.6], [0.5, 0.6, null, 0.7, 0.8]))).toBeNull();
    expect(overfitEpoch(curve([1.0, 0.9, NaN, 0.7, 0.6], [0.5, 0.6, 0.65, 0.7, 0.8]))).toBeNull();
    // No validation at all (val split 0): never.
    expect(overfitEpoch(curve([1.0, 0.9, 0.8, 0.7], [null, null, null, null]))).toBeNull();
    // Epochs 1, 2, 4, 5 (3 not recorded): the rise from 2 to 4 spans two epochs and does not count.
    const gap = curve([1.0, 0.9, 0.8, 0.7], [0.5, 0.6, 0.7, 0.8]).map((e, i) => ({ ...e, epoch: [1, 2, 4, 5][i] }));
    expect(overfitEpoch(gap)).toBeNull();
    expect(overfitEpoch([])).toBeNull();
  });
});

describe('train_val_gap', () => {
  const accs = (pairs: [number | null, number | null][]): EpochCurve[] =>
    pairs.map(([t, v], i) => ({ epoch: i + 1, train_loss: 1, val_loss: 1, train_acc: t, val_acc: v }));

  it('is training minus validation accuracy at the last epoch: positive when the training data fit better', () => {
    expect(trainValGap(accs([[0.6, 0.7], [0.99, 0.9]]))).toBeCloseTo(0.09, 12);
    expect(trainValGap(accs([[0.9, 0.99], [0.8, 0.85]]))).toBeCloseTo(-0.05, 12);
  });

  it('is null when the last epoch lacks either accuracy, even if an earlier one had both', () => {
    expect(trainValGap(accs([[0.9, 0.8], [0.95, null]]))).toBeNull();
    expect(trainValGap([])).toBeNull();
  });
});

describe('best_epoch and the recorded metrics', () => {
  it('keeps the engine\'s rule: highest validation accuracy, then lowest validation loss, then earliest', () => {
    const e = (epoch: number, val_acc: number | null, val_loss: number | null) => ({ epoch, val_acc, val_loss });
    expect(bestEpoch([e(1, 0.7, 0.1), e(2, 0.9, 0.5), e(3, 0.8, 0.05)])).toBe(2);
    expect(bestEpoch([e(1, 0.9, 0.5), e(2, 0.9, 0.3), e(3, 0.9, 0.4)])).toBe(2);
    expect(bestEpoch([e(1, 0.9, 0.3), e(2, 0.9, 0.3)])).toBe(1);
    expect(bestEpoch([e(1, null, null)])).toBeNull();
  });

  it('records only the events that happened, under their metric keys', () => {
    const c: EpochCurve[] = [
      { epoch: 1, train_loss: 1.0, val_loss: 0.6, train_acc: 0.5, val_acc: 0.6 },
      { epoch: 2, train_loss: 0.8, val_loss: 0.7, train_acc: 0.7, val_acc: 0.65 },
      { epoch: 3, train_loss: 0.6, val_loss: 0.8, train_acc: 0.8, val_acc: 0.6 },
      { epoch: 4, train_loss: 0.4, val_loss: 0.9, train_acc: 0.9, val_acc: 0.55 },
    ];
    const events = curveEvents(c);
    expect(events).toEqual({ bestEpoch: 2, overfitEpoch: 1, trainValGap: expect.closeTo(0.35, 12) });
    expect(curveEventMetrics(events, null)).toEqual({ best_epoch: 2, overfit_epoch: 1, train_val_gap: expect.closeTo(0.35, 12) });
    expect(curveEventMetrics({ bestEpoch: null, overfitEpoch: null, trainValGap: null }, 812)).toEqual({ diverged_step: 812 });
  });
});
