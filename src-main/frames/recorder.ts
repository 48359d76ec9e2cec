/**
 * A run's frames on their way out of the worker: which steps to snapshot (schedule.ts)
 * and what the frames look at (`frameSource`: the grid's box, an image run's fixed
 * rows), snapshotting them, numbering them, and holding the finished frames until the
 * worker's next 200 ms batch takes them (`take`), as it holds the metric points.
 *
 * Training pays only for the snapshot: a copy of the weights (`getWeights`) and its
 * step, epoch, loss and time, posted to the frame thread (frameThread.ts), which builds
 * the frame (capture.ts) while training goes on. `take` hands over what the thread has
 * finished; `finish` waits for the rest, so a run's frames all go out before its end.
 * Deterministic: the same trial gives the same frames, `time` aside.
 */
import type { Dataset, Split } from '../data/types';
import { createRng } from '../engine/random';
import type { Activation, EngineModel, Float } from '../engine/types';
import type { FrameSource } from './capture';
import { CONFUSION_ROWS, PREDICTION_IMAGES, type FramePlan } from './config';
import { FrameThread, type FrameWorker } from './frameThread';
import { InlineFrames } from './inlineFrames';
import { frameStepSet } from './schedule';
import type { Frame } from './types';

/** What a run's frames cost, for the bench (bench/frames.ts). */
export interface FrameStats {
  frames: number;
  /** Encoded bytes (base64 characters) of the frames' data. */
  bytes: number;
  /** Training thread: copying and posting the snapshots, backpressure waits included. */
  snapshotMs: number;
  /** …of which waiting while the snapshots not yet done held MAX_PENDING_BYTES (frameThread.ts). */
  backpressureMs: number;
  /** Training thread: waiting at the run's end for the last frames. */
  finishMs: number;
  /** Frame thread: its time on this run's frames (capture and encoding). */
  threadMs: number;
  /** The frame thread's ops: `native` (the addon loaded there) or `js`. */
  threadOps: string | null;
}

export class FrameRecorder {
  private readonly steps: Set<number>;
  private readonly thread: FrameWorker;
  private readonly run: number;
  private pending: Frame[] = [];
  private seq = 0;
  readonly stats: FrameStats = { frames: 0, bytes: 0, snapshotMs: 0, backpressureMs: 0, finishMs: 0, threadMs: 0, threadOps: null };

  constructor(source: FrameSource, activation: Activation, totalSteps: number, thread: FrameWorker = frameWorker()) {
    this.steps = frameStepSet(totalSteps, source.plan.count);
    this.thread = thread;
    this.run = thread.begin(source, activation);
  }

  /** Whether `step` is one the schedule snapshots. */
  due(step: number): boolean {
    return this.steps.has(step);
  }

  /**
   * Snapshots the model as it is after `step` (0: before training) if the schedule says
   * so; `loss` is that step's (null at step 0, or when it was not a number).
   */
  record(model: EngineModel, step: number, epoch: number, loss: number | null, time: number): void {
    // After a failed capture the run records no more frames (its training goes on: runTrial.ts).
    if (!this.steps.has(step) || this.failure) return;
    const t0 = performance.now();
    // getWeights copies (both engines), so the buffers are ours to transfer.
    const weights = model.getWeights();
    this.stats.backpressureMs += this.thread.post(this.run, { seq: this.seq++, step, epoch, time, loss: loss !== null && Number.isFinite(loss) ? loss : null, weights });
    this.stats.snapshotMs += performance.now() - t0;
  }

  /** The first capture that failed, if any: the worker sends the frames taken, then fails the run with it. */
  failure: Error | null = null;

  /** The frames the thread has finished since the last call, for the next batch. */
  take(): Frame[] {
    for (const reply of this.thread.receive()) {
      // Another run's answers cannot be here (each run finishes before the next begins); skipped all the same.
      if (reply.run !== this.run) continue;
      this.stats.threadMs += reply.busyMs;
      if (reply.type === 'error') {
        this.failure ??= new Error(`frames: ${reply.message}`);
        continue;
      }
      this.stats.frames++;
      this.stats.threadOps = reply.ops;
      this.stats.bytes += reply.frame.data.length;
      this.pending.push(reply.frame);
    }
    const out = this.pending;
    this.pending = [];
    return out;
  }

  /** Waits for the thread to answer every snapshot posted; then `take` returns the rest of the run's frames. */
  finish(): void {
    const t0 = performance.now();
    this.thread.drain();
    this.stats.finishMs += performance.now() - t0;
  }
}

let inline: InlineFrames | null = null;

/**
 * This process's frame thread, or, when it cannot start, frames built inline on the
 * training thread (said once on stderr): a replay that costs training time beats a run
 * that fails for want of one.
 */
function frameWorker(): FrameWorker {
  if (inline) return inline;
  try {
    return FrameThread.shared();
  } catch (e) {
    process.stderr.write(`sweeplab worker: the frame thread could not start (${(e as Error).message}); frames are built on the training thread\n`);
    return (inline = new InlineFrames());
  }
}

type PlaneData = Pick<Dataset, 'plane' | 'standardization' | 'classes' | 'train'>;
type ImageData = Pick<Dataset, 'image' | 'classes' | 'train' | 'val' | 'test'>;

/**
 * The run's `FrameSource`. `seed` (the data set's) picks an image run's fixed rows, so
 * every run of a sweep shows the same images.
 */
export function frameSource(plan: FramePlan, dataset: PlaneData & ImageData, seed: number): FrameSource {
  const classes = dataset.classes.length;
  if (plan.kind === 'plane') {
    if (!dataset.plane) throw new Error('frames: a plane frame needs the data set\'s plane (two features)');
    return { kind: 'plane', plan, classes, plane: dataset.plane, standardization: dataset.standardization, float32: dataset.train.x instanceof Float32Array };
  }
  const image = dataset.image;
  if (!image) throw new Error('frames: an image frame needs an image data set');
  const features = image.width * image.height;
  // Validation rows for the confusion matrix (training rows where there are none), test images for the predictions.
  const confusionSplit: Split = dataset.val.n > 0 ? dataset.val : dataset.train;
  const shownSplit: Split = dataset.test.n > 0 ? dataset.test : confusionSplit;
  const confusionRows = pickRows(confusionSplit.n, CONFUSION_ROWS, seed);
  const shownRows = pickRows(shownSplit.n, PREDICTION_IMAGES, seed + 1);
  const Input = dataset.train.x.constructor as new (n: number) => Float;
  const x = new Input((confusionRows.length + shownRows.length) * features);
  confusionRows.forEach((r, i) => x.set(confusionSplit.x.subarray(r * features, (r + 1) * features), i * features));
  shownRows.forEach((r, i) => x.set(shownSplit.x.subarray(r * features, (r + 1) * features), (confusionRows.length + i) * features));
  return {
    kind: 'image',
    plan,
    classes,
    width: image.width,
    height: image.height,
    x,
    confusionLabels: Int32Array.from(confusionRows, (r) => confusionSplit.y[r]),
    shown: shownRows.map((r) => ({ index: r, label: shownSplit.y[r] })),
  };
}


/** `count` rows of a split, picked with `seed` and kept in index order. */
export function pickRows(n: number, count: number, seed: number): number[] {
  const order = createRng(seed).shuffle(Int32Array.from({ length: n }, (_, i) => i));
  return Array.from(order.subarray(0, Math.min(count, n))).sort((a, b) => a - b);
}
