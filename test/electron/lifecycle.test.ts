import { beforeEach, describe, expect, it, vi } from 'vitest';
import { claimSingleInstance, closeBeforeQuit } from '../../src-main/electron/lifecycle';
import { BrowserWindow, app, resetFakes } from './fakeElectron';

vi.mock('electron', () => import('./fakeElectron'));

beforeEach(() => resetFakes());

function beforeQuit(): { prevented: boolean } {
  const e = { prevented: false, preventDefault: () => void (e.prevented = true) };
  app.emit('before-quit', e);
  return e;
}

describe('single instance', () => {
  it('a second launch brings the first window forward, restoring it if minimized', () => {
    const win = new BrowserWindow({ width: 1, height: 1 });
    win.minimized = true;
    expect(claimSingleInstance(() => win as unknown as Electron.BrowserWindow)).toBe(true);
    app.emit('second-instance', {}, ['sweeplab'], '/home');
    expect(win.restore).toHaveBeenCalled();
    expect(win.show).toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalled();
  });

  it('a second launch with no window open does nothing', () => {
    expect(claimSingleInstance(() => null)).toBe(true);
    expect(() => app.emit('second-instance', {}, [], '/')).not.toThrow();
  });

  it('without the lock, tells the caller to quit and listens to nothing', () => {
    app.requestSingleInstanceLock.mockImplementation(() => false);
    expect(claimSingleInstance(() => null)).toBe(false);
    expect(app.listenerCount('second-instance')).toBe(0);
  });
});

describe('shutdown', () => {
  it('holds the quit until the services are closed, then quits', async () => {
    let finish!: () => void;
    const close = vi.fn(() => new Promise<void>((r) => (finish = r)));
    closeBeforeQuit(close);
    expect(beforeQuit().prevented).toBe(true);
    expect(beforeQuit().prevented).toBe(true); // a second Quit while closing waits too
    expect(close).toHaveBeenCalledTimes(1);
    expect(app.quit).not.toHaveBeenCalled();
    finish();
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledTimes(1));
    expect(beforeQuit().prevented).toBe(false); // the real quit goes through
    expect(close).toHaveBeenCalledTimes(1);
  });

  it('quits even when closing fails', async () => {
    const err = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    closeBeforeQuit(() => Promise.reject(new Error('disk full')));
    beforeQuit();
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledTimes(1));
    expect(String(err.mock.calls[0])).toContain('disk full');
    err.mockRestore();
  });
});
