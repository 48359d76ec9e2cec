/**
 * Grouping rules on hand-built runs: what each group counts (seeds, replicates, the
 * selection runs, statuses), which group is best, the verdicts, the order, and the
 * per-step bands. The statistics themselves are checked against SciPy in
 * statistics.test.ts; here the expected numbers are worked out by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import { ALPHA, GROUP_METRICS, MIN_REPLICATES, configKey, groupBand, groupRuns, verdictText } from '../../src-main/analysis/groups';
import type { GroupableRun } from '../../src-main/analysis/groupTypes';

const SWEPT = ['train.lr', 'model.hidden', 'train.seed'];
const MAXIMIZE = { metric: 'val_acc', direction: 'maximize' } as const;
let nextId = 1;

function run(lr: number, seed: number, valAcc: number | null, extra: Partial<GroupableRun> = {}): GroupableRun {
  const id = nextId++;
  return { id, trialIndex: id, status: 'completed', seed, params: { 'train.lr': lr, 'model.hidden': [10], 'train.seed': seed }, metrics: { val_acc: valAcc, val_loss: valAcc === null ? null : 1 - valAcc }, ...extra };
}

const byConfig = (runs: GroupableRun[], objective: { metric: string; direction: 'maximize' | 'minimize' } = MAXIMIZE) =>
  groupRuns(runs, { sweptKeys: SWEPT, by: { kind: 'config' }, objective });

describe('configKey', () => {
  it('ignores the seed and the key order', () => {
    const a = configKey({ 'train.seed': 1, 'train.lr': 0.1, 'model.hidden': [64, 32] }, SWEPT);
    const b = configKey({ 'model.hidden': [64, 32], 'train.lr': 0.1, 'train.seed': 2 }, ['model.hidden', 'train.seed', 'train.lr']);
    expect(a).toBe(b);
    expect(a).toBe('{"model.hidden":[64,32],"train.lr":0.1}');
    expect(configKey({ 'train.lr': 0.1, 'model.hidden': [64] }, SWEPT)).not.toBe(a);
  });
});

describe('grouping by configuration', () => {
  it('puts a grid that swept train.seed into one group per configuration', () => {
    const runs = [run(0.1, 0, 0.9), run(0.01, 0, 0.7), run(0.1, 1, 0.92), run(0.01, 1, 0.72), run(0.1, 2, 0.94), run(0.01, 2, 0.71)];
    const report = byConfig(runs);
    expect(report.groups.map((g) => g.label)).toEqual(['lr=0.1, hidden=10', 'lr=0.01, hidden=10']);
    const [best, other] = report.groups;
    expect(best.params).toEqual({ 'train.lr': 0.1, 'model.hidden': [10] });
    expect(best.counted).toEqual([runs[0].id, runs[2].id, runs[4].id]);
    expect(best.metrics.val_acc.n).toBe(3);
    expect(best.metrics.val_acc.mean).toBeCloseTo(0.92, 12);
    // Sample std of 0.90, 0.92, 0.94: deviations ±0.02 → sqrt(0.0008 / 2) = 0.02.
    expect(best.metrics.val_acc.std).toBeCloseTo(0.02, 12);
    expect(report.bestKey).toBe(best.key);
    expect(best.comparison?.verdict).toBe('best');
    expect(other.comparison?.verdict).toBe('better');
    expect(other.comparison!.p!).toBeLessThan(ALPHA);
    // mean(best) − mean(this) = 0.92 − 0.71.
    expect(other.comparison!.difference).toBeCloseTo(0.21, 12);
    expect(report.metrics).toEqual([...GROUP_METRICS]);
  });

  it('counts only the replicates of a confirmed configuration, listing its search run', () => {
    const search = run(0.1, 0, 0.99);
    const reps = [run(0.1, 11, 0.9, { replicateOf: search.trialIndex }), run(0.1, 12, 0.91, { replicateOf: search.trialIndex }), run(0.1, 13, 0.89, { replicateOf: search.trialIndex })];
    const report = byConfig([search, ...reps, run(0.01, 0, 0.5)]);
    const confirmed = report.groups.find((g) => g.params['train.lr'] === 0.1)!;
    expect(confirmed.runIds).toEqual([search.id, ...reps.map((r) => r.id)]);
    expect(confirmed.selectionRunIds).toEqual([search.id]);
    expect(confirmed.counted).toEqual(reps.map((r) => r.id));
    // 0.99 (the lucky search run) would lift the mean to 0.9225.
    expect(confirmed.metrics.val_acc.mean).toBeCloseTo(0.9, 12);
  });

  it('lists pruned and failed runs but counts only completed ones', () => {
    const runs = [run(0.1, 0, 0.9), run(0.1, 1, 0.4, { status: 'pruned' }), run(0.1, 2, null, { status: 'failed' })];
    const [g] = byConfig(runs).groups;
    expect(g.runIds).toHaveLength(3);
    expect(g.counted).toEqual([runs[0].id]);
    expect(g.metrics.val_acc).toEqual({ n: 1, mean: 0.9, std: null, ci95: null });
  });

  it('with nothing swept but the seed, makes one group of all runs', () => {
    const report = groupRuns([run(0.1, 0, 0.9), run(0.1, 1, 0.8)], { sweptKeys: ['train.seed'], by: { kind: 'config' }, objective: MAXIMIZE });
    expect(report.groups.map((g) => [g.label, g.key, g.counted.length])).toEqual([['(all runs)', '{}', 2]]);
  });
});

describe('grouping by one parameter', () => {
  it('groups search runs by that value and leaves replicates out', () => {
    const a = run(0.1, 0, 0.8, { params: { 'train.lr': 0.1, 'model.hidden': [10], 'train.seed': 0 } });
    const b = run(0.1, 0, 0.9, { params: { 'train.lr': 0.1, 'model.hidden': [20], 'train.seed': 0 } });
    const c = run(0.01, 0, 0.6);
    const rep = run(0.1, 5, 0.99, { replicateOf: b.trialIndex, params: { 'train.lr': 0.1, 'model.hidden': [20], 'train.seed': 5 } });
    const report = groupRuns([a, b, c, rep], { sweptKeys: SWEPT, by: { kind: 'param', key: 'train.lr' }, objective: MAXIMIZE });
    expect(report.groups.map((g) => [g.label, g.runIds])).toEqual([
      ['lr=0.1', [a.id, b.id]],
      ['lr=0.01', [c.id]],
    ]);
    expect(report.groups[0].params).toEqual({ 'train.lr': 0.1 });
    expect(report.groups[0].selectionRunIds).toEqual([]);
    expect(report.groups[0].metrics.val_acc.mean).toBeCloseTo(0.85, 12);
  });
});

describe('best group and verdicts', () => {
  it('says too few seeds below MIN_REPLICATES instead of a p-value', () => {
    expect(MIN_REPLICATES).toBe(3);
    const report = byConfig([run(0.1, 0, 0.9), run(0.1, 1, 0.91), run(0.1, 2, 0.92), run(0.01, 0, 0.5), run(0.01, 1, 0.52)]);
    const other = report.groups[1];
    expect(other.comparison).toEqual({ verdict: 'too-few', p: null, difference: null, ci95: null, df: null, t: null });
    expect(verdictText(other.comparison)).toBe('too few seeds');
  });

  it('prefers a group with enough seeds over a higher mean from fewer', () => {
    // lr=1 has the highest mean (0.99) but from two seeds; lr=0.1 has three.
    const report = byConfig([run(1, 0, 0.99), run(1, 1, 0.99), run(0.1, 0, 0.9), run(0.1, 1, 0.91), run(0.1, 2, 0.92)]);
    expect(report.groups[0].params['train.lr']).toBe(0.1);
    expect(report.groups[0].comparison?.verdict).toBe('best');
    expect(report.groups[1].comparison?.verdict).toBe('too-few');
  });

  it('falls back to all groups with a value when none has enough seeds', () => {
    const report = byConfig([run(0.1, 0, 0.9), run(0.01, 0, 0.95), run(1, 0, null)]);
    expect(report.groups.map((g) => [g.params['train.lr'], g.comparison?.verdict])).toEqual([
      [0.01, 'best'],
      [0.1, 'too-few'],
      [1, 'too-few'],
    ]);
  });

  it('finds groups with the same mean indistinguishable (p = 1)', () => {
    const report = byConfig([run(0.1, 0, 0.8), run(0.1, 1, 0.9), run(0.1, 2, 0.85), run(0.01, 0, 0.85), run(0.01, 1, 0.8), run(0.01, 2, 0.9)]);
    const other = report.groups[1].comparison!;
    expect(other.verdict).toBe('indistinguishable');
    expect(other.p).toBeCloseTo(1, 12);
    expect(verdictText(other)).toBe('not distinguishable from the best (p = 1)');
  });

  it('minimizes when asked: the lowest loss is best and the difference is negative', () => {
    const report = byConfig([run(0.1, 0, 0.9), run(0.1, 1, 0.91), run(0.1, 2, 0.92), run(0.01, 0, 0.6), run(0.01, 1, 0.61), run(0.01, 2, 0.62)], { metric: 'val_loss', direction: 'minimize' });
    expect(report.groups[0].params['train.lr']).toBe(0.1);
    // mean val_loss: 0.09 (best) vs 0.39 → 0.09 − 0.39.
    expect(report.groups[1].comparison!.difference).toBeCloseTo(-0.3, 12);
  });

  it('orders by objective mean, groups without a value last, ties by label, and nothing is best without values', () => {
    const runs = [run(3, 0, null), run(2, 0, 0.5), run(1, 0, 0.7), run(0.5, 0, 0.5)];
    expect(byConfig(runs).groups.map((g) => g.label)).toEqual(['lr=1, hidden=10', 'lr=0.5, hidden=10', 'lr=2, hidden=10', 'lr=3, hidden=10']);
    const empty = byConfig([run(1, 0, null)]);
    expect(empty.bestKey).toBeNull();
    expect(empty.groups[0].comparison).toBeNull();
  });
});

describe('verdictText', () => {
  const c = (verdict: 'better' | 'indistinguishable', p: number) => ({ verdict, p, difference: 0.1, ci95: null, df: 4, t: 3 });
  it('gives two significant digits and a floor of 0.001', () => {
    expect(verdictText(c('better', 0.01234))).toBe('better (p = 0.012)');
    expect(verdictText(c('indistinguishable', 0.3449))).toBe('not distinguishable from the best (p = 0.34)');
    expect(verdictText(c('better', 0.0004))).toBe('better (p < 0.001)');
    expect(verdictText({ verdict: 'best', p: null, difference: null, ci95: null, df: null, t: null })).toBe('best');
  });
});

describe('groupBand', () => {
  it('averages the runs that reached each step, with a t-interval from two runs on', () => {
    const band = groupBand([
      { steps: [1, 2, 3], values: [0.5, 0.6, 0.7] },
      { steps: [1, 2], values: [0.7, 0.8] },
      { steps: [1, 2, 3, 4], values: [0.6, null, 0.9, 0.95] },
    ]);
    expect(band.map((p) => [p.step, p.n])).toEqual([[1, 3], [2, 2], [3, 2], [4, 1]]);
    expect(band[0].mean).toBeCloseTo(0.6, 12);
    // n = 3, s = 0.1: half-width t(0.975, 2) · 0.1/√3 = 4.302652729749462 · 0.057735… (t from SciPy, see statistics.test.ts).
    expect(band[0].high! - band[0].mean).toBeCloseTo((4.302652729749462 * 0.1) / Math.sqrt(3), 10);
    expect(band[3]).toEqual({ step: 4, n: 1, mean: 0.95, low: null, high: null });
  });
});
