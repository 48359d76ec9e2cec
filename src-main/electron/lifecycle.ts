/**
 * Process-level lifecycle: one app per user-data folder, and a clean shutdown.
 *
 * One instance, because two apps on one database would run two schedulers, each taking
 * the other's queued trials for abandoned ones. A second launch only brings the first
 * window forward.
 */
import { app, type BrowserWindow } from 'electron';

/** False when another instance holds the lock: this one must quit without doing anything. */
export function claimSingleInstance(window: () => BrowserWindow | null): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', () => {
    const w = window();
    if (!w || w.isDestroyed()) return;
    if (w.isMinimized()) w.restore();
    w.show();
    w.focus();
  });
  return true;
}

/**
 * Holds the quit until `close` has finished (running trials are stopped and marked, the
 * last metrics flushed, the database closed), then quits for real. A failing close is
 * reported and the app quits anyway: a shutdown must not hang.
 */
export function closeBeforeQuit(close: () => Promise<void>): void {
  let state: 'open' | 'closing' | 'closed' = 'open';
  app.on('before-quit', (event) => {
    if (state === 'closed') return;
    event.preventDefault();
    if (state === 'closing') return;
    state = 'closing';
    close()
      .catch((err: unknown) => console.error('Sweeplab: error while shutting down:', err))
      .finally(() => {
        state = 'closed';
        app.quit();
      });
  });
}
