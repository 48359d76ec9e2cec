/**
 * What the Tuner panel draws, from a TunerView: the optimisation history's points and
 * best-so-far line (by trial number or by wall time), the trials' bars in the order asked,
 * and how many trials reached and passed each rung. Pure, so the counts a person reads
 * are tested without a canvas.
 */
import { formatDurationMs, formatParamValue, type RunStatus, type TunerTrial, type TunerView } from '../shared';

export type HistoryAxis = 'trial' | 'time';
export type RungSort = 'index' | 'value';

/** Statuses whose objective is a result to plot (queued and running trials have none yet). */
const PLOTTED: readonly RunStatus[] = ['completed', 'pruned', 'failed', 'cancelled', 'interrupted'];

export interface HistoryPoint {
  x: number;
  y: number;
  trial: TunerTrial;
}

export interface HistoryModel {
  /** Points per status, in the order a legend lists them. */
  groups: { status: RunStatus; points: HistoryPoint[] }[];
  /** The best so far as a step line (a point where each finished trial landed). */
  best: { x: number; y: number }[];
  count: number;
}

/** The sweep's first start: wall time is counted from here. */
const firstStart = (v: TunerView) => Math.min(...v.trials.map((t) => t.startedAt ?? Infinity));

/** The history's points: x the trial number, or minutes since the sweep's first start (at the trial's end). */
export function historyModel(view: TunerView, axis: HistoryAxis): HistoryModel {
  const origin = firstStart(view);
  const xOf = (t: TunerTrial) => (axis === 'trial' ? t.trialIndex : ((t.finishedAt ?? t.startedAt ?? origin) - origin) / 60_000);
  const shown = view.trials.filter((t) => t.value !== null && PLOTTED.includes(t.status) && (axis === 'trial' || t.finishedAt !== null));
  const groups = PLOTTED.map((status) => ({ status, points: shown.filter((t) => t.status === status).map((t) => ({ x: xOf(t), y: t.value!, trial: t })) })).filter((g) => g.points.length);

  // By trial number the server's bestSoFar holds; in time, trials finish out of index order.
  const better = (a: number, b: number) => (view.objective.direction === 'maximize' ? a > b : a < b);
  const counted = shown.filter((t) => t.status === 'completed' || t.status === 'pruned').sort((a, b) => xOf(a) - xOf(b));
  const best: { x: number; y: number }[] = [];
  let y: number | null = null;
  for (const t of counted) {
    if (y === null || better(t.value!, y)) y = t.value!;
    best.push({ x: xOf(t), y });
  }
  return { groups, best, count: shown.length };
}

/** "val_acc (maximize)": what the y axis shows. */
export const objectiveLabel = (view: Pick<TunerView, 'objective'>) => `${view.objective.metric} (${view.objective.direction})`;

/** A trial's swept values, one `key=value` a line, for tooltips. */
export const paramLines = (params: Record<string, unknown>) => Object.entries(params).map(([k, v]) => `${k}=${formatParamValue(v)}`);

/** The rung view is for halving pruners, or a sweep where something was pruned anyway. */
export function showsRungs(view: TunerView | null): boolean {
  if (!view) return false;
  return view.pruner?.type === 'asha' || view.pruner?.type === 'hyperband' || view.trials.some((t) => t.status === 'pruned');
}

/** The trials in the rung view's order: by trial index, or best value first (no value last). */
export function sortTrials(view: TunerView, by: RungSort): TunerTrial[] {
  const trials = [...view.trials];
  if (by === 'index') return trials.sort((a, b) => a.trialIndex - b.trialIndex);
  const sign = view.objective.direction === 'maximize' ? -1 : 1;
  return trials.sort((a, b) => (a.value === null ? 1 : 0) - (b.value === null ? 1 : 0) || sign * ((a.value ?? 0) - (b.value ?? 0)) || a.trialIndex - b.trialIndex);
}

export interface RungCount {
  bracket?: number;
  rung: number;
  /** Trials that trained at least `rung` epochs. */
  reached: number;
  /** Trials that trained past it; null at the last epoch, where there is nowhere further to go. */
  promoted: number | null;
  text: string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Per rung (per bracket under Hyperband): how many trials reached it and how many went on. */
export function rungCounts(view: TunerView): RungCount[] {
  const groups = view.brackets?.length
    ? view.brackets.map((b) => ({ bracket: b.bracket as number | undefined, rungs: b.rungs, trials: view.trials.filter((t) => t.bracket === b.bracket) }))
    : [{ bracket: undefined, rungs: view.rungs, trials: view.trials }];
  return groups.flatMap((g) =>
    g.rungs.map((rung) => {
      const reached = g.trials.filter((t) => t.epochs >= rung).length;
      const promoted = rung < view.maxEpochs ? g.trials.filter((t) => t.epochs > rung).length : null;
      const where = g.bracket === undefined ? `rung ${rung}` : `bracket ${g.bracket}, rung ${rung}`;
      const text = `${where}: ${plural(reached, 'trial')} reached${promoted === null ? ' (the last epoch)' : `, ${promoted} promoted`}`;
      return { ...(g.bracket === undefined ? {} : { bracket: g.bracket }), rung, reached, promoted, text };
    }),
  );
}

/** "34 of 100 epochs · 3 min 12 s of 30 min trained": the budget and what is spent of it. */
export function budgetText(view: TunerView): string {
  const { budget, spent } = view;
  const epochs = budget?.epochs !== undefined ? `${spent.epochs} of ${budget.epochs} epochs` : `${spent.epochs} epochs`;
  const took = formatDurationMs(spent.minutes * 60_000);
  const time = budget?.minutes !== undefined ? `${took} of ${formatDurationMs(budget.minutes * 60_000)}` : took;
  return `${epochs} · ${time} trained`;
}

/** "asha (min 1 epoch, η = 3)", "median", "no pruner". */
export function prunerText(view: TunerView): string {
  const p = view.pruner;
  if (!p) return 'no pruner';
  if (p.minEpochs === undefined) return p.type;
  return `${p.type} (min ${plural(p.minEpochs, 'epoch')}, η = ${p.reductionFactor})`;
}
