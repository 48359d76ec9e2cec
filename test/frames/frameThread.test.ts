/**
 * The frame thread for real (a worker_threads Worker loading the TypeScript entry):
 * frames built there are byte for byte the ones the capture builds here, in seq order;
 * the snapshots waiting for it never hold more than MAX_PENDING_BYTES (training waits);
 * `finish` leaves no frame behind; a capture that fails answers with its error instead
 * of a frame.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../src-main/data/registry';
import type { Dataset } from '../../src-main/data/types';
import { createEngineModel } from '../../src-main/engine/createModel';
import { selectOps } from '../../src-main/engine/scratch/ops';
import type { EngineModel } from '../../src-main/engine/types';
import { createFrameCapture } from '../../src-main/frames/capture';
import { framePlan } from '../../src-main/frames/config';
import { FrameThread, MAX_PENDING_BYTES } from '../../src-main/frames/frameThread';
import { InlineFrames } from '../../src-main/frames/inlineFrames';
import { FrameRecorder, frameSource } from '../../src-main/frames/recorder';
import { frameSteps } from '../../src-main/frames/schedule';
import { trialConfig } from '../../src-main/sweep/searchSpace';
import { validateSweepConfig } from '../../src-main/sweep/configSchema';

const r = validateSweepConfig({ name: 't', dataset: { name: 'moons', toy: { samples: 200 } }, model: { hidden: [8], activation: 'tanh' }, train: { epochs: 1, batchSize: 16, lr: 0.05 } });
if (!r.ok) throw new Error(JSON.stringify(r.issues));
const trial = trialConfig(r.config, {});

let dataset: Dataset;
let model: EngineModel;
beforeAll(async () => {
  dataset = await loadDataset(trial.dataset);
  model = await createEngineModel(trial, dataset);
});

function step(m: EngineModel, s: number): number {
  const at = (s * 16) % (dataset.train.n - 16);
  return m.trainStep(dataset.train.x.subarray(at * 2, (at + 16) * 2), dataset.train.y.subarray(at, at + 16), 16).loss;
}

describe('the frame thread', () => {
  it('builds the same frames as the capture here, in order', async () => {
    const TOTAL = 200;
    const plan = framePlan({ count: 40, grid: 48, units: 4 }, dataset, 8)!;
    const source = frameSource(plan, dataset, 0);
    const recorder = new FrameRecorder(source, 'tanh', TOTAL);
    const here = createFrameCapture(source, 'tanh');
    const twin = await createEngineModel(trial, dataset);
    const expected: string[] = [];
    const got = [];
    for (let s = 0; s <= TOTAL; s++) {
      const loss = s === 0 ? null : step(twin, s);
      if (recorder.due(s)) {
        const { bytes } = here.capture(twin.getWeights(), { first: expected.length === 0 });
        expected.push(Buffer.from(bytes).toString('base64'));
      }
      recorder.record(twin, s, s === 0 ? 0 : 1, loss, 1000 + s);
      got.push(...recorder.take());
    }
    recorder.finish();
    got.push(...recorder.take());
    expect(got.map((f) => f.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(got.map((f) => f.step)).toEqual(frameSteps(TOTAL, 40));
    expect(got.map((f) => f.time)).toEqual(frameSteps(TOTAL, 40).map((s) => 1000 + s));
    expect(got.map((f) => f.data)).toEqual(expected);
    expect(recorder.stats).toMatchObject({ frames: 40, bytes: expected.reduce((n, d) => n + d.length, 0) });
    expect(recorder.stats.threadMs).toBeGreaterThan(0);
    // The addon loads in the thread as it does here (the native ops where built).
    expect(recorder.stats.threadOps).toBe(selectOps('auto').ops.name);
  });

  it('makes training wait while the waiting snapshots hold MAX_PENDING_BYTES', async () => {
    // A hidden layer of 65,536 units: 2.6 MB a snapshot, so the fourth waits for the first to be done.
    const wide = { name: 'wide', dataset: { name: 'moons', toy: { samples: 200 } }, model: { hidden: [65_536] }, train: { epochs: 1, batchSize: 16, lr: 0.05 } };
    const w = validateSweepConfig(wide);
    if (!w.ok) throw new Error(JSON.stringify(w.issues));
    const big = await createEngineModel(trialConfig(w.config, {}), dataset);
    const plan = framePlan({ count: 6, grid: 16, units: 0 }, dataset, 65_536)!;
    const recorder = new FrameRecorder(frameSource(plan, dataset, 0), 'relu', 5);
    const thread = FrameThread.shared();
    let most = 0;
    for (let s = 0; s <= 5; s++) {
      recorder.record(big, s, 1, null, s);
      most = Math.max(most, thread.pendingBytes);
    }
    recorder.finish();
    expect(recorder.take()).toHaveLength(6);
    expect(most).toBeGreaterThan(MAX_PENDING_BYTES / 2);
    expect(most).toBeLessThanOrEqual(MAX_PENDING_BYTES);
    expect(recorder.stats.backpressureMs).toBeGreaterThan(0);
  });

  it('a second run on the same thread starts its own numbering; a failed capture answers with its error', () => {
    const plan = framePlan({ count: 3, grid: 16, units: 2 }, dataset, 8)!;
    const ok = new FrameRecorder(frameSource(plan, dataset, 0), 'tanh', 2);
    for (let s = 0; s <= 2; s++) ok.record(model, s, 1, null, s);
    ok.finish();
    expect(ok.take().map((f) => f.seq)).toEqual([0, 1, 2]);

    const broken = new FrameRecorder(frameSource(plan, dataset, 0), 'tanh', 2);
    const wrong = { ...model, getWeights: () => model.getWeights().filter((t) => t.name !== 'fc1.b') } as EngineModel;
    broken.record(wrong, 0, 0, null, 0);
    broken.finish();
    expect(broken.take()).toEqual([]);
    expect(broken.failure?.message).toMatch(/frames: forward: fc1.W must be/);
  });

  it('frames built inline (no thread) are the same bytes as the thread builds; after a failed capture a run records no more', () => {
    const plan = framePlan({ count: 5, grid: 24, units: 3 }, dataset, 8)!;
    const onThread = new FrameRecorder(frameSource(plan, dataset, 0), 'tanh', 20);
    const inline = new FrameRecorder(frameSource(plan, dataset, 0), 'tanh', 20, new InlineFrames());
    for (let s = 0; s <= 20; s++) {
      onThread.record(model, s, 1, null, s);
      inline.record(model, s, 1, null, s);
    }
    onThread.finish();
    const a = onThread.take();
    const b = inline.take();
    expect(b).toHaveLength(5);
    expect(b.map((f) => f.data)).toEqual(a.map((f) => f.data));

    const broken = new FrameRecorder(frameSource(plan, dataset, 0), 'tanh', 20, new InlineFrames());
    const missingBias = { ...model, getWeights: () => model.getWeights().filter((t) => t.name !== 'fc1.b') } as EngineModel;
    broken.record(missingBias, 0, 0, null, 0);
    expect(broken.take()).toEqual([]);
    expect(broken.failure).not.toBeNull();
    // Stopped: a later, healthy snapshot is not even taken.
    for (let s = 1; s <= 20; s++) broken.record(model, s, 1, null, s);
    expect(broken.take()).toEqual([]);
    expect(broken.stats.frames).toBe(0);
  });
});
