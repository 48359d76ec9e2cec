import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { clampToScreens, parseWindowState, readWindowState, writeWindowState } from '../../src-main/electron/windowState';

const laptop = { x: 0, y: 0, width: 1440, height: 860 };
const monitor = { x: 1440, y: -200, width: 2560, height: 1400 };

describe('window state file', () => {
  it('round-trips through the file, written atomically', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sweeplab-ws-'));
    const file = path.join(dir, 'window-state.json');
    writeWindowState(file, { x: 5, y: 6, width: 1000, height: 700, maximized: true });
    expect(readWindowState(file)).toEqual({ x: 5, y: 6, width: 1000, height: 700, maximized: true });
    expect(readdirSync(dir)).toEqual(['window-state.json']);
  });

  it('reads a missing file as no state', () => {
    expect(readWindowState(path.join(os.tmpdir(), 'sweeplab-no-such-dir', 'x.json'))).toBeNull();
  });

  it('rejects corrupt or invalid content', () => {
    for (const text of ['', '{', 'null', '[]', '42', '{"width":"1000","height":700}', '{"width":1000}', '{"width":1000.5,"height":700}', '{"width":-5,"height":700}', '{"width":1000,"height":700,"x":1e12}', '{"width":1000,"height":700,"maximized":"yes"}'])
      expect(parseWindowState(text), text).toBeNull();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sweeplab-ws-'));
    writeFileSync(path.join(dir, 'w.json'), '\u0000\u0001garbage');
    expect(readWindowState(path.join(dir, 'w.json'))).toBeNull();
  });

  it('accepts a state without position or maximized flag', () => {
    expect(parseWindowState('{"width":1000,"height":700}')).toEqual({ width: 1000, height: 700, maximized: false });
  });
});

describe('fitting onto the screens', () => {
  it('leaves a window that is on screen alone', () => {
    const s = { x: 100, y: 50, width: 1000, height: 700, maximized: false };
    expect(clampToScreens(s, [laptop, monitor])).toEqual(s);
  });

  it('keeps a window on the secondary monitor there', () => {
    const s = { x: 2000, y: 0, width: 1200, height: 900, maximized: false };
    expect(clampToScreens(s, [laptop, monitor])).toEqual(s);
  });

  it('brings a window from a detached monitor back onto the primary screen, whole', () => {
    expect(clampToScreens({ x: 2000, y: 0, width: 1200, height: 900, maximized: true }, [laptop])).toEqual({ x: 240, y: 0, width: 1200, height: 860, maximized: true });
    expect(clampToScreens({ x: -5000, y: -5000, width: 800, height: 600, maximized: false }, [laptop])).toEqual({ x: 0, y: 0, width: 800, height: 600, maximized: false });
  });

  it('pulls a half-visible window fully onto the screen it is mostly on', () => {
    expect(clampToScreens({ x: 3800, y: 1000, width: 400, height: 400, maximized: false }, [laptop, monitor])).toEqual({ x: 3600, y: 800, width: 400, height: 400, maximized: false });
  });

  it('shrinks a window bigger than its screen', () => {
    expect(clampToScreens({ width: 3000, height: 2000, maximized: false }, [laptop])).toEqual({ width: 1440, height: 860, maximized: false });
  });

  it('without screens, changes nothing', () => {
    const s = { x: 1, y: 2, width: 3, height: 4, maximized: false };
    expect(clampToScreens(s, [])).toBe(s);
  });
});
