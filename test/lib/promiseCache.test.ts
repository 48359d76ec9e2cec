import { describe, expect, it, vi } from 'vitest';
import { PromiseCache } from '../../src-main/lib/promiseCache';

/** A promise settled from outside, to control when work finishes. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ([resolve, reject] = [res, rej]));
  return { promise, resolve, reject };
}

describe('PromiseCache', () => {
  it('starts the work once for callers asking while it is under way, and after', async () => {
    const cache = new PromiseCache<string, number>(2);
    const work = deferred<number>();
    const start = vi.fn(() => work.promise);
    const a = cache.get('iris', start);
    const b = cache.get('iris', start);
    expect(a).toBe(b);
    work.resolve(7);
    expect(await cache.get('iris', start)).toBe(7);
    expect(start).toHaveBeenCalledTimes(1);
  });

  it('forgets the least recently used answer past its capacity', async () => {
    const cache = new PromiseCache<string, string>(2);
    const start = vi.fn(async (k: string) => k.toUpperCase());
    await cache.get('a', () => start('a'));
    await cache.get('b', () => start('b'));
    await cache.get('a', () => start('a')); // a is now the most recent
    await cache.get('c', () => start('c')); // b goes
    expect(cache.size).toBe(2);
    await cache.get('a', () => start('a'));
    await cache.get('b', () => start('b'));
    expect(start.mock.calls.map(([k]) => k)).toEqual(['a', 'b', 'c', 'b']);
  });

  it('drops a failed answer so the next ask tries again, but not a newer one under the same key', async () => {
    const cache = new PromiseCache<string, number>(4);
    const first = deferred<number>();
    const failed = cache.get('x', () => first.promise);
    first.reject(new Error('file not found'));
    await expect(failed).rejects.toThrow('file not found');
    expect(await cache.get('x', async () => 2)).toBe(2);

    // An old failure landing after the key was dropped and refilled leaves the new answer.
    const slow = deferred<number>();
    const old = cache.get('y', () => slow.promise);
    cache.deleteWhere((k) => k === 'y');
    const fresh = cache.get('y', async () => 3);
    slow.reject(new Error('late'));
    await expect(old).rejects.toThrow('late');
    expect(cache.get('y', async () => 4)).toBe(fresh);
  });

  it('keeps nothing when starting the work throws at once', () => {
    const cache = new PromiseCache<number, number>(1);
    expect(() =>
      cache.get(1, () => {
        throw new Error('no such run');
      }),
    ).toThrow('no such run');
    expect(cache.size).toBe(0);
  });

  it('drops the answers of keys that no longer stand for anything', async () => {
    const cache = new PromiseCache<string, number>(8);
    for (const key of ['3:16', '3:25', '4:16']) await cache.get(key, async () => 1);
    cache.deleteWhere((key) => key.startsWith('3:'));
    expect(cache.size).toBe(1);
  });
});
