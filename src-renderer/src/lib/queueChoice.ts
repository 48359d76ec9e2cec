/**
 * The "Run trials" choice of the Settings form as data: on this machine, or on the queue
 * at a URL. The server checks the URL fully (cluster/queueUrl.ts, one parser); this only
 * catches what a person sees at once, empty text or another scheme, and never sends the
 * redacted URL back as if it were new (the server would keep it anyway).
 */
import type { Settings } from '../shared';

export type RunOn = 'local' | 'queue';

export interface QueueDraft {
  runOn: RunOn;
  /** The URL as typed; starts as the saved one, redacted (`redis://:***@host:6379`). */
  url: string;
}

export function queueDraftOf(saved: Settings['queue']): QueueDraft {
  return { runOn: saved ? 'queue' : 'local', url: saved ?? '' };
}

/** What is wrong with the draft before it is sent, or null. */
export function queueDraftError(d: QueueDraft): string | null {
  if (d.runOn === 'local') return null;
  const url = d.url.trim();
  if (url === '') return "enter the queue's address: redis://[user:password@]host:port (rediss:// for TLS)";
  if (!/^rediss?:\/\//i.test(url)) return 'must start with redis:// (or rediss:// for TLS), e.g. redis://:password@queue-host:6379';
  return null;
}

/** The setting to send, or undefined when it is unchanged. */
export function queuePatch(saved: Settings['queue'], d: QueueDraft): Settings['queue'] | undefined {
  const next = d.runOn === 'local' ? null : d.url.trim();
  return next === saved ? undefined : next;
}
