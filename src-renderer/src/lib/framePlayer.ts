/**
 * The frame player's rules, pure: how play advances, speeds and keys. Which frame a step
 * shows and the lockstep timeline are src-main/frames/timeline.ts's (the CLI's lockstep
 * GIF steps the same way), re-exported here for the players.
 */
export { frameAtStep, lockstepIndices, lockstepTimeline } from '../shared';

/** Playback speeds offered; 1× shows BASE_FRAME_MS per frame. */
export const SPEEDS = [0.5, 1, 2, 4] as const;
export type Speed = (typeof SPEEDS)[number];
export const BASE_FRAME_MS = 100;
/** Milliseconds a frame shows at a speed. */
export const frameInterval = (speed: number) => BASE_FRAME_MS / speed;

export interface PlayState {
  index: number;
  playing: boolean;
}

/**
 * One tick of play. At the last frame: a live run waits there for the next frame (still
 * playing); a finished one stops.
 */
export function tick(state: PlayState, count: number, live: boolean): PlayState {
  if (!state.playing || count === 0) return state;
  if (state.index < count - 1) return { ...state, index: state.index + 1 };
  return live ? state : { ...state, playing: false };
}

/** Play pressed: from the start again when at the end. */
export function play(state: PlayState, count: number): PlayState {
  return { index: state.index >= count - 1 ? 0 : state.index, playing: count > 1 };
}

export const clampIndex = (index: number, count: number) => Math.max(0, Math.min(count - 1, Math.round(index)));

/** What a key does to the player, or null (the key is not the player's). */
export function keyAction(key: string): { kind: 'toggle' } | { kind: 'step'; delta: number } | { kind: 'jump'; to: 'first' | 'last' } | null {
  switch (key) {
    case ' ':
    case 'Spacebar':
    case 'k':
      return { kind: 'toggle' };
    case 'ArrowRight':
    case 'ArrowUp':
      return { kind: 'step', delta: 1 };
    case 'ArrowLeft':
    case 'ArrowDown':
      return { kind: 'step', delta: -1 };
    case 'PageUp':
      return { kind: 'step', delta: 10 };
    case 'PageDown':
      return { kind: 'step', delta: -10 };
    case 'Home':
      return { kind: 'jump', to: 'first' };
    case 'End':
      return { kind: 'jump', to: 'last' };
    default:
      return null;
  }
}
