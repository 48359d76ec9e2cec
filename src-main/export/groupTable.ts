/**
 * A GroupReport (analysis/groups.ts) as text: CSV and JSON with every number at full
 * precision for analysis tools, and Markdown, a terminal table and a LaTeX `table` for
 * reading, rounded like the run table. The numbers and verdicts are computed once, in
 * groupRuns; this file only lays them out.
 */
import { formatMetric } from '../shared/format';
import { formatPValue, verdictText } from '../analysis/groups';
import type { GroupReport, MetricSummary, RunGroup } from '../analysis/groupTypes';
import { toCsv } from './csv';
import { assertLatexLabel, booktabsTable, escapeLatex } from './latex';
import { escapeMarkdown } from './markdown';
import type { RunTableCell } from './types';

export interface GroupLatexOptions {
  /** Plain text, escaped; the statistics sentence is appended to it. */
  caption?: string;
  /** Used as is in \label{}; refused if it holds characters that break the label. */
  label?: string;
}

/** The keys that define the groups, in first-seen order (the sweep's order for configurations). */
function paramKeys(report: GroupReport): string[] {
  return [...new Set(report.groups.flatMap((g) => Object.keys(g.params)))];
}

/** Raw, like runs.csv: numbers as they are, layer sizes joined as `64-32` with full precision. */
function paramCell(v: unknown): RunTableCell {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (Array.isArray(v) && v.every((e) => typeof e !== 'object' || e === null)) return v.map(String).join('-');
  return JSON.stringify(v);
}

/** Accuracies and losses get four decimals; epochs and other counts one. */
const digitsFor = (metric: string) => (/_(acc|loss)$/.test(metric) ? 4 : 1);

/** One row per group: params, n, `<metric>_mean/_std/_ci95_low/_ci95_high`, then the comparison with the best. */
export function groupCsv(report: GroupReport): string {
  const keys = paramKeys(report);
  const header = [
    ...keys,
    'n',
    ...report.metrics.flatMap((m) => [`${m}_mean`, `${m}_std`, `${m}_ci95_low`, `${m}_ci95_high`]),
    ...['verdict', 'p_value', 'difference', 'difference_ci95_low', 'difference_ci95_high'],
  ];
  const rows = report.groups.map((g): RunTableCell[] => {
    const c = g.comparison;
    return [
      ...keys.map((k) => paramCell(g.params[k])),
      g.counted.length,
      ...report.metrics.flatMap((m) => {
        const s = g.metrics[m];
        return [s.mean, s.std, s.ci95?.low ?? null, s.ci95?.high ?? null];
      }),
      ...[c?.verdict ?? null, c?.p ?? null, c?.difference ?? null, c?.ci95?.low ?? null, c?.ci95?.high ?? null],
    ];
  });
  return toCsv({ columns: header.map((h) => ({ key: h, header: h, kind: 'param', numeric: false })), rows, best: {} });
}

/** The whole report, every number unrounded. */
export function groupJson(report: GroupReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** `0.9200 ± 0.0200`, or the mean alone when there is no spread; empty without a value. */
function meanStd(s: MetricSummary, digits: number, plusMinus = ' ± '): string {
  if (s.mean === null) return '';
  return s.std === null ? formatMetric(s.mean, digits) : `${formatMetric(s.mean, digits)}${plusMinus}${formatMetric(s.std, digits)}`;
}

/** `0.0642 [0.0321, 0.0963]`: the best group's lead over this one and its 95 % interval. */
function differenceText(g: RunGroup, digits: number): string {
  const c = g.comparison;
  if (c?.difference === null || c?.difference === undefined) return '';
  return c.ci95 ? `${formatMetric(c.difference, digits)} [${formatMetric(c.ci95.low, digits)}, ${formatMetric(c.ci95.high, digits)}]` : formatMetric(c.difference, digits);
}

/**
 * The readable table the terminal and Markdown share: group label, n, `mean ± std` per
 * metric, the objective's 95 % interval, the verdict against the best and the difference.
 */
export function groupTextTable(report: GroupReport): { header: string[]; rows: string[][] } {
  const obj = report.objective.metric;
  const od = digitsFor(obj);
  const header = ['group', 'n', ...report.metrics, `${obj} 95% CI`, 'vs best', 'best − this [95% CI]'];
  const rows = report.groups.map((g) => {
    const ci = g.metrics[obj].ci95;
    return [
      g.label,
      String(g.counted.length),
      ...report.metrics.map((m) => meanStd(g.metrics[m], digitsFor(m))),
      ci ? `[${formatMetric(ci.low, od)}, ${formatMetric(ci.high, od)}]` : '',
      verdictText(g.comparison),
      differenceText(g, od),
    ];
  });
  return { header, rows };
}

export function groupMarkdown(report: GroupReport): string {
  const { header, rows } = groupTextTable(report);
  const line = (cells: string[]) => `| ${cells.map(escapeMarkdown).join(' | ')} |`;
  const align = header.map((_, i) => (i === 0 || i >= header.length - 2 ? ':--' : '--:'));
  return [line(header), line(align), ...rows.map(line), ''].join('\n');
}

/** `lr` for `train.lr`, unless two keys would then read the same. */
function shortHeaders(keys: string[]): string[] {
  const short = (k: string) => k.slice(k.lastIndexOf('.') + 1);
  return keys.map((k) => (keys.filter((o) => short(o) === short(k)).length > 1 ? k : short(k)));
}

function nText(report: GroupReport): string {
  const ns = report.groups.map((g) => g.counted.length);
  if (ns.length === 0) return 'no runs (the sweep has no groups yet)';
  const lo = Math.min(...ns);
  const hi = Math.max(...ns);
  return lo === hi ? `$n = ${lo}$ runs per group` : `$n = ${lo}$--$${hi}$ runs per group`;
}

/**
 * booktabs table, one row per group: `mean \pm std` per metric, the best group's
 * objective in bold, a dagger on the groups not distinguishable from it, and a caption
 * that says what n, the test and the dagger are, so the table stands on its own.
 */
export function groupLatex(report: GroupReport, opts: GroupLatexOptions = {}): string {
  assertLatexLabel(opts.label);
  const keys = paramKeys(report);
  const obj = report.objective.metric;
  const math = (text: string) => text.replace(/ ± /, ' \\pm ');
  const header = [...(keys.length ? shortHeaders(keys).map(escapeLatex) : ['Group']), '$n$', ...report.metrics.map(escapeLatex), '$p$'];
  const body = report.groups.map((g) => {
    const params = keys.length ? keys.map((k) => escapeLatex(String(paramCell(g.params[k]) ?? '--'))) : [escapeLatex(g.label)];
    const cells = report.metrics.map((m) => {
      const text = meanStd(g.metrics[m], digitsFor(m));
      if (!text) return '--';
      const isBest = m === obj && g.comparison?.verdict === 'best';
      const dagger = m === obj && g.comparison?.verdict === 'indistinguishable' ? '^\\dagger' : '';
      return isBest ? `$\\mathbf{${math(text)}}$` : `$${math(text)}${dagger}$`;
    });
    const p = g.comparison?.p;
    // `0.012` or `$<0.001$`, the same rounding as the verdict text.
    const pCell = p === null || p === undefined ? '--' : `$${formatPValue(p).replace(/^p = /, '').replace(/^p < /, '<')}$`;
    return `    ${[...params, String(g.counted.length), ...cells, pCell].join(' & ')} \\\\`;
  });
  const objective = escapeLatex(obj);
  const statistics =
    `Mean $\\pm$ sample standard deviation over ${nText(report)}. ` +
    `Each group is compared with the best group on ${objective} (bold) by Welch's two-sided $t$-test, $\\alpha = ${report.alpha}$; ` +
    `$^\\dagger$: not distinguishable from the best; groups with fewer than ${report.minReplicates} runs are not tested (--).`;
  const caption = opts.caption !== undefined ? `${escapeLatex(opts.caption)} ${statistics}` : statistics;
  const spec = `${(keys.length ? keys : ['Group']).map(() => 'l').join('')}r${report.metrics.map(() => 'r').join('')}r`;
  return booktabsTable({ spec, header: `    ${header.join(' & ')} \\\\`, body, caption, label: opts.label });
}
