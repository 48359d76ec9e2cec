/**
 * `/api/events`: the event channel of browser mode, one WebSocket per page, each
 * receiving every EventMessage as JSON. Same Host and Origin checks as every HTTP
 * request; the credential is a single-use ticket (`?ticket=`, see tickets.ts) that the
 * page got from `POST /api/_ticket` with its bearer token. A refused upgrade gets a
 * plain HTTP status, and nothing an upgrade request carries can throw out of here: an
 * exception in an 'upgrade' listener would stop the whole server.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AppServices } from '../services';
import { hostAllowed, originAllowed, type Guard } from './guard';
import { requestUrl } from './requestUrl';
import type { TicketBook } from './tickets';

export const EVENTS_PATH = '/api/events';
/** Transport-only, so not in the contract's method table; the `_` keeps it apart from method names. */
export const TICKET_PATH = '/api/_ticket';

/** A page that stops reading (a frozen tab) is dropped rather than buffered forever. */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

const REASONS: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error' };

function refuse(socket: Duplex, status: number): void {
  if (socket.destroyed) return;
  socket.end(`HTTP/1.1 ${status} ${REASONS[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** The status an upgrade is refused with, or null when it may go ahead (the ticket is then used up). */
function upgradeRefusal(guard: Guard, tickets: TicketBook, req: IncomingMessage): number | null {
  const url = requestUrl(req, guard.port);
  if (!url) return 400;
  if (url.pathname !== EVENTS_PATH) return 404;
  if (!hostAllowed(guard, req) || !originAllowed(guard, req)) return 403;
  return tickets.redeem(url.searchParams.get('ticket')) ? null : 401;
}

export function attachEventSocket(server: Server, guard: Guard, tickets: TicketBook, services: AppServices): { close(): void } {
  // Clients only listen; anything they send is ignored, so keep what they may send tiny.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });

  function accept(ws: WebSocket): void {
    const off = services.onEvent((m) => {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) return ws.terminate();
      ws.send(JSON.stringify(m));
    });
    ws.on('close', off);
    ws.on('error', off);
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => undefined);
    try {
      const status = upgradeRefusal(guard, tickets, req);
      if (status !== null) return refuse(socket, status);
      wss.handleUpgrade(req, socket, head, accept);
    } catch (err) {
      // One line, no stack and no URL (it may hold a ticket): the log is for people.
      console.error(`sweeplab: WebSocket upgrade failed: ${err instanceof Error ? err.message : String(err)}`);
      refuse(socket, 500);
    }
  });

  return {
    close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}
