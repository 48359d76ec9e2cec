import { describe, expect, it } from 'vitest';
import { buildTableModel, cellText, defaultVisible, filterRows, sortRows, SHOW_BEST } from '../../src-renderer/src/lib/runTable';
import type { RunRecord, RunStatus } from '../../src-renderer/src/shared';
import { runRecord } from './records';

const runs: RunRecord[] = [
  runRecord({ id: 1, status: 'completed', params: { 'train.lr': 0.1 }, metrics: { val_acc: 0.9, val_loss: 0.3, test_acc: 0.8, test_loss: 0.5, train_loss: 0.2 } }),
  // Test would pick run 2 (best test accuracy); validation must pick run 1 or 3.
  runRecord({ id: 2, status: 'completed', params: { 'train.lr': 0.01 }, metrics: { val_acc: 0.85, val_loss: 0.35, test_acc: 0.97, test_loss: 0.1, train_loss: 0.1 } }),
  runRecord({ id: 3, status: 'completed', params: { 'train.lr': 0.001 }, metrics: { val_acc: 0.9, val_loss: 0.25, test_acc: 0.7, test_loss: 0.6, train_loss: null } }),
  // A failed run with a lucky early metric is never best.
  runRecord({ id: 4, status: 'failed', params: { 'train.lr': 1 }, metrics: { val_acc: 0.99, val_loss: 0.01 }, error: 'loss diverged (NaN) at step 12' }),
  runRecord({ id: 5, status: 'queued', params: { 'train.lr': 0.5 } }),
];
const model = buildTableModel(runs, ['train.lr']);
const ids = (rows: { run: RunRecord }[]) => rows.map((r) => r.run.id);

describe('the comparison table model', () => {
  it('chooses the run on validation (accuracy, then loss), never on test', () => {
    expect(model.chosenId).toBe(3);
    expect(model.best.test_acc).toEqual(new Set([2]));
  });

  it('marks the best of each metric column among completed runs, ties included', () => {
    expect(model.best.val_acc).toEqual(new Set([1, 3]));
    expect(model.best.val_loss).toEqual(new Set([3]));
    expect(model.best.train_loss).toEqual(new Set([2]));
    expect(model.best.best_epoch).toBeUndefined();
    // One finished run is not "best" of anything yet.
    const early = buildTableModel([runs[0], runs[4]], ['train.lr']);
    expect(early.best).toEqual({});
    expect(early.chosenId).toBe(1);
  });

  it('sorts by any column, empty cells last in both directions', () => {
    expect(ids(sortRows(model.rows, { key: 'train.lr', dir: 'asc' }))).toEqual([3, 2, 1, 5, 4]);
    expect(ids(sortRows(model.rows, { key: 'val_acc', dir: 'desc' }))).toEqual([4, 1, 3, 2, 5]);
    expect(ids(sortRows(model.rows, { key: 'train_loss', dir: 'asc' }))).toEqual([2, 1, 3, 4, 5]);
    expect(ids(sortRows(model.rows, { key: 'train_loss', dir: 'desc' }))).toEqual([1, 2, 3, 4, 5]);
    expect(ids(sortRows(model.rows, { key: 'status', dir: 'asc' }))).toEqual([5, 1, 2, 3, 4]);
  });

  it('filters on params, status and error text, and by status', () => {
    expect(ids(filterRows(model.rows, 'lr=0.01', 'all'))).toEqual([2]);
    expect(ids(filterRows(model.rows, 'train.lr=0.001', 'all'))).toEqual([3]);
    expect(ids(filterRows(model.rows, 'diverged', 'all'))).toEqual([4]);
    expect(ids(filterRows(model.rows, '', 'completed'))).toEqual([1, 2, 3]);
    expect(ids(filterRows(model.rows, 'lr=0.1 completed', 'all'))).toEqual([1]);
    expect(filterRows(model.rows, 'nothing-like-this', 'all')).toEqual([]);
  });
});

describe('cell text', () => {
  const cell = (m: ReturnType<typeof buildTableModel>, id: number, key: string, now = 0) => {
    const column = m.columns.find((c) => c.key === key)!;
    return cellText(column, m.rows.find((r) => r.run.id === id)!, now);
  };

  it('reads numbers the way the exported tables and the CLI do, and names what a failure was', () => {
    const T0 = runs[0].startedAt!;
    const crashed = runRecord({ id: 6, status: 'failed', error: 'the worker process was killed by SIGKILL before finishing', errorCode: 'WORKER_EXITED', metrics: { train_loss: NaN } });
    const running = runRecord({ id: 7, status: 'running' });
    const m = buildTableModel([...runs, crashed, running], ['train.lr']);
    expect(cell(m, 1, 'val_acc')).toBe('90.00%');
    expect(cell(m, 1, 'val_loss')).toBe('0.3000');
    expect(cell(m, 6, 'train_loss')).toBe('NaN');
    expect(cell(m, 5, 'val_loss')).toBe('—');
    expect(cell(m, 1, 'train.lr')).toBe('0.1');
    expect(cell(m, 1, 'duration_s')).toBe('4 s');
    // A running run's duration is the time so far.
    expect(cell(m, 7, 'duration_s', T0 + 95_000)).toBe('1 min 35 s');
    // "crashed" is not in the message, yet the filter finds it: the table shows that word.
    expect(ids(filterRows(m.rows, 'crashed', 'all'))).toEqual([6]);
  });
});

describe('which runs the charts show by default', () => {
  it('shows every run of a small sweep', () => {
    expect(defaultVisible(runs)).toEqual([1, 2, 3, 4, 5]);
  });

  it('shows the best runs on validation of a large sweep, topped up with running ones', () => {
    const many = Array.from({ length: 40 }, (_, i) =>
      runRecord({ id: i + 1, status: (i < 4 ? 'completed' : i < 30 ? 'running' : 'queued') as RunStatus, metrics: i < 4 ? { val_acc: 0.5 + i / 10 } : {} }),
    );
    const shown = defaultVisible(many);
    expect(shown).toHaveLength(SHOW_BEST);
    expect(shown.slice(0, 4)).toEqual([4, 3, 2, 1]);
    expect(shown.slice(4)).toEqual([5, 6, 7, 8, 9, 10]);
  });

  it('shows completed runs without a validation accuracy after the ranked ones, before running ones', () => {
    const many = Array.from({ length: 30 }, (_, i) =>
      runRecord({ id: i + 1, status: (i < 12 ? 'completed' : 'running') as RunStatus, metrics: i < 3 ? { val_acc: 0.5 + i / 10 } : {} }),
    );
    expect(defaultVisible(many)).toEqual([3, 2, 1, 4, 5, 6, 7, 8, 9, 10]);
  });
});
