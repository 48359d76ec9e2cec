/**
 * The group report's tables: CSV columns and unrounded values (read back with a real CSV
 * parser), the LaTeX table's booktabs structure, bold best, dagger and caption, and the
 * escaping of user text.
 */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { groupRuns } from '../../src-main/analysis/groups';
import type { GroupableRun } from '../../src-main/analysis/groupTypes';
import { groupCsv, groupJson, groupLatex, groupMarkdown, groupTextTable } from '../../src-main/export/groupTable';

const SWEPT = ['train.lr', 'model.hidden', 'train.seed'];

function run(id: number, lr: number, seed: number, valAcc: number): GroupableRun {
  return { id, trialIndex: id, status: 'completed', seed, params: { 'train.lr': lr, 'model.hidden': [64, 32], 'train.seed': seed }, metrics: { val_acc: valAcc, val_loss: 1 - valAcc } };
}

/** lr=0.1 is best (0.90, 0.92, 0.94); lr=0.01 is clearly worse; lr=0.05 overlaps the best; lr=1 has two seeds. */
const RUNS = [
  run(1, 0.1, 0, 0.9), run(2, 0.1, 1, 0.92), run(3, 0.1, 2, 0.94),
  run(4, 0.01, 0, 0.5), run(5, 0.01, 1, 0.51), run(6, 0.01, 2, 0.52),
  run(7, 0.05, 0, 0.85), run(8, 0.05, 1, 0.95), run(9, 0.05, 2, 0.9),
  run(10, 1, 0, 0.3), run(11, 1, 1, 0.2),
];
const report = groupRuns(RUNS, { sweptKeys: SWEPT, by: { kind: 'config' }, objective: { metric: 'val_acc', direction: 'maximize' }, metrics: ['val_acc', 'val_loss'] });

describe('groupCsv', () => {
  it('has the param columns, n, four columns per metric and the comparison', () => {
    const rows = parse(groupCsv(report), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0])).toEqual([
      'train.lr', 'model.hidden', 'n',
      'val_acc_mean', 'val_acc_std', 'val_acc_ci95_low', 'val_acc_ci95_high',
      'val_loss_mean', 'val_loss_std', 'val_loss_ci95_low', 'val_loss_ci95_high',
      'verdict', 'p_value', 'difference', 'difference_ci95_low', 'difference_ci95_high',
    ]);
    expect(rows.map((r) => [r['train.lr'], r['model.hidden'], r.n, r.verdict])).toEqual([
      ['0.1', '64-32', '3', 'best'],
      ['0.05', '64-32', '3', 'indistinguishable'],
      ['0.01', '64-32', '3', 'better'],
      ['1', '64-32', '2', 'too-few'],
    ]);
    // Full precision, exactly the numbers of the report.
    const worse = report.groups[2];
    expect(Number(rows[2].val_acc_ci95_low)).toBe(worse.metrics.val_acc.ci95!.low);
    expect(Number(rows[2].p_value)).toBe(worse.comparison!.p);
    expect(rows[0].p_value).toBe('');
    expect(rows[3].val_acc_std).not.toBe('');
  });
});

describe('groupLatex', () => {
  const tex = groupLatex(report, { caption: 'Grid on 50% of data & more', label: 'tab:groups' });

  it('is a booktabs table with mean \\pm std cells', () => {
    expect(tex).toContain('\\toprule');
    expect(tex).toContain('\\midrule');
    expect(tex).toContain('\\bottomrule');
    expect(tex).toContain('\\label{tab:groups}');
    expect(tex).toContain('$0.5100 \\pm 0.0100$');
    // One row per group between \midrule and \bottomrule.
    const body = tex.slice(tex.indexOf('    \\midrule'), tex.indexOf('    \\bottomrule'));
    expect(body.split('\n').filter((l) => l.endsWith('\\\\'))).toHaveLength(4);
  });

  it('bolds the best objective, daggers the indistinguishable group only', () => {
    const rows = tex.split('\n').filter((l) => l.trim().endsWith('\\\\'));
    expect(rows[1]).toMatch(/^ {4}0\.1 & 64-32 & 3 & \$\\mathbf\{0\.9200 \\pm 0\.0200\}\$/);
    expect(rows[2]).toContain('0.9000 \\pm 0.0500^\\dagger$');
    expect(tex.match(/\\dagger/g)).toHaveLength(2); // the row and the caption
    expect(rows[3]).not.toContain('dagger');
  });

  it('states n, the test and the dagger in the caption, escaping the user part', () => {
    const caption = tex.split('\n').find((l) => l.includes('\\caption{'))!;
    expect(caption).toContain('Grid on 50\\% of data \\& more');
    expect(caption).toContain('$n = 2$--$3$ runs per group');
    expect(caption).toContain("Welch's two-sided $t$-test, $\\alpha = 0.05$");
    expect(caption).toContain('val\\_acc');
    expect(caption).toContain('$^\\dagger$: not distinguishable from the best');
  });

  it('refuses a label that would break \\label{}', () => {
    expect(() => groupLatex(report, { label: 'tab groups' })).toThrow(/may not contain spaces/);
  });
});

describe('the readable tables', () => {
  it('Markdown has one row per group with the verdict text', () => {
    const md = groupMarkdown(report).trim().split('\n');
    expect(md).toHaveLength(2 + 4);
    expect(md[2]).toContain('| 0.9200 ± 0.0200 |');
    expect(md[3]).toMatch(/not distinguishable from the best \(p = 0\.\d+\)/);
    expect(md[5]).toContain('too few seeds');
  });

  it('the text table shows the best group first with its interval', () => {
    const { header, rows } = groupTextTable(report);
    expect(header.slice(0, 4)).toEqual(['group', 'n', 'val_acc', 'val_loss']);
    expect(rows[0][0]).toBe('lr=0.1, hidden=64-32');
    // 0.92 ± t(0.975, 2)·0.02/√3 = 0.92 ± 0.0497 (t = 4.302652729749462, SciPy).
    expect(rows[0][4]).toBe('[0.8703, 0.9697]');
  });

  it('JSON round-trips the report', () => {
    expect(JSON.parse(groupJson(report))).toEqual(JSON.parse(JSON.stringify(report)));
  });
});
