/** The WebSocket ticket book on a hand-driven clock (the server test covers it over real sockets). */
import { describe, expect, it } from 'vitest';
import { createTicketBook } from '../../src-main/api/http/tickets';

describe('ticket book', () => {
  it('redeems a ticket once, until its time is up, and nothing else', () => {
    let t = 1_000;
    const book = createTicketBook({ ttlMs: 30_000, now: () => t });
    const a = book.issue();
    const b = book.issue();
    expect(a.expiresInMs).toBe(30_000);
    expect(a.ticket).not.toBe(b.ticket);
    for (const wrong of [null, undefined, '', 'x', a.ticket.slice(1), `${a.ticket}x`]) expect(book.redeem(wrong)).toBe(false);
    expect(book.redeem(a.ticket)).toBe(true);
    expect(book.redeem(a.ticket)).toBe(false);
    t += 29_999;
    const c = book.issue();
    t += 1;
    expect(book.redeem(b.ticket)).toBe(false);
    expect(book.redeem(c.ticket)).toBe(true);
  });

  it('keeps at most `max` tickets, dropping the oldest', () => {
    const book = createTicketBook({ max: 3, now: () => 0 });
    const issued = Array.from({ length: 4 }, () => book.issue().ticket);
    expect(book.redeem(issued[0])).toBe(false);
    for (const t of issued.slice(1)) expect(book.redeem(t)).toBe(true);
  });
});
