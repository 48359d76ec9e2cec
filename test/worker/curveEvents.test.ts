/**
 * The curve events as a trial records them (worker/runTrial.ts on Iris, scratch engine,
 * float64, so the curves are exact and repeatable):
 * - a run with a far too large learning rate records `diverged_step`, the step its
 *   DivergedError names, with the events of the epochs it completed;
 * - a wide network trained on a tiny training split overfits, and records when;
 * - through the scheduler and a real database, the diverged run's events are written
 *   before its end is reported, and reach the run table, the CSV and the filter.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bestEpoch, overfitEpoch, trainValGap, type EpochCurve } from '../../src-main/analysis/curveEvents';
import type { MetricPoint } from '../../src-main/api/metrics';
import { toCsv } from '../../src-main/export/csv';
import { toReportRun } from '../../src-main/export/reportRun';
import { buildRunTable } from '../../src-main/export/table';
import { matchesQuery, parseQuery, queryKeys, runQueryRow } from '../../src-main/shared/runQuery';
import { openStore } from '../../src-main/store/store';
import { validateSweepConfig, type SweepConfig, type TrialConfig } from '../../src-main/sweep/configSchema';
import { SweepScheduler } from '../../src-main/sweep/scheduler';
import { createSweep } from '../../src-main/sweep/sweepService';
import { forkWorker } from '../../src-main/sweep/workerLauncher';
import type { FromWorker } from '../../src-main/worker/protocol';
import { runTrial } from '../../src-main/worker/runTrial';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sweeplab-curve-events-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** SGD at lr 10 blows up in epoch 7 (the loss stays above 5 × ln 3 for 20 steps). */
const DIVERGING = { dataset: { name: 'iris' }, model: { hidden: [16] }, train: { epochs: 10, batchSize: 16, lr: 10, optimizer: 'sgd', seed: 1 } };
/** 15 training rows, 256 hidden units, Adam: validation loss climbs from epoch 9 while training loss falls. */
const OVERFITTING = {
  dataset: { name: 'iris', split: { train: 0.1, val: 0.45, test: 0.45 } },
  model: { hidden: [256] },
  train: { epochs: 20, batchSize: 8, lr: 0.03, optimizer: 'adam', seed: 1 },
};

function sweepConfig(name: string, body: object): SweepConfig {
  const r = validateSweepConfig({ name, engine: 'scratch', backend: 'js', ...body });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.config;
}

function trial(body: object): TrialConfig {
  const { search: _search, concurrency: _concurrency, ...t } = sweepConfig('curve events', body);
  return t;
}

let runId = 0;
/** Runs a trial in-process; its points, the run points by key, and its epochs rebuilt from the epoch points. */
async function run(t: TrialConfig) {
  const sent: FromWorker[] = [];
  const final = await runTrial({ type: 'start', runId: ++runId, trial: t, artifactsDir: dir }, (m) => sent.push(m));
  const points = sent.flatMap((m): MetricPoint[] => (m.type === 'metrics' ? m.points : []));
  const runPoint = (key: string) => {
    const found = points.filter((p) => p.key === key);
    expect(found.length, `${key} recorded at most once`).toBeLessThanOrEqual(1);
    return found[0];
  };
  const at = (key: string, epoch: number) => points.find((p) => p.key === key && p.step === epoch)?.value ?? null;
  const epochs: EpochCurve[] = points
    .filter((p) => p.key === 'train_loss')
    .map(({ step: epoch }) => ({ epoch, train_loss: at('train_loss', epoch), val_loss: at('val_loss', epoch), train_acc: at('train_acc', epoch), val_acc: at('val_acc', epoch) }));
  return { final, points, runPoint, epochs };
}

const stepInMessage = (message: string) => Number(/^diverged at step (\d+) \(epoch (\d+)\)/.exec(message)?.[1]);

describe('curve events recorded by a trial', () => {
  it('a diverged run records the step its divergence fired at, and the events of its completed epochs', async () => {
    const r = await run(trial(DIVERGING));
    expect(r.final).toMatchObject({ type: 'failed', code: 'DIVERGED' });
    const step = stepInMessage((r.final as { message: string }).message);
    expect(step).toBe(45);
    expect(r.runPoint('diverged_step')?.value).toBe(step);
    // The diverged step is the last one on the loss curve.
    expect(r.points.filter((p) => p.key === 'loss').at(-1)?.step).toBe(step);
    // Epochs 1–6 completed; their events are recorded at the epoch the run ended in.
    expect(r.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r.runPoint('best_epoch')).toMatchObject({ value: bestEpoch(r.epochs), step: 7 });
    expect(r.runPoint('train_val_gap')?.value).toBeCloseTo(trainValGap(r.epochs)!, 12);
    expect(r.runPoint('overfit_epoch')).toBeUndefined();
  });

  it('an overfitting run records the epoch its curves parted, by the one definition', async () => {
    const r = await run(trial(OVERFITTING));
    expect(r.final.type).toBe('finished');
    expect(r.runPoint('overfit_epoch')).toMatchObject({ value: 9, step: 20 });
    expect(overfitEpoch(r.epochs)).toBe(9);
    // By hand: after epoch 9, validation loss rose and training loss fell three times running.
    const [e9, e10, e11, e12] = r.epochs.slice(8, 12);
    for (const [a, b] of [[e9, e10], [e10, e11], [e11, e12]]) {
      expect(b.val_loss!).toBeGreaterThan(a.val_loss!);
      expect(b.train_loss!).toBeLessThan(a.train_loss!);
    }
    if (r.final.type === 'finished') expect(r.runPoint('best_epoch')?.value).toBe(r.final.result.bestEpoch);
    const gap = r.runPoint('train_val_gap')!.value!;
    expect(gap).toBeCloseTo(r.epochs[19].train_acc! - r.epochs[19].val_acc!, 12);
    expect(gap).toBeGreaterThan(0);
    expect(r.runPoint('diverged_step')).toBeUndefined();
  });
});

describe('curve events through the scheduler', () => {
  it('are written before a diverged run ends, and reach the table, the CSV and the filter', async () => {
    const store = openStore(path.join(dir, 'events.db'));
    try {
      const diverging = createSweep(store, sweepConfig('too hot', DIVERGING)).sweep.id;
      const overfitting = createSweep(store, sweepConfig('too wide', OVERFITTING)).sweep.id;
      const scheduler = new SweepScheduler(store, forkWorker, { artifactsDir: store.artifactsDir });
      const atEnd = new Map<number, Record<string, number | null>>();
      // What the database holds when the end is reported: what a listener (the GUI) reads then.
      scheduler.on((e) => e.type === 'run-finished' && atEnd.set(e.runId, store.metrics.latest(e.runId)));
      expect(await scheduler.runSweep(diverging, 1)).toMatchObject({ failed: 1 });
      expect(await scheduler.runSweep(overfitting, 1)).toMatchObject({ completed: 1 });

      const runs = [...store.runs.list({ sweepId: diverging }), ...store.runs.list({ sweepId: overfitting })];
      const [hot, wide] = runs;
      expect(atEnd.get(hot.id)).toMatchObject({ diverged_step: stepInMessage(hot.error ?? '') });
      expect(atEnd.get(wide.id)).toMatchObject({ overfit_epoch: 9 });

      const table = buildRunTable(runs.map(toReportRun), []);
      const cell = (row: number, key: string) => table.rows[row][table.columns.findIndex((c) => c.key === key)];
      expect([cell(0, 'diverged_step'), cell(0, 'overfit_epoch')]).toEqual([45, null]);
      expect([cell(1, 'diverged_step'), cell(1, 'overfit_epoch')]).toEqual([null, 9]);
      expect(cell(1, 'train_val_gap')).toBeGreaterThan(0);
      const [header, ...lines] = toCsv(table).trim().split(/\r?\n/);
      expect(header).toContain('best_epoch,overfit_epoch,diverged_step,train_val_gap');
      expect(lines[0]).toContain(',45,');

      const keys = queryKeys([], table.columns.map((c) => c.key));
      const matching = (text: string) => runs.filter((r) => matchesQuery(parseQuery(text, keys), runQueryRow(r))).map((r) => r.id);
      expect(matching('overfit_epoch>5')).toEqual([wide.id]);
      expect(matching('diverged_step>0')).toEqual([hot.id]);
      expect(matching('train_val_gap>0.01')).toContain(wide.id);
    } finally {
      store.close();
    }
  }, 60_000);
});
