/**
 * Entry of the frame thread (a worker_threads Worker inside a trial's worker process;
 * frameThread.ts starts it and speaks for it). It turns weight snapshots into frames
 * (capture.ts over forward.ts) while the training thread trains on, encodes them, and
 * hands them back in order on the frames port.
 *
 * Every snapshot is answered, frame or error, and only then counted in the shared
 * `done` counter: the training thread waits on that counter (Atomics) for backpressure
 * and at the run's end, so a snapshot that failed must not leave it waiting.
 */
import { parentPort, type MessagePort } from 'node:worker_threads';
import { selectOps } from '../engine/scratch/ops';
import { createFrameCapture, type FrameCapture } from './capture';
import { createForward } from './forward';
import type { FrameReply, ToFrameThread } from './frameThread';

if (!parentPort) throw new Error('frameThreadMain.ts runs as a worker thread (frameThread.ts starts it)');

let frames: MessagePort | null = null;
let done: Int32Array | null = null;
/** The capture of the run now recording; a new `begin` replaces it. */
let current: { run: number; capture: FrameCapture | null; problem?: string } | null = null;
// The native ops where the addon loads in this thread (CBLAS for an image run's 1,000 rows), else TypeScript.
const ops = selectOps('auto').ops;

function answer(reply: FrameReply): void {
  frames!.postMessage(reply);
  Atomics.add(done!, 0, 1);
  Atomics.notify(done!, 0);
}

parentPort.on('message', (m: ToFrameThread) => {
  if (m.type === 'init') {
    frames = m.port;
    done = new Int32Array(m.done);
    return;
  }
  if (m.type === 'begin') {
    try {
      current = { run: m.run, capture: createFrameCapture(m.source, m.activation, createForward(m.activation, ops)) };
    } catch (e) {
      // Said with each of the run's snapshots, so the run fails with it rather than waiting.
      current = { run: m.run, capture: null, problem: (e as Error).message };
    }
    return;
  }
  const t0 = performance.now();
  try {
    if (current?.run !== m.run) throw new Error(`frames: a snapshot of run ${m.run} came before its begin`);
    if (!current.capture) throw new Error(current.problem);
    const { meta, bytes } = current.capture.capture(m.weights, { first: m.seq === 0 });
    const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
    const { run: _run, weights: _weights, type: _type, ...stamp } = m;
    answer({ type: 'frame', run: m.run, frame: { ...stamp, meta, data }, busyMs: performance.now() - t0, ops: ops.name });
  } catch (e) {
    answer({ type: 'error', run: m.run, message: (e as Error).message, busyMs: performance.now() - t0 });
  }
});
