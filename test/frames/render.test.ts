import { describe, expect, it } from 'vitest';
import { frameCaption, framePanels, renderFrame } from '../../src-main/frames/frameLayout';
import { classColor, diverging, framePalette, predictedAt, renderImageTiles, renderPlaneFrame, renderUnitThumbnails, type Raster } from '../../src-main/frames/render';
import { imageFrame, planeFrame } from './frameFixtures';

const px = (r: Raster, x: number, y: number) => Array.from(r.data.subarray((y * r.width + x) * 4, (y * r.width + x) * 4 + 3));
/** Which class colour a pixel leans to: the nearer of the two hues (both blended on white). */
function hueOf(rgb: number[]): number {
  const dist = (c: number) => {
    const target = classColor(c);
    // Direction from white: compare normalised (255 − channel) vectors.
    const a = rgb.map((v) => 255 - v);
    const b = target.map((v) => 255 - v);
    const na = Math.hypot(...a) || 1;
    const nb = Math.hypot(...b);
    return a.reduce((s, v, i) => s + (v / na) * (b[i] / nb), 0);
  };
  return dist(0) > dist(1) ? 0 : 1;
}

describe('renderPlaneFrame', () => {
  it('colours each side of the boundary in its class colour, paler where less confident', () => {
    const r = renderPlaneFrame(planeFrame(0), { width: 100, height: 100 });
    expect(hueOf(px(r, 10, 50))).toBe(0);
    expect(hueOf(px(r, 90, 50))).toBe(1);
    // The boundary (x = 0) is drawn as a grey line at the middle column.
    expect(new Set(px(r, 49, 50)).size + new Set(px(r, 50, 50)).size).toBeLessThan(6);
    const unsure = renderPlaneFrame(planeFrame(0, { p: 0.6 }), { width: 100, height: 100 });
    const whiteness = (rgb: number[]) => rgb.reduce((a, b) => a + b, 0);
    expect(whiteness(px(unsure, 90, 50))).toBeGreaterThan(whiteness(px(r, 90, 50)));
  });

  it('moves with the frame: a shifted boundary changes the class under a pixel', () => {
    const r = renderPlaneFrame(planeFrame(0, { shift: 0.6 }), { width: 100, height: 100 });
    expect(hueOf(px(r, 70, 50))).toBe(0);
    expect(predictedAt(planeFrame(0, { shift: 0.6 }), [0.45, 0])).toBe(0);
    expect(predictedAt(planeFrame(0, { shift: 0.6 }), [0.9, 0])).toBe(1);
  });

  it('draws points in their class colour with an outline, and a red ring around misclassified ones', () => {
    // (−0.5, 0) labelled 0: right. (0.5, 0.5) labelled 0: on class 1's side, wrong.
    const r = renderPlaneFrame(planeFrame(0), { width: 100, height: 100, points: [[-0.5, 0], [0.5, 0.5]], labels: [0, 0], radius: 3 });
    expect(px(r, 25, 50)).toEqual(classColor(0));
    expect(px(r, 75, 25)).toEqual(classColor(0));
    const red = [198, 40, 40];
    // Ring at radius r + 1.5 … r + 3 around the wrong point only.
    const ringAt = (cx: number, cy: number) => [[cx + 5, cy], [cx - 5, cy], [cx, cy + 5], [cx, cy - 5]].some(([x, y]) => px(r, x, y).join() === red.join());
    expect(ringAt(75, 25)).toBe(true);
    expect(ringAt(25, 50)).toBe(false);
    // y grows upwards: the point at y = 0.5 sits in the upper half of the picture.
    expect(px(r, 75, 75)).not.toEqual(classColor(0));
  });

  it('uses only palette colours, so a GIF can take the palette as is', () => {
    const palette = new Set(framePalette(2).map((c) => c.join()));
    const { image } = renderFrame(planeFrame(3), { points: [[0.2, 0.2]], labels: [0], size: 80 });
    for (let i = 0; i < image.data.length; i += 4) expect(palette.has(`${image.data[i]},${image.data[i + 1]},${image.data[i + 2]}`)).toBe(true);
    expect(framePalette(10).length).toBeLessThanOrEqual(256);
  });
});

describe('thumbnails and tiles', () => {
  it('maps unit bytes through the unit range: activation 0 is white, the top of the range the full blue', () => {
    // Unit range [0, 2]; byte b → 2b/255; column 0 → 0, last column → 2.
    const r = renderUnitThumbnails(planeFrame(0, { units: 1, unitSize: 4 }), { scale: 1, gap: 0 });
    expect(r.width).toBe(4);
    expect(px(r, 0, 0)).toEqual([255, 255, 255]);
    expect(px(r, 3, 0)).toEqual(diverging(1));
    expect(px(r, 3, 0)).toEqual([1, 115, 178]);
  });

  it('weight tiles: byte 128 is zero (white), below is vermillion, above is blue', () => {
    expect(diverging(0)).toEqual([255, 255, 255]);
    expect(diverging(-1)).toEqual([213, 94, 0]);
    const r = renderImageTiles(imageFrame(0, { tiles: 4, width: 4, height: 4 }), { scale: 1, gap: 1 });
    expect(r.width).toBe(2 * 4 + 1);
    expect(r.height).toBe(9);
  });

  it('lays out a frame’s panels side by side and captions it', () => {
    const plane = framePanels(planeFrame(0).meta, 200);
    expect(plane.panels.map((p) => p.id)).toEqual(['boundary', 'units']);
    expect(plane.panels[1].x).toBeGreaterThanOrEqual(200);
    expect(framePanels(imageFrame(0).meta).panels.map((p) => p.id)).toEqual(['tiles', 'confusion', 'predictions']);
    expect(frameCaption({ step: 1200, epoch: 12, loss: 0.23456 })).toBe('step 1,200 · epoch 12 · loss 0.2346');
    expect(frameCaption({ step: 0, epoch: 0, loss: null })).toBe('step 0 · epoch 0 · loss —');
  });
});
