/**
 * A worker machine's trial processes, kept from one job to the next as a lane keeps its
 * process (sweep/lanes.ts): a trial then pays for no process start, and the data set
 * the last trial loaded is still loaded (worker/runTrial.ts keeps it; Fashion-MNIST
 * takes most of a second to read). A process that dies, or is killed for a cancel, is
 * simply not reused.
 */
import type { LaunchWorker, WorkerExit, WorkerHandle } from '../sweep/workerLauncher';
import type { FromWorker, ToWorker } from '../worker/protocol';

/** What one job hears from the process it was given. */
export interface TrialListener {
  message(m: FromWorker): void;
  exit(e: WorkerExit): void;
}

/** A process lent to one job until `release`. */
export interface LentProcess {
  send(msg: ToWorker): void;
  kill(): void;
  /** The job is over: the process waits for the next one (or leaves, when enough wait). */
  release(): void;
}

interface Pooled {
  handle: WorkerHandle;
  current: TrialListener | null;
  dead: boolean;
}

export class LocalTrials {
  private idle: Pooled[] = [];

  /** `keep`: how many idle processes to keep (the agent's concurrency). */
  constructor(
    private readonly launch: LaunchWorker,
    private readonly keep: number,
  ) {}

  lend(listener: TrialListener): LentProcess {
    const p = this.idle.pop() ?? this.spawn();
    p.current = listener;
    return {
      send: (msg) => p.handle.send(msg),
      kill: () => p.handle.kill(),
      release: () => {
        p.current = null;
        if (p.dead) return;
        if (this.idle.length < this.keep) this.idle.push(p);
        else p.handle.send({ type: 'stop' });
      },
    };
  }

  /** Lets the idle processes go (running ones end with their jobs). */
  close(): void {
    for (const p of this.idle.splice(0)) p.handle.send({ type: 'stop' });
  }

  private spawn(): Pooled {
    const p: Pooled = { handle: this.launch(), current: null, dead: false };
    p.handle.onMessage((m) => p.current?.message(m));
    p.handle.onExit((e) => {
      p.dead = true;
      this.idle = this.idle.filter((q) => q !== p);
      const current = p.current;
      p.current = null;
      current?.exit(e);
    });
    return p;
  }
}
