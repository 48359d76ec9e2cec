import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEventHub } from '../../src-renderer/src/api/eventHub';

const finished = { sweepId: 1, runId: 2, status: 'completed' as const, error: null, errorCode: null };

describe('the event hub', () => {
  afterEach(() => vi.restoreAllMocks());

  it('delivers an event to its listeners only, until they leave', () => {
    const hub = createEventHub();
    const a = vi.fn();
    const b = vi.fn();
    const offA = hub.on('run-finished', a);
    hub.on('sweep-deleted', b);
    hub.emit({ event: 'run-finished', data: finished });
    expect(a).toHaveBeenCalledWith(finished);
    expect(b).not.toHaveBeenCalled();
    expect(hub.size).toBe(2);
    offA();
    hub.emit({ event: 'run-finished', data: finished });
    expect(a).toHaveBeenCalledTimes(1);
    expect(hub.size).toBe(1);
  });

  it('keeps delivering when a listener throws or leaves while the event is delivered', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const hub = createEventHub();
    const after = vi.fn();
    const off = hub.on('run-finished', () => off());
    hub.on('run-finished', () => {
      throw new Error('broken view');
    });
    hub.on('run-finished', after);
    hub.emit({ event: 'run-finished', data: finished });
    expect(after).toHaveBeenCalledTimes(1);
    expect(error).toHaveBeenCalledWith('sweeplab: a listener for "run-finished" failed:', expect.any(Error));
    expect(hub.size).toBe(2);
  });

  it('hands a failing listener to onListenerError when given one', () => {
    const hub = createEventHub({ onListenerError: (err) => { throw err; } });
    hub.on('sweep-deleted', () => {
      throw new Error('assertion in a test');
    });
    expect(() => hub.emit({ event: 'sweep-deleted', data: { sweepId: 3 } })).toThrow('assertion in a test');
  });
});
