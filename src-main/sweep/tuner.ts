/**
 * A sweep's search while it runs: which trial comes next (a TPE or GP proposal from the
 * trials so far), whether a training trial stops at the epoch it just ended (the
 * pruner), and whether the budget is spent. The scheduler owns one per running sweep
 * and tells it what happens; everything it knows is also in the store, and `load`
 * rebuilds it from there, so a resumed sweep carries on exactly where it was.
 *
 * The rules themselves are pure and live in search/: samplers/ (what to try), pruners/
 * (when to stop). This file only keeps the trials' histories and asks them.
 *
 * Replicates (`confirm`: a chosen configuration trained again with a fresh seed) live in
 * the same sweep but are not the search's: a proposal learning from them would count the
 * winner several times over, their epochs are a check the person asked for after the
 * search, not part of its budget, and pruning one would cut short the very re-run meant
 * to measure it. So the search skips them everywhere, and only keeps their trial indexes
 * out of its proposals.
 */
import { METRIC, type MetricPoint } from '../api/metrics';
import { createSampler, trialRng, type SamplerSpec } from '../search/samplers';
import type { FinishedTrial } from '../search/samplers/types';
import { decidePruning, type PruneDecision, type TrialHistory as PruneHistory, type TrialState as PruneState } from '../search/pruners';
import { type PrunerConfig, withPrunerDefaults } from '../search/pruners/config';
import type { Store } from '../store/store';
import type { RunRecord, RunStatus } from '../store/types';
import { ADAPTIVE_STRATEGIES, objectiveOf, type SweepConfig } from './configSchema';
import { MAX_TRIALS } from './limits';
import { makeTrial, toSearchSpace, type Trial } from './searchSpace';

interface TrialState {
  index: number;
  runId: number;
  params: Record<string, unknown>;
  status: RunStatus;
  /** `values[e - 1]`: the objective at the end of epoch e (null: not a number). */
  values: (number | null)[];
}

/** Epochs and training time a run has used; every attempt counts against the budget. */
interface Usage {
  epochs: number;
  startedAt: number | null;
  finishedAt: number | null;
}

/** The next trial, or why there is none: `early` when the search ended before its trials (a spent budget). */
export type Proposal = { trial: Trial } | { done: string; early: boolean };

export interface SearchHistory {
  /** Every attempt of every trial of the search (replicates are not the search's). */
  runs: RunRecord[];
  /** Trial indexes the sweep's replicates hold: a proposal must not take one (none when absent). */
  replicateIndexes?: number[];
  /** Per run id: `values[e - 1]` is the objective at the end of epoch e (null: not a number). */
  objective: Map<number, (number | null)[]>;
  /** Per run id: the epochs it trained. */
  epochs: Map<number, number>;
  /** Per run id: when its last epoch ended (what an interrupted run last trained until). */
  lastEpochAt: Map<number, number>;
}

/** What a sweep's search has seen, from the store: its runs, their objective per epoch, their epochs. */
export function loadSearchHistory(store: Store, sweepId: number, metric: string): SearchHistory {
  const all = store.runs.list({ sweepId, includeSuperseded: true });
  const runs = all.filter(isSearchRun);
  const replicateIndexes = [...new Set(all.filter((r) => !isSearchRun(r)).map((r) => r.trialIndex))];
  const ids = runs.map((r) => r.id);
  const objective = new Map<number, (number | null)[]>();
  const epochs = new Map<number, number>();
  const lastEpochAt = new Map<number, number>();
  // In slices: one query with ten thousand runs' ids would be a very long statement.
  for (let i = 0; i < ids.length; i += 100)
    for (const s of store.metrics.series(ids.slice(i, i + 100), [metric, METRIC.epochSeconds])) {
      if (s.key === METRIC.epochSeconds) {
        epochs.set(s.runId, s.steps.length);
        if (s.times.length) lastEpochAt.set(s.runId, s.times[s.times.length - 1]);
      } else {
        const values: (number | null)[] = [];
        s.steps.forEach((step, j) => (values[step - 1] = s.values[j]));
        objective.set(s.runId, Array.from(values, (v) => v ?? null));
      }
    }
  return { runs, replicateIndexes, objective, epochs, lastEpochAt };
}

/** A trial the search proposed or expanded, as opposed to a replicate (`confirm`). */
export function isSearchRun(r: { replicateOf?: number | null }): boolean {
  return r.replicateOf === null || r.replicateOf === undefined;
}

const FINISHED: readonly RunStatus[] = ['completed', 'pruned', 'failed'];

export class SweepSearch {
  readonly adaptive: boolean;
  readonly pruner: PrunerConfig | null;
  readonly objective: ReturnType<typeof objectiveOf>;
  private readonly trials = new Map<number, TrialState>();
  private readonly byRun = new Map<number, TrialState>();
  private readonly usage = new Map<number, Usage>();
  /** Trial indexes held by replicates: never proposed again, never counted as the search's. */
  private readonly replicateIndexes = new Set<number>();
  private stopReason: string | null = null;

  constructor(
    private readonly config: SweepConfig,
    runs: readonly RunRecord[],
    objectiveSeries: ReadonlyMap<number, (number | null)[]>,
    epochsTrained: ReadonlyMap<number, number>,
    lastEpochAt: ReadonlyMap<number, number> = new Map(),
    replicateIndexes: Iterable<number> = [],
  ) {
    this.adaptive = ADAPTIVE_STRATEGIES.includes(config.search.strategy);
    this.pruner = config.search.pruner ? withPrunerDefaults(config.search.pruner) : null;
    this.objective = objectiveOf(config.search);
    for (const i of replicateIndexes) this.replicateIndexes.add(i);
    // Oldest attempt first, so a trial's latest attempt is the one kept.
    for (const r of [...runs].sort((a, b) => a.trialIndex - b.trialIndex || a.attempt - b.attempt)) {
      if (!isSearchRun(r)) {
        this.replicateIndexes.add(r.trialIndex);
        continue;
      }
      // An interrupted run's finish time is when the crash was noticed (a resume, days
      // later maybe); it trained until its last epoch ended, and that is what counts.
      const end = r.status === 'interrupted' ? (lastEpochAt.get(r.id) ?? r.startedAt) : r.finishedAt;
      this.usage.set(r.id, { epochs: epochsTrained.get(r.id) ?? 0, startedAt: r.startedAt, finishedAt: end });
      this.track(r, objectiveSeries.get(r.id) ?? []);
    }
  }

  /** The search of a sweep, from what its store holds (every attempt of every trial). */
  static load(store: Store, sweepId: number, config: SweepConfig): SweepSearch {
    const h = loadSearchHistory(store, sweepId, objectiveOf(config.search).metric);
    return new SweepSearch(config, h.runs, h.objective, h.epochs, h.lastEpochAt, h.replicateIndexes);
  }

  private track(r: Pick<RunRecord, 'id' | 'trialIndex' | 'params' | 'status'>, values: (number | null)[] = []): void {
    const t: TrialState = { index: r.trialIndex, runId: r.id, params: r.params, status: r.status, values };
    const old = this.trials.get(r.trialIndex);
    if (old) this.byRun.delete(old.runId);
    this.trials.set(r.trialIndex, t);
    this.byRun.set(r.id, t);
  }

  get strategy(): string {
    return this.config.search.strategy;
  }

  /** Gives back an index `propose` took but the store never recorded. */
  forget(index: number): void {
    const t = this.trials.get(index);
    if (t && t.runId < 0) this.trials.delete(index);
  }

  /** A run the store has just queued (a proposal, or a retried trial). */
  queued(r: Pick<RunRecord, 'id' | 'trialIndex' | 'params'>): void {
    this.track({ ...r, status: 'queued' });
    this.usage.set(r.id, { epochs: 0, startedAt: null, finishedAt: null });
  }

  started(runId: number, at = Date.now()): void {
    const t = this.byRun.get(runId);
    if (t) t.status = 'running';
    const u = this.usage.get(runId);
    if (u) u.startedAt = at;
  }

  /** A worker's points: the objective at each epoch end, and one `epoch_seconds` per epoch trained. */
  record(runId: number, points: readonly MetricPoint[]): void {
    const t = this.byRun.get(runId);
    const u = this.usage.get(runId);
    for (const p of points) {
      if (p.key === this.objective.metric && t && p.step >= 1) {
        while (t.values.length < p.step - 1) t.values.push(null);
        t.values[p.step - 1] = p.value;
      } else if (p.key === METRIC.epochSeconds && u) u.epochs++;
    }
  }

  finished(runId: number, status: RunStatus, at = Date.now()): void {
    const t = this.byRun.get(runId);
    if (t) t.status = status;
    const u = this.usage.get(runId);
    if (u) u.finishedAt = at;
  }

  /** The pruner's word on `runId` after `epoch`; null when the sweep has no pruner. */
  decide(runId: number, epoch: number, maxEpochs: number): PruneDecision | null {
    const t = this.byRun.get(runId);
    if (!this.pruner || !t) return null;
    const run: PruneHistory = { index: t.index, state: 'running', values: t.values.slice(0, epoch) };
    const peers: PruneHistory[] = [...this.trials.values()].filter((p) => p !== t).map((p) => ({ index: p.index, state: pruneState(p.status), values: p.values }));
    return decidePruning(this.pruner, { run, peers, objective: this.objective, maxEpochs });
  }

  /** Epochs trained by every attempt so far. */
  epochsUsed(): number {
    let n = 0;
    for (const u of this.usage.values()) n += u.epochs;
    return n;
  }

  /** Milliseconds during which at least one trial was training (the union of the runs' spans). */
  trainingMs(now = Date.now()): number {
    const spans = [...this.usage.values()]
      .filter((u) => u.startedAt !== null)
      .map((u) => [u.startedAt!, u.finishedAt ?? now] as const)
      .sort((a, b) => a[0] - b[0]);
    let total = 0;
    let [from, to] = [-Infinity, -Infinity];
    for (const [s, e] of spans) {
      if (s > to) {
        if (to > from) total += to - from;
        [from, to] = [s, e];
      } else to = Math.max(to, e);
    }
    return total + (to > from ? to - from : 0);
  }

  /** Why no new trial may start, or null: the budget, once spent, stays spent. */
  budgetSpent(now = Date.now()): string | null {
    if (this.stopReason) return this.stopReason;
    const budget = this.config.search.budget;
    if (!budget) return null;
    const epochs = this.epochsUsed();
    if (budget.epochs !== undefined && epochs >= budget.epochs) this.stopReason = `the budget of ${budget.epochs} epochs is spent (${epochs} trained)`;
    const minutes = this.trainingMs(now) / 60_000;
    if (!this.stopReason && budget.minutes !== undefined && minutes >= budget.minutes)
      this.stopReason = `the budget of ${budget.minutes} minute${budget.minutes === 1 ? '' : 's'} is spent (${minutes.toFixed(1)} trained)`;
    return this.stopReason;
  }

  /** How many trials the search has had (every index, whatever became of it). */
  get size(): number {
    return this.trials.size;
  }

  /** The most trials this search will have (its `trials`, or the sweep limit under a budget alone). */
  get maxTrials(): number {
    return this.config.search.trials ?? MAX_TRIALS;
  }

  /**
   * The next trial of an adaptive search: its point, proposed from the finished trials
   * (oldest first) with the running ones as a constant liar's, by trial index's own rng.
   */
  propose(): Proposal {
    const spent = this.budgetSpent();
    if (spent) return { done: spent, early: true };
    if (this.size >= this.maxTrials) return { done: `all ${this.maxTrials} trials have been proposed`, early: false };
    const taken = [...this.trials.keys(), ...this.replicateIndexes];
    const index = taken.length === 0 ? 0 : Math.max(...taken) + 1;
    const ordered = [...this.trials.values()].sort((a, b) => a.index - b.index);
    const finished: FinishedTrial[] = ordered.filter((t) => FINISHED.includes(t.status)).map((t) => ({ params: t.params, value: this.valueOf(t) }));
    const running = ordered.filter((t) => t.status === 'queued' || t.status === 'running').map((t) => t.params);
    const sampler = createSampler(samplerSpec(this.config));
    const point = sampler.propose(toSearchSpace(this.config.search.params), { direction: this.objective.direction, finished, running }, trialRng(this.config.search.seed, index));
    const trial = makeTrial(this.config, index, point);
    // Taken now (the store writes it a moment later): the next proposal must not reuse the
    // index, and must count this one as running.
    this.trials.set(index, { index, runId: -1 - index, params: trial.params, status: 'queued', values: [] });
    return { trial };
  }

  /**
   * A trial's objective for the samplers: the best value it reached at any epoch end
   * (Keras Tuner's rule); a pruned trial's best before it stopped, which ranks it low as
   * it should; NaN (the worst) when it has none, e.g. a failed trial.
   */
  private valueOf(t: TrialState): number {
    const finite = t.values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    if (t.status === 'failed' || finite.length === 0) return NaN;
    return this.objective.direction === 'maximize' ? Math.max(...finite) : Math.min(...finite);
  }
}

function pruneState(s: RunStatus): PruneState {
  return s === 'queued' ? 'running' : s;
}

function samplerSpec(config: SweepConfig): SamplerSpec {
  const s = config.search.strategy;
  if (s === 'tpe') return { kind: 'tpe' };
  if (s === 'bayes') return { kind: 'bayes' };
  return s === 'grid' ? { kind: 'grid', ...(config.search.shuffle ? { shuffleSeed: config.search.seed } : {}) } : { kind: 'random' };
}
