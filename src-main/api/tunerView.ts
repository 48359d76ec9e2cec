/**
 * A sweep's search for the Tuner panel: each trial's objective (the best it reached, as
 * the samplers rank it), the best so far, the epochs each trained against the pruner's
 * rungs, and how much of the budget is spent. Pure: `tunerView` computes everything from
 * a SearchHistory and the config, so it is tested with hand-made records; `loadTunerView`
 * only reads that history from the store.
 */
import { ashaRungs, bracketCycle, bracketOf, hyperbandBrackets, withPrunerDefaults } from '../search/pruners';
import type { Store } from '../store/store';
import type { RunRecord, RunStatus } from '../store/types';
import { maxTrialEpochs, objectiveOf, type SweepConfig } from '../sweep/configSchema';
import { loadSearchHistory, SweepSearch, type SearchHistory } from '../sweep/tuner';
import type { TunerTrial, TunerView } from './contract';
import { notFound } from './errors';

/** What counts towards the best so far: a trial the search has judged (a pruned one's early best included). */
const FINISHED: readonly RunStatus[] = ['completed', 'pruned'];

type Direction = TunerView['objective']['direction'];

/** The best finite value of a curve in `direction`; null when it has none. */
export function bestOf(values: readonly (number | null)[], direction: Direction): number | null {
  const finite = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (finite.length === 0) return null;
  return direction === 'maximize' ? Math.max(...finite) : Math.min(...finite);
}

/** Where the pruner compares trials: its rungs, and Hyperband's per bracket. */
export function prunerRungs(config: SweepConfig, maxEpochs: number): Pick<TunerView, 'pruner' | 'rungs' | 'brackets'> & { bracketOf?: (trialIndex: number) => number } {
  if (!config.search.pruner) return { pruner: null, rungs: [] };
  const pruner = withPrunerDefaults(config.search.pruner);
  if (pruner.type === 'median') return { pruner, rungs: [] };
  const { minEpochs, reductionFactor } = pruner;
  if (pruner.type === 'asha') return { pruner, rungs: ashaRungs(minEpochs, reductionFactor, maxEpochs) };
  const all = hyperbandBrackets({ minEpochs, reductionFactor }, maxEpochs);
  const cycle = bracketCycle(all);
  const brackets = all.map((b) => ({ bracket: b.bracket, rungs: ashaRungs(b.minEpochs, reductionFactor, maxEpochs) }));
  const rungs = [...new Set(brackets.flatMap((b) => b.rungs))].sort((a, b) => a - b);
  return { pruner, rungs, brackets, bracketOf: (i) => bracketOf(i, cycle) };
}

/** The latest attempt of each trial, by trial index. */
function latestAttempts(runs: readonly RunRecord[]): RunRecord[] {
  const byTrial = new Map<number, RunRecord>();
  for (const r of [...runs].sort((a, b) => a.trialIndex - b.trialIndex || a.attempt - b.attempt)) byTrial.set(r.trialIndex, r);
  return [...byTrial.values()];
}

/** The view of a sweep's search from its history (every attempt), at time `now`. */
export function tunerView(sweepId: number, config: SweepConfig, history: SearchHistory, now = Date.now()): TunerView {
  const objective = objectiveOf(config.search);
  const maxEpochs = maxTrialEpochs(config);
  const { bracketOf: bracketFor, ...schedule } = prunerRungs(config, maxEpochs);
  // The search's own bookkeeping counts the budget exactly as the scheduler stops on it.
  const search = new SweepSearch(config, history.runs, history.objective, history.epochs, history.lastEpochAt);
  const better = (a: number, b: number) => (objective.direction === 'maximize' ? a > b : a < b);

  let best: number | null = null;
  const trials: TunerTrial[] = latestAttempts(history.runs).map((r) => {
    const value = bestOf(history.objective.get(r.id) ?? [], objective.direction);
    if (FINISHED.includes(r.status) && value !== null && (best === null || better(value, best))) best = value;
    return {
      runId: r.id,
      trialIndex: r.trialIndex,
      status: r.status,
      value,
      bestSoFar: best,
      epochs: history.epochs.get(r.id) ?? 0,
      startedAt: r.startedAt,
      finishedAt: r.finishedAt,
      ...(bracketFor ? { bracket: bracketFor(r.trialIndex) } : {}),
      note: r.status === 'pruned' ? r.error : null,
      params: r.params,
    };
  });

  return {
    sweepId,
    strategy: config.search.strategy,
    objective,
    ...schedule,
    maxEpochs,
    budget: config.search.budget ? { ...config.search.budget } : null,
    spent: { epochs: search.epochsUsed(), minutes: search.trainingMs(now) / 60_000 },
    trials,
  };
}

/** The view of sweep `sweepId` as the store holds it now. */
export function loadTunerView(store: Store, sweepId: number, now = Date.now()): TunerView {
  const sweep = store.sweeps.get(sweepId);
  if (!sweep) throw notFound(`no sweep with id ${sweepId}`);
  const history = loadSearchHistory(store, sweepId, objectiveOf(sweep.config.search).metric);
  return tunerView(sweepId, sweep.config, history, now);
}
