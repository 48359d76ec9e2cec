/**
 * Confirming a sweep: prepareConfirm on hand-made records (which configurations, which
 * seeds, which trial indexes, what it refuses), replicates kept out of the search (its
 * proposals, its budget, its pruner) with real worker processes, and resume keeping a
 * replicate a replicate.
 */
import { describe, expect, it } from 'vitest';
import { processIdentity } from '../../src-main/store/liveness';
import type { Store } from '../../src-main/store/store';
import type { FinalRunStatus, RunRecord } from '../../src-main/store/types';
import { validateSweepConfig, type SweepConfig, type SweepConfigInput } from '../../src-main/sweep/configSchema';
import { ConfirmRefused, prepareConfirm, replicateSeed } from '../../src-main/sweep/confirm';
import { SweepOwnedError, SweepScheduler } from '../../src-main/sweep/scheduler';
import { makeTrial } from '../../src-main/sweep/searchSpace';
import { createSweep, prepareResume } from '../../src-main/sweep/sweepService';
import { loadSearchHistory, SweepSearch, type Proposal } from '../../src-main/sweep/tuner';
import { forkWorker, type LaunchWorker } from '../../src-main/sweep/workerLauncher';
import type { ToWorker } from '../../src-main/worker/protocol';
import { runToEnd, tempStore } from '../store/helpers';
import { refusal } from './helpers';

function configOf(search: SweepConfigInput['search'], epochs = 3): SweepConfig {
  const r = validateSweepConfig({ name: 'confirm', dataset: { name: 'iris' }, model: { hidden: [8] }, train: { epochs, batchSize: 16, lr: 0.05 }, search });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.config;
}

interface Outcome {
  params: Record<string, unknown>;
  status?: FinalRunStatus | 'queued';
  valAcc?: number;
  valLoss?: number;
  /** Epochs it trained (one epoch_seconds point each); default 3. */
  epochs?: number;
}

/** A sweep whose trial i ended as `outcomes[i]` says, recorded as a real one would be. */
function handMade(store: Store, config: SweepConfig, outcomes: Outcome[]): number {
  const sweep = store.sweeps.create({ name: config.name, config });
  outcomes.forEach((o, i) => {
    const t = makeTrial(config, i, o.params);
    const [run] = store.runs.createQueued(sweep.id, [{ trialIndex: i, params: t.params, config: t.config, seed: t.config.train.seed }]);
    if (o.status === 'queued') return;
    runToEnd(store, run.id, o.status ?? 'completed');
    record(store, run.id, o);
  });
  store.sweeps.setStatus(sweep.id, 'completed');
  return sweep.id;
}

function record(store: Store, runId: number, o: Omit<Outcome, 'params'>): void {
  const epochs = o.epochs ?? 3;
  store.metrics.append(runId, [
    ...Array.from({ length: epochs }, (_, e) => ({ key: 'epoch_seconds', step: e + 1, value: 0.1, time: 1000 + e })),
    ...(o.valAcc === undefined ? [] : [{ key: 'val_acc', step: epochs, value: o.valAcc, time: 2000 }]),
    ...(o.valLoss === undefined ? [] : [{ key: 'val_loss', step: epochs, value: o.valLoss, time: 2000 }]),
  ]);
}

const replicatesOf = (store: Store, sweepId: number): RunRecord[] => store.runs.list({ sweepId }).filter((r) => r.replicateOf !== null);
const release = (store: Store, sweepId: number) => store.sweeps.release(sweepId, processIdentity());

const refused = (fn: () => unknown) => refusal(fn, ConfirmRefused);

/** lr × seed grid: lr 0.1 is best (seed 2 the luckiest), lr 0.03 next, 0.01 last; a failed and a pruned run score high. */
function lrSeedSweep(store: Store): number {
  const config = configOf({ seed: 7, params: { 'train.lr': [0.01, 0.03, 0.1, 0.3], 'train.seed': [1, 2] } });
  return handMade(store, config, [
    { params: { 'train.lr': 0.01, 'train.seed': 1 }, valAcc: 0.7 },
    { params: { 'train.lr': 0.01, 'train.seed': 2 }, valAcc: 0.72 },
    { params: { 'train.lr': 0.03, 'train.seed': 1 }, valAcc: 0.9, valLoss: 0.3 },
    { params: { 'train.lr': 0.03, 'train.seed': 2 }, valAcc: 0.9, valLoss: 0.2 },
    { params: { 'train.lr': 0.1, 'train.seed': 1 }, valAcc: 0.93 },
    { params: { 'train.lr': 0.1, 'train.seed': 2 }, valAcc: 0.95 },
    { params: { 'train.lr': 0.3, 'train.seed': 1 }, status: 'failed', valAcc: 0.99 },
    { params: { 'train.lr': 0.3, 'train.seed': 2 }, status: 'pruned', valAcc: 0.98 },
  ]);
}

describe('prepareConfirm', () => {
  it('picks the top distinct configurations on validation and queues fresh-seeded replicates of their best runs', () => {
    const store = tempStore();
    const sweepId = lrSeedSweep(store);
    const plan = prepareConfirm(store, sweepId, { top: 2, seeds: 3 });
    expect(plan).toMatchObject({ queued: 6, configurations: 2, sweep: { id: sweepId } });

    const reps = replicatesOf(store, sweepId);
    // New indexes after the highest, round-robin over the configurations: lr 0.1 (its best run is
    // trial 5), then lr 0.03 (trial 3: the tie on val_acc goes to the lower val_loss).
    expect(reps.map((r) => [r.trialIndex, r.replicateOf, r.status, r.attempt])).toEqual([
      [8, 5, 'queued', 1],
      [9, 3, 'queued', 1],
      [10, 5, 'queued', 1],
      [11, 3, 'queued', 1],
      [12, 5, 'queued', 1],
      [13, 3, 'queued', 1],
    ]);
    const sources = new Map(store.runs.list({ sweepId }).map((r) => [r.trialIndex, r]));
    const seeds = reps.map((r) => r.seed);
    expect(new Set(seeds).size).toBe(6);
    for (const [i, r] of reps.entries()) {
      const source = sources.get(r.replicateOf!)!;
      // Deterministic: the search seed, the source trial and the replicate's number decide it.
      expect(r.seed).toBe(replicateSeed(7, source.trialIndex, Math.floor(i / 2) + 1));
      expect(r.seed).not.toBe(1);
      expect(r.seed).not.toBe(2);
      // train.seed is swept here, so the params say the new seed too; the rest is the source's.
      expect(r.params).toEqual({ ...source.params, 'train.seed': r.seed });
      expect(r.config).toEqual({ ...source.config, train: { ...source.config.train, seed: r.seed } });
    }
    // This process owns the sweep now, to run them.
    expect(store.sweeps.ownedElsewhere(sweepId, { ...processIdentity(), token: 'another', pid: process.ppid })).not.toBeNull();
  });

  it('takes fewer configurations than asked when the sweep has fewer; params without a swept seed stay as they were', () => {
    const store = tempStore();
    const sweepId = handMade(store, configOf({ params: { 'train.lr': [0.01, 0.1] } }), [
      { params: { 'train.lr': 0.01 }, valAcc: 0.8 },
      { params: { 'train.lr': 0.1 }, valAcc: 0.6 },
    ]);
    expect(prepareConfirm(store, sweepId, { top: 5, seeds: 2 })).toMatchObject({ queued: 4, configurations: 2 });
    const reps = replicatesOf(store, sweepId);
    expect(reps.map((r) => [r.replicateOf, r.params])).toEqual([
      [0, { 'train.lr': 0.01 }],
      [1, { 'train.lr': 0.1 }],
      [0, { 'train.lr': 0.01 }],
      [1, { 'train.lr': 0.1 }],
    ]);
    expect(reps.every((r) => r.config.train.seed === r.seed && r.seed !== 0)).toBe(true);
  });

  it('confirming again ranks the search only, continues the indexes and draws new seeds', () => {
    const store = tempStore();
    const sweepId = lrSeedSweep(store);
    prepareConfirm(store, sweepId, { top: 2, seeds: 2 });
    release(store, sweepId);
    // lr 0.03's replicates do brilliantly: still, the search ranked lr 0.1 first, and it stays first.
    for (const r of replicatesOf(store, sweepId)) {
      runToEnd(store, r.id);
      record(store, r.id, { valAcc: r.replicateOf === 3 ? 1 : 0.5 });
    }
    const first = replicatesOf(store, sweepId);
    expect(prepareConfirm(store, sweepId, { top: 1, seeds: 3 })).toMatchObject({ queued: 3, configurations: 1 });
    const second = replicatesOf(store, sweepId).filter((r) => r.status === 'queued');
    expect(second.map((r) => [r.trialIndex, r.replicateOf])).toEqual([
      [12, 5],
      [13, 5],
      [14, 5],
    ]);
    // Replicates 3, 4 and 5 of trial 5: not the seeds of 1 and 2.
    expect(second.map((r) => r.seed)).toEqual([3, 4, 5].map((n) => replicateSeed(7, 5, n)));
    const all = [...first, ...second].map((r) => r.seed);
    expect(new Set(all).size).toBe(all.length);
  });

  it('never reuses a seed the sweep already ran: a collision steps to the next free one', () => {
    const store = tempStore();
    const taken = replicateSeed(0, 0, 1);
    const sweepId = handMade(store, configOf({ params: { 'train.seed': [5, taken, taken + 1] } }), [
      { params: { 'train.seed': 5 }, valAcc: 0.9 },
      { params: { 'train.seed': taken }, valAcc: 0.5 },
      { params: { 'train.seed': taken + 1 }, valAcc: 0.5 },
    ]);
    // Every run has the same configuration (only the seed is swept): one configuration, trial 0.
    expect(prepareConfirm(store, sweepId, { top: 3, seeds: 2 })).toMatchObject({ queued: 2, configurations: 1 });
    const reps = replicatesOf(store, sweepId);
    expect(reps.map((r) => r.replicateOf)).toEqual([0, 0]);
    expect(reps[0].seed).toBe(taken + 2);
    expect(reps[1].seed).not.toBe(reps[0].seed);
    expect([5, taken, taken + 1]).not.toContain(reps[1].seed);
  });

  it('refuses, writing nothing, with nothing to confirm, while running, with queued search trials, and when another process owns it', () => {
    const store = tempStore();
    const count = (id: number) => store.runs.list({ sweepId: id, includeSuperseded: true }).length;

    const none = handMade(store, configOf({ params: { 'train.lr': [0.01, 0.1] } }), [
      { params: { 'train.lr': 0.01 }, status: 'failed', valAcc: 0.9 },
      { params: { 'train.lr': 0.1 } },
    ]);
    const e1 = refused(() => prepareConfirm(store, none, { top: 3, seeds: 5 }));
    expect([e1.code, e1.message]).toEqual(['BAD_INPUT', `nothing to confirm: sweep ${none} has no completed run with a validation accuracy (val_acc)`]);
    expect(count(none)).toBe(2);
    // The refusal rolled the claim back with everything else.
    expect(store.db.prepare('SELECT owner_pid FROM sweeps WHERE id = ?').pluck().get(none)).toBeNull();

    const running = lrSeedSweep(store);
    store.sweeps.setStatus(running, 'running');
    const e2 = refused(() => prepareConfirm(store, running, { top: 3, seeds: 5 }));
    expect([e2.code, e2.message]).toEqual(['CONFLICT', `sweep ${running} is running; confirm its best configurations once it has finished`]);

    const unfinished = handMade(store, configOf({ params: { 'train.lr': [0.01, 0.1, 0.3] } }), [
      { params: { 'train.lr': 0.01 }, valAcc: 0.8 },
      { params: { 'train.lr': 0.1 }, status: 'queued' },
      { params: { 'train.lr': 0.3 }, status: 'queued' },
    ]);
    const e3 = refused(() => prepareConfirm(store, unfinished, { top: 1, seeds: 2 }));
    expect(e3.code).toBe('CONFLICT');
    expect(e3.message).toContain(`still has 2 queued trial(s) of its search: finish it first (sweeplab sweep --resume ${unfinished})`);
    expect(count(unfinished)).toBe(3);

    const owned = lrSeedSweep(store);
    // Another machine's process: assumed alive, so it is not this process's to change.
    store.sweeps.claim(owned, { pid: 4242, host: 'elsewhere', token: 'other' });
    expect(() => prepareConfirm(store, owned, { top: 1, seeds: 2 })).toThrow(SweepOwnedError);
    expect(count(owned)).toBe(8);

    expect(() => prepareConfirm(store, 999, { top: 1, seeds: 2 })).toThrow(/no sweep with id 999/);
    expect(() => prepareConfirm(store, owned, { top: 0, seeds: 2 })).toThrow(/top must be a positive integer/);
  });
});

describe('replicates are outside the search', () => {
  const tpe = (budget?: { epochs: number }) =>
    configOf({ strategy: 'tpe', trials: 20, seed: 4, metric: 'val_loss', params: { 'train.lr': { min: 0.001, max: 0.3, scale: 'log' } }, ...(budget ? { budget } : {}) });
  const trialOf = (p: Proposal) => {
    if ('done' in p) throw new Error(p.done);
    return p.trial;
  };

  it('the search neither learns from them, nor counts their epochs, nor proposes their indexes', () => {
    const store = tempStore();
    const config = tpe();
    const lrs = [0.002, 0.01, 0.05, 0.2, 0.1];
    const sweepId = handMade(store, config, lrs.map((lr, i) => ({ params: { 'train.lr': lr }, valAcc: 0.6 + i / 20, valLoss: 1 - i / 10 })));
    const before = loadSearchHistory(store, sweepId, 'val_loss');

    prepareConfirm(store, sweepId, { top: 2, seeds: 2 });
    for (const r of replicatesOf(store, sweepId)) {
      runToEnd(store, r.id);
      record(store, r.id, { valAcc: 1, valLoss: 0.01, epochs: 3 });
    }
    const loaded = SweepSearch.load(store, sweepId, config);
    expect(loaded.size).toBe(5);
    expect(loaded.epochsUsed()).toBe(15);
    expect(loadSearchHistory(store, sweepId, 'val_loss').runs.map((r) => r.trialIndex)).toEqual([0, 1, 2, 3, 4]);
    // The next proposal takes an index after the replicates' (5–8), and is what the search
    // alone would propose there: their excellent val_loss taught it nothing.
    const next = trialOf(loaded.propose());
    expect(next.index).toBe(9);
    const blind = new SweepSearch(config, before.runs, before.objective, before.epochs, before.lastEpochAt, [5, 6, 7, 8]);
    expect(trialOf(blind.propose())).toEqual(next);
  });

  it('a tpe sweep whose budget is spent still runs its replicates in full, unpruned, and proposes nothing', async () => {
    const store = tempStore();
    const r = validateSweepConfig({
      name: 'tpe-budget',
      dataset: { name: 'iris' },
      model: { hidden: [8] },
      train: { epochs: 3, batchSize: 16, lr: 0.05 },
      search: { strategy: 'tpe', trials: 20, seed: 2, params: { 'train.lr': { min: 0.01, max: 0.3, scale: 'log' } }, budget: { epochs: 6 }, pruner: { type: 'median' } },
    });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const { sweep } = createSweep(store, r.config);
    const starts: Extract<ToWorker, { type: 'start' }>[] = [];
    const launch: LaunchWorker = () => {
      const w = forkWorker();
      return { ...w, pid: w.pid, send: (m) => (m.type === 'start' && starts.push(m), w.send(m)) };
    };
    const scheduler = new SweepScheduler(store, launch, { artifactsDir: store.artifactsDir });
    await scheduler.runSweep(sweep.id, 1);
    const search = store.runs.list({ sweepId: sweep.id });
    expect(search).toHaveLength(2); // 2 × 3 epochs spend the budget
    expect(starts.every((m) => m.pruning === true)).toBe(true);

    expect(prepareConfirm(store, sweep.id, { top: 1, seeds: 3 })).toMatchObject({ queued: 3, configurations: 1 });
    starts.length = 0;
    const counts = await scheduler.runSweep(sweep.id, 2);
    expect(counts).toEqual({ completed: 3, pruned: 0, failed: 0, cancelled: 0 });
    const runs = store.runs.list({ sweepId: sweep.id, includeSuperseded: true });
    expect(runs.filter((x) => x.replicateOf === null)).toHaveLength(2); // nothing new proposed
    const reps = runs.filter((x) => x.replicateOf !== null);
    expect(reps.map((x) => x.status)).toEqual(['completed', 'completed', 'completed']);
    const epochs = store.metrics.series(reps.map((x) => x.id), ['epoch_seconds']).map((s) => s.steps.length);
    expect(epochs).toEqual([3, 3, 3]);
    // Not one asked the pruner; the search's budget is what it was.
    expect(starts.map((m) => [m.runId, m.pruning])).toEqual(expect.arrayContaining(reps.map((x) => [x.id, undefined])));
    expect(SweepSearch.load(store, sweep.id, r.config).epochsUsed()).toBe(6);
    expect(store.sweeps.get(sweep.id)?.status).toBe('completed');
  }, 60_000);
});

describe('resuming a confirmed sweep', () => {
  it('re-queues unfinished replicates as replicates, and the search’s own trials as before', () => {
    const store = tempStore();
    const sweepId = lrSeedSweep(store);
    prepareConfirm(store, sweepId, { top: 1, seeds: 3 });
    release(store, sweepId);
    const [a, b, c] = replicatesOf(store, sweepId);
    runToEnd(store, a.id);
    runToEnd(store, b.id, 'interrupted');
    runToEnd(store, c.id, 'failed');

    // The failed search trial (6) and the two unfinished replicates.
    expect(prepareResume(store, String(sweepId)).queued).toBe(3);
    const queued = store.runs.list({ sweepId, status: ['queued'] });
    expect(queued.map((r) => [r.trialIndex, r.attempt, r.replicateOf, r.seed])).toEqual([
      [6, 2, null, 1],
      [b.trialIndex, 2, 5, b.seed],
      [c.trialIndex, 2, 5, c.seed],
    ]);
    expect(queued[1].params).toEqual(b.params);
  });

  it('with its budget spent, re-queues only the replicates; an adaptive search’s trials to come do not count them', () => {
    const store = tempStore();
    const spentConfig = configOf({ strategy: 'tpe', trials: 10, params: { 'train.lr': { min: 0.001, max: 0.3, scale: 'log' } }, budget: { epochs: 6 } });
    const spent = handMade(store, spentConfig, [
      { params: { 'train.lr': 0.01 }, valAcc: 0.8 },
      { params: { 'train.lr': 0.1 }, status: 'interrupted', valAcc: 0.5 },
    ]);
    prepareConfirm(store, spent, { top: 1, seeds: 2 });
    release(store, spent);
    const [rep] = replicatesOf(store, spent);
    runToEnd(store, rep.id, 'interrupted');
    expect(prepareResume(store, String(spent)).queued).toBe(2);
    expect(store.runs.list({ sweepId: spent, status: ['queued'] }).map((r) => r.replicateOf)).toEqual([0, 0]);
    release(store, spent);

    // 10 trials, 3 proposed: 7 to come, whatever the 4 replicates.
    const open = handMade(store, configOf({ strategy: 'tpe', trials: 10, params: { 'train.lr': { min: 0.001, max: 0.3, scale: 'log' } } }), [
      { params: { 'train.lr': 0.01 }, valAcc: 0.8 },
      { params: { 'train.lr': 0.1 }, valAcc: 0.7 },
      { params: { 'train.lr': 0.2 }, valAcc: 0.6 },
    ]);
    prepareConfirm(store, open, { top: 2, seeds: 2 });
    release(store, open);
    for (const r of replicatesOf(store, open)) runToEnd(store, r.id);
    expect(prepareResume(store, String(open)).queued).toBe(7);
  });
});
