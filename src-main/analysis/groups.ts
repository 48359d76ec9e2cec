/**
 * Runs grouped by configuration or by one parameter, each group's statistics, and every
 * group tested against the best one. Pure: the CLI, the exports and the GUI all call it,
 * so there is one definition of what a group counts. The rules (also in the README):
 *
 * - **By configuration**: the key is every swept value except `train.seed`, so runs that
 *   differ only in their seed are replicates of one configuration. A group that holds
 *   replicate runs (`replicateOf` set, from `sweeplab confirm`) counts only those: its
 *   search runs were picked *because* they scored well, so counting them would bias the
 *   mean upwards (the winner's curse). They are listed in `selectionRunIds`. A group
 *   without replicates counts all its completed runs (a grid that swept `train.seed`).
 * - **By parameter**: the key is that parameter's value, and the groups count the
 *   search's own completed runs. Replicates are left out entirely: they re-measure only
 *   the configurations that were chosen, and would overweight those in a parameter's
 *   group.
 * - Only `completed` runs are counted (a pruned, failed or cancelled run has no full
 *   result), but every run passed in is listed in its group's `runIds`.
 * - The best group has the best objective mean among the groups with at least
 *   MIN_REPLICATES counted values; if none has that many, among all groups with a value.
 *   Every other group gets Welch's two-sided t-test against it on the objective
 *   (α = ALPHA, no correction for multiple comparisons): `better` when p < α, else
 *   `indistinguishable`; `too-few` without a test when either side has fewer than
 *   MIN_REPLICATES values. The test assumes independent runs and roughly normal
 *   objective values within a group.
 * - Order: the best group, then by objective mean (better first), groups without a
 *   value last; ties by label.
 */
import { formatParamValue } from '../shared/format';
import { paramLabel } from '../shared/runLabel';
import type { BandPoint, Comparison, GroupBy, GroupReport, GroupableRun, RunGroup } from './groupTypes';
import { summarize, welchTest } from './statistics';

/** Fewer seeds than this make a t-test too weak to report: n = 2 has one degree of freedom and t(0.975, 1) = 12.7. */
export const MIN_REPLICATES = 3;
export const ALPHA = 0.05;
/** The metrics a group table shows unless asked otherwise: the run table's result columns. */
export const GROUP_METRICS = ['val_acc', 'val_loss', 'test_acc', 'test_loss', 'train_acc', 'train_loss', 'best_epoch'] as const;
/** The swept key that makes replicates: never part of a configuration. */
export const SEED_KEY = 'train.seed';

export interface GroupOptions {
  /** The sweep's swept keys, in the config's order (labels follow it). */
  sweptKeys: readonly string[];
  by: GroupBy;
  objective: GroupReport['objective'];
  /** Metric keys to summarise (default GROUP_METRICS); the objective is added when missing. */
  metrics?: readonly string[];
}

/** JSON with object keys sorted at every depth, so equal values always give the same text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The swept values that define a run's configuration: every swept key but the seed, those the run has. */
function configParams(params: Record<string, unknown>, sweptKeys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(sweptKeys.filter((k) => k !== SEED_KEY && params[k] !== undefined).map((k) => [k, params[k]]));
}

/** A configuration's stable identity: canonical JSON of its swept values except `train.seed`. */
export function configKey(params: Record<string, unknown>, sweptKeys: readonly string[]): string {
  return canonicalJson(configParams(params, sweptKeys));
}

const isReplicate = (r: GroupableRun) => r.replicateOf !== null && r.replicateOf !== undefined;

/** `p = 0.012` (two significant digits), or `p < 0.001`. */
export function formatPValue(p: number): string {
  return p < 0.001 ? 'p < 0.001' : `p = ${formatParamValue(Number(p.toPrecision(2)))}`;
}

/** The verdict as a person reads it in a table; an em dash when nothing was compared. */
export function verdictText(comparison: Comparison | null): string {
  if (!comparison) return '—';
  switch (comparison.verdict) {
    case 'best':
      return 'best';
    case 'too-few':
      return 'too few seeds';
    case 'better':
      return `better (${formatPValue(comparison.p!)})`;
    case 'indistinguishable':
      return `not distinguishable from the best (${formatPValue(comparison.p!)})`;
  }
}

interface Draft {
  group: RunGroup;
  members: GroupableRun[];
}

/** Puts each run in its group (first appearance fixes a group's place), leaving out what the mode excludes. */
function collect(runs: readonly GroupableRun[], opts: GroupOptions): Draft[] {
  const drafts = new Map<string, Draft>();
  for (const run of runs) {
    if (opts.by.kind === 'param' && isReplicate(run)) continue;
    const params = opts.by.kind === 'config' ? configParams(run.params, opts.sweptKeys) : { [opts.by.key]: run.params[opts.by.key] ?? null };
    const key = canonicalJson(params);
    let draft = drafts.get(key);
    if (!draft) {
      const labelKeys = opts.by.kind === 'config' ? Object.keys(params) : [opts.by.key];
      const label = paramLabel(params, labelKeys) || '(all runs)';
      draft = { group: { key, label, params, runIds: [], counted: [], selectionRunIds: [], metrics: {}, comparison: null }, members: [] };
      drafts.set(key, draft);
    }
    draft.group.runIds.push(run.id);
    draft.members.push(run);
  }
  return [...drafts.values()];
}

/** The counted runs of one group, and its selection runs (see the file head). */
function countRuns(draft: Draft): GroupableRun[] {
  const hasReplicates = draft.members.some(isReplicate);
  const counted = draft.members.filter((r) => r.status === 'completed' && (!hasReplicates || isReplicate(r)));
  draft.group.counted = counted.map((r) => r.id);
  draft.group.selectionRunIds = hasReplicates ? draft.members.filter((r) => !isReplicate(r)).map((r) => r.id) : [];
  return counted;
}

const NO_TEST = { p: null, difference: null, ci95: null, df: null, t: null };

export function groupRuns(runs: readonly GroupableRun[], opts: GroupOptions): GroupReport {
  const { objective } = opts;
  const listed: readonly string[] = opts.metrics ?? GROUP_METRICS;
  const metrics = listed.includes(objective.metric) ? [...listed] : [objective.metric, ...listed];
  const values = new Map<string, number[]>();
  const drafts = collect(runs, opts);
  for (const draft of drafts) {
    const counted = countRuns(draft);
    for (const m of metrics) draft.group.metrics[m] = summarize(counted.map((r) => r.metrics[m]));
    values.set(draft.group.key, counted.map((r) => r.metrics[objective.metric]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v)));
  }
  const groups = drafts.map((d) => d.group);
  const sign = objective.direction === 'maximize' ? -1 : 1;
  const meanOf = (g: RunGroup) => g.metrics[objective.metric].mean;
  // Better objective first, no value last, then by label: both the best choice and the order.
  const rank = (a: RunGroup, b: RunGroup) => {
    const ma = meanOf(a);
    const mb = meanOf(b);
    if (ma === null || mb === null) return ma === mb ? 0 : ma === null ? 1 : -1;
    return sign * (ma - mb);
  };
  const byRank = (a: RunGroup, b: RunGroup) => rank(a, b) || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
  const enough = groups.filter((g) => values.get(g.key)!.length >= MIN_REPLICATES);
  const withValue = groups.filter((g) => meanOf(g) !== null);
  const best = [...(enough.length ? enough : withValue)].sort(byRank)[0];

  if (best) {
    const bestValues = values.get(best.key)!;
    for (const g of groups) {
      if (g === best) {
        g.comparison = { verdict: 'best', ...NO_TEST };
        continue;
      }
      const own = values.get(g.key)!;
      const test = bestValues.length >= MIN_REPLICATES && own.length >= MIN_REPLICATES ? welchTest(bestValues, own) : null;
      g.comparison = test ? { verdict: test.p < ALPHA ? 'better' : 'indistinguishable', p: test.p, difference: test.difference, ci95: test.ci95, df: test.df, t: test.t } : { verdict: 'too-few', ...NO_TEST };
    }
  }
  const ordered = [...groups].sort((a, b) => (a === best ? -1 : b === best ? 1 : byRank(a, b)));
  return { by: opts.by, objective, alpha: ALPHA, minReplicates: MIN_REPLICATES, metrics, groups: ordered, bestKey: best?.key ?? null };
}

/**
 * A group's per-step band for the curves view: at each step, the mean and t-interval of
 * the runs with a finite value there. Runs of different lengths (pruned early, or more
 * epochs) simply stop contributing, so n falls along the band; steps no run reached are
 * left out.
 */
export function groupBand(series: readonly { steps: readonly number[]; values: readonly (number | null)[] }[]): BandPoint[] {
  const atStep = new Map<number, number[]>();
  for (const s of series) {
    s.steps.forEach((step, i) => {
      const v = s.values[i];
      if (typeof v !== 'number' || !Number.isFinite(v)) return;
      const list = atStep.get(step);
      if (list) list.push(v);
      else atStep.set(step, [v]);
    });
  }
  return [...atStep.entries()]
    .sort(([a], [b]) => a - b)
    .map(([step, vs]) => {
      const s = summarize(vs);
      return { step, n: s.n, mean: s.mean!, low: s.ci95?.low ?? null, high: s.ci95?.high ?? null };
    });
}
