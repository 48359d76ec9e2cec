/**
 * The main window's size and position, remembered across launches in
 * `<userData>/window-state.json`. The file is read like any input from outside: a
 * corrupt or hand-edited one is ignored, and a position saved on a monitor that is no
 * longer attached is moved back onto a screen that exists.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const DEFAULT_STATE: WindowState = { width: 1280, height: 820, maximized: false };
export const MIN_SIZE = { width: 900, height: 600 };

const coordinate = z.number().int().min(-100_000).max(100_000);
const size = z.number().int().min(100).max(100_000);
const stateSchema = z.object({
  x: coordinate.optional(),
  y: coordinate.optional(),
  width: size,
  height: size,
  maximized: z.boolean().default(false),
});

/** The saved state, or null when there is none or it is not a valid state. */
export function parseWindowState(text: string): WindowState | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = stateSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

export function readWindowState(file: string): WindowState | null {
  try {
    return parseWindowState(readFileSync(file, 'utf8'));
  } catch {
    return null; // no file yet, or unreadable: start from the defaults
  }
}

/** Written whole and renamed into place, so a crash mid-write leaves the old file. */
export function writeWindowState(file: string, state: WindowState): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(state));
  renameSync(tmp, file);
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * Fits the state onto the screens there are now (`workAreas[0]` is the primary one): the
 * window goes to the screen it overlaps most, or the primary one when it overlaps none,
 * shrinks to fit it and is moved entirely inside it. No position: centred by Electron.
 */
export function clampToScreens(state: WindowState, workAreas: Rect[]): WindowState {
  const primary = workAreas[0];
  if (!primary) return state;
  if (state.x === undefined || state.y === undefined) {
    return { ...state, width: Math.min(state.width, primary.width), height: Math.min(state.height, primary.height) };
  }
  const rect = { x: state.x, y: state.y, width: state.width, height: state.height };
  let area = primary;
  let best = 0;
  for (const wa of workAreas) {
    const o = overlap(rect, wa);
    if (o > best) [area, best] = [wa, o];
  }
  const width = Math.min(state.width, area.width);
  const height = Math.min(state.height, area.height);
  const x = Math.min(Math.max(state.x, area.x), area.x + area.width - width);
  const y = Math.min(Math.max(state.y, area.y), area.y + area.height - height);
  return { x, y, width, height, maximized: state.maximized };
}
