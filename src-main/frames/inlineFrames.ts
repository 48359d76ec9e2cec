/**
 * Frames built on the training thread itself: what a worker process falls back to when
 * its frame thread (frameThread.ts) cannot start — a build without the thread's entry,
 * a runtime without worker_threads. Replays then cost training time again (the bench
 * measures the thread, not this), but a run records the same frames, byte for byte,
 * through the same capture (capture.ts over forward.ts) the thread uses.
 */
import { selectOps } from '../engine/scratch/ops';
import type { Activation } from '../engine/types';
import { createFrameCapture, type FrameCapture, type FrameSource } from './capture';
import { createForward } from './forward';
import type { FrameReply, FrameWorker, Snapshot } from './frameThread';

export class InlineFrames implements FrameWorker {
  private runs = 0;
  private current: { run: number; capture: FrameCapture | null; problem?: string } | null = null;
  private replies: FrameReply[] = [];
  private readonly ops = selectOps('auto').ops;

  begin(source: FrameSource, activation: Activation): number {
    const run = ++this.runs;
    try {
      this.current = { run, capture: createFrameCapture(source, activation, createForward(activation, this.ops)) };
    } catch (e) {
      this.current = { run, capture: null, problem: (e as Error).message };
    }
    return run;
  }

  /** Captures at once; never waits (returns 0 ms of backpressure). */
  post(run: number, snapshot: Snapshot): number {
    const t0 = performance.now();
    try {
      if (this.current?.run !== run) throw new Error(`frames: a snapshot of run ${run} came before its begin`);
      if (!this.current.capture) throw new Error(this.current.problem);
      const { meta, bytes } = this.current.capture.capture(snapshot.weights, { first: snapshot.seq === 0 });
      const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
      const { weights: _weights, ...stamp } = snapshot;
      this.replies.push({ type: 'frame', run, frame: { ...stamp, meta, data }, busyMs: performance.now() - t0, ops: this.ops.name });
    } catch (e) {
      this.replies.push({ type: 'error', run, message: (e as Error).message, busyMs: performance.now() - t0 });
    }
    return 0;
  }

  receive(): FrameReply[] {
    const out = this.replies;
    this.replies = [];
    return out;
  }

  drain(): number {
    return 0;
  }
}
