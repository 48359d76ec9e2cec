/**
 * Entry point of a worker process. Speaks the worker protocol over whichever channel
 * started it: Electron's utilityProcess port (`process.parentPort`) in the desktop app,
 * Node's child_process IPC in the CLI and browser mode. It runs the trials it is sent,
 * one at a time (runTrial keeps the last data set loaded for the next), until `stop`.
 *
 * The trial code (engines, data loaders) is imported at once, without waiting for the
 * first message; listeners are in place before it has loaded, and a message that comes
 * meanwhile waits for it. The frame thread starts with the first trial that may record
 * frames (runTrial.ts), so a process whose trials record none never starts it.
 */
import type { FromWorker, ToWorker } from './protocol';

const trials = import('./runTrial').then(({ PruneAnswers, runTrial }) => ({ runTrial, decisions: new PruneAnswers() }));

interface ParentPort {
  on(event: 'message', cb: (e: { data: ToWorker }) => void): void;
  postMessage(m: FromWorker): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

function send(m: FromWorker): void {
  if (parentPort) parentPort.postMessage(m);
  else process.send?.(m);
}

/** Leaves once told to: the scheduler reads an exit in the middle of a trial as a crash. */
function leave(): void {
  if (parentPort) setImmediate(() => process.exit(0));
  else process.disconnect(); // → 'disconnect' below
}

// Trials run one after another even if two `start`s arrive close together.
let queue: Promise<unknown> = trials;

function onMessage(msg: ToWorker): void {
  if (msg?.type === 'stop') queue = queue.then(leave);
  // Not queued: the trial that asked is waiting for it.
  else if (msg?.type === 'decision') void trials.then(({ decisions }) => decisions.answer(msg));
  else if (msg?.type === 'start') queue = queue.then(async () => {
    const { runTrial, decisions } = await trials;
    send(await runTrial(msg, send, decisions));
  });
}

if (parentPort) parentPort.on('message', (e) => onMessage(e.data));
else {
  process.on('message', (m) => onMessage(m as ToWorker));
  // The scheduler died (crash, SIGKILL): nobody will record what we compute, so stop.
  process.on('disconnect', () => process.exit(0));
}
