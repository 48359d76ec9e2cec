/**
 * What the grouped runs table shows, from a GroupReport (src-main/analysis/groups.ts
 * computes the statistics; this only words and formats them): the "Group by" choices,
 * one row per group with its values, n, each metric as `mean ± std` over its t-interval,
 * the verdict against the best group as a badge, the runs it leaves out and why, and the
 * one sentence above the table on whether the best is distinguishable from the
 * runner-up. Pure: tested without a DOM.
 */
import { formatDurationMs, formatMetric, formatPValue, formatParamValue, verdictText, type Comparison, type GroupBy, type GroupReport, type MetricSummary, type RunGroup, type Verdict } from '../shared';

// ------------------------------------------------------------------ the Group by select

export interface GroupByOption {
  /** `none`, `config` or `param:<key>`: a <select>'s string value. */
  value: string;
  label: string;
}

export function groupByValue(by: GroupBy | null): string {
  return by === null ? 'none' : by.kind === 'config' ? 'config' : `param:${by.key}`;
}

export function groupByOf(value: string): GroupBy | null {
  if (value === 'config') return { kind: 'config' };
  if (value.startsWith('param:')) return { kind: 'param', key: value.slice('param:'.length) };
  return null;
}

/** None, Configuration (replicates over seeds), then every swept key. */
export function groupByOptions(sweptKeys: readonly string[]): GroupByOption[] {
  return [
    { value: 'none', label: 'None (one row per run)' },
    { value: 'config', label: 'Configuration (seeds pooled)' },
    ...sweptKeys.map((k) => ({ value: `param:${k}`, label: k })),
  ];
}

/** A stored choice that still fits the sweep (a key no longer swept falls back to none). */
export function validGroupBy(by: GroupBy | null | undefined, sweptKeys: readonly string[]): GroupBy | null {
  if (!by) return null;
  return by.kind === 'config' || sweptKeys.includes(by.key) ? by : null;
}

// ------------------------------------------------------------------ numbers

export const METRIC_LABELS: Record<string, string> = {
  train_loss: 'Train loss',
  train_acc: 'Train acc',
  val_loss: 'Val loss',
  val_acc: 'Val acc',
  test_loss: 'Test loss',
  test_acc: 'Test acc',
  best_epoch: 'Best epoch',
};
export const metricLabel = (key: string) => METRIC_LABELS[key] ?? key;

const DIGITS = 3;
/** Decimals per metric where three would be noise: epochs are whole numbers, their mean needs one. */
const METRIC_DIGITS: Record<string, number> = { best_epoch: 1 };

/** `p = 0.0041`, `p = 0.34`, `p < 0.001`: groups.ts's rule, as the CLI prints it. */
export const pText = formatPValue;

/** A spread at the mean's resolution (0.008, not 0.00800); below it, one significant digit (0.0002) rather than 0.000. */
function spreadText(std: number, digits: number): string {
  if (!Number.isFinite(std)) return String(std);
  return std === 0 || std >= 10 ** -digits ? std.toFixed(digits) : std.toPrecision(1);
}

export interface MetricCell {
  /** `0.913 ± 0.008`, `0.913` for one run, `—` for none. */
  main: string;
  /** `[0.904, 0.922]`, the 95 % t-interval of the mean; null below two runs. */
  interval: string | null;
  /** The whole story, for a tooltip and a screen reader. */
  title: string;
}

export function metricCell(s: MetricSummary | undefined, digits = DIGITS): MetricCell {
  if (!s || s.mean === null || s.n === 0) return { main: '—', interval: null, title: 'No finite value in this group' };
  const mean = formatMetric(s.mean, digits);
  if (s.std === null || s.ci95 === null) return { main: mean, interval: null, title: `${mean} (one run: no spread, no interval)` };
  const main = `${mean} ± ${spreadText(s.std, digits)}`;
  const interval = `[${formatMetric(s.ci95.low, digits)}, ${formatMetric(s.ci95.high, digits)}]`;
  return { main, interval, title: `mean ± standard deviation over ${s.n} runs: ${main}; 95 % t-interval of the mean ${interval}` };
}

// ------------------------------------------------------------------ verdict badges

export interface Badge {
  verdict: Verdict;
  text: string;
  title: string;
}

export function badgeOf(c: Comparison | null, report: Pick<GroupReport, 'minReplicates' | 'alpha' | 'objective'>): Badge | null {
  if (!c) return null;
  const metric = report.objective.metric;
  const diff = c.difference !== null ? ` The best group's mean ${metric} is ${formatMetric(Math.abs(c.difference), DIGITS)} ${c.difference >= 0 ? 'higher' : 'lower'} than this one's` : '';
  const ci = c.ci95 ? ` (95 % interval of the difference [${formatMetric(c.ci95.low, DIGITS)}, ${formatMetric(c.ci95.high, DIGITS)}]).` : diff ? '.' : '';
  switch (c.verdict) {
    case 'best':
      return { verdict: 'best', text: verdictText(c), title: `The best group on ${metric} (${report.objective.direction}).` };
    case 'better':
      return { verdict: 'better', text: verdictText(c), title: `The best group is better than this one: Welch's t-test, ${pText(c.p ?? 0)} < ${report.alpha}.${diff}${ci}` };
    case 'indistinguishable':
      return {
        verdict: 'indistinguishable',
        text: verdictText(c),
        title: `This group may be as good as the best: Welch's t-test, ${pText(c.p ?? 1)} ≥ ${report.alpha}.${diff}${ci}`,
      };
    case 'too-few':
      return { verdict: 'too-few', text: verdictText(c), title: `No test: this group or the best has fewer than ${report.minReplicates} counted runs. Confirm the top configurations with more seeds.` };
  }
}

// ------------------------------------------------------------------ rows

export interface RunStatusLike {
  id: number;
  status: string;
}

export interface GroupRow {
  key: string;
  label: string;
  /** The group's defining values, in the report's key order. */
  values: { key: string; text: string }[];
  /** Counted runs (the statistics' n). */
  n: number;
  runIds: number[];
  /** Notes on the runs not counted: `+1 selection run not counted`, `2 running`. */
  notes: { text: string; title: string }[];
  cells: Record<string, MetricCell>;
  badge: Badge | null;
  best: boolean;
}

export function runsWord(n: number, what = 'run'): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

export function groupRow(g: RunGroup, report: GroupReport, statusOf: (id: number) => string | undefined): GroupRow {
  const notes: GroupRow['notes'] = [];
  if (g.selectionRunIds.length) {
    notes.push({
      text: `+${runsWord(g.selectionRunIds.length, 'selection run')} not counted`,
      title: `Search run${g.selectionRunIds.length === 1 ? '' : 's'} ${g.selectionRunIds.join(', ')}: this configuration was picked because of ${g.selectionRunIds.length === 1 ? 'its' : 'their'} score, so counting ${g.selectionRunIds.length === 1 ? 'it' : 'them'} would flatter its mean (the winner's curse). Only the replicates count.`,
    });
  }
  const counted = new Set([...g.counted, ...g.selectionRunIds]);
  const others = new Map<string, number[]>();
  for (const id of g.runIds) {
    if (counted.has(id)) continue;
    const s = statusOf(id) ?? 'unknown';
    others.set(s, [...(others.get(s) ?? []), id]);
  }
  for (const [status, ids] of others) notes.push({ text: `${ids.length} ${status}`, title: `Run${ids.length === 1 ? '' : 's'} ${ids.join(', ')}: ${status}, not counted (only completed runs are).` });
  return {
    key: g.key,
    label: g.label,
    values: Object.entries(g.params).map(([key, v]) => ({ key, text: formatParamValue(v) })),
    n: g.counted.length,
    runIds: g.runIds,
    notes,
    cells: Object.fromEntries(report.metrics.map((m) => [m, metricCell(g.metrics[m], METRIC_DIGITS[m] ?? DIGITS)])),
    badge: badgeOf(g.comparison, report),
    best: g.key === report.bestKey,
  };
}

export function groupRows(report: GroupReport, runs: readonly RunStatusLike[]): GroupRow[] {
  const status = new Map(runs.map((r) => [r.id, r.status]));
  return report.groups.map((g) => groupRow(g, report, (id) => status.get(id)));
}

/** The columns of the defining values: union of the groups' keys, in first-seen order. */
export function valueKeys(report: GroupReport): string[] {
  const keys: string[] = [];
  for (const g of report.groups) for (const k of Object.keys(g.params)) if (!keys.includes(k)) keys.push(k);
  return keys;
}

// ------------------------------------------------------------------ the sentence above

/** Why the grouped table has nothing to compare, or null when it has. */
export function emptyReason(report: GroupReport): { title: string; text: string } | null {
  if (report.groups.length === 0) return { title: 'Nothing to group', text: 'No run of this sweep can be grouped yet.' };
  if (report.bestKey === null) return { title: 'No finished runs yet', text: `No group has a value of ${report.objective.metric} yet: groups are compared as soon as runs complete.` };
  return null;
}

/**
 * One sentence: is the best group distinguishable from the runner-up? Null when there is
 * no runner-up to compare with.
 */
export function summarySentence(report: GroupReport): { text: string; verdict: Verdict } | null {
  const best = report.groups.find((g) => g.key === report.bestKey);
  const runnerUp = report.groups.find((g) => g.key !== report.bestKey && g.metrics[report.objective.metric]?.mean != null);
  if (!best || !runnerUp) return null;
  const what = report.by.kind === 'config' ? 'configuration' : 'value';
  const head = `The best ${what} (${best.label}) on ${report.objective.metric}`;
  const c = runnerUp.comparison;
  if (!c || c.verdict === 'too-few' || c.verdict === 'best' || c.p === null) {
    const nBest = best.counted.length;
    const nRun = runnerUp.counted.length;
    return {
      verdict: 'too-few',
      text: `${head} cannot be compared with the runner-up (${runnerUp.label}) yet: ${runsWord(nBest)} and ${runsWord(nRun)} counted, at least ${report.minReplicates} each are needed. Confirm the top configurations with more seeds.`,
    };
  }
  if (c.verdict === 'better') return { verdict: 'better', text: `${head} is better than the runner-up (${runnerUp.label}, ${pText(c.p)}).` };
  return { verdict: 'indistinguishable', text: `${head} is not distinguishable from the runner-up (${runnerUp.label}, ${pText(c.p)}): more seeds, or call it a tie.` };
}

// ------------------------------------------------------------------ the confirm dialog

export const CONFIRM_DEFAULTS = { top: 3, seeds: 5 } as const;
export const CONFIRM_LIMITS = { top: { min: 1, max: 20 }, seeds: { min: 2, max: 50 } } as const;

export interface DurationLike {
  status: string;
  startedAt: number | null;
  finishedAt: number | null;
}

/** Mean wall time of the sweep's completed runs (ms), or null when none has finished. */
export function meanRunMs(runs: readonly DurationLike[]): number | null {
  const d = runs.filter((r) => r.status === 'completed' && r.startedAt !== null && r.finishedAt !== null).map((r) => r.finishedAt! - r.startedAt!);
  return d.length ? d.reduce((a, b) => a + b, 0) / d.length : null;
}

/** `15 runs (3 configurations × 5 seeds), of about 4 s each`. */
export function confirmEstimate(top: number, seeds: number, configurations: number, meanMs: number | null): string {
  const k = Math.min(top, configurations);
  const count = `${runsWord(k * seeds)} (${runsWord(k, 'configuration')} × ${runsWord(seeds, 'seed')})`;
  if (meanMs === null) return count;
  return meanMs < 1000 ? `${count}, of under a second each` : `${count}, of about ${formatDurationMs(meanMs)} each`;
}

export function clampInt(v: unknown, min: number, max: number): number | null {
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isInteger(n) && n >= min && n <= max ? n : null;
}
