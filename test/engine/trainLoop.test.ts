import { describe, expect, it } from 'vitest';
import type { Split } from '../../src-main/data/types';
import { createRng } from '../../src-main/engine/random';
import { createScratchModel } from '../../src-main/engine/scratch/network';
import { bestEpoch, DIVERGENCE, DivergedError, trainLoop, type EpochMetrics, type StepInfo } from '../../src-main/engine/trainLoop';
import { DEFAULT_OPTIMIZER, type EngineModel, type Evaluation, type Float, type OptimizerName, type StepResult } from '../../src-main/engine/types';
import { blobs } from './fixtures';

const FEATURES = 2;
const NO_VAL: Split = { x: new Float64Array(0), y: new Int32Array(0), n: 0 };

/** Row i is x = [i, −i], y = i, so a batch shows exactly which rows it holds. */
function indexed(n: number, make: (k: number) => Float = (k) => new Float64Array(k)): Split {
  const x = make(n * FEATURES);
  for (let i = 0; i < n; i++) x.set([i, -i], i * FEATURES);
  return { x, y: Int32Array.from({ length: n }, (_, i) => i), n };
}

interface Batch {
  rows: number;
  labels: number[];
  firstFeatures: number[];
  xLength: number;
  yLength: number;
  xType: string;
}

/** An engine that learns nothing and remembers every batch it was given. */
class RecordingModel implements EngineModel {
  readonly engine = 'scratch';
  readonly backend = 'fake';
  readonly gpu = false;
  batches: Batch[] = [];
  evaluations = 0;
  constructor(
    private readonly lossOf: (step: number, rows: number) => number = (_, rows) => rows,
    private readonly evaluation: (epoch: number) => Evaluation = () => ({ loss: 1, accuracy: 0.5 }),
    private readonly events: string[] = [],
  ) {}
  trainStep(x: Float, y: Int32Array, rows: number): StepResult {
    this.batches.push({
      rows,
      labels: Array.from(y.subarray(0, rows)),
      firstFeatures: Array.from({ length: rows }, (_, r) => x[r * FEATURES]),
      xLength: x.length,
      yLength: y.length,
      xType: x.constructor.name,
    });
    this.events.push(`step ${this.batches.length}`);
    return { loss: this.lossOf(this.batches.length, rows), correct: 1 };
  }
  evaluate(): Evaluation {
    this.evaluations += 1;
    return this.evaluation(this.evaluations);
  }
  predict(): Float32Array {
    return new Float32Array(0);
  }
  getWeights() {
    return [];
  }
  setWeights(): void {}
  dispose(): void {}
}

describe('trainLoop batching', () => {
  it('visits every row once per epoch, in batches of batchSize with the last one partial', async () => {
    const model = new RecordingModel();
    const summary = await trainLoop(model, { train: indexed(10), val: NO_VAL }, { epochs: 3, batchSize: 4, seed: 1 });
    expect(summary.steps).toBe(9);
    expect(model.batches.map((b) => b.rows)).toEqual([4, 4, 2, 4, 4, 2, 4, 4, 2]);
    const epochs = [0, 3, 6].map((s) => model.batches.slice(s, s + 3).flatMap((b) => b.labels));
    for (const order of epochs) expect([...order].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(new Set(epochs.map((o) => o.join())).size).toBe(3); // reshuffled each epoch
    for (const b of model.batches) expect(b.firstFeatures).toEqual(b.labels); // x rows travel with their labels
    // The partial batch arrives as exact-length arrays; full ones may be the reused buffer.
    expect(model.batches.map((b) => [b.xLength, b.yLength])).toEqual(model.batches.map((b) => [b.rows * FEATURES, b.rows]));
  });

  it('draws each epoch’s order from one createRng(seed) stream', async () => {
    const model = new RecordingModel();
    await trainLoop(model, { train: indexed(7), val: NO_VAL }, { epochs: 2, batchSize: 7, seed: 11 });
    const rng = createRng(11);
    const expected = [1, 2].map(() => Array.from(rng.shuffle(Int32Array.from({ length: 7 }, (_, i) => i))));
    expect(model.batches.map((b) => b.labels)).toEqual(expected);
  });

  it('gives the same batches for the same seed and different ones for another', async () => {
    const run = async (seed: number) => {
      const model = new RecordingModel();
      await trainLoop(model, { train: indexed(20), val: NO_VAL }, { epochs: 2, batchSize: 6, seed });
      return model.batches.map((b) => b.labels);
    };
    expect(await run(3)).toEqual(await run(3));
    expect(await run(4)).not.toEqual(await run(3));
  });

  it.each([
    ['Float32Array', (k: number) => new Float32Array(k)],
    ['Float64Array', (k: number) => new Float64Array(k)],
  ] as const)('hands the model batches of the data’s own array type (%s)', async (type, make) => {
    const model = new RecordingModel();
    await trainLoop(model, { train: indexed(5, make), val: NO_VAL }, { epochs: 1, batchSize: 2, seed: 0 });
    expect(new Set(model.batches.map((b) => b.xType))).toEqual(new Set([type]));
  });

  it('uses one batch of all rows when batchSize exceeds the data', async () => {
    const model = new RecordingModel();
    await trainLoop(model, { train: indexed(3), val: NO_VAL }, { epochs: 1, batchSize: 100, seed: 0 });
    expect(model.batches.map((b) => b.rows)).toEqual([3]);
  });
});

describe('trainLoop metrics', () => {
  it('reports row-weighted train means, validation per epoch and numbered steps', async () => {
    const model = new RecordingModel(
      (_, rows) => rows, // batch losses 4, 4, 2
      (epoch) => [{ loss: 1, accuracy: 0.5 }, { loss: 0.4, accuracy: 0.8 }, { loss: 0.6, accuracy: 0.8 }][epoch - 1],
    );
    const steps: StepInfo[] = [];
    const epochs: EpochMetrics[] = [];
    const before = Date.now();
    const summary = await trainLoop(model, { train: indexed(10), val: indexed(4) }, { epochs: 3, batchSize: 4, seed: 0 }, { onStep: (s) => steps.push(s), onEpoch: (e) => void epochs.push(e) });
    expect(steps.map((s) => [s.step, s.epoch, s.loss])).toEqual([[1, 1, 4], [2, 1, 4], [3, 1, 2], [4, 2, 4], [5, 2, 4], [6, 2, 2], [7, 3, 4], [8, 3, 4], [9, 3, 2]]);
    expect(steps.every((s) => s.time >= before && s.time <= Date.now())).toBe(true);
    expect(epochs).toEqual(summary.epochs);
    expect(summary.epochs.map((e) => [e.epoch, e.train_loss, e.train_acc, e.val_loss, e.val_acc])).toEqual([
      [1, 3.6, 0.3, 1, 0.5], // (4·4 + 4·4 + 2·2)/10, 3 correct / 10
      [2, 3.6, 0.3, 0.4, 0.8],
      [3, 3.6, 0.3, 0.6, 0.8],
    ]);
    expect(summary.epochs.every((e) => e.seconds >= 0)).toBe(true);
    expect(summary.bestEpoch).toBe(2); // tie on accuracy, lower loss wins
  });

  it('has null validation and no best epoch without a validation split', async () => {
    const model = new RecordingModel();
    const summary = await trainLoop(model, { train: indexed(4), val: NO_VAL }, { epochs: 2, batchSize: 2, seed: 0 });
    expect(model.evaluations).toBe(0);
    expect(summary.epochs.map((e) => [e.val_loss, e.val_acc])).toEqual([[null, null], [null, null]]);
    expect(summary.bestEpoch).toBeNull();
  });

  it('bestEpoch: highest accuracy, then lowest loss, then earliest', () => {
    const e = (epoch: number, val_acc: number, val_loss: number): EpochMetrics => ({ epoch, val_acc, val_loss, train_loss: 0, train_acc: 0, seconds: 0 });
    expect(bestEpoch([e(1, 0.7, 0.1), e(2, 0.9, 0.5), e(3, 0.8, 0.05)])).toBe(2);
    expect(bestEpoch([e(1, 0.9, 0.5), e(2, 0.9, 0.3), e(3, 0.9, 0.4)])).toBe(2);
    expect(bestEpoch([e(1, 0.9, 0.3), e(2, 0.9, 0.3)])).toBe(1);
    expect(bestEpoch([])).toBeNull();
  });
});

describe('trainLoop control flow', () => {
  it('throws DivergedError naming the step and stops training', async () => {
    const model = new RecordingModel((step) => (step === 5 ? NaN : 1));
    const run = trainLoop(model, { train: indexed(10), val: NO_VAL }, { epochs: 3, batchSize: 4, seed: 0 });
    await expect(run).rejects.toThrow(DivergedError);
    const error = (await run.catch((e: unknown) => e)) as DivergedError;
    expect([error.step, error.epoch]).toEqual([5, 2]);
    expect(error.message).toMatch(/diverged at step 5 \(epoch 2\): the loss became NaN/);
    expect(error.code).toBe('DIVERGED');
    expect(model.batches).toHaveLength(5);
  });

  it('reports the diverged step to onStep before throwing, so it is on the curve', async () => {
    const model = new RecordingModel((step) => (step === 3 ? Infinity : 1));
    const seen: number[] = [];
    await expect(trainLoop(model, { train: indexed(10), val: NO_VAL }, { epochs: 1, batchSize: 2, seed: 0 }, { onStep: (s) => seen.push(s.loss) })).rejects.toThrow(DivergedError);
    expect(seen).toEqual([1, 1, Infinity]);
  });

  it('counts a loss that stays above 5 × ln(classes) for 20 steps as diverged, not one spike', async () => {
    const bound = DIVERGENCE.lossFactor * Math.log(3); // 5.49 for 3 classes
    // A spike of 19 steps above the bound, then the real thing from step 30 on.
    const model = new RecordingModel((step) => ((step >= 5 && step < 24) || step >= 30 ? bound + 1 : 1));
    const run = trainLoop(model, { train: indexed(10), val: NO_VAL }, { epochs: 100, batchSize: 1, seed: 0, classes: 3 });
    const error = (await run.catch((e: unknown) => e)) as DivergedError;
    expect(error).toBeInstanceOf(DivergedError);
    expect(error.step).toBe(30 + DIVERGENCE.patience - 1);
    expect(error.message).toMatch(/stayed above 5× a uniform guess's/);
    // Without the number of classes only a non-finite loss counts.
    await trainLoop(new RecordingModel(() => 1e6), { train: indexed(10), val: NO_VAL }, { epochs: 3, batchSize: 1, seed: 0 });
  });

  it('awaits an async onEpoch before starting the next epoch', async () => {
    const events: string[] = [];
    const model = new RecordingModel(undefined, undefined, events);
    await trainLoop(model, { train: indexed(4), val: NO_VAL }, { epochs: 2, batchSize: 2, seed: 0 }, {
      onEpoch: async (e) => {
        await new Promise((r) => setTimeout(r, 20));
        events.push(`saved epoch ${e.epoch}`);
      },
    });
    expect(events).toEqual(['step 1', 'step 2', 'saved epoch 1', 'step 3', 'step 4', 'saved epoch 2']);
  });

  it('yields to the event loop within an epoch, so a worker can still handle messages', async () => {
    const model = new RecordingModel();
    let stepsWhenMessageHandled = -1;
    const run = trainLoop(model, { train: indexed(200), val: NO_VAL }, { epochs: 1, batchSize: 1, seed: 0 });
    setImmediate(() => (stepsWhenMessageHandled = model.batches.length));
    await run;
    expect(stepsWhenMessageHandled).toBeGreaterThan(0);
    expect(stepsWhenMessageHandled).toBeLessThanOrEqual(40);
  });

  it('rejects a bad configuration before training', async () => {
    const model = new RecordingModel();
    await expect(trainLoop(model, { train: indexed(4), val: NO_VAL }, { epochs: 1, batchSize: 0, seed: 0 })).rejects.toThrow(/batchSize/);
    await expect(trainLoop(model, { train: indexed(4), val: NO_VAL }, { epochs: 0, batchSize: 1, seed: 0 })).rejects.toThrow(/epochs/);
    await expect(trainLoop(model, { train: NO_VAL, val: NO_VAL }, { epochs: 1, batchSize: 1, seed: 0 })).rejects.toThrow(/empty/);
    expect(model.batches).toHaveLength(0);
  });
});

describe('trainLoop with the scratch engine', () => {
  const train = blobs(120, 4, 3, 7);
  const val = blobs(60, 4, 3, 7, { noiseSeed: 70 });
  const scratch = (name: OptimizerName, lr: number) =>
    createScratchModel({ inputs: 4, hidden: [8], outputs: 3, activation: 'relu' }, { ...DEFAULT_OPTIMIZER, name, lr }, { dtype: 'float64', seed: 0 });
  const curve = async (seed: number) => {
    const losses: number[] = [];
    const summary = await trainLoop(scratch('adam', 0.01), { train, val }, { epochs: 5, batchSize: 16, seed }, { onStep: (s) => losses.push(s.loss) });
    return { losses, summary };
  };

  it('gives bit-identical loss curves for the same seed and different ones for another', async () => {
    const a = await curve(1);
    const b = await curve(1);
    expect(b.losses).toEqual(a.losses);
    expect(b.summary.epochs.map(({ seconds: _, ...m }) => m)).toEqual(a.summary.epochs.map(({ seconds: _, ...m }) => m));
    expect((await curve(2)).losses).not.toEqual(a.losses);
  });

  it('learns the problem: high validation accuracy at the best epoch', async () => {
    const { summary } = await curve(1);
    const best = summary.epochs[summary.bestEpoch! - 1];
    expect(best.val_acc).toBeGreaterThanOrEqual(0.95);
    expect(summary.epochs.at(-1)!.train_loss).toBeLessThan(summary.epochs[0].train_loss);
  });

  it('stops with DivergedError when an absurd learning rate sends the weights to Infinity', async () => {
    const run = trainLoop(scratch('sgd', 1e300), { train, val }, { epochs: 3, batchSize: 16, seed: 0, classes: 3 });
    await expect(run).rejects.toBeInstanceOf(DivergedError);
  });

  // The clamp in cross-entropy keeps the loss finite through saturation (27.63, zero
  // gradient): only the bound rule catches a learning rate that is merely far too large.
  it('catches a saturated run whose loss is pinned at the clamp, well before the end', async () => {
    const losses: number[] = [];
    const run = trainLoop(scratch('sgd', 50), { train, val }, { epochs: 50, batchSize: 16, seed: 0, classes: 3 }, { onStep: (s) => losses.push(s.loss) });
    const error = (await run.catch((e: unknown) => e)) as DivergedError;
    expect(error).toBeInstanceOf(DivergedError);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses.at(-1)!).toBeGreaterThan(DIVERGENCE.lossFactor * Math.log(3));
    expect(error.step).toBeLessThan(50 * 8);
  });
});
