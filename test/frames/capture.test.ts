/**
 * One frame from a real model's weights (the capture the frame thread runs, called
 * directly here): the grid's bytes are `predict` at the grid's cells (within
 * quantisation), a unit thumbnail is the first layer's activation worked out by hand, an
 * image tile is its column of weights, the confusion matrix counts the fixed rows, and
 * the same model gives the same bytes every time.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../src-main/data/registry';
import type { Dataset } from '../../src-main/data/types';
import { createEngineModel } from '../../src-main/engine/createModel';
import type { EngineModel } from '../../src-main/engine/types';
import { createFrameCapture, firstLayer } from '../../src-main/frames/capture';
import { frameSource } from '../../src-main/frames/recorder';
import { CONFUSION_ROWS, framePlan, PREDICTION_IMAGES } from '../../src-main/frames/config';
import { planeLayout, planeProbability, shownImage, tileWeight, unitActivation } from '../../src-main/frames/decode';
import type { ImageMeta, PlaneMeta } from '../../src-main/frames/types';
import { trialConfig } from '../../src-main/sweep/searchSpace';
import { validateSweepConfig, type SweepConfigInput } from '../../src-main/sweep/configSchema';

function trial(input: Partial<SweepConfigInput> & Pick<SweepConfigInput, 'dataset' | 'model'>) {
  const r = validateSweepConfig({ name: 't', train: { epochs: 1, batchSize: 32, lr: 0.05 }, ...input });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return trialConfig(r.config, {});
}

/** A few training steps, so the weights are not the initial ones. */
function trainSome(model: EngineModel, d: Dataset, steps: number): void {
  const features = d.features;
  for (let s = 0; s < steps; s++) {
    const start = (s * 32) % Math.max(1, d.train.n - 32);
    model.trainStep(d.train.x.subarray(start * features, (start + 32) * features), d.train.y.subarray(start, start + 32), 32);
  }
}

describe('plane frames', () => {
  const t = trial({ dataset: { name: 'spirals', toy: { classes: 3 } }, model: { hidden: [8], activation: 'tanh' } });
  let dataset: Dataset;
  let model: EngineModel;
  beforeAll(async () => {
    dataset = await loadDataset(t.dataset);
    model = await createEngineModel(t, dataset);
    trainSome(model, dataset, 30);
  });

  it('holds predict’s class probabilities at the grid’s cell centres, in the data’s units', () => {
    const plan = framePlan({ grid: 20, units: 4 }, dataset, 8)!;
    const { meta, bytes } = createFrameCapture(frameSource(plan, dataset, 0), 'tanh').capture(model.getWeights());
    const m = meta as PlaneMeta;
    expect(m).toMatchObject({ kind: 'plane', classes: 3, units: 4, unitSize: 24, grid: { size: 20, x: dataset.plane!.x, y: dataset.plane!.y } });
    expect(m.grid.input).toEqual({ mean: dataset.standardization!.mean, std: dataset.standardization!.std });
    expect(bytes.length).toBe(planeLayout(m).bytes);
    const { mean, std } = dataset.standardization!;
    const [x0, x1] = m.grid.x;
    const [y0, y1] = m.grid.y;
    // A few cells, each put through predict on its own: top-left, bottom-right, somewhere inside.
    for (const [r, c] of [[0, 0], [19, 19], [7, 12], [13, 3]]) {
      const x = x0 + ((c + 0.5) * (x1 - x0)) / 20;
      const y = y1 - ((r + 0.5) * (y1 - y0)) / 20;
      const p = model.predict(Float64Array.of((x - mean[0]) / std[0], (y - mean[1]) / std[1]), 1);
      for (let k = 0; k < 3; k++) expect(Math.abs(planeProbability(m, bytes, k, r * 20 + c) - p[k])).toBeLessThanOrEqual(0.5 / 255 + 1e-9);
    }
  });

  it('draws each unit’s activation over the same box, worked out by hand', () => {
    const plan = framePlan({ grid: 16, units: 3 }, dataset, 8)!;
    const { meta, bytes } = createFrameCapture(frameSource(plan, dataset, 0), 'tanh').capture(model.getWeights());
    const m = meta as PlaneMeta;
    const { W, b, width } = firstLayer(model.getWeights());
    const { mean, std } = dataset.standardization!;
    for (let u = 0; u < 3; u++) {
      const [lo, hi] = m.unitRange[u];
      expect(hi).toBeGreaterThan(lo);
      for (const [r, c] of [[0, 0], [23, 23], [5, 17]]) {
        const x = m.grid.x[0] + ((c + 0.5) * (m.grid.x[1] - m.grid.x[0])) / 24;
        const y = m.grid.y[1] - ((r + 0.5) * (m.grid.y[1] - m.grid.y[0])) / 24;
        const a = Math.tanh(((x - mean[0]) / std[0]) * W[u] + ((y - mean[1]) / std[1]) * W[width + u] + b[u]);
        expect(Math.abs(unitActivation(m, bytes, u, r * 24 + c) - a)).toBeLessThanOrEqual((hi - lo) / 510 + 1e-9);
      }
    }
  });

  it('gives the same bytes for the same model, and other bytes once it has trained on', async () => {
    const plan = framePlan(undefined, dataset, 8)!;
    const capture = createFrameCapture(frameSource(plan, dataset, 0), 'tanh');
    const first = Buffer.from(capture.capture(model.getWeights()).bytes);
    const twin = await createEngineModel(t, dataset);
    twin.setWeights(model.getWeights());
    const fresh = createFrameCapture(frameSource(plan, dataset, 0), 'tanh').capture(twin.getWeights());
    expect(Buffer.from(fresh.bytes).equals(first)).toBe(true);
    trainSome(twin, dataset, 50);
    expect(Buffer.from(capture.capture(twin.getWeights()).bytes).equals(first)).toBe(false);
  });

  it('draws no units for a model without hidden layers, and follows the defaults', () => {
    expect(framePlan(undefined, dataset, 0)).toMatchObject({ kind: 'plane', count: 60, grid: 96, units: 0 });
    expect(framePlan({ units: 64 }, dataset, 8)!.units).toBe(8);
    expect(framePlan({ enabled: false }, dataset, 8)).toBeNull();
  });
});

describe('image frames', () => {
  const t = trial({ dataset: { name: 'fashion-mnist-subset' }, model: { hidden: [32] } });
  let dataset: Dataset;
  let model: EngineModel;
  beforeAll(async () => {
    dataset = await loadDataset(t.dataset);
    model = await createEngineModel(t, dataset);
    trainSome(model, dataset, 10);
  });

  it('is off unless asked for; tiles are at most the first layer’s units', () => {
    expect(framePlan(undefined, dataset, 32)).toBeNull();
    expect(framePlan({ enabled: true }, dataset, 32)).toMatchObject({ kind: 'image', units: 32 });
    expect(framePlan({ enabled: true, units: 5 }, dataset, 32)!.units).toBe(5);
  });

  it('tiles are the first layer’s weight columns; the confusion and predictions cover the fixed rows', () => {
    const plan = framePlan({ enabled: true, units: 6 }, dataset, 32)!;
    const capture = createFrameCapture(frameSource(plan, dataset, 3), 'relu');
    const { meta, bytes } = capture.capture(model.getWeights());
    const m = meta as ImageMeta;
    expect(m).toMatchObject({ kind: 'image', tiles: 6, width: 28, height: 28 });
    expect(bytes.length).toBe(6 * 784);
    const { W, width } = firstLayer(model.getWeights());
    let largest = 0;
    for (let p = 0; p < 784; p++) for (let u = 0; u < 6; u++) largest = Math.max(largest, Math.abs(W[p * width + u]));
    expect(m.scale).toBeCloseTo(largest, 6);
    for (const [u, p] of [[0, 0], [5, 783], [2, 400], [3, 222]])
      expect(Math.abs(tileWeight(m, bytes[u * 784 + p]) - W[p * width + u])).toBeLessThanOrEqual(m.scale / 254 + 1e-7);

    const total = m.confusion.flat().reduce((a, b) => a + b, 0);
    expect(total).toBe(Math.min(CONFUSION_ROWS, dataset.val.n));
    const perClass = m.confusion.map((row) => row.reduce((a, b) => a + b, 0));
    const truth = new Array(10).fill(0);
    // The rows are the validation split's; their true labels are what the matrix's rows count.
    if (dataset.val.n <= CONFUSION_ROWS) for (const y of dataset.val.y) truth[y]++;
    if (dataset.val.n <= CONFUSION_ROWS) expect(perClass).toEqual(truth);

    expect(m.predictions).toHaveLength(PREDICTION_IMAGES);
    const probs = model.predict(dataset.test.x.subarray(m.predictions[0].index * 784, (m.predictions[0].index + 1) * 784), 1);
    const arg = probs.indexOf(Math.max(...probs));
    expect(m.predictions[0]).toMatchObject({ label: dataset.test.y[m.predictions[0].index], predicted: arg });
    expect(m.predictions[0].p).toBeCloseTo(probs[arg], 3);
    // The same seed picks the same images; another seed others.
    const again = createFrameCapture(frameSource(plan, dataset, 3), 'relu').capture(model.getWeights()).meta as ImageMeta;
    expect(again).toEqual(m);
    const other = createFrameCapture(frameSource(plan, dataset, 4), 'relu').capture(model.getWeights()).meta as ImageMeta;
    expect(other.predictions.map((p) => p.index)).not.toEqual(m.predictions.map((p) => p.index));
  });

  it('the first frame also carries the fixed test images, once', () => {
    const plan = framePlan({ enabled: true, units: 6 }, dataset, 32)!;
    const capture = createFrameCapture(frameSource(plan, dataset, 3), 'relu');
    const first = capture.capture(model.getWeights(), { first: true });
    const m = first.meta as ImageMeta;
    expect(m.images).toBe(true);
    expect(first.bytes.length).toBe((6 + PREDICTION_IMAGES) * 784);
    m.predictions.forEach((p, i) => {
      const pixels = shownImage(m, first.bytes, i)!;
      const expected = Array.from(dataset.test.x.subarray(p.index * 784, (p.index + 1) * 784), (v) => Math.round(255 * Math.min(1, Math.max(0, v))));
      expect(Array.from(pixels)).toEqual(expected);
    });
    const later = capture.capture(model.getWeights());
    expect((later.meta as ImageMeta).images).toBeUndefined();
    expect(later.bytes.length).toBe(6 * 784);
    expect(shownImage(later.meta as ImageMeta, later.bytes, 0)).toBeNull();
  });
});
