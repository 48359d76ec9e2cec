import { describe, expect, it } from 'vitest';
import { clampIndex, frameAtStep, frameInterval, keyAction, lockstepIndices, lockstepTimeline, play, tick } from '../../src-renderer/src/lib/framePlayer';

const at = (...steps: number[]) => steps.map((step) => ({ step }));

describe('framePlayer', () => {
  it('finds the frame at or before a step', () => {
    const frames = at(0, 10, 20, 40);
    expect([0, 5, 10, 39, 40, 1000].map((s) => frameAtStep(frames, s))).toEqual([0, 0, 1, 2, 3, 3]);
    expect(frameAtStep(at(5, 9), 2)).toBe(0);
    expect(frameAtStep([], 3)).toBe(-1);
  });

  it('plays forward, waits at the end of a live run, stops at the end of a finished one', () => {
    expect(tick({ index: 1, playing: true }, 3, false)).toEqual({ index: 2, playing: true });
    expect(tick({ index: 2, playing: true }, 3, true)).toEqual({ index: 2, playing: true });
    expect(tick({ index: 2, playing: true }, 3, false)).toEqual({ index: 2, playing: false });
    expect(tick({ index: 1, playing: false }, 3, false)).toEqual({ index: 1, playing: false });
    expect(play({ index: 2, playing: false }, 3)).toEqual({ index: 0, playing: true });
    expect(play({ index: 0, playing: false }, 1)).toEqual({ index: 0, playing: false });
    expect(frameInterval(0.5)).toBe(200);
    expect(frameInterval(4)).toBe(25);
    expect([clampIndex(-3, 5), clampIndex(9, 5), clampIndex(2.4, 5)]).toEqual([0, 4, 2]);
  });

  it('maps keys: space toggles, arrows step, Home/End jump, others are not the player’s', () => {
    expect(keyAction(' ')).toEqual({ kind: 'toggle' });
    expect(keyAction('ArrowLeft')).toEqual({ kind: 'step', delta: -1 });
    expect(keyAction('PageUp')).toEqual({ kind: 'step', delta: 10 });
    expect(keyAction('End')).toEqual({ kind: 'jump', to: 'last' });
    expect(keyAction('a')).toBeNull();
  });

  it('lockstep: one timeline of every run’s steps, each run at its frame ≤ the shared step', () => {
    const a = at(0, 10, 20, 30);
    const b = at(0, 15, 30);
    expect(lockstepTimeline([a, b])).toEqual([0, 10, 15, 20, 30]);
    expect(lockstepIndices([a, b], 15)).toEqual([1, 1]);
    expect(lockstepIndices([a, b], 20)).toEqual([2, 1]);
    expect(lockstepIndices([a, []], 20)).toEqual([2, -1]);
  });
});
