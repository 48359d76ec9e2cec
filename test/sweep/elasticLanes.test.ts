/**
 * Lanes that follow an executor's capacity while the sweep runs (the queue's machines
 * joining and leaving, cluster/queueExecutor.ts): here real local workers, with the
 * capacity set by the test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src-main/store/store';
import { TrialLanes, type LaneContext } from '../../src-main/sweep/lanes';
import { SweepScheduler } from '../../src-main/sweep/scheduler';
import { forkWorker } from '../../src-main/sweep/workerLauncher';
import { irisSweep } from './helpers';

let dir: string;
let store: Store;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sweeplab-elastic-'));
  store = openStore(path.join(dir, 's.db'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Local lanes whose capacity the test sets. */
class ElasticLanes extends TrialLanes {
  target: number | undefined;
  constructor(ctx: LaneContext, target: number) {
    super(ctx);
    this.target = target;
  }
  laneTarget(): number | undefined {
    return this.target;
  }
}

/**
 * Runs the sweep, calling `step` at every start; returns the counts, the trials running
 * at each start, and how many worker processes were launched.
 */
async function runElastic(sweepId: number, concurrency: number, initial: number, step: (lanes: ElasticLanes, started: number, scheduler: SweepScheduler) => void) {
  let lanes!: ElasticLanes;
  let launched = 0;
  const launch = () => (launched++, forkWorker());
  const scheduler = new SweepScheduler(store, launch, { artifactsDir: store.artifactsDir, lanePollMs: 20, executor: (ctx) => (lanes = new ElasticLanes(ctx, initial)) });
  let [running, started] = [0, 0];
  const peaks: number[] = [];
  scheduler.on((e) => {
    if (e.type === 'run-started') {
      running++;
      started++;
      peaks.push(running);
      step(lanes, started, scheduler);
    }
    if (e.type === 'run-finished') running--;
  });
  const counts = await scheduler.runSweep(sweepId, concurrency);
  return { counts, peaks, launched };
}

/** Makes the sweep's runs after the first `endless` short (5 epochs). */
function shortAfter(sweepId: number, endless: number): number[] {
  const ids = store.runs.list({ sweepId }).map((r) => r.id);
  for (const id of ids.slice(endless)) store.db.prepare("UPDATE runs SET config = json_set(config, '$.train.epochs', 5) WHERE id = ?").run(id);
  return ids;
}

describe('elastic lanes', () => {
  it('opens lanes when capacity grows mid-sweep', async () => {
    // Trials that train until cancelled: they overlap only if lanes were added.
    const sweepId = irisSweep(store, 100_000, [1, 2, 3, 4, 5, 6], 'grow');
    const { counts, peaks, launched } = await runElastic(sweepId, 1, 1, (lanes, started, scheduler) => {
      if (started === 1) lanes.target = 3;
      if (started === 3) scheduler.cancelSweep(sweepId);
    });
    expect(counts.cancelled).toBe(6);
    expect(peaks).toEqual([1, 2, 3]);
    expect(launched).toBe(3);
  });

  it('opens no more lanes than there are trials left', async () => {
    const sweepId = irisSweep(store, 100_000, [1, 2], 'few');
    const { peaks, launched } = await runElastic(sweepId, 1, 1, (lanes, started, scheduler) => {
      if (started === 1) lanes.target = 10;
      // Both running: give the poll time to open lanes it should not, then stop.
      if (started === 2) setTimeout(() => scheduler.cancelSweep(sweepId), 300);
    });
    expect(peaks).toEqual([1, 2]);
    expect(launched).toBe(2);
  });

  it('lanes retire down to the capacity when it shrinks, keeping one', async () => {
    const sweepId = irisSweep(store, 100_000, [1, 2, 3, 4, 5, 6, 7], 'shrink');
    const ids = shortAfter(sweepId, 3);
    const { counts, peaks, launched } = await runElastic(sweepId, 3, 3, (lanes, started, scheduler) => {
      if (started !== 3) return;
      // No capacity left: the three endless trials are cancelled, two of their lanes retire.
      lanes.target = 0;
      for (const id of ids.slice(0, 3)) scheduler.cancelRun(id);
    });
    expect(counts).toEqual({ completed: 4, pruned: 0, failed: 0, cancelled: 3 });
    expect(peaks).toEqual([1, 2, 3, 1, 1, 1, 1]);
    // The survivor's worker was cancelled with its run: one more process, not three.
    expect(launched).toBe(4);
  });

  it('an executor without a target keeps the lanes it began with', async () => {
    const sweepId = irisSweep(store, 20, [1, 2, 3], 'fixed');
    const { counts, peaks } = await runElastic(sweepId, 1, 1, (lanes) => {
      lanes.target = undefined;
    });
    expect(counts.completed).toBe(3);
    expect(peaks).toEqual([1, 1, 1]);
  });
});
