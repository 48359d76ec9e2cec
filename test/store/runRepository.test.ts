import { describe, expect, it } from 'vitest';
import { reopenForAdoption } from '../../src-main/store/runAdoption';
import { ENV, runToEnd, seedSweep, tempStore, trialConfig } from './helpers';

describe('runs', () => {
  it('go queued → running → completed, with params, env and metrics round-tripping', () => {
    let clock = 1_000;
    const store = tempStore({ now: () => clock });
    const { sweep, runs } = seedSweep(store, 2);
    const [run] = runs;
    expect(run).toMatchObject({ sweepId: sweep.id, trialIndex: 0, attempt: 1, status: 'queued', seed: 0, createdAt: 1_000, startedAt: null, gpu: null, metrics: {} });
    expect(run.params).toEqual({ 'train.lr': 0.01 });
    expect(run.config).toEqual(trialConfig(0.01));
    expect(store.runs.get(run.id)).toEqual(run);

    clock = 2_000;
    const dataset = { name: 'iris', train: 105, val: 15, test: 30 };
    store.runs.start(run.id, { ...ENV, gpu: true, versions: { node: '20', tfjs: '4.22.0' }, pid: 4242 }, dataset);
    store.metrics.append(run.id, [
      { key: 'loss', step: 1, value: 0.9, time: 2_100 },
      { key: 'val_acc', step: 1, value: 0.8, time: 2_100 },
    ]);
    clock = 3_000;
    expect(store.runs.finish(run.id, 'completed')).toBe(true);

    expect(store.runs.get(run.id)).toEqual({
      ...run,
      status: 'completed',
      engine: 'scratch',
      backend: 'cpu',
      gpu: true,
      appVersion: '0.1.0',
      versions: { node: '20', tfjs: '4.22.0' },
      dataset,
      pid: 4242,
      startedAt: 2_000,
      finishedAt: 3_000,
      metrics: { loss: 0.9, val_acc: 0.8 },
    });
  });

  it('queue a sweep all or nothing', () => {
    const store = tempStore();
    const { sweep } = seedSweep(store, 1);
    const trial = (trialIndex: number) => ({ trialIndex, params: { 'model.hidden': [5, 5] }, config: trialConfig(0.1), seed: 1 });
    // Trial 0 already exists: the duplicate is refused and trial 7 must not be left behind.
    expect(() => store.runs.createQueued(sweep.id, [trial(7), trial(0)])).toThrow(/UNIQUE/);
    expect(store.runs.list({ sweepId: sweep.id }).map((r) => r.trialIndex)).toEqual([0]);
    expect(store.runs.createQueued(sweep.id, [trial(1)])[0].params).toEqual({ 'model.hidden': [5, 5] });
    expect(() => store.runs.createQueued(9999, [trial(0)])).toThrow(/FOREIGN KEY/);
  });

  it('refuse to start a run twice, and report an already finished one', () => {
    const store = tempStore();
    const { runs } = seedSweep(store, 1);
    runToEnd(store, runs[0].id, 'failed');
    expect(() => store.runs.start(runs[0].id, ENV)).toThrow(`run ${runs[0].id} is failed, not queued`);
    expect(store.runs.finish(runs[0].id, 'cancelled')).toBe(false);
    expect(store.runs.get(runs[0].id)!.status).toBe('failed');
    expect(() => store.runs.start(9999, ENV)).toThrow('no run with id 9999');
    expect(() => store.runs.finish(9999, 'failed')).toThrow('no run with id 9999');
    expect(() => store.runs.finish(runs[0].id, 'running' as never)).toThrow(RangeError);
  });

  it('keep an interrupted attempt and its metrics when the trial is resumed', () => {
    const store = tempStore();
    const { sweep, runs } = seedSweep(store, 2);
    runToEnd(store, runs[0].id, 'completed');
    store.runs.start(runs[1].id, ENV);
    store.metrics.append(runs[1].id, [{ key: 'loss', step: 1, value: 2.5, time: 1 }]);
    store.runs.finish(runs[1].id, 'interrupted', 'killed');

    expect(store.runs.remainingTrials(sweep.id).map((r) => r.id)).toEqual([runs[1].id]);
    const [retry] = store.runs.createQueued(sweep.id, [{ trialIndex: 1, params: runs[1].params, config: runs[1].config, seed: 1, attempt: 2 }]);

    // Current view: the retry replaces attempt 1; the old attempt is still there on request.
    expect(store.runs.list({ sweepId: sweep.id }).map((r) => [r.trialIndex, r.attempt])).toEqual([[0, 1], [1, 2]]);
    expect(store.runs.list({ sweepId: sweep.id, includeSuperseded: true }).map((r) => [r.trialIndex, r.attempt])).toEqual([[0, 1], [1, 1], [1, 2]]);
    expect(store.runs.remainingTrials(sweep.id).map((r) => r.id)).toEqual([retry.id]);
    expect(store.metrics.series([runs[1].id], ['loss'])[0].values).toEqual([2.5]);
    expect(store.runs.get(runs[1].id)).toMatchObject({ status: 'interrupted', error: 'killed', metrics: { loss: 2.5 } });

    runToEnd(store, retry.id, 'completed');
    expect(store.runs.remainingTrials(sweep.id)).toEqual([]);
  });

  it('filter by status over current attempts, ordered by sweep and trial', () => {
    const store = tempStore();
    const a = seedSweep(store, 3, 'a');
    const b = seedSweep(store, 1, 'b');
    runToEnd(store, a.runs[2].id, 'failed');
    runToEnd(store, b.runs[0].id, 'failed');
    expect(store.runs.list().map((r) => r.id)).toEqual([...a.runs, ...b.runs].map((r) => r.id));
    expect(store.runs.list({ status: ['failed'] }).map((r) => r.id)).toEqual([a.runs[2].id, b.runs[0].id]);
    expect(store.runs.list({ sweepId: a.sweep.id, status: ['queued', 'failed'] })).toHaveLength(3);
    expect(store.runs.list({ status: [] })).toEqual([]);
    // A trial whose latest attempt is queued is not "failed", even though attempt 1 was.
    store.runs.createQueued(b.sweep.id, [{ trialIndex: 0, params: {}, config: trialConfig(1), seed: 0, attempt: 2 }]);
    expect(store.runs.list({ status: ['failed'] }).map((r) => r.id)).toEqual([a.runs[2].id]);
    expect(store.runs.get(12345)).toBeNull();
  });

  it('recover runs and sweeps a dead process left running, sparing live ones', () => {
    let clock = Date.now();
    const store = tempStore({ now: () => clock });
    const dead = seedSweep(store, 2, 'dead');
    const live = seedSweep(store, 1, 'live');
    for (const s of [dead, live]) store.sweeps.setStatus(s.sweep.id, 'running');
    store.runs.start(dead.runs[0].id, { ...ENV, pid: 111 });
    runToEnd(store, dead.runs[1].id, 'completed');
    store.runs.start(live.runs[0].id, { ...ENV, pid: 222 });

    clock += 5_000;
    expect(store.runs.recoverInterrupted({ isAlive: (pid) => pid === 222 })).toBe(1);
    expect(store.runs.get(dead.runs[0].id)).toMatchObject({ status: 'interrupted', error: 'the process running it stopped unexpectedly', finishedAt: clock });
    expect(store.runs.get(dead.runs[1].id)!.status).toBe('completed');
    expect(store.runs.get(live.runs[0].id)!.status).toBe('running');
    expect(store.sweeps.get(dead.sweep.id)).toMatchObject({ status: 'interrupted', finishedAt: clock });
    expect(store.sweeps.get(live.sweep.id)!.status).toBe('running');

    // By default a pid of our own process (we have only just started) counts as dead.
    store.db.prepare('UPDATE runs SET pid = ? WHERE id = ?').run(process.pid, live.runs[0].id);
    expect(store.runs.recoverInterrupted()).toBe(1);
    expect(store.sweeps.get(live.sweep.id)!.status).toBe('interrupted');
    expect(store.runs.recoverInterrupted()).toBe(0);
  });

  it('never judge a queue worker\'s run by its pid, which is another machine\'s', () => {
    const store = tempStore();
    const { runs } = seedSweep(store, 1);
    store.runs.start(runs[0].id, { ...ENV, pid: 222 }, undefined, 'box1');
    expect(store.runs.recoverInterrupted({ isAlive: () => true })).toBe(1);
    expect(store.runs.get(runs[0].id)!.status).toBe('interrupted');
  });

  it('keep the first start of a run a restarted coordinator takes back from the queue', () => {
    let clock = 1_000;
    const store = tempStore({ now: () => clock });
    const { sweep, runs } = seedSweep(store, 1);
    store.runs.start(runs[0].id, { ...ENV, pid: 222 }, undefined, 'box1');
    const first = store.runs.get(runs[0].id)!.startedAt;
    clock += 60_000;
    store.runs.recoverInterrupted({ isAlive: () => false });
    reopenForAdoption(store, sweep.id, new Map([['s1-1-r1', runs[0].id]]));
    store.runs.start(runs[0].id, { ...ENV, pid: 222 }, undefined, 'box1');
    expect(store.runs.get(runs[0].id)).toMatchObject({ status: 'running', startedAt: first });
  });

  it('treat a run started before the last boot as dead even if its pid is in use', () => {
    const store = tempStore();
    const { runs } = seedSweep(store, 1);
    store.runs.start(runs[0].id, { ...ENV, pid: 1 });
    store.db.prepare('UPDATE runs SET started_at = 0 WHERE id = ?').run(runs[0].id);
    expect(store.runs.recoverInterrupted({ isAlive: () => true })).toBe(1);
  });
});
