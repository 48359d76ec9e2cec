import { describe, expect, it } from 'vitest';
import { chartRuns } from '../../src-renderer/src/lib/chartRuns';
import { runRecord } from './records';

describe('chartRuns', () => {
  it('a pruned run says so in the legend, with the epoch it stopped at; others keep their plain label', () => {
    const pruned = runRecord({ id: 1, status: 'pruned', params: { 'train.lr': 0.1 }, error: 'stopped at epoch 9: val_acc 0.8767 is not in the top 1 of 3 runs at rung 9' });
    const done = runRecord({ id: 2, status: 'completed', params: { 'train.lr': 0.01 } });
    const [a, b] = chartRuns([pruned, done], new Map([[1, 0], [2, 1]]), () => ['train.lr']);
    expect(a.label).toMatch(/\(pruned at epoch 9\)$/);
    expect(b.label).not.toMatch(/pruned/);
    expect(a.label.replace(' (pruned at epoch 9)', '')).not.toBe('');
  });

  it('a pruned run without a stored reason is still marked', () => {
    const [a] = chartRuns([runRecord({ id: 3, status: 'pruned', error: null })], new Map(), () => []);
    expect(a.label).toMatch(/\(pruned\)$/);
  });
});
