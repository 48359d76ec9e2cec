/**
 * Tickets for the event WebSocket. A browser cannot put an `Authorization` header on a
 * WebSocket, and the token must not ride in a URL that may end up in a log, so the page
 * trades its bearer token for a ticket (`POST /api/_ticket`) and opens
 * `/api/events?ticket=…` right away. A ticket is random, lives 30 s and works once: one
 * that leaks (a proxy log, the devtools) is useless by the time anyone reads it.
 */
import { randomBytes } from 'node:crypto';
import { sameSecret } from './guard';

export interface Ticket {
  ticket: string;
  expiresInMs: number;
}

export interface TicketBook {
  issue(): Ticket;
  /** True once for a live ticket; it is used up whether or not the upgrade then succeeds. */
  redeem(candidate: string | null | undefined): boolean;
}

export interface TicketBookOptions {
  ttlMs?: number;
  /** Outstanding tickets kept at most; the oldest goes first (a page needs one at a time). */
  max?: number;
  now?: () => number;
}

export function createTicketBook(opts: TicketBookOptions = {}): TicketBook {
  const ttl = opts.ttlMs ?? 30_000;
  const max = opts.max ?? 64;
  const now = opts.now ?? (() => Date.now());
  let live: { value: string; expiresAt: number }[] = [];

  const prune = () => {
    const t = now();
    live = live.filter((x) => x.expiresAt > t);
  };

  return {
    issue() {
      prune();
      if (live.length >= max) live.shift();
      const value = randomBytes(24).toString('base64url');
      live.push({ value, expiresAt: now() + ttl });
      return { ticket: value, expiresInMs: ttl };
    },
    redeem(candidate) {
      prune();
      // Compare with every live ticket, without stopping at a match, so the time taken
      // says nothing about which (or whether one) matched.
      let found = -1;
      for (let i = 0; i < live.length; i++) if (sameSecret(live[i].value, candidate)) found = i;
      if (found < 0) return false;
      live.splice(found, 1);
      return true;
    },
  };
}
