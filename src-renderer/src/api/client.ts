/**
 * The API client: picks the transport once at start-up (the desktop preload's
 * `window.sweeplab` when present, HTTP + WebSocket otherwise) and hands out the one
 * instance through `useApi()`. Stores and components only ever see the contract's
 * `SweeplabApi`; tests install a fake with `setApi()`.
 */
import { ref, type Ref } from 'vue';
import type { SweeplabApi } from '../shared';
import { createElectronTransport } from './electronTransport';
import { createHttpTransport, takeToken } from './httpTransport';

export type ConnectionState = 'connecting' | 'open' | 'reconnecting';

export interface SweeplabClient extends SweeplabApi {
  readonly transport: 'electron' | 'http';
  /** The event channel's state; the desktop app's IPC is always 'open'. */
  readonly connection: Ref<ConnectionState>;
  /** Retry a lost event channel now instead of waiting for the next backoff step. */
  reconnect(): void;
  close(): void;
}

export function createApiClient(win: Window = window): SweeplabClient {
  if (win.sweeplab) return createElectronTransport(win.sweeplab);
  return createHttpTransport({ origin: win.location.origin, token: takeToken(win.location, win.sessionStorage, win.history) });
}

let current: SweeplabApi | null = null;

/** Installs the client the app (or a test) talks to. */
export function setApi(api: SweeplabApi | null): void {
  current = api;
}

export function useApi(): SweeplabApi {
  if (!current) throw new Error('useApi(): no API client installed; call setApi(createApiClient()) before mounting the app');
  return current;
}

const alwaysOpen = ref<ConnectionState>('open');

/** The event channel's state, for the "connection lost" banner ('open' for fakes). */
export function useConnection(): { state: Ref<ConnectionState>; reconnect: () => void } {
  const client = current as Partial<SweeplabClient> | null;
  return { state: client?.connection ?? alwaysOpen, reconnect: () => client?.reconnect?.() };
}
