/**
 * Entry point of a trial's worker process. Speaks the worker protocol over whichever
 * channel started it: Electron's utilityProcess port (`process.parentPort`) in the
 * desktop app, Node's child_process IPC in the CLI and browser mode.
 */
import type { FromWorker, ToWorker } from './protocol';
import { runTrial } from './runTrial';

interface ParentPort {
  on(event: 'message', cb: (e: { data: ToWorker }) => void): void;
  postMessage(m: FromWorker): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

function send(m: FromWorker): void {
  if (parentPort) parentPort.postMessage(m);
  else process.send?.(m);
}

/** Delivers the final message, then leaves: the scheduler reads an exit without one as a crash. */
function finish(last: FromWorker): void {
  if (parentPort) {
    parentPort.postMessage(last);
    setImmediate(() => process.exit(0));
  } else {
    process.send?.(last, () => process.disconnect());
  }
}

async function onMessage(msg: ToWorker): Promise<void> {
  if (msg?.type !== 'start') return;
  finish(await runTrial(msg, send));
}

if (parentPort) parentPort.on('message', (e) => void onMessage(e.data));
else {
  process.on('message', (m) => void onMessage(m as ToWorker));
  // The scheduler died (crash, SIGKILL): nobody will record what we compute, so stop.
  process.on('disconnect', () => process.exit(0));
}
