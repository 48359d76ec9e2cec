/**
 * A trial worker that lives on another machine, seen from the coordinator: a
 * WorkerHandle like a forked process, so the lanes (sweep/lanes.ts) run remote trials
 * with the very code that runs local ones: the same store writes, events, pruning and
 * end-of-run rules, written once. What a process does through IPC, this does through
 * the job router (jobRouter.ts): `start` becomes a job, `decision` goes to the job's
 * answer list, `kill` cancels the job wherever it runs.
 *
 * It "exits" only when killed (a cancel) or when its trial was cut off (the machine
 * running it died and the job restarted elsewhere); between trials it simply waits, as
 * a lane's process does.
 */
import type { WorkerExit, WorkerHandle } from '../sweep/workerLauncher';
import type { FromWorker, PruneAnswer, StartTrial, ToWorker } from '../worker/protocol';

/** What a remote handle asks of the router that owns it. */
export interface RemoteHost {
  startTrial(handle: RemoteTrial, msg: StartTrial): void;
  answer(handle: RemoteTrial, msg: PruneAnswer): void;
  cancel(handle: RemoteTrial): void;
}

/** A trial cut off mid-way (its machine died) exits with `interrupted` set (WorkerExit): the lanes record it interrupted with the points it sent, not failed. */
export type RemoteExit = WorkerExit;

export class RemoteTrial implements WorkerHandle {
  readonly pid = undefined;
  /** The job it is on (set by the host; opaque here). */
  job: unknown = null;
  /** The worker running its current trial, set by the host before it delivers the trial's `started` (recorded as the run's `worker`). */
  machine: string | null = null;
  private readonly messageListeners: ((m: FromWorker) => void)[] = [];
  private readonly exitListeners: ((e: WorkerExit) => void)[] = [];
  private gone = false;

  constructor(private readonly host: RemoteHost) {}

  send(msg: ToWorker): void {
    if (this.gone) return;
    if (msg.type === 'start') this.host.startTrial(this, msg);
    else if (msg.type === 'decision') this.host.answer(this, msg);
    // `stop`: nothing runs between trials, so there is nothing to stop.
  }

  onMessage(cb: (m: FromWorker) => void): void {
    this.messageListeners.push(cb);
  }

  onExit(cb: (e: WorkerExit) => void): void {
    this.exitListeners.push(cb);
  }

  /** Cancels its trial on whichever machine runs it; reads as a killed process at once. */
  kill(): void {
    if (this.gone) return;
    this.host.cancel(this);
    this.exit({ code: null, signal: 'SIGKILL', stderr: '' });
  }

  /** A message of its trial, already addressed to the run it is on. */
  deliver(m: FromWorker): void {
    if (this.gone) return;
    for (const cb of this.messageListeners) cb(m);
  }

  /** Ends the handle; listeners hear it on the next turn, as they would a process's `close`. */
  exit(e: RemoteExit): void {
    if (this.gone) return;
    this.gone = true;
    setImmediate(() => {
      for (const cb of this.exitListeners) cb(e);
    });
  }
}
