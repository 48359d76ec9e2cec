import { describe, expect, it } from 'vitest';
import { animationGif, framePicture, framePng, GIF_MIN_FRAMES, lockstepGif } from '../../src-main/export/animation';
import { encodeGif, gifFrameCount } from '../../src-main/frames/gif';
import { framePalette } from '../../src-main/frames/render';
import { imageFrame, planeFrame } from '../frames/frameFixtures';

const moving = (n: number) => Array.from({ length: n }, (_, i) => planeFrame(i, { size: 48, units: 4, unitSize: 12, shift: -0.8 + (1.6 * i) / n }));

describe('animationGif', () => {
  it('writes one GIF image per frame, looping, at the picture’s size', () => {
    const frames = moving(32);
    const { bytes, frames: n } = animationGif(frames, { points: [[0.5, 0.5], [-0.5, -0.5]], labels: [1, 0], label: 'run 7: lr=0.1' });
    const picture = framePicture(frames[0]);
    expect(n).toBe(32);
    expect(gifFrameCount(bytes)).toEqual({ width: picture.width, height: picture.height, frames: 32 });
    expect(String.fromCharCode(...bytes.subarray(0, 6))).toBe('GIF89a');
    // NETSCAPE2.0 loop extension: plays forever.
    expect(new TextDecoder().decode(bytes.subarray(0, 1000))).toContain('NETSCAPE2.0');
    expect(bytes.length).toBeLessThan(3 * 1024 * 1024);
  });

  it('keeps under a size budget by dropping frames, never below the minimum, the last frame kept', () => {
    const frames = moving(80);
    const full = animationGif(frames).bytes.length;
    const { bytes, frames: n } = animationGif(frames, { maxBytes: Math.floor(full * 0.7) });
    expect(n).toBeLessThan(80);
    expect(n).toBeGreaterThanOrEqual(GIF_MIN_FRAMES);
    expect(gifFrameCount(bytes).frames).toBe(n);
    expect(bytes.length).toBeLessThanOrEqual(Math.floor(full * 0.7));
  });

  it('animates image frames too (tiles, confusion, predictions)', () => {
    const { bytes } = animationGif([imageFrame(0), imageFrame(1), imageFrame(2)]);
    expect(gifFrameCount(bytes).frames).toBe(3);
  });

  it('refuses nothing to encode and pictures of the wrong size', () => {
    expect(() => animationGif([])).toThrow(/no frames/);
    expect(() => encodeGif([new Uint8Array(4 * 3)], { width: 2, height: 2, palette: framePalette(2) })).toThrow(/frame 0/);
    expect(() => gifFrameCount(new Uint8Array([1, 2, 3, 4, 5, 6]))).toThrow(/not a GIF/);
  });
});

describe('lockstepGif', () => {
  it('steps runs together over the union of their steps, side by side', () => {
    // Run a has frames at steps 0, 10, …, 310; run b at 0, 15, …: together 32 + 10 new steps.
    const a = Array.from({ length: 32 }, (_, i) => planeFrame(i, { step: i * 10 }));
    const b = Array.from({ length: 21 }, (_, i) => planeFrame(i, { step: i * 15, shift: 0.3 }));
    const { bytes, frames } = lockstepGif([{ frames: a, label: 'a' }, { frames: b, label: 'b' }, { frames: [], label: 'none' }]);
    const steps = new Set([...a, ...b].map((f) => f.step));
    expect(frames).toBe(steps.size);
    const gif = gifFrameCount(bytes);
    expect(gif.frames).toBe(steps.size);
    expect(gif.width).toBeGreaterThan(2 * framePicture(a[0]).width);
  });
});

describe('framePng', () => {
  it('is a PNG of the frame picture', async () => {
    const png = await framePng(planeFrame(3), { label: 'run 1' });
    expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
    const picture = framePicture(planeFrame(3));
    expect(png.readUInt32BE(16)).toBe(picture.width);
    expect(png.readUInt32BE(20)).toBe(picture.height);
  });
});
