/**
 * The data process's owner, in the serving process (Electron main or `sweeplab serve`):
 * forks dataProcess.ts, sends it tasks and hands back its small answers. The process
 * starts on the first task and is ended after `idleMs` without one, so the data sets it
 * loaded go back to the system instead of staying in the server for its lifetime (120 MB
 * → 650 MB after one look at Fashion-MNIST, before).
 *
 * A process, not a worker thread: a thread's exit frees its heap but glibc keeps the
 * malloc arenas it used, and the server measured ~300 MB after idling (bench/dataMemory.ts)
 * against ~130 MB with a process. `child_process.fork` also works from Electron's main
 * process: Electron runs the child as plain Node (ELECTRON_RUN_AS_NODE), which is all the
 * data code needs (no Electron API, no better-sqlite3). A process that dies (a crash, out
 * of memory) fails its pending tasks with its last stderr lines; the next task forks anew.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsxLoaderArgs } from '../sweep/workerLauncher';
import type { DataReply, DataRequest } from './dataProcess';
import type { DataTask, DataTaskResults } from './dataTasks';

/** Long enough for the run view's two requests and a click to the next run; short enough that memory comes back soon. */
export const DATA_PROCESS_IDLE_MS = 5000;

const STDERR_KEEP = 2000;

/**
 * The bundled `dataProcess.js` beside this module when built (electron.vite.config.ts
 * lists it as an entry of out/main/), else the TypeScript source through tsx's loader:
 * the same rule as the trial worker's workerEntry().
 */
export function dataProcessEntry(): { file: string; execArgv: string[] } {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) return { file: path.join(path.dirname(here), 'dataProcess.ts'), execArgv: tsxLoaderArgs() };
  const bundled = path.join(path.dirname(here), 'dataProcess.js');
  if (!existsSync(bundled)) throw new Error(`${bundled} is missing: the build must list src-main/api/dataProcess.ts as an entry (electron.vite.config.ts)`);
  return { file: bundled, execArgv: [] };
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
}

interface Child {
  proc: ChildProcess;
  pending: Map<number, Pending>;
  stderr: string;
}

/** The child's error as the one the task would have thrown here: same code, same message. */
function toError(e: { code: string | null; message: string; stack?: string }): Error {
  const err = Object.assign(new Error(e.message), e.code ? { code: e.code } : {});
  if (e.stack) err.stack = e.stack;
  return err;
}

/** An idle child must not keep the serving process (or a CLI command) alive; a busy one must. */
function hold(proc: ChildProcess, held: boolean): void {
  const channel = proc.channel as { ref(): void; unref(): void } | null | undefined;
  if (held) {
    proc.ref();
    channel?.ref();
  } else {
    proc.unref();
    channel?.unref();
  }
}

export class DataWorker {
  private child: Child | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private nextId = 1;

  constructor(private readonly opts: { idleMs?: number } = {}) {}

  run<T extends DataTask>(task: T): Promise<DataTaskResults[T['kind']]> {
    this.stopIdleTimer();
    let child: Child;
    try {
      child = this.child ?? this.start();
    } catch (err) {
      return Promise.reject(err);
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      child.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      hold(child.proc, true);
      child.proc.send({ id, task } satisfies DataRequest, (err) => {
        if (err) this.fail(child, new Error(`the data process could not be reached: ${err.message}`));
      });
    });
  }

  /** The running process's pid, or null when none runs (after the idle time, or before the first task). */
  get pid(): number | null {
    return this.child?.proc.pid ?? null;
  }

  /** Ends the process now; pending tasks fail. */
  close(): void {
    this.stopIdleTimer();
    const c = this.child;
    if (!c) return;
    this.fail(c, new Error('the data process was closed'));
  }

  private start(): Child {
    const { file, execArgv } = dataProcessEntry();
    const proc = fork(file, [], { execArgv, serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const c: Child = { proc, pending: new Map(), stderr: '' };
    proc.stderr?.setEncoding('utf8');
    proc.stderr?.on('data', (d: string) => {
      c.stderr = (c.stderr + d).slice(-STDERR_KEEP);
    });
    // The stderr pipe is a handle too: it must not hold the process open when idle.
    (proc.stderr as unknown as { unref?: () => void } | null)?.unref?.();
    proc.on('message', (reply: DataReply) => {
      const p = c.pending.get(reply.id);
      if (!p) return;
      c.pending.delete(reply.id);
      if (reply.ok) p.resolve(reply.data);
      else p.reject(toError(reply.error));
      if (c.pending.size === 0 && this.child === c) this.becameIdle(c);
    });
    proc.on('error', (err) => this.fail(c, new Error(`the data process failed: ${err.message}`)));
    proc.on('exit', (code, signal) => {
      const why = signal ? `was killed (${signal})` : `exited with code ${code}`;
      const tail = c.stderr.trim() ? `: ${c.stderr.trim().split('\n').slice(-3).join(' | ')}` : '';
      this.fail(c, new Error(`the data process ${why} before it answered${tail}`));
    });
    this.child = c;
    return c;
  }

  private becameIdle(c: Child): void {
    hold(c.proc, false);
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.child === c && c.pending.size === 0) this.fail(c, new Error('idle'));
    }, this.opts.idleMs ?? DATA_PROCESS_IDLE_MS);
    this.idleTimer.unref();
  }

  private stopIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  /** Ends `c` for good: its pending tasks fail with `err`, the process is killed. */
  private fail(c: Child, err: Error): void {
    if (this.child === c) this.child = null;
    for (const p of c.pending.values()) p.reject(err);
    c.pending.clear();
    hold(c.proc, false);
    if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill();
  }
}

/**
 * The process's one data worker. One per process, not per AppServices: it holds no state
 * of a store (tasks carry everything they need), and two would only hold Fashion-MNIST twice.
 */
export const dataWorker = new DataWorker();
