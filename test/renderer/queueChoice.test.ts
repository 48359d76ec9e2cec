import { describe, expect, it } from 'vitest';
import { queueDraftError, queueDraftOf, queuePatch } from '../../src-renderer/src/lib/queueChoice';

describe('the Run trials choice', () => {
  it('starts from the saved setting', () => {
    expect(queueDraftOf(null)).toEqual({ runOn: 'local', url: '' });
    expect(queueDraftOf('redis://:***@h:6379')).toEqual({ runOn: 'queue', url: 'redis://:***@h:6379' });
  });

  it('asks for a redis:// or rediss:// address only when the queue is chosen', () => {
    expect(queueDraftError({ runOn: 'local', url: 'junk' })).toBeNull();
    expect(queueDraftError({ runOn: 'queue', url: '  ' })).toMatch(/enter the queue's address/);
    expect(queueDraftError({ runOn: 'queue', url: 'box:6379' })).toMatch(/^must start with redis:\/\//);
    expect(queueDraftError({ runOn: 'queue', url: 'rediss://h:6380' })).toBeNull();
  });

  it('sends only a change: never the saved (redacted) URL again', () => {
    const saved = 'redis://:***@h:6379';
    expect(queuePatch(saved, { runOn: 'queue', url: ` ${saved} ` })).toBeUndefined();
    expect(queuePatch(saved, { runOn: 'local', url: saved })).toBeNull();
    expect(queuePatch(null, { runOn: 'local', url: 'redis://x' })).toBeUndefined();
    expect(queuePatch(null, { runOn: 'queue', url: 'redis://:pw@x:1 ' })).toBe('redis://:pw@x:1');
  });
});
