import { describe, expect, it } from 'vitest';
import type { ReportRun } from '../../src-main/export/types';
import { chooseBestRun, rankOnValidation } from '../../src-main/shared/validationChoice';
import { sweepRuns } from '../export/fixtures';

function run(id: number, status: string, metrics: ReportRun['metrics']): ReportRun {
  return { id, trialIndex: id, status, params: {}, metrics, durationMs: null };
}

describe('the run chosen on validation', () => {
  it('picks on validation accuracy, not on test accuracy, and never a failed run', () => {
    const runs = sweepRuns();
    const byTest = runs.filter((r) => r.status === 'completed').sort((a, b) => b.metrics.test_acc! - a.metrics.test_acc!)[0];
    expect(byTest.id).toBe(1);
    // Run 3 failed with the best validation accuracy of all.
    expect(chooseBestRun(runs)?.id).toBe(2);
  });

  it('breaks a val_acc tie on the lower val_loss, then on the lower id, in any order', () => {
    const a = run(7, 'completed', { val_acc: 0.9, val_loss: 0.4, test_acc: 0.99 });
    const b = run(5, 'completed', { val_acc: 0.9, val_loss: 0.3 });
    const c = run(3, 'completed', { val_acc: 0.9, val_loss: 0.3 });
    expect(chooseBestRun([a, b])?.id).toBe(5);
    expect(chooseBestRun([a, b, c])?.id).toBe(3);
    expect(chooseBestRun([c, b, a])?.id).toBe(3);
    // A missing val_loss loses the tie-break.
    expect(chooseBestRun([run(1, 'completed', { val_acc: 0.9 }), run(2, 'completed', { val_acc: 0.9, val_loss: 5 })])?.id).toBe(2);
  });

  it('chooses nothing without a completed run that has a finite validation accuracy', () => {
    expect(chooseBestRun([])).toBeNull();
    expect(chooseBestRun([run(1, 'failed', { val_acc: 0.99 }), run(2, 'running', { val_acc: 0.98 })])).toBeNull();
    expect(chooseBestRun([run(3, 'completed', { test_acc: 0.9, val_acc: null }), run(4, 'completed', { val_acc: NaN })])).toBeNull();
  });

  it('ranks best first by the same rule: its first run is always the one chosen', () => {
    const runs = [
      run(1, 'completed', { val_acc: 0.8, val_loss: 0.2 }),
      run(2, 'completed', { val_acc: 0.9, val_loss: 0.5 }),
      run(3, 'completed', { val_acc: 0.9, val_loss: 0.4 }),
      run(4, 'failed', { val_acc: 0.99 }),
      run(5, 'completed', { val_acc: Infinity }),
      run(6, 'completed', {}),
      run(7, 'running', { val_acc: 0.95 }),
    ];
    expect(rankOnValidation(runs).map((r) => r.id)).toEqual([3, 2, 1]);
    for (let n = 1; n <= runs.length; n++) {
      const some = runs.slice(0, n);
      expect(rankOnValidation(some)[0] ?? null).toBe(chooseBestRun(some));
    }
  });
});
