/**
 * The preload: the only code in the renderer that can reach the main process. It exposes
 * `window.sweeplab`, one named function per API method plus `onEvent`, and never
 * ipcRenderer itself, so a compromised page can make exactly the calls the contract
 * lists and nothing else (the main process still checks every sender and payload).
 *
 * Runs sandboxed: built as CommonJS (out/preload/preload.cjs) with the contract inlined,
 * because a sandboxed preload can require nothing but `electron`.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { API_METHODS, EVENT_CHANNEL, ipcChannel, type ApiMethod, type EventMessage, type Req, type Res, type Result } from './api/contract';

export type SweeplabBridge = { [M in ApiMethod]: (req: Req<M>) => Promise<Result<Res<M>>> } & {
  /** Every pushed event; returns the function that stops listening. */
  onEvent(cb: (message: EventMessage) => void): () => void;
  platform: 'electron';
};

function createBridge(): SweeplabBridge {
  const calls = Object.fromEntries(
    API_METHODS.map((method) => [method, (req: unknown) => ipcRenderer.invoke(ipcChannel(method), req)]),
  ) as { [M in ApiMethod]: SweeplabBridge[M] };
  return {
    ...calls,
    onEvent(cb) {
      // The page gets the message only: the IpcRendererEvent would hand it `sender`.
      const listener = (_event: IpcRendererEvent, message: EventMessage): void => cb(message);
      ipcRenderer.on(EVENT_CHANNEL, listener);
      return () => void ipcRenderer.removeListener(EVENT_CHANNEL, listener);
    },
    platform: 'electron',
  };
}

contextBridge.exposeInMainWorld('sweeplab', createBridge());
