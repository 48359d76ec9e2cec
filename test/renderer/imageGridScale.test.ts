import { describe, expect, it } from 'vitest';
import { gridScale } from '../../src-renderer/src/lib/imageGridCanvas';
import { layoutImageGrid } from '../../src-renderer/src/shared';

describe('the sample grid’s scale', () => {
  it('keeps 28×28 images large when few, and fits an 8×8 grid in the data-set panel of a 1024-px window', () => {
    expect(gridScale(28, 3)).toBe(4);
    expect(gridScale(28, 8)).toBe(2);
    const images = new Float32Array(64 * 28 * 28);
    const eight = layoutImageGrid({ images, width: 28, height: 28, cols: 8, scale: gridScale(28, 8), captions: new Array(64).fill('T-shirt/top') });
    // The panel beside the data-set list is about 460 px wide at 1024 px; the canvas's
    // max-width takes the last few pixels (SampleGrid.vue), at 4× it would be cut to half.
    expect(eight.width).toBeLessThan(500);
    expect(layoutImageGrid({ images, width: 28, height: 28, cols: 8, scale: 4 }).width).toBeGreaterThan(900);
    const three = layoutImageGrid({ images: new Float32Array(9 * 784), width: 28, height: 28, cols: 3, scale: gridScale(28, 3), captions: new Array(9).fill('Ankle boot') });
    expect(three.fontSize).toBeGreaterThanOrEqual(13);
  });
});
