/**
 * Frames end to end: real services, the scheduler, a real worker process and a real
 * database file. A moons run records the scheduled frames; the last one's grid is what
 * the saved weights predict; the same seed gives the same bytes; frames off records
 * none and trains exactly the same; a diverging run's frames are all stored before its
 * failure is reported; deleting the run takes its frames with it.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunFrames } from '../../src-main/api/contract';
import type { AppServices } from '../../src-main/api/services';
import { loadDataset } from '../../src-main/data/registry';
import { createEngineModel } from '../../src-main/engine/createModel';
import { loadSavedModel } from '../../src-main/export/modelFiles';
import { gridInputs } from '../../src-main/frames/capture';
import { frameBytes, planeLayout } from '../../src-main/frames/decode';
import { frameSteps } from '../../src-main/frames/schedule';
import type { PlaneMeta } from '../../src-main/frames/types';
import type { RunRecord } from '../../src-main/store/types';
import { call, failure, openServices, recordEvents, tempDir } from '../api/helpers';

const FRAMES = { count: 30, grid: 32, units: 4 };
const EPOCHS = 15;

function moonsConfig(name: string, frames: Record<string, unknown>): Record<string, unknown> {
  return {
    name,
    dataset: { name: 'moons', toy: { samples: 200 } },
    engine: 'scratch',
    model: { hidden: [8] },
    train: { epochs: EPOCHS, batchSize: 16, lr: 0.02, optimizer: 'adam', seed: 7 },
    frames,
    concurrency: 1,
  };
}

let tmp: ReturnType<typeof tempDir>;
let s: AppServices;
/** The one run of each sweep: frames on, the same again, frames off. */
const runs: Record<'on' | 'again' | 'off', RunRecord> = {} as never;

async function runSweep(name: string, frames: Record<string, unknown>): Promise<RunRecord> {
  const rec = recordEvents(s);
  const { sweepId } = await call<{ sweepId: number }>(s, 'createSweep', { config: moonsConfig(name, frames) });
  await rec.until((m) => m.event === 'sweep-finished' && m.data.sweepId === sweepId);
  rec.stop();
  const [run] = await call<RunRecord[]>(s, 'listRuns', { sweepId });
  expect(run.status).toBe('completed');
  return run;
}

const framesOf = (id: number, sinceSeq?: number) => call<RunFrames>(s, 'runFrames', { id, ...(sinceSeq === undefined ? {} : { sinceSeq }) });

beforeAll(async () => {
  tmp = tempDir('sweeplab-frames-');
  s = openServices(tmp.dir);
  runs.on = await runSweep('frames-on', FRAMES);
  runs.again = await runSweep('frames-again', FRAMES);
  runs.off = await runSweep('frames-off', { enabled: false });
});
afterAll(async () => {
  await s?.close();
  tmp?.cleanup();
});

describe('frames recorded while training', () => {
  it('stores the scheduled frames with their steps, epochs and losses', async () => {
    const got = await framesOf(runs.on.id);
    const stepsPerEpoch = (runs.on.dataset as { stepsPerEpoch: number }).stepsPerEpoch;
    const total = stepsPerEpoch * EPOCHS;
    expect(got).toMatchObject({ runId: runs.on.id, kind: 'plane', plannedSteps: total });
    expect(got.frames.map((f) => f.seq)).toEqual(Array.from({ length: FRAMES.count }, (_, i) => i));
    expect(got.frames.map((f) => f.step)).toEqual(frameSteps(total, FRAMES.count));
    expect(got.frames.map((f) => f.epoch)).toEqual(got.frames.map((f) => Math.ceil(f.step / stepsPerEpoch)));
    const [loss] = await call<{ steps: number[]; values: (number | null)[] }[]>(s, 'metrics', { runIds: [runs.on.id], keys: ['loss'] });
    expect(got.frames[0].loss).toBeNull();
    for (const f of got.frames.slice(1)) expect(f.loss).toBe(loss.values[loss.steps.indexOf(f.step)]);
    const meta = got.frames[0].meta as PlaneMeta;
    expect(meta).toMatchObject({ kind: 'plane', classes: 2, units: 4, grid: { size: 32 } });
    for (const f of got.frames) expect(frameBytes(f).length).toBe(planeLayout(f.meta as PlaneMeta).bytes);
    // A live reader asks only for what is new.
    expect((await framesOf(runs.on.id, 26)).frames.map((f) => f.seq)).toEqual([27, 28, 29]);
  });

  it('the last frame’s grid is what the run’s saved weights predict', async () => {
    const { frames } = await framesOf(runs.on.id);
    const last = frames.at(-1)!;
    const meta = last.meta as PlaneMeta;
    const detail = await call<{ artifacts: { kind: string; path: string }[] }>(s, 'getRun', { id: runs.on.id });
    const modelFile = detail.artifacts.find((a) => a.kind === 'model')!;
    const saved = loadSavedModel(path.join(s.store.artifactsDir, path.dirname(modelFile.path)));
    const dataset = await loadDataset(runs.on.config.dataset);
    const model = await createEngineModel(runs.on.config, dataset);
    model.setWeights(saved.weights);
    const cells = meta.grid.size ** 2;
    const p = model.predict(gridInputs(meta.grid, meta.grid.size, dataset.standardization, new Float64Array(cells * 2)), cells);
    const bytes = frameBytes(last);
    let worst = 0;
    for (let i = 0; i < cells; i++) for (let c = 0; c < 2; c++) worst = Math.max(worst, Math.abs(bytes[c * cells + i] / 255 - p[i * 2 + c]));
    // Half a byte of quantisation, and the float32 the weights are saved in.
    expect(worst).toBeLessThanOrEqual(0.5 / 255 + 1e-4);
    // …and it is not simply any model's: the first frame (untrained) is far from it.
    const first = frameBytes(frames[0]);
    let moved = 0;
    for (let i = 0; i < cells; i++) moved = Math.max(moved, Math.abs(first[i] / 255 - p[i * 2]));
    expect(moved).toBeGreaterThan(0.1);
  });

  it('the same config and seed record the same frames, time aside', async () => {
    const [a, b] = await Promise.all([framesOf(runs.on.id), framesOf(runs.again.id)]);
    expect(b.frames.map(({ time: _t, ...f }) => f)).toEqual(a.frames.map(({ time: _t, ...f }) => f));
  });

  it('frames off: none recorded, and training is exactly the same', async () => {
    const off = await framesOf(runs.off.id);
    expect(off).toMatchObject({ kind: null, frames: [] });
    const series = await call<{ values: (number | null)[] }[]>(s, 'metrics', { runIds: [runs.on.id, runs.off.id], keys: ['loss', 'val_acc'] });
    expect(series[2].values).toEqual(series[0].values);
    expect(series[3].values).toEqual(series[1].values);
  });

  it('answers a missing run or a bad seq with a clear error', async () => {
    expect(await failure(s, 'runFrames', { id: 987654 })).toMatchObject({ code: 'NOT_FOUND', message: 'no run with id 987654' });
    expect(await failure(s, 'runFrames', { id: runs.on.id, sinceSeq: -2 })).toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('sinceSeq') });
  });

  it('a diverging run delivers its frames up to the divergence before its failure is reported', async () => {
    const config = { ...moonsConfig('frames-diverge', FRAMES), train: { epochs: EPOCHS, batchSize: 16, lr: 100, optimizer: 'sgd', seed: 7 } };
    // Read from the store the moment the scheduler reports the run's end.
    let atEnd: { status: string; errorCode: string | null; steps: number[] } | null = null;
    const stop = s.onEvent((m) => {
      if (m.event !== 'run-finished' || atEnd) return;
      const d = m.data as { runId: number; status: string; errorCode: string | null };
      atEnd = { status: d.status, errorCode: d.errorCode, steps: s.store.frames.list(d.runId).map((f) => f.step) };
    });
    const rec = recordEvents(s);
    const { sweepId } = await call<{ sweepId: number }>(s, 'createSweep', { config });
    await rec.until((m) => m.event === 'sweep-finished' && m.data.sweepId === sweepId);
    rec.stop();
    stop();
    const [run] = await call<RunRecord[]>(s, 'listRuns', { sweepId });
    expect(atEnd).toMatchObject({ status: 'failed', errorCode: 'DIVERGED' });
    const [loss] = await call<{ steps: number[] }[]>(s, 'metrics', { runIds: [run.id], keys: ['loss'] });
    const divergedAt = loss.steps.at(-1)!;
    const total = (run.dataset as { stepsPerEpoch: number }).stepsPerEpoch * EPOCHS;
    expect(divergedAt).toBeLessThan(total);
    // Every scheduled step it reached, the diverged one included when scheduled: the schedule's prefix.
    const reached = frameSteps(total, FRAMES.count).filter((step) => step <= divergedAt);
    expect(reached.length).toBeGreaterThan(1);
    expect(atEnd!.steps).toEqual(reached);
  });

  it('deleting a run deletes its frames', async () => {
    await call(s, 'deleteRun', { id: runs.again.id });
    expect(s.store.frames.size(runs.again.id)).toEqual({ frames: 0, bytes: 0 });
    expect(s.store.frames.size(runs.on.id).frames).toBe(FRAMES.count);
  });
});
