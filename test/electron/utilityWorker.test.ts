import { beforeEach, describe, expect, it, vi } from 'vitest';
import { utilityWorker } from '../../src-main/electron/utilityWorker';
import { workerEntry, type WorkerExit } from '../../src-main/sweep/workerLauncher';
import type { FromWorker, ToWorker } from '../../src-main/worker/protocol';
import { FakeUtilityProcess, resetFakes, utilityProcess } from './fakeElectron';

vi.mock('electron', () => import('./fakeElectron'));

beforeEach(() => resetFakes());

function launch() {
  const handle = utilityWorker();
  const { process: child, modulePath, options } = FakeUtilityProcess.forked.at(-1)!;
  return { handle, child, modulePath, options };
}

const exits = (h: ReturnType<typeof utilityWorker>): WorkerExit[] => {
  const got: WorkerExit[] = [];
  h.onExit((e) => got.push(e));
  return got;
};

describe('utility-process worker', () => {
  it('starts the same worker entry as the CLI, as a named utility process with stderr piped', () => {
    const { modulePath, options, handle } = launch();
    const entry = workerEntry();
    expect(utilityProcess.fork).toHaveBeenCalledTimes(1);
    expect(modulePath).toBe(entry.file);
    expect(options).toMatchObject({ serviceName: 'Sweeplab trial', execArgv: entry.execArgv });
    expect(options.stdio).toEqual(['ignore', 'ignore', 'pipe']);
    expect(handle.pid).toBe(4242);
  });

  it('posts protocol messages to the worker and hands its messages back', () => {
    const { handle, child } = launch();
    const start = { type: 'start', runId: 7, trial: {}, artifactsDir: '/tmp/a' } as unknown as ToWorker;
    handle.send(start);
    expect(child.postMessage).toHaveBeenCalledWith(start);
    const got: FromWorker[] = [];
    handle.onMessage((m) => got.push(m));
    const failed: FromWorker = { type: 'failed', runId: 7, code: 'DATA', message: 'no data' };
    child.emit('message', failed);
    expect(got).toEqual([failed]);
  });

  it('a message to a worker that has exited (or whose port throws) is dropped: the exit reports the run', () => {
    const { handle, child } = launch();
    const start = { type: 'start', runId: 8, trial: {}, artifactsDir: '/tmp/a' } as unknown as ToWorker;
    child.postMessage.mockImplementationOnce(() => {
      throw new Error('the process has exited');
    });
    expect(() => handle.send(start)).not.toThrow();
    child.emit('exit', 0);
    child.postMessage.mockClear();
    handle.send(start);
    expect(child.postMessage).not.toHaveBeenCalled();
  });

  it('reports the exit code with the end of stderr, once stderr has ended', async () => {
    const { handle, child } = launch();
    const got = exits(handle);
    child.stderr!.write('x'.repeat(5000));
    child.stderr!.write('\nError: out of memory\n');
    child.emit('exit', 3);
    expect(got).toEqual([]); // stderr may still have bytes in flight
    child.stderr!.end();
    await vi.waitFor(() => expect(got).toHaveLength(1));
    expect(got[0]!.code).toBe(3);
    expect(got[0]!.signal).toBeNull();
    expect(got[0]!.stderr.endsWith('Error: out of memory')).toBe(true);
    expect(got[0]!.stderr.length).toBeLessThanOrEqual(4000);
  });

  it('does not wait for a stderr that never ends', async () => {
    const { handle, child } = launch();
    const got = exits(handle);
    child.emit('exit', 1);
    await vi.waitFor(() => expect(got).toEqual([{ code: 1, signal: null, stderr: '' }]), { timeout: 2000 });
  });

  it('kills the process and names the kill in the exit', async () => {
    const { handle, child } = launch();
    const got = exits(handle);
    handle.kill();
    expect(child.kill).toHaveBeenCalledTimes(1);
    child.stderr!.end();
    child.emit('exit', 15);
    await vi.waitFor(() => expect(got).toEqual([{ code: null, signal: 'SIGTERM', stderr: '' }]));
  });

  it('answers a late onExit with the exit that already happened, exactly once', async () => {
    const { handle, child } = launch();
    child.stderr!.end();
    await new Promise((r) => setImmediate(r));
    child.emit('exit', 0);
    const got = exits(handle);
    expect(got).toEqual([{ code: 0, signal: null, stderr: '' }]);
    child.emit('exit', 0);
    expect(got).toHaveLength(1);
  });
});
