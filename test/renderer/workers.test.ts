import { describe, expect, it } from 'vitest';
import { backendsText, capacityText, datasetsText, heartbeatText, isStale } from '../../src-renderer/src/lib/workers';

describe('the Workers view words', () => {
  const now = 1_000_000;
  it('says how long ago the heartbeat was', () => {
    expect(heartbeatText(now - 200, now)).toBe('just now');
    expect(heartbeatText(now - 3000, now)).toBe('3 s ago');
    expect(heartbeatText(now - 125_000, now)).toBe('2 min ago');
    // A clock a little ahead on the worker is not "in the future".
    expect(heartbeatText(now + 800, now)).toBe('just now');
    expect(heartbeatText(null, now)).toBe('unknown');
  });

  it('warns of a heartbeat older than two refreshes', () => {
    expect(isStale({ lastSeen: now - 3000 }, now)).toBe(false);
    expect(isStale({ lastSeen: now - 8000 }, now)).toBe(true);
    expect(isStale({ lastSeen: null }, now)).toBe(false);
  });

  it('says capacity, the backends that set a machine apart, and its data sets', () => {
    expect(capacityText({ cores: 1, concurrency: 1 })).toBe('1 core · 1 trial at once');
    expect(capacityText({ cores: 16, concurrency: 4 })).toBe('16 cores · 4 trials at once');
    expect(capacityText({ cores: 16, concurrency: 4, memory: { total: 64 * 2 ** 30, budget: 48 * 2 ** 30 } })).toBe('16 cores · 64 GB · 4 trials at once');
    expect(backendsText(['scratch/auto', 'scratch/js', 'tfjs/wasm', 'scratch/native', 'tfjs/tensorflow'])).toBe('scratch/native, tfjs/tensorflow');
    expect(backendsText(['scratch/js', 'tfjs/wasm'])).toBe('js and wasm only');
    expect(datasetsText(['csv', 'iris', 'fashion-mnist'])).toBe('iris, fashion-mnist, CSV files');
    expect(datasetsText([])).toBe('none');
  });
});
