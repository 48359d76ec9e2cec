/**
 * Real sweeps through the services: worker processes, a SQLite file, events as the
 * renderer receives them. Nothing is mocked.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BinaryFile, EventMessage, MetricSeries, RunDetail, RunPredictions, RunRecord, SweepDetail, TextFile } from '../../src-main/api/contract';
import type { AppServices } from '../../src-main/api/services';
import { runCli } from '../cli/helpers';
import { call, failure, longConfig, openServices, recordEvents, tempDir, tinyIrisConfig } from './helpers';

let t: ReturnType<typeof tempDir>;
let s: AppServices;

beforeEach(() => {
  t = tempDir();
  s = openServices(t.dir);
});
afterEach(async () => {
  await s.close();
  t.cleanup();
});

const error = (method: string, payload: unknown) => failure(s, method, payload);

const forSweep = (sweepId: number) => (m: EventMessage) => 'sweepId' in m.data ? m.data.sweepId === sweepId : m.event === 'run-progress' && m.data.progress.sweepId === sweepId;
const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('a sweep through the services', () => {
  it('runs in the background, streams ordered events without losing a point, and is recorded', async () => {
    const rec = recordEvents(s);
    const epochs = 300;
    const { sweepId, trials } = await call<{ sweepId: number; trials: number }>(s, 'createSweep', { config: tinyIrisConfig({ train: { epochs, batchSize: 8, lr: 0.05 } }) });
    expect(trials).toBe(2);
    // createSweep returns at once; the sweep is running now.
    expect((await call<SweepDetail>(s, 'getSweep', { id: sweepId })).active).toBe(true);
    await rec.until((m) => m.event === 'sweep-finished' && m.data.sweepId === sweepId);

    const events = rec.events.filter(forSweep(sweepId));
    expect(events[0]).toEqual({ event: 'sweep-created', data: { sweepId, name: 'tiny-iris', trials: 2 } });
    expect(events.at(-1)).toEqual({ event: 'sweep-finished', data: { sweepId, status: 'completed', message: null } });
    const runs = await call<RunRecord[]>(s, 'listRuns', { sweepId });
    expect(runs.map((r) => r.status)).toEqual(['completed', 'completed']);

    const stepsPerEpoch = Math.ceil(105 / 8);
    for (const run of runs) {
      const mine = events.filter((m) => ('runId' in m.data ? m.data.runId : m.event === 'run-progress' ? m.data.progress.runId : -1) === run.id);
      expect(mine[0]).toMatchObject({ event: 'run-started', data: { sweepId, runId: run.id, engine: 'scratch' } });
      expect(mine.at(-1)).toEqual({ event: 'run-finished', data: { sweepId, runId: run.id, status: 'completed', error: null, errorCode: null } });
      const progress = mine.slice(1, -1);
      expect(progress.every((m) => m.event === 'run-progress')).toBe(true);
      // 300 epochs and 3,900 steps, batched by the worker into a few messages (one per
      // 200 ms of training, epoch ends included, plus the last one)…
      expect(progress.length).toBeGreaterThanOrEqual(1);
      expect(progress.length).toBeLessThan(epochs / 4);
      // …that together carry every point, in order.
      const points = progress.flatMap((m) => (m.event === 'run-progress' ? m.data.points : []));
      const loss = points.filter((p) => p.key === 'loss').map((p) => p.step);
      expect(loss).toEqual(Array.from({ length: stepsPerEpoch * epochs }, (_, i) => i + 1));
      expect(points.filter((p) => p.key === 'val_acc').map((p) => p.step)).toEqual(Array.from({ length: epochs }, (_, i) => i + 1));
      const last = progress.at(-1)!;
      if (last.event === 'run-progress') expect(last.data.progress).toMatchObject({ runId: run.id, step: stepsPerEpoch * epochs, steps: stepsPerEpoch * epochs, epochs });
    }

    const detail = await call<SweepDetail>(s, 'getSweep', { id: sweepId });
    expect(detail).toMatchObject({ active: false, sweptKeys: ['train.lr'], summary: { trials: 2, counts: { completed: 2 } } });
    const best = [...runs].sort((a, b) => (b.metrics.val_acc! - a.metrics.val_acc!) || (a.metrics.val_loss! - b.metrics.val_loss!) || a.id - b.id)[0];
    expect(detail.bestRunId).toBe(best.id);
    expect(await call<RunRecord[]>(s, 'listRuns', { sweepId, status: ['failed'] })).toEqual([]);

    // The database holds the same points the events carried; maxPoints downsamples.
    const ids = runs.map((r) => r.id);
    const full = await call<MetricSeries[]>(s, 'metrics', { runIds: ids, keys: ['loss'] });
    expect(full.map((x) => x.steps.length)).toEqual([stepsPerEpoch * epochs, stepsPerEpoch * epochs]);
    const small = await call<MetricSeries[]>(s, 'metrics', { runIds: ids, keys: ['loss', 'val_acc'], maxPoints: 50 });
    expect(small.map((x) => [x.runId, x.key, x.steps.length])).toEqual([[ids[0], 'loss', 50], [ids[0], 'val_acc', 50], [ids[1], 'loss', 50], [ids[1], 'val_acc', 50]]);
    expect(small[0].steps[0]).toBe(1);
    expect(small[0].steps.at(-1)).toBe(stepsPerEpoch * epochs);
    const tail = await call<MetricSeries[]>(s, 'metrics', { runIds: [ids[0]], keys: ['loss'], sinceStep: stepsPerEpoch * epochs - 10 });
    expect(tail[0].steps).toHaveLength(10);

    // The same runs.csv as `sweeplab export`.
    const csv = await call<TextFile>(s, 'exportTable', { sweepId, format: 'csv' });
    expect(csv.filename).toBe('runs.csv');
    expect(csv.text.split('\r\n')[0]).toMatch(/^run,status,.*train\.lr,train_loss,.*test_acc/);
    expect(csv.text.split('\r\n').filter(Boolean)).toHaveLength(3);
    const out = path.join(t.dir, 'export');
    const cli = await runCli(['export', String(sweepId), '--out', out, '--db', s.store.file], { SWEEPLAB_HOME: path.join(t.dir, 'home') });
    expect(cli.code, cli.stderr).toBe(0);
    expect(csv.text).toBe(readFileSync(path.join(out, 'runs.csv'), 'utf8'));
    expect((await call<TextFile>(s, 'exportTable', { sweepId, format: 'md' })).text).toBe(readFileSync(path.join(out, 'runs.md'), 'utf8'));
    expect((await call<TextFile>(s, 'exportTable', { sweepId, format: 'latex' })).text).toBe(readFileSync(path.join(out, 'runs.tex'), 'utf8'));

    // Artifacts: only what the run recorded can be read.
    const run = await call<RunDetail>(s, 'getRun', { id: ids[0] });
    expect(run.progress).toBeNull();
    const model = run.artifacts.find((a) => a.kind === 'model')!;
    const file = await call<BinaryFile>(s, 'runArtifact', { id: ids[0], path: model.path });
    expect(file).toMatchObject({ filename: 'model.json', mime: 'application/json' });
    expect(JSON.parse(Buffer.from(file.base64, 'base64').toString('utf8')).format).toBe('layers-model');
    const other = (await call<RunDetail>(s, 'getRun', { id: ids[1] })).artifacts[0].path;
    for (const p of [other, '../sweeplab.db', path.join(s.store.artifactsDir, model.path), `${model.path}/../../sweeplab.db`]) {
      const e = await error('runArtifact', { id: ids[0], path: p });
      expect(e.code, p).toBe('BAD_INPUT');
      expect(e.message).toContain(`is not an artifact of run ${ids[0]}`);
    }

    // Predictions on the test split from the saved weights.
    const pred = await call<RunPredictions>(s, 'runPredictions', { id: best.id });
    expect(pred.images).toBeNull();
    expect(pred.labels).toHaveLength(16);
    expect(pred.predicted).toHaveLength(16);
    expect(pred.confusion.flat().reduce((a, b) => a + b, 0)).toBe(30);
    expect(pred.accuracy).toBeCloseTo(best.metrics.test_acc!, 1);
    const wrong = pred.confusion.flat().reduce((a, b) => a + b, 0) - pred.confusion.reduce((a, row, i) => a + row[i], 0);
    if (wrong > 0) expect(pred.labels.some((l, i) => l !== pred.predicted[i])).toBe(true);

    // Deleting removes the records, the files, and says so.
    const runDirs = readdirSync(s.store.artifactsDir);
    expect(runDirs).toHaveLength(2);
    expect(await call(s, 'deleteSweep', { id: sweepId })).toEqual({ deleted: true });
    expect(rec.events.at(-1)).toEqual({ event: 'sweep-deleted', data: { sweepId } });
    for (const dir of runDirs) expect(existsSync(path.join(s.store.artifactsDir, dir))).toBe(false);
    expect((await error('getSweep', { id: sweepId })).code).toBe('NOT_FOUND');
    expect((await error('runPredictions', { id: best.id })).code).toBe('NOT_FOUND');
  });

  it('predicts test images of a finished image run, misclassified ones included', async () => {
    const rec = recordEvents(s);
    const config = { name: 'img', dataset: { name: 'fashion-mnist-subset' }, engine: 'scratch', model: { hidden: [16] }, train: { epochs: 1, batchSize: 64, lr: 0.05 } };
    const { sweepId } = await call<{ sweepId: number }>(s, 'createSweep', { config });
    await rec.until((m) => m.event === 'sweep-finished' && m.data.sweepId === sweepId);
    const [run] = await call<RunRecord[]>(s, 'listRuns', { sweepId });
    expect(run.status).toBe('completed');
    const pred = await call<RunPredictions>(s, 'runPredictions', { id: run.id, count: 12 });
    expect(pred.classes).toHaveLength(10);
    expect(pred.images).toMatchObject({ width: 28, height: 28, count: 12 });
    expect(Buffer.from(pred.images!.pixelsBase64, 'base64')).toHaveLength(12 * 28 * 28);
    expect(pred.confusion).toHaveLength(10);
    const total = pred.confusion.flat().reduce((a, b) => a + b, 0);
    const correct = pred.confusion.reduce((a, row, i) => a + row[i], 0);
    expect(pred.accuracy).toBeCloseTo(correct / total, 10);
    expect(pred.accuracy).toBeCloseTo(run.metrics.test_acc!, 2);
    // After one epoch of a tiny MLP some test images are wrong: half the grid shows them.
    expect(correct).toBeLessThan(total);
    const wrong = pred.labels.filter((l, i) => l !== pred.predicted[i]).length;
    expect(wrong).toBe(Math.min(6, total - correct));
    // Cached per run: the same answer again.
    expect(await call<RunPredictions>(s, 'runPredictions', { id: run.id, count: 12 })).toEqual(pred);
  });

  it('records a failing trial in its run row and its event', async () => {
    // A file that passes the launch check, then breaks before the worker reads it (it
    // needs a process start first): the failure can only surface in the trial.
    const csv = path.join(t.dir, 'broken.csv');
    writeFileSync(csv, `a,b,label\n${Array.from({ length: 20 }, (_, i) => `${i},${i % 3},${i % 2 ? 'x' : 'y'}`).join('\n')}\n`);
    const rec = recordEvents(s);
    const { sweepId } = await call<{ sweepId: number }>(s, 'createSweep', { config: tinyIrisConfig({ dataset: { name: 'csv', path: csv }, search: {} }) });
    writeFileSync(csv, 'a,b,label\n1,2,x\n3,oops,y\n');
    const finished = await rec.until((m) => m.event === 'run-finished' && m.data.sweepId === sweepId);
    expect(finished.data).toMatchObject({ status: 'failed' });
    expect((finished.data as { error: string }).error).toContain('broken.csv');
    const [run] = await call<RunRecord[]>(s, 'listRuns', { sweepId });
    expect(run).toMatchObject({ status: 'failed' });
    expect(run.error).toContain('line 3');
    await rec.until((m) => m.event === 'sweep-finished' && m.data.sweepId === sweepId);
  });

  it('cancels, refuses to delete or resume while running, resumes, and leaves runs interrupted on close', async () => {
    let rec = recordEvents(s);
    const { sweepId } = await call<{ sweepId: number }>(s, 'createSweep', { config: longConfig() });
    const first = await rec.until((m) => m.event === 'run-progress' && m.data.progress.sweepId === sweepId);
    const runId = first.event === 'run-progress' ? first.data.progress.runId : -1;
    const live = await call<RunDetail>(s, 'getRun', { id: runId });
    expect(live.run.status).toBe('running');
    expect(live.progress).toMatchObject({ runId, sweepId, epochs: 200, steps: 200 * Math.ceil(1800 / 64) });
    expect(live.progress!.step).toBeGreaterThan(0);

    for (const method of ['deleteSweep', 'resumeSweep']) {
      const e = await error(method, { id: sweepId });
      expect(e.code, method).toBe('CONFLICT');
      expect(e.message).toContain('running');
    }
    expect((await error('runPredictions', { id: runId })).code).toBe('CONFLICT');

    // One run cancelled alone: the other keeps training.
    expect(await call(s, 'cancelRun', { id: runId })).toEqual({ cancelled: true });
    const gone = await rec.until((m) => m.event === 'run-finished' && m.data.runId === runId, 20_000);
    expect(gone.data).toMatchObject({ status: 'cancelled' });
    expect(await call(s, 'cancelRun', { id: runId })).toEqual({ cancelled: false });
    expect((await call<SweepDetail>(s, 'getSweep', { id: sweepId })).active).toBe(true);

    expect(await call(s, 'cancelSweep', { id: sweepId })).toEqual({ cancelled: true });
    await rec.until((m) => m.event === 'sweep-finished' && m.data.sweepId === sweepId, 20_000);
    expect(rec.events.filter((m) => m.event === 'sweep-finished').at(-1)?.data).toEqual({ sweepId, status: 'cancelled', message: null });
    const cancelled = await call<RunRecord[]>(s, 'listRuns', { sweepId });
    expect(cancelled.map((r) => r.status)).toEqual(['cancelled', 'cancelled']);
    for (const r of cancelled) if (r.pid) expect(isAlive(r.pid)).toBe(false);
    expect(await call(s, 'cancelSweep', { id: sweepId })).toEqual({ cancelled: false });
    expect((await call<SweepDetail>(s, 'getSweep', { id: sweepId })).sweep.status).toBe('cancelled');

    // Resume: new attempts of both trials.
    expect(await call(s, 'resumeSweep', { id: sweepId })).toEqual({ queued: 2 });
    const attempt2 = () => s.store.runs.list({ sweepId, status: ['running'] });
    const deadline = Date.now() + 30_000;
    while (attempt2().length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(attempt2().map((r) => r.attempt)).toEqual([2, 2]);
    const pids = attempt2().map((r) => r.pid!);

    // Closing the app interrupts them (resumable), and kills their workers.
    rec.stop();
    await s.close();
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
    s = openServices(t.dir);
    rec = recordEvents(s);
    const after = await call<SweepDetail>(s, 'getSweep', { id: sweepId });
    expect(after.sweep.status).toBe('interrupted');
    expect(after.active).toBe(false);
    expect(after.runs.map((r) => [r.attempt, r.status])).toEqual([[2, 'interrupted'], [2, 'interrupted']]);
    expect(after.runs[0].error).toContain('closed');

    // Not running any more: it can be deleted.
    expect(await call(s, 'deleteSweep', { id: sweepId })).toEqual({ deleted: true });
    expect(s.store.runs.list({ sweepId, includeSuperseded: true })).toEqual([]);
  });
});
