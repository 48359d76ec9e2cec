/**
 * The frame thread, from the training thread's side: one worker_threads Worker per
 * worker process (lanes run trial after trial in one process, so its start-up, ~60 ms
 * built and ~250 ms through tsx to its first frame, is paid once), started by the first
 * trial that may record frames (worker/runTrial.ts, so it boots while that trial loads its
 * data) and kept, unref'd, until the process leaves. Training only copies the weights and posts them; the thread predicts,
 * quantises and encodes (frameThreadMain.ts).
 *
 * Three channels, each for what it does best:
 * - `postMessage` to the thread: begin a run, and snapshots (weights transferred, not copied);
 * - a MessagePort back, read synchronously (`receiveMessageOnPort`), so the training
 *   loop collects finished frames at its next batch without waiting for the event loop;
 * - a shared counter of answered snapshots, so the training thread can block (Atomics)
 *   when the snapshots waiting for the thread hold MAX_PENDING_BYTES (memory stays
 *   bounded) and can wait for every frame at the run's end.
 *
 * Loading: built (electron-vite), the entry is `frameThread.js` beside the bundle that
 * holds this module (electron.vite.config.ts lists it, as it lists worker.js); from
 * sources (the CLI through tsx, tests) the entry is the .ts file, loaded through tsx's
 * require hook, because Node 20 does not carry `--import tsx`'s ESM hooks into threads.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { Activation, NamedTensor } from '../engine/types';
import type { FrameSource } from './capture';
import type { Frame } from './types';

/**
 * Snapshot bytes that may wait for the thread before training waits for it: ten
 * 784-256-10 snapshots (~0.8 MB each), or every snapshot of a small net's run (~1 KB
 * each). Bytes rather than a count: a small net's snapshots all queue while the thread
 * works through them, and the test and the saving of the weights overlap its work.
 */
export const MAX_PENDING_BYTES = 8 * 1024 * 1024;
/** How long training waits for the thread before it gives up on it (a dead thread answers nothing). */
const STALL_MS = 60_000;

export type Snapshot = Omit<Frame, 'meta' | 'data'> & { weights: NamedTensor[] };
export type ToFrameThread =
  | { type: 'init'; port: MessagePort; done: SharedArrayBuffer }
  | { type: 'begin'; run: number; source: FrameSource; activation: Activation }
  | ({ type: 'snapshot'; run: number } & Snapshot);
/** One per snapshot, in order; `busyMs`: the thread's time on it; `ops`: what its forward pass computed with. */
export type FrameReply = { type: 'frame'; run: number; frame: Frame; busyMs: number; ops: string } | { type: 'error'; run: number; message: string; busyMs: number };

/** What a run's recorder needs of whoever builds its frames: the thread, or InlineFrames when it cannot start. */
export interface FrameWorker {
  begin(source: FrameSource, activation: Activation): number;
  post(run: number, snapshot: Snapshot): number;
  receive(): FrameReply[];
  drain(): number;
}

/** The thread's entry and how to start it, as built or from sources. */
function startWorker(): Worker {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) {
    const entry = path.join(path.dirname(here), 'frameThreadMain.ts');
    const tsx = createRequire(import.meta.url).resolve('tsx/cjs/api');
    return new Worker(`require(${JSON.stringify(tsx)}).require(${JSON.stringify(entry)}, ${JSON.stringify(entry)});`, { eval: true, execArgv: [] });
  }
  const bundled = path.join(path.dirname(here), 'frameThread.js');
  if (!existsSync(bundled)) throw new Error(`${bundled} is missing: the build must list src-main/frames/frameThreadMain.ts as an entry (electron.vite.config.ts)`);
  return new Worker(bundled);
}

export class FrameThread implements FrameWorker {
  private static instance: FrameThread | null = null;
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly done = new Int32Array(new SharedArrayBuffer(4));
  private posted = 0;
  /** Sizes of the snapshots posted and not yet seen answered, oldest first; `answered`: how many were dropped from it. */
  private sizes: number[] = [];
  private answered = 0;
  private queuedBytes = 0;
  private runs = 0;
  private failure: Error | null = null;

  /** This process's frame thread, started on first use (or again, if it died). */
  static shared(): FrameThread {
    if (!FrameThread.instance || FrameThread.instance.failure) FrameThread.instance = new FrameThread();
    return FrameThread.instance;
  }

  /** Starts the thread ahead of need. A thread that cannot start is said when a recorder asks (recorder.ts then builds frames inline), not here. */
  static prestart(): void {
    try {
      FrameThread.shared();
    } catch {
      // shared() throws again, to the run that asks.
    }
  }

  private constructor() {
    this.worker = startWorker();
    // A trial's end waits for its frames; the process's end never waits for the thread.
    this.worker.unref();
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker.on('error', (e) => (this.failure = e));
    this.worker.on('exit', (code) => (this.failure ??= new Error(`the frame thread exited (code ${code})`)));
    this.worker.postMessage({ type: 'init', port: port2, done: this.done.buffer as SharedArrayBuffer } satisfies ToFrameThread, [port2]);
  }

  /** Starts a run's frames; its id goes with its snapshots. */
  begin(source: FrameSource, activation: Activation): number {
    const run = ++this.runs;
    this.worker.postMessage({ type: 'begin', run, source, activation } satisfies ToFrameThread);
    return run;
  }

  /** Snapshots not yet answered. */
  get behind(): number {
    return this.posted - Atomics.load(this.done, 0);
  }

  /** Bytes of the snapshots not yet answered. */
  get pendingBytes(): number {
    for (const done = Atomics.load(this.done, 0); this.answered < done; this.answered++) this.queuedBytes -= this.sizes.shift()!;
    return this.queuedBytes;
  }

  /**
   * Hands a snapshot over, its weight buffers transferred (they must be the caller's own
   * copies). Blocks first while it would take the waiting snapshots past
   * MAX_PENDING_BYTES (never for the only one); returns the ms it waited.
   */
  post(run: number, snapshot: Snapshot): number {
    const size = snapshot.weights.reduce((n, t) => n + t.values.byteLength, 0);
    const waited = this.waitFor(() => this.behind === 0 || this.pendingBytes + size <= MAX_PENDING_BYTES);
    const transfer = snapshot.weights.map((t) => t.values.buffer as ArrayBuffer).filter((b, i, all) => all.indexOf(b) === i);
    this.worker.postMessage({ type: 'snapshot', run, ...snapshot } satisfies ToFrameThread, transfer);
    this.posted++;
    this.sizes.push(size);
    this.queuedBytes += size;
    return waited;
  }

  /** The answers that have arrived, in order, without waiting. */
  receive(): FrameReply[] {
    const out: FrameReply[] = [];
    for (let m = receiveMessageOnPort(this.port); m; m = receiveMessageOnPort(this.port)) out.push(m.message as FrameReply);
    return out;
  }

  /** Blocks until every posted snapshot is answered; returns the ms it waited. */
  drain(): number {
    return this.waitFor(() => this.behind === 0);
  }

  /** Blocks this thread (the frame thread's counter wakes it) until `ready()`; returns the ms it waited. */
  private waitFor(ready: () => boolean): number {
    if (ready()) return 0;
    const t0 = performance.now();
    while (!ready()) {
      if (this.failure) throw this.failure;
      Atomics.wait(this.done, 0, Atomics.load(this.done, 0), 200);
      if (performance.now() - t0 > STALL_MS) throw new Error(`frames: the frame thread answered nothing for ${STALL_MS / 1000} s`);
    }
    return performance.now() - t0;
  }
}
