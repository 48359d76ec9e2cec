/** The queue URL: what is accepted, what is refused and how, and that a password never shows. */
import { describe, expect, it } from 'vitest';
import { parseQueueUrl, queueFromEnv, QueueUrlError } from '../../src-main/cluster/queueUrl';

describe('parseQueueUrl', () => {
  it('reads host, port, credentials and database, and hides the password', () => {
    const q = parseQueueUrl('redis://alice:s%40cret@10.0.0.5:6380/2');
    expect(q.redis).toMatchObject({ host: '10.0.0.5', port: 6380, db: 2, username: 'alice', password: 's@cret', maxRetriesPerRequest: null });
    expect(q.redis.tls).toBeUndefined();
    expect(q.redacted).toBe('redis://alice:***@10.0.0.5:6380/2');
    expect(q.redacted).not.toContain('cret');
  });

  it('turns on TLS for rediss:// and defaults the port', () => {
    const q = parseQueueUrl('rediss://:pw@queue.example');
    expect(q.redis).toMatchObject({ host: 'queue.example', port: 6379, db: 0, password: 'pw', tls: { servername: 'queue.example' } });
  });

  it('names the TLS server for SNI, but not an address (Node refuses IPs as server names)', () => {
    expect(parseQueueUrl('rediss://127.0.0.1:6380').redis.tls).toEqual({});
    expect(parseQueueUrl('rediss://[::1]:6380').redis.tls).toEqual({});
    expect(parseQueueUrl('redis://127.0.0.1:6380').redis.tls).toBeUndefined();
  });

  it('unbrackets IPv6 hosts', () => {
    expect(parseQueueUrl('redis://[::1]:7000').redis).toMatchObject({ host: '::1', port: 7000 });
  });

  it.each([
    ['localhost:6379', /is not a URL|uses localhost:/],
    ['http://127.0.0.1:6379', /uses http:\/\//],
    ['redis://127.0.0.1:6379/abc', /database number 0–15/],
    ['redis://127.0.0.1:6379/16', /database number 0–15/],
    ['redis://127.0.0.1:6379?tls=1', /query strings/],
    ['not a url :pw@', /not a URL/],
  ])('refuses %s saying why', (text, why) => {
    const err = (() => {
      try {
        parseQueueUrl(text);
      } catch (e) {
        return e as Error;
      }
      throw new Error('accepted');
    })();
    expect(err).toBeInstanceOf(QueueUrlError);
    expect(err.message).toMatch(why);
    expect(err.message).toMatch(/^--queue: /);
  });

  it('never repeats a password in a refusal', () => {
    expect(() => parseQueueUrl('http://u:topsecret@host:1')).toThrow(/u:\*\*\*@host/);
    expect(() => parseQueueUrl('http://u:topsecret@host:1')).not.toThrow(/topsecret/);
  });

  it('takes SWEEPLAB_QUEUE when set, and names it in errors', () => {
    expect(queueFromEnv({})).toBeNull();
    expect(queueFromEnv({ SWEEPLAB_QUEUE: ' ' })).toBeNull();
    expect(queueFromEnv({ SWEEPLAB_QUEUE: 'redis://127.0.0.1:1234' })?.redis.port).toBe(1234);
    expect(() => queueFromEnv({ SWEEPLAB_QUEUE: 'ftp://x' })).toThrow(/^SWEEPLAB_QUEUE: /);
  });
});
