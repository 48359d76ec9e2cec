/**
 * `/api/events`: the event channel of browser mode, one WebSocket per page, each
 * receiving every EventMessage as JSON. Same checks as every HTTP request (Host,
 * Origin, token by cookie or `?token=`); a refused upgrade gets a plain HTTP status.
 */
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AppServices } from '../services';
import { authorized, hostAllowed, originAllowed, type Guard } from './guard';

export const EVENTS_PATH = '/api/events';

/** A page that stops reading (a frozen tab) is dropped rather than buffered forever. */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

function refuse(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export function attachEventSocket(server: Server, guard: Guard, services: AppServices): { close(): void } {
  // Clients only listen; anything they send is ignored, so keep what they may send tiny.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });

  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => undefined);
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${guard.port}`);
    if (url.pathname !== EVENTS_PATH) return refuse(socket, 404, 'Not Found');
    if (!hostAllowed(guard, req) || !originAllowed(guard, req)) return refuse(socket, 403, 'Forbidden');
    if (!authorized(guard, req, url)) return refuse(socket, 401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      const off = services.onEvent((m) => {
        if (ws.readyState !== ws.OPEN) return;
        if (ws.bufferedAmount > MAX_BUFFERED_BYTES) return ws.terminate();
        ws.send(JSON.stringify(m));
      });
      ws.on('close', off);
      ws.on('error', off);
    });
  });

  return {
    close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}
