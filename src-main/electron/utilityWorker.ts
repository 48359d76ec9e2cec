/**
 * A trial's worker as an Electron utility process: the desktop app's counterpart of
 * forkWorker (src-main/sweep/workerLauncher.ts). Same entry (out/main/worker.js), same
 * protocol; the worker notices `process.parentPort` and talks over it. A utility process
 * is a Chromium service with Node in it: it runs with Electron's Node ABI (the one the
 * app's native modules are built for), shows up in the task manager as "Sweeplab trial",
 * and dies with the app.
 */
import { utilityProcess } from 'electron';
import { workerEntry, type LaunchWorker, type WorkerExit } from '../sweep/workerLauncher';
import type { FromWorker } from '../worker/protocol';

const STDERR_KEEP = 4000;
/** How long an exit waits for the rest of stderr (the stream can end after the exit event). */
const STDERR_GRACE_MS = 200;

export const utilityWorker: LaunchWorker = () => {
  const { file, execArgv } = workerEntry();
  // stdout is not read by anyone, so it is not piped (a full pipe would block the worker).
  const child = utilityProcess.fork(file, [], { serviceName: 'Sweeplab trial', stdio: ['ignore', 'ignore', 'pipe'], execArgv });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (d: string) => {
    stderr = (stderr + d).slice(-STDERR_KEEP);
  });

  let killed = false;
  let exitCode: number | null = null;
  let exited = false;
  let stderrDone = child.stderr === null;
  let exit: WorkerExit | null = null;
  const exitListeners: ((e: WorkerExit) => void)[] = [];
  const settle = (): void => {
    if (exit || !exited) return;
    // A utility process reports no signal; a kill we asked for is named as one.
    exit = { code: killed ? null : exitCode, signal: killed ? 'SIGTERM' : null, stderr: stderr.trim() };
    for (const cb of exitListeners) cb(exit);
  };
  child.stderr?.on('end', () => {
    stderrDone = true;
    settle();
  });
  child.on('exit', (code: number) => {
    exitCode = code;
    exited = true;
    if (stderrDone) settle();
    else setTimeout(settle, STDERR_GRACE_MS);
  });

  return {
    get pid() {
      return child.pid;
    },
    // A lane may send its next trial to a worker that has just died, before the exit
    // event arrives: the exit then fails that run, so the send itself must not throw.
    send(msg) {
      if (exited) return;
      try {
        child.postMessage(msg);
      } catch {
        // reported by the exit
      }
    },
    onMessage: (cb) => void child.on('message', (m: unknown) => cb(m as FromWorker)),
    onExit(cb) {
      if (exit) cb(exit);
      else exitListeners.push(cb);
    },
    kill() {
      killed = true;
      child.kill();
    },
  };
};
