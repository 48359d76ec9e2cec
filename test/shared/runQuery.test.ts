import { describe, expect, it } from 'vitest';
import { matchesQuery, parseQuery, queryKeys, runQueryRow, type QueryRun } from '../../src-main/shared/runQuery';

const SWEPT = ['train.lr', 'model.hidden', 'model.activation'];
const KEYS = queryKeys(SWEPT, ['backend', 'train_loss', 'val_acc', 'val_loss', 'test_acc', 'best_epoch', 'duration_s'], ['loss']);

function run(id: number, over: Partial<QueryRun> = {}): QueryRun {
  return { id, status: 'completed', params: { 'train.lr': 0.01, 'model.hidden': [10], 'model.activation': 'relu' }, metrics: { val_acc: 0.8 }, tags: [], starred: false, ...over };
}
const RUNS = [
  run(1),
  run(2, { params: { 'train.lr': 0.1, 'model.hidden': [100], 'model.activation': 'tanh' }, metrics: { val_acc: 0.95 }, tags: ['keep'], starred: true }),
  run(3, { status: 'failed', params: { 'train.lr': 0.001, 'model.hidden': [64, 32], 'model.activation': 'relu' }, metrics: { val_acc: null }, error: 'diverged' }),
  run(4, { params: { 'train.lr': 0.01, 'model.hidden': [100], 'model.activation': 'relu' }, metrics: { val_acc: 0.91 }, name: 'Baseline' }),
];
const ids = (q: string) => {
  const parsed = parseQuery(q, KEYS);
  return RUNS.filter((r) => matchesQuery(parsed, runQueryRow(r))).map((r) => r.id);
};

describe('runQuery', () => {
  it('matches key=value exactly: hidden=10 is [10], not [100]', () => {
    expect(ids('hidden=10')).toEqual([1]);
    expect(ids('hidden=100')).toEqual([2, 4]);
    expect(ids('model.hidden=64-32')).toEqual([3]);
    expect(ids('hidden=[64,32]')).toEqual([3]);
    expect(ids('lr=0.01')).toEqual([1, 4]);
    expect(ids('lr=1e-2')).toEqual([1, 4]);
    expect(ids('activation=relu')).toEqual([1, 3, 4]);
    expect(ids('activation=RELU')).toEqual([1, 3, 4]);
    expect(ids('status=failed')).toEqual([3]);
  });

  it('negates with !=', () => {
    expect(ids('hidden!=100')).toEqual([1, 3]);
    expect(ids('status!=failed')).toEqual([1, 2, 4]);
  });

  it('compares numbers, accuracies as fractions or percentages', () => {
    expect(ids('val_acc>0.9')).toEqual([2, 4]);
    expect(ids('val_acc>90%')).toEqual([2, 4]);
    expect(ids('val_acc>=0.91')).toEqual([2, 4]);
    expect(ids('val_acc<0.91')).toEqual([1]);
    expect(ids('lr<=0.01')).toEqual([1, 3, 4]);
    expect(ids('lr<0.01')).toEqual([3]);
    expect(ids('hidden>50')).toEqual([2, 4]);
  });

  it('a run without the value never passes a comparison', () => {
    expect(ids('val_acc<1')).toEqual([1, 2, 4]);
  });

  it('combines terms: all must hold', () => {
    expect(ids('val_acc>0.9 hidden=100')).toEqual([2, 4]);
    expect(ids('val_acc>0.9 lr=0.01')).toEqual([4]);
    expect(ids('activation=relu lr<=0.01 status=completed')).toEqual([1, 4]);
  });

  it('filters by tag, star, name and bare words', () => {
    expect(ids('tag=keep')).toEqual([2]);
    expect(ids('tag!=keep')).toEqual([1, 3, 4]);
    expect(ids('starred')).toEqual([2]);
    expect(ids('star val_acc>0.5')).toEqual([2]);
    expect(ids('name=baseline')).toEqual([4]);
    expect(ids('diverged')).toEqual([3]);
    expect(ids('baseline')).toEqual([4]);
    expect(ids('#2')).toEqual([2]);
  });

  it('reports bad terms by name and ignores them instead of matching nothing', () => {
    const q = parseQuery('lr>abc speed=3 val_acc>90 hidden= lr<=0.01', KEYS);
    expect(q.problems.map((p) => p.term)).toEqual(['lr>abc', 'speed=3', 'val_acc>90', 'hidden=']);
    expect(q.problems[0].message).toMatch(/lr>abc: > needs a number/);
    expect(q.problems[1].message).toMatch(/speed=3: no column or parameter "speed"/);
    expect(q.problems[2].message).toMatch(/fractions \(0\.9\) or percentages \(90%\)/);
    expect(ids('lr>abc lr<=0.01')).toEqual([1, 3, 4]);
    expect(parseQuery('tag>3', KEYS).problems[0].message).toMatch(/tags take = or !=/);
  });

  it('asks for the full name when a last segment is ambiguous', () => {
    const q = parseQuery('lr=0.1', queryKeys(['train.lr', 'schedule.lr']));
    expect(q.problems[0].message).toMatch(/could be train\.lr or schedule\.lr/);
    expect(parseQuery('train.lr=0.1', queryKeys(['train.lr', 'schedule.lr'])).problems).toEqual([]);
  });

  it('an empty query matches everything', () => {
    expect(ids('  ')).toEqual([1, 2, 3, 4]);
  });
});
