/**
 * The grouped table's words and numbers from real group reports (groups.ts): cells as
 * mean ± std over the t-interval, verdict badges, the selection-run note, the sentence
 * on best vs runner-up, the Group by choices, the Confirm estimate; and the band
 * datasets of the grouped epoch charts.
 */
import { describe, expect, it } from 'vitest';
import { bandChart, bandDatasets, bandRunIds, byEpoch } from '../../src-renderer/src/lib/groupCurves';
import {
  clampInt,
  confirmEstimate,
  emptyReason,
  groupByOf,
  groupByOptions,
  groupByValue,
  groupRows,
  meanRunMs,
  metricCell,
  summarySentence,
  validGroupBy,
  valueKeys,
} from '../../src-renderer/src/lib/groupView';
import { groupBand, groupRuns, type GroupBy, type RunRecord } from '../../src-renderer/src/shared';
import { runRecord } from './records';

const swept = ['train.lr', 'train.seed'];
const objective = { metric: 'val_acc', direction: 'maximize' } as const;
const report = (runs: RunRecord[], by: GroupBy = { kind: 'config' }) => groupRuns(runs, { sweptKeys: swept, by, objective, metrics: ['val_acc', 'val_loss'] });

let nextId = 1;
/** One run per value: `lr` with seeds 0, 1, 2, … */
function replicates(lr: number, accs: number[], over: Partial<RunRecord> = {}): RunRecord[] {
  return accs.map((a, seed) => runRecord({ id: nextId++, params: { 'train.lr': lr, 'train.seed': seed }, metrics: { val_acc: a, val_loss: 1 - a }, ...over }));
}

describe('groupView', () => {
  it('shows mean ± std with the 95 % t-interval, and a single run without either', () => {
    const cell = metricCell({ n: 3, mean: 0.913, std: 0.008, ci95: { low: 0.8931, high: 0.9329 } });
    expect(cell.main).toBe('0.913 ± 0.008');
    expect(cell.interval).toBe('[0.893, 0.933]');
    expect(cell.title).toContain('3 runs');
    expect(metricCell({ n: 1, mean: 0.9, std: null, ci95: null })).toMatchObject({ main: '0.900', interval: null });
    expect(metricCell(undefined).main).toBe('—');
    expect(metricCell({ n: 3, mean: 6.6667, std: 1.5275, ci95: { low: 2.872, high: 10.461 } }, 1)).toMatchObject({ main: '6.7 ± 1.5', interval: '[2.9, 10.5]' });
    expect(metricCell({ n: 3, mean: 0.9, std: 0.00023, ci95: { low: 0.8994, high: 0.9006 } }).main).toBe('0.900 ± 0.0002');
  });

  it('badges the best, a clearly worse group with its p, and a close one as not distinguishable', () => {
    const runs = [...replicates(0.1, [0.95, 0.96, 0.955]), ...replicates(0.01, [0.7, 0.72, 0.71]), ...replicates(0.03, [0.9, 0.97, 0.93])];
    const rows = groupRows(report(runs), runs);
    expect(rows.map((r) => r.label)).toEqual(['lr=0.1', 'lr=0.03', 'lr=0.01']);
    expect(rows[0]).toMatchObject({ best: true, n: 3, badge: { verdict: 'best', text: 'best' } });
    expect(rows[1].badge!.verdict).toBe('indistinguishable');
    expect(rows[1].badge!.text).toMatch(/^not distinguishable from the best \(p = 0\.\d+\)$/);
    expect(rows[2].badge!.verdict).toBe('better');
    expect(rows[2].badge!.text).toMatch(/^better \(p [<=] 0\.\d+\)$/);
    expect(rows[2].badge!.title).toContain('higher');
    // The seed is pooled, never a defining value.
    expect(valueKeys(report(runs))).toEqual(['train.lr']);
  });

  it('says too few seeds below the minimum, and asks for more seeds in the sentence', () => {
    const runs = [...replicates(0.1, [0.95, 0.96]), ...replicates(0.01, [0.7, 0.72])];
    const r = report(runs);
    expect(groupRows(r, runs)[1].badge).toMatchObject({ verdict: 'too-few', text: 'too few seeds' });
    const s = summarySentence(r)!;
    expect(s.verdict).toBe('too-few');
    expect(s.text).toContain('cannot be compared with the runner-up (lr=0.01)');
    expect(s.text).toContain('at least 3');
  });

  it('summarises best against runner-up in one sentence', () => {
    const clear = [...replicates(0.1, [0.95, 0.96, 0.955]), ...replicates(0.01, [0.7, 0.72, 0.71])];
    expect(summarySentence(report(clear))).toMatchObject({ verdict: 'better' });
    expect(summarySentence(report(clear))!.text).toMatch(/^The best configuration \(lr=0\.1\) on val_acc is better than the runner-up \(lr=0\.01, p [<=] 0\.\d+\)\.$/);
    const tie = [...replicates(0.1, [0.9, 0.95, 0.92]), ...replicates(0.01, [0.91, 0.94, 0.9])];
    const s = summarySentence(report(tie))!;
    expect(s.verdict).toBe('indistinguishable');
    expect(s.text).toContain('is not distinguishable from the runner-up');
    expect(s.text).toContain('more seeds, or call it a tie');
    expect(summarySentence(report(replicates(0.1, [0.9, 0.95, 0.92])))).toBeNull();
  });

  it('names selection runs and unfinished runs in the row instead of counting them', () => {
    const search = runRecord({ id: 100, trialIndex: 0, params: { 'train.lr': 0.1, 'train.seed': 0 }, metrics: { val_acc: 0.99 } });
    const reps = [101, 102, 103].map((id, i) => runRecord({ id, replicateOf: 0, params: { 'train.lr': 0.1, 'train.seed': 10 + i }, metrics: { val_acc: 0.9 } }));
    const running = runRecord({ id: 104, replicateOf: 0, status: 'running', params: { 'train.lr': 0.1, 'train.seed': 13 } });
    const runs = [search, ...reps, running];
    const [row] = groupRows(report(runs), runs);
    expect(row.n).toBe(3);
    expect(row.notes.map((n) => n.text)).toEqual(['+1 selection run not counted', '1 running']);
    expect(row.notes[0].title).toContain('100');
    expect(row.notes[0].title).toContain("winner's curse");
    expect(row.cells.val_acc.main).toBe('0.900 ± 0.000');
  });

  it('has an empty state when nothing can be compared', () => {
    expect(emptyReason(report([]))!.title).toBe('Nothing to group');
    const queued = [runRecord({ id: 200, status: 'queued', params: { 'train.lr': 0.1 } })];
    expect(emptyReason(report(queued))!.title).toBe('No finished runs yet');
    expect(emptyReason(report(replicates(0.1, [0.9])))).toBeNull();
  });

  it('offers None, Configuration and each swept key, and round-trips the choice', () => {
    expect(groupByOptions(['train.lr', 'model.hidden']).map((o) => o.value)).toEqual(['none', 'config', 'param:train.lr', 'param:model.hidden']);
    for (const by of [null, { kind: 'config' } as const, { kind: 'param', key: 'model.hidden' } as const]) expect(groupByOf(groupByValue(by))).toEqual(by);
    expect(validGroupBy({ kind: 'param', key: 'gone' }, ['train.lr'])).toBeNull();
    expect(validGroupBy({ kind: 'param', key: 'train.lr' }, ['train.lr'])).toEqual({ kind: 'param', key: 'train.lr' });
  });

  it('groups by one parameter with the parameter as the only value', () => {
    const runs = [...replicates(0.1, [0.9, 0.91, 0.92]), ...replicates(0.01, [0.8, 0.81, 0.82])];
    const r = report(runs, { kind: 'param', key: 'train.seed' });
    expect(valueKeys(r)).toEqual(['train.seed']);
    expect(groupRows(r, runs).map((x) => x.n)).toEqual([2, 2, 2]);
  });

  it('estimates the confirm runs from the sweep’s own run times', () => {
    expect(confirmEstimate(3, 5, 10, 4000)).toBe('15 runs (3 configurations × 5 seeds), of about 4 s each');
    expect(confirmEstimate(3, 5, 2, null)).toBe('10 runs (2 configurations × 5 seeds)');
    expect(confirmEstimate(1, 3, 6, null)).toBe('3 runs (1 configuration × 3 seeds)');
    expect(confirmEstimate(1, 3, 6, 300)).toBe('3 runs (1 configuration × 3 seeds), of under a second each');
    expect(meanRunMs([runRecord({ id: 1 }), runRecord({ id: 2, status: 'failed' }), runRecord({ id: 3, status: 'queued' })])).toBe(4000);
    expect(meanRunMs([])).toBeNull();
    expect(clampInt('4', 1, 20)).toBe(4);
    expect(clampInt(2.5, 1, 20)).toBeNull();
    expect(clampInt(51, 2, 50)).toBeNull();
    expect(clampInt('', 2, 50)).toBeNull();
  });
});

describe('groupCurves', () => {
  it('indexes per-epoch series by epoch, so runs of other batch sizes line up', () => {
    expect(byEpoch({ values: [0.5, 0.7, null] })).toEqual({ steps: [1, 2, 3], values: [0.5, 0.7, null] });
  });

  it('draws each group as low, high filled down to low, and the mean on top', () => {
    const points = groupBand([byEpoch({ values: [0.5, 0.7] }), byEpoch({ values: [0.6, 0.8] }), byEpoch({ values: [0.55, 0.75] })]);
    const ds = bandDatasets([
      { label: 'lr=0.1', colorIndex: 0, points },
      { label: 'lr=0.01', colorIndex: 1, points },
    ]);
    expect(ds).toHaveLength(6);
    expect(ds[1].fill).toEqual({ target: 0 });
    expect(ds[4].fill).toEqual({ target: 3 });
    expect(String(ds[1].backgroundColor)).toMatch(/^rgba\(.*0\.15\)$/);
    expect(ds[2]).toMatchObject({ label: 'lr=0.1', borderWidth: 2 });
    expect((ds[2].data as { x: number; y: number }[]).map((p) => p.y)).toEqual([0.55, 0.75].map((v) => expect.closeTo(v, 10)));
    const low = (ds[0].data as { y: number }[])[0].y;
    const high = (ds[1].data as { y: number }[])[0].y;
    expect(low).toBeLessThan(0.55);
    expect(high).toBeGreaterThan(0.55);
  });

  it('keeps an accuracy axis at 1 and the band edges out of the legend and tooltips', () => {
    const cfg = bandChart([{ label: 'lr=0.1', colorIndex: 0, points: [] }], { title: 't', yLabel: 'accuracy', yMax: 1, theme: { text: '#000', title: '#000', grid: '#eee' } });
    expect((cfg.options!.scales!.y as { max?: number }).max).toBe(1);
    const filter = cfg.options!.plugins!.legend!.labels!.filter!;
    expect(cfg.data.datasets.map((d) => filter({ text: d.label } as never, cfg.data as never))).toEqual([false, false, true]);
  });

  it('fetches each run once across the groups drawn', () => {
    expect(bandRunIds([{ counted: [1, 2] }, { counted: [2, 3] }])).toEqual([1, 2, 3]);
    expect(bandRunIds([{ counted: [1, 2, 3] }], 2)).toEqual([1, 2]);
  });
});
