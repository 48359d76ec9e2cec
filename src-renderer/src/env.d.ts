/// <reference types="vite/client" />
import type { ElectronBridge } from './api/electronTransport';

declare global {
  interface Window {
    /** Set by the desktop app's preload; absent in browser mode. */
    sweeplab?: ElectronBridge;
  }
}

export {};
