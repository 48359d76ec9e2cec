/**
 * Starting a trial's worker process. The scheduler only sees WorkerHandle, so the CLI's
 * child_process workers and the desktop app's utilityProcess workers are
 * interchangeable (see src-main/electron/utilityWorker.ts).
 */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FromWorker, ToWorker } from '../worker/protocol';

export interface WorkerExit {
  code: number | null;
  signal: string | null;
  /** The last lines the worker wrote to stderr, for the run's error message. */
  stderr: string;
  /** A remote trial cut off mid-way (its machine died; the job reruns elsewhere): why. The run is interrupted, not failed. */
  interrupted?: string;
}

export interface WorkerHandle {
  readonly pid: number | undefined;
  /** The queue worker whose trial this is, as of its `started` message (cluster/remoteTrial.ts); absent on this machine. */
  readonly machine?: string | null;
  send(msg: ToWorker): void;
  onMessage(cb: (m: FromWorker) => void): void;
  onExit(cb: (e: WorkerExit) => void): void;
  kill(): void;
}

export type LaunchWorker = () => WorkerHandle;

const STDERR_KEEP = 4000;

/**
 * The worker's entry and the Node flags it needs: the bundled `worker.js` beside this
 * module when built, else the TypeScript source run through tsx's loader.
 */
export function workerEntry(): { file: string; execArgv: string[] } {
  const here = fileURLToPath(import.meta.url);
  const bundled = path.join(path.dirname(here), 'worker.js');
  if (!here.endsWith('.ts') && existsSync(bundled)) return { file: bundled, execArgv: [] };
  return { file: path.resolve(path.dirname(here), '../worker/main.ts'), execArgv: tsxLoaderArgs() };
}

/** Node flags that let a child process run TypeScript sources (through tsx's loader). */
export function tsxLoaderArgs(): string[] {
  const tsx = createRequire(import.meta.url).resolve('tsx');
  return ['--import', pathToFileURL(tsx).href];
}

/** A worker as a Node child process with an IPC channel (CLI and browser mode). */
export function forkWorker(): WorkerHandle {
  const { file, execArgv } = workerEntry();
  const child = fork(file, [], { execArgv, serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (d: string) => {
    stderr = (stderr + d).slice(-STDERR_KEEP);
  });
  return {
    pid: child.pid,
    // A lane may send its next trial to a worker that has just died, before 'close'
    // arrives: without a callback that would be an unhandled 'error' event (a crash of
    // the whole process). The exit reports the failure instead.
    send: (msg) => {
      if (child.connected) child.send(msg, () => {});
    },
    onMessage: (cb) => void child.on('message', (m) => cb(m as FromWorker)),
    onExit: (cb) => void child.on('close', (code, signal) => cb({ code, signal, stderr: stderr.trim() })),
    kill: () => void child.kill('SIGKILL'),
  };
}
