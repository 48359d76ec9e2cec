/** forkWorker with a real child process: what the scheduler relies on at the edges. */
import { describe, expect, it } from 'vitest';
import { forkWorker, type WorkerExit } from '../../src-main/sweep/workerLauncher';

describe('forkWorker', () => {
  it('leaves with code 0 when told to stop', async () => {
    const w = forkWorker();
    const exit = new Promise<WorkerExit>((resolve) => w.onExit(resolve));
    w.send({ type: 'stop' });
    expect(await exit).toMatchObject({ code: 0, signal: null });
  });

  it('a message to a worker that has died is dropped, not an unhandled error that would end this process', async () => {
    const w = forkWorker();
    const exit = new Promise<WorkerExit>((resolve) => w.onExit(resolve));
    w.kill();
    expect(await exit).toMatchObject({ signal: 'SIGKILL' });
    // Without a guard, ChildProcess emits 'error' (channel closed) and nothing listens.
    expect(() => w.send({ type: 'stop' })).not.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 50));
  });
});
