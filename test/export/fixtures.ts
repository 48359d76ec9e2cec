import type { ReportRun } from '../../src-main/export/types';

export const SWEPT = ['train.lr', 'model.hidden'];

/**
 * A small grid where the traps are deliberate: run 1 has the best TEST accuracy but
 * not the best validation accuracy, and the failed run 3 has metrics that would win
 * every column if failed runs were ranked.
 */
export function sweepRuns(): ReportRun[] {
  return [
    {
      id: 1, trialIndex: 0, status: 'completed',
      params: { 'train.lr': 0.001, 'model.hidden': [10] },
      metrics: { train_loss: 0.31234567, train_acc: 0.91, val_loss: 0.3, val_acc: 0.9, test_loss: 0.2, test_acc: 0.97, best_epoch: 17 },
      durationMs: 12345,
    },
    {
      id: 2, trialIndex: 1, status: 'completed',
      params: { 'train.lr': 0.01, 'model.hidden': [64, 32] },
      metrics: { train_loss: 0.2, train_acc: 0.95, val_loss: 0.25, val_acc: 0.93, test_loss: 0.4, test_acc: 0.88, best_epoch: 9 },
      durationMs: 2000,
    },
    {
      id: 3, trialIndex: 2, status: 'failed',
      params: { 'train.lr': 0.5, 'model.hidden': [5] },
      metrics: { train_loss: 0.001, train_acc: 0.999, val_loss: 0.01, val_acc: 0.99, test_loss: 0.01, test_acc: 0.99, best_epoch: 1 },
      durationMs: 500,
    },
    {
      id: 4, trialIndex: 3, status: 'completed',
      params: { 'train.lr': 0.1, 'model.hidden': [5] },
      metrics: { train_loss: NaN, train_acc: 0.33, val_loss: null, val_acc: 0.3, test_loss: null, test_acc: null, best_epoch: null },
      durationMs: null,
    },
  ];
}
