/**
 * SweepSearch without processes: proposals take their index at once, the budget counts
 * every attempt's epochs and the union of training spans, the pruner is asked with the
 * trials' curves, and a search rebuilt from the store proposes what the live one would.
 */
import { describe, expect, it, vi } from 'vitest';
import type { MetricPoint } from '../../src-main/api/metrics';
import type { TrialHistory } from '../../src-main/search/samplers';
import type { RunRecord, RunStatus } from '../../src-main/store/types';
import { validateSweepConfig, type SweepConfig, type SweepConfigInput, type TrialConfig } from '../../src-main/sweep/configSchema';
import { createSweep } from '../../src-main/sweep/sweepService';
import { loadSearchHistory, SweepSearch, type Proposal } from '../../src-main/sweep/tuner';
import { ENV, tempStore } from '../store/helpers';
import { runRecord as baseRecord } from '../store/records';

// Every history a sampler is asked with, copied as it was at the call: what the tuner
// tells the sampler is private to it, and this is where it shows.
const asked = vi.hoisted(() => [] as TrialHistory[]);
vi.mock('../../src-main/search/samplers', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src-main/search/samplers')>();
  return {
    ...real,
    createSampler: (spec: Parameters<typeof real.createSampler>[0]) => {
      const sampler = real.createSampler(spec);
      return { name: sampler.name, propose: (space, history, rng) => (asked.push(structuredClone(history)), sampler.propose(space, history, rng)) } satisfies typeof sampler;
    },
  };
});

function config(search: Partial<SweepConfigInput['search']> = {}, epochs = 9): SweepConfig {
  const r = validateSweepConfig({
    name: 'tuner',
    dataset: { name: 'iris' },
    model: { hidden: [8] },
    train: { epochs, batchSize: 16, lr: 0.05 },
    search: { strategy: 'tpe', trials: 20, params: { 'train.lr': { min: 0.001, max: 1, scale: 'log' }, 'train.momentum': { min: 0, max: 0.95 } }, ...search },
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.config;
}

/** A run as the store would hand it out; only what the search reads matters (no times unless given). */
function runRecord(id: number, trialIndex: number, status: RunStatus, more: Partial<RunRecord> = {}): RunRecord {
  return baseRecord({ id, trialIndex, status, startedAt: null, finishedAt: null, params: { 'train.lr': 0.01 * (trialIndex + 1), 'train.momentum': 0.5 }, ...more });
}

/** What a worker sends for epochs 1..n: the objective and one epoch_seconds point each. */
function epochPoints(metric: string, values: number[], from = 1): MetricPoint[] {
  return values.flatMap((value, i) => [
    { key: metric, step: from + i, value, time: 0 },
    { key: 'epoch_seconds', step: from + i, value: 0.01, time: 0 },
  ]);
}

function trialOf(p: Proposal) {
  if ('done' in p) throw new Error(`expected a trial, the search is done: ${p.done}`);
  return p.trial;
}

const search = (c: SweepConfig, runs: RunRecord[] = [], values = new Map<number, (number | null)[]>(), epochs = new Map<number, number>()) => new SweepSearch(c, runs, values, epochs);

describe('SweepSearch proposals', () => {
  it('takes the index at once: the next proposal gets the following index and sees the first as running', () => {
    asked.length = 0;
    const s = search(config());
    const first = trialOf(s.propose());
    const second = trialOf(s.propose());
    expect([first.index, second.index]).toEqual([0, 1]);
    expect(s.size).toBe(2);
    expect(asked[0].running).toEqual([]);
    expect(asked[1].running).toEqual([first.params]);
    expect(asked[1].finished).toEqual([]);
    // An index the store never recorded is given back, and proposed again.
    s.forget(1);
    expect(trialOf(s.propose()).index).toBe(1);
  });

  it('stops proposing once `trials` have been proposed', () => {
    const s = search(config({ trials: 2 }));
    trialOf(s.propose());
    trialOf(s.propose());
    expect(s.propose()).toEqual({ done: 'all 2 trials have been proposed', early: false });
  });

  it("gives the sampler a pruned trial's best epoch value, a completed one's best, and NaN for a failed one", () => {
    asked.length = 0;
    const runs = [runRecord(1, 0, 'pruned'), runRecord(2, 1, 'completed'), runRecord(3, 2, 'failed'), runRecord(4, 3, 'running')];
    const values = new Map<number, (number | null)[]>([
      [1, [0.9, 0.3, 0.6]],
      [2, [0.8, null, 0.4, 0.5]],
      [3, [0.1]],
      [4, [0.2]],
    ]);
    trialOf(search(config({ metric: 'val_loss' }), runs, values).propose());
    expect(asked[0].direction).toBe('minimize');
    expect(asked[0].finished.map((t) => t.value)).toEqual([0.3, 0.4, NaN]);
    expect(asked[0].running).toEqual([runs[3].params]);

    asked.length = 0;
    trialOf(search(config({ metric: 'val_acc' }), runs, values).propose());
    expect(asked[0].direction).toBe('maximize');
    expect(asked[0].finished.map((t) => t.value)).toEqual([0.9, 0.8, NaN]);
  });

  it('keeps only the latest attempt of a trial', () => {
    asked.length = 0;
    const runs = [runRecord(1, 0, 'interrupted', { params: { 'train.lr': 0.5, 'train.momentum': 0 } }), runRecord(2, 0, 'completed', { attempt: 2 })];
    const s = search(config(), runs, new Map([[2, [0.7]]]));
    expect(trialOf(s.propose()).index).toBe(1);
    expect(asked[0].finished).toEqual([{ params: runs[1].params, value: 0.7 }]);
  });
});

describe('SweepSearch budget', () => {
  it('counts the epochs of every attempt, and once spent stays spent', () => {
    const c = config({ budget: { epochs: 6 } });
    // Trial 0 trained 3 epochs before it was interrupted; its second attempt now runs.
    const runs = [runRecord(1, 0, 'interrupted'), runRecord(2, 0, 'running', { attempt: 2 })];
    const s = search(c, runs, new Map(), new Map([[1, 3]]));
    expect(s.epochsUsed()).toBe(3);
    // Per-iteration and run-end points are not epochs; only epoch_seconds counts them.
    s.record(2, [
      { key: 'loss', step: 1, value: 1, time: 0 },
      { key: 'loss', step: 2, value: 1, time: 0 },
      { key: 'test_acc', step: 9, value: 1, time: 0 },
    ]);
    expect(s.epochsUsed()).toBe(3);
    s.record(2, epochPoints('val_acc', [0.5, 0.6]));
    expect(s.epochsUsed()).toBe(5);
    expect(s.budgetSpent()).toBeNull();
    expect(trialOf(s.propose()).index).toBe(1);
    s.record(2, epochPoints('val_acc', [0.7], 3));
    const spent = 'the budget of 6 epochs is spent (6 trained)';
    expect(s.budgetSpent()).toBe(spent);
    expect(s.propose()).toEqual({ done: spent, early: true });
    s.record(2, epochPoints('val_acc', [0.7, 0.7], 4));
    expect(s.budgetSpent()).toBe(spent);
  });

  it('counts the minutes of the union of the training spans, not their sum', () => {
    const min = 60_000;
    const runs = [
      runRecord(1, 0, 'completed', { startedAt: 0, finishedAt: 1 * min }),
      runRecord(2, 1, 'completed', { startedAt: 0.5 * min, finishedAt: 1.5 * min }), // overlaps the first
      runRecord(3, 2, 'completed', { startedAt: 2 * min, finishedAt: 2.5 * min }),
      runRecord(4, 3, 'queued'), // never started: no span
    ];
    // Spans sum to 2.5 minutes; while one trial or more trained: 1.5 + 0.5 = 2.
    const under = search(config({ budget: { minutes: 2.5 } }), runs);
    expect(under.trainingMs(3 * min)).toBe(2 * min);
    expect(under.budgetSpent(3 * min)).toBeNull();
    const at = search(config({ budget: { minutes: 2 } }), runs);
    expect(at.budgetSpent(3 * min)).toBe('the budget of 2 minutes is spent (2.0 trained)');
  });

  it('an interrupted run counts until its last epoch ended, not until the crash was noticed', () => {
    const min = 60_000;
    // Trained 1 s, killed; marked interrupted by a resume ten minutes later.
    const runs = [runRecord(1, 0, 'interrupted', { startedAt: 0, finishedAt: 10 * min })];
    const s = new SweepSearch(config({ budget: { minutes: 2 } }), runs, new Map(), new Map([[1, 1]]), new Map([[1, 1_000]]));
    expect(s.trainingMs(10 * min)).toBe(1_000);
    expect(s.budgetSpent(10 * min)).toBeNull();
    // Without a recorded epoch, it counts nothing rather than the downtime.
    expect(new SweepSearch(config({ budget: { minutes: 2 } }), runs, new Map(), new Map()).trainingMs(10 * min)).toBe(0);
  });

  it('a running trial counts until now; once the minutes are spent, they stay spent', () => {
    const s = search(config({ budget: { minutes: 1 } }), [runRecord(1, 0, 'queued')]);
    s.started(1, 1_000);
    expect(s.budgetSpent(31_000)).toBeNull();
    expect(s.budgetSpent(61_000)).toBe('the budget of 1 minute is spent (1.0 trained)');
    // Asked with an earlier clock, it does not come back.
    expect(s.budgetSpent(31_000)).toBe('the budget of 1 minute is spent (1.0 trained)');
    s.finished(1, 'completed', 40_000);
    expect(s.trainingMs()).toBe(39_000);
    expect(s.budgetSpent()).toMatch(/^the budget of 1 minute is spent/);
  });
});

describe('SweepSearch pruning decisions', () => {
  it('has no word without a pruner', () => {
    const s = search(config(), [runRecord(1, 0, 'running')]);
    s.record(1, epochPoints('val_acc', [0.1]));
    expect(s.pruner).toBeNull();
    expect(s.decide(1, 1, 9)).toBeNull();
  });

  /** Five completed trials at val_acc 0.9, and run 10 (trial 5) running with `values`. */
  function withPeers(pruner: NonNullable<SweepConfigInput['search']>['pruner'], values: number[]) {
    const peers = Array.from({ length: 5 }, (_, i) => runRecord(i + 1, i, 'completed'));
    const curves = new Map(peers.map((r) => [r.id, [0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9]]));
    const s = search(config({ pruner }), [...peers, runRecord(10, 5, 'running')], curves);
    s.record(10, epochPoints('val_acc', values));
    return s;
  }

  it('median: a clearly bad curve stops, saying what it was compared with; a good one continues', () => {
    const bad = withPeers({ type: 'median' }, [0.1, 0.2]).decide(10, 2, 9);
    expect(bad?.action).toBe('stop');
    expect(bad?.reason).toBe('stopped at epoch 2: val_acc 0.2 below the median 0.9 of 5 completed trials at that epoch');
    expect(withPeers({ type: 'median' }, [0.9, 0.95]).decide(10, 2, 9)?.action).toBe('continue');
  });

  it('asha: a clearly bad curve stops at a rung, naming it; between rungs it continues', () => {
    const asha = { type: 'asha', minEpochs: 1, reductionFactor: 3 } as const;
    const s = withPeers(asha, [0.1, 0.1, 0.1]);
    expect(s.decide(10, 2, 9)?.action).toBe('continue'); // rungs at 1, 3, 9
    const stop = s.decide(10, 3, 9);
    expect(stop?.action).toBe('stop');
    expect(stop?.reason).toMatch(/^stopped at epoch 3: val_acc 0\.1 is not in the top 2 of 6 runs at rung 3/);
    expect(withPeers(asha, [0.95, 0.95, 0.95]).decide(10, 3, 9)?.action).toBe('continue');
  });

  it('judges the run by the epochs up to the one asked about', () => {
    // Epoch 3 is bad, but the decision is about epoch 1, where it was the best.
    const s = withPeers({ type: 'asha', minEpochs: 1, reductionFactor: 3 }, [0.99, 0.1, 0.1]);
    expect(s.decide(10, 1, 9)?.action).toBe('continue');
  });
});

describe('SweepSearch.load', () => {
  it('rebuilt from the store, proposes exactly what the live search would next', () => {
    const store = tempStore();
    const c = config({ metric: 'val_loss', trials: 30, seed: 11, pruner: { type: 'asha', minEpochs: 1, reductionFactor: 3 } }, 3);
    const { sweep } = createSweep(store, c);
    const live = SweepSearch.load(store, sweep.id, c);

    /** One attempt, as the scheduler tells the store and the live search. */
    const attempt = (trial: { index: number; params: Record<string, unknown>; config: TrialConfig }, values: number[], status: 'completed' | 'pruned' | 'interrupted', n = 1) => {
      const [run] = store.runs.createQueued(sweep.id, [{ trialIndex: trial.index, params: trial.params, config: trial.config, seed: 0, attempt: n }]);
      live.queued(run);
      store.runs.start(run.id, ENV);
      live.started(run.id);
      const points = epochPoints('val_loss', values);
      store.metrics.append(run.id, points);
      live.record(run.id, points);
      store.runs.finish(run.id, status, status === 'pruned' ? 'stopped at epoch 1' : undefined, status === 'pruned' ? 'PRUNED' : undefined);
      live.finished(run.id, status);
    };
    // A made-up objective with a clear optimum (lr near 0.03), so TPE's model has something to fit.
    const loss = (p: Record<string, unknown>, e: number) => Math.abs(Math.log10(p['train.lr'] as number) + 1.5) + (p['train.momentum'] as number) / 10 + 0.3 / e;
    for (let i = 0; i < 13; i++) {
      const trial = trialOf(live.propose());
      const curve = [1, 2, 3].map((e) => loss(trial.params, e));
      if (i === 4) {
        attempt(trial, curve.slice(0, 2), 'interrupted');
        attempt(trial, curve, 'completed', 2);
      } else attempt(trial, i % 3 === 2 ? curve.slice(0, 1) : curve, i % 3 === 2 ? 'pruned' : 'completed');
    }
    // One proposed and queued, not started: both must count it as running.
    const pending = trialOf(live.propose());
    live.queued(store.runs.createQueued(sweep.id, [{ trialIndex: pending.index, params: pending.params, config: pending.config, seed: 0 }])[0]);

    // The curves matter to the next proposal: without them TPE would propose something else.
    const h = loadSearchHistory(store, sweep.id, 'val_loss');
    const blind = trialOf(new SweepSearch(c, h.runs, new Map(), h.epochs).propose());

    const loaded = SweepSearch.load(store, sweep.id, c);
    expect(loaded.size).toBe(live.size);
    expect(loaded.epochsUsed()).toBe(live.epochsUsed());
    const fromStore = trialOf(loaded.propose());
    const fromLive = trialOf(live.propose());
    expect(fromStore.index).toBe(14);
    expect(fromStore).toEqual(fromLive);
    expect(blind.params).not.toEqual(fromLive.params);
    // And the one after that, too.
    expect(trialOf(loaded.propose())).toEqual(trialOf(live.propose()));
  });
});
