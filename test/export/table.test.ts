import { describe, expect, it } from 'vitest';
import { buildRunTable, formatCell } from '../../src-main/export/table';
import type { ReportRun } from '../../src-main/export/types';
import { SWEPT, sweepRuns } from './fixtures';

function run(id: number, status: string, metrics: ReportRun['metrics']): ReportRun {
  return { id, trialIndex: id, status, params: {}, metrics, durationMs: null };
}

describe('buildRunTable', () => {
  const table = buildRunTable(sweepRuns(), SWEPT);
  const col = (key: string) => table.columns.findIndex((c) => c.key === key);

  it('has run, status, backend, one column per swept key, the metrics and the duration, in that order', () => {
    expect(table.columns.map((c) => c.header)).toEqual([
      'run', 'status', 'backend', 'train.lr', 'model.hidden',
      'train_loss', 'train_acc', 'val_loss', 'val_acc', 'test_loss', 'test_acc',
      'best_epoch', 'overfit_epoch', 'diverged_step', 'train_val_gap', 'duration_s',
    ]);
    expect(table.rows).toHaveLength(4);
    expect(table.rows.every((r) => r.length === table.columns.length)).toBe(true);
  });

  it('adds a worker column after backend only when some run trained on a queue worker', () => {
    expect(col('worker')).toBe(-1);
    const runs = sweepRuns();
    runs[0].worker = 'box1';
    const withWorker = buildRunTable(runs, SWEPT);
    const w = withWorker.columns.findIndex((c) => c.key === 'worker');
    expect(withWorker.columns.map((c) => c.key).slice(0, 4)).toEqual(['run', 'status', 'backend', 'worker']);
    // Started here: `this machine`; never started: empty.
    expect(withWorker.rows.map((r) => r[w])).toEqual(runs.map((r, i) => (i === 0 ? 'box1' : r.engine ? 'this machine' : null)));
    expect(withWorker.rows.every((r) => r.length === withWorker.columns.length)).toBe(true);
  });

  it('keeps raw values: layer sizes joined, numbers unrounded, milliseconds as seconds', () => {
    expect(table.rows.map((r) => r[col('model.hidden')])).toEqual(['10', '64-32', '5', '5']);
    expect(table.rows[0][col('train.lr')]).toBe(0.001);
    expect(table.rows[0][col('train_loss')]).toBe(0.31234567);
    expect(table.rows[0][col('duration_s')]).toBe(12.345);
    expect(table.rows[3][col('duration_s')]).toBeNull();
    expect(table.rows[3][col('val_loss')]).toBeNull();
    expect(table.columns[col('model.hidden')].numeric).toBe(true);
    expect(table.columns[col('status')].numeric).toBe(false);
  });

  it('ranks best per metric over completed runs only: higher accuracy, lower loss', () => {
    // Run 3 (row 2) failed with the best numbers everywhere; it must win nothing.
    expect(table.best.val_acc).toEqual([1]);
    expect(table.best.train_acc).toEqual([1]);
    expect(table.best.val_loss).toEqual([1]);
    expect(table.best.test_acc).toEqual([0]);
    expect(table.best.test_loss).toEqual([0]);
    expect(Object.values(table.best).flat()).not.toContain(2);
  });

  it('never ranks NaN, and does not rank epochs or durations', () => {
    // Row 3's NaN train_loss would be "lowest" under a careless comparison.
    expect(table.best.train_loss).toEqual([1]);
    expect(table.best.best_epoch).toBeUndefined();
    expect(table.best.duration_s).toBeUndefined();
  });

  it('carries the curve events raw and ranks none of them', () => {
    const events = { overfit_epoch: 12, diverged_step: null, train_val_gap: 0.0625 };
    const t = buildRunTable([run(1, 'completed', { val_acc: 0.9, ...events }), run(2, 'completed', { val_acc: 0.8, overfit_epoch: 4, train_val_gap: -0.01 }), run(3, 'failed', { diverged_step: 45 })], []);
    const at = (key: string) => t.rows.map((r) => r[t.columns.findIndex((c) => c.key === key)]);
    expect(at('overfit_epoch')).toEqual([12, 4, null]);
    expect(at('diverged_step')).toEqual([null, null, 45]);
    expect(at('train_val_gap')).toEqual([0.0625, -0.01, null]);
    for (const key of ['overfit_epoch', 'diverged_step', 'train_val_gap']) expect(t.best[key], key).toBeUndefined();
    const c = (key: string) => t.columns.find((x) => x.key === key)!;
    expect(formatCell(c('train_val_gap'), 0.0625)).toBe('0.0625');
    expect(formatCell(c('diverged_step'), 45)).toBe('45');
  });

  it('marks every tied row as best', () => {
    const t = buildRunTable([run(1, 'completed', { val_acc: 0.9 }), run(2, 'completed', { val_acc: 0.9 }), run(3, 'completed', { val_acc: 0.5 })], []);
    expect(t.best.val_acc).toEqual([0, 1]);
  });
});

describe('cell text for Markdown and LaTeX', () => {
  it('prints params compactly, metrics to four decimals, durations in seconds, empty cells empty', () => {
    const t = buildRunTable(sweepRuns(), SWEPT);
    const c = (key: string) => t.columns.find((x) => x.key === key)!;
    expect(formatCell(c('train_loss'), 0.31234567)).toBe('0.3123');
    expect(formatCell(c('val_acc'), 0.9)).toBe('0.9000');
    expect(formatCell(c('val_loss'), 0.00001234)).toBe('0.00001234');
    expect(formatCell(c('duration_s'), 12.345)).toBe('12.3');
    expect(formatCell(c('train.lr'), 0.001)).toBe('0.001');
    expect(formatCell(c('val_acc'), null)).toBe('');
    // A diverged run's loss is shown for what it is, not as an empty cell.
    expect(t.rows[3][t.columns.indexOf(c('train_loss'))]).toBe('NaN');
  });
});
