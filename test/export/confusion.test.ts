import { describe, expect, it } from 'vitest';
import { FASHION_MNIST_CLASSES } from '../../src-main/data/fashionMnist';
import { confusionMatrix, drawConfusionMatrix, heatColor, layoutConfusion } from '../../src-main/export/confusion';
import type { Canvas2D } from '../../src-main/export/imageGrid';

describe('confusionMatrix', () => {
  // Class 0: 2 right, 1 taken for class 1. Class 1: both right. Class 2: 2 right, one each as 0 and 1.
  const yTrue = [0, 0, 0, 1, 1, 2, 2, 2, 2];
  const yPred = [0, 1, 0, 1, 1, 2, 0, 2, 1];

  it('counts rows = true class, columns = predicted', () => {
    const cm = confusionMatrix(yTrue, yPred, 3);
    expect(cm.counts).toEqual([
      [2, 1, 0],
      [0, 2, 0],
      [1, 1, 2],
    ]);
    expect(cm.total).toBe(9);
    expect(cm.accuracy).toBeCloseTo(6 / 9, 12);
    expect(cm.perClassRecall).toEqual([2 / 3, 1, 0.5]);
  });

  it('takes typed arrays, and says NaN where there is nothing to divide', () => {
    const cm = confusionMatrix(Int32Array.from([0, 0]), Int32Array.from([0, 2]), 3);
    expect(cm.perClassRecall[0]).toBe(0.5);
    expect(cm.perClassRecall[1]).toBeNaN();
    expect(confusionMatrix([], [], 2).accuracy).toBeNaN();
  });

  it('refuses labels outside the classes and mismatched lengths', () => {
    expect(() => confusionMatrix([0, 3], [0, 1], 3)).toThrow(/true label 3 at position 1/);
    expect(() => confusionMatrix([0, 1], [0, -1], 3)).toThrow(/prediction -1 at position 1/);
    expect(() => confusionMatrix([0, 1], [0], 3)).toThrow(/2 true labels but 1 predictions/);
  });
});

const fashionCounts = () =>
  Array.from({ length: 10 }, (_, t) => Array.from({ length: 10 }, (_, p) => (t === p ? 900 + t : (t * 7 + p * 3) % 40)));

describe('layoutConfusion', () => {
  it('slants long class names and leaves them room', () => {
    const l = layoutConfusion({ counts: fashionCounts(), classes: FASHION_MNIST_CLASSES, title: 'Test set' });
    expect(l.rotateLabels).toBe(true);
    // The y labels fit left of the matrix and the slanted x labels below it.
    expect(l.x).toBeGreaterThanOrEqual(l.labelWidth);
    expect(l.labelWidth).toBeGreaterThanOrEqual(Math.ceil('T-shirt/top'.length * 14 * 0.6));
    expect(l.height - (l.y + 10 * l.cell)).toBeGreaterThan(l.xLabelsHeight);
    expect(l.width).toBe(l.x + 10 * l.cell + 16);
  });

  it('keeps short names level and widens cells for big counts and for percentages', () => {
    const small = layoutConfusion({ counts: [[1, 0], [0, 1]], classes: ['a', 'b'] });
    expect(small.rotateLabels).toBe(false);
    const big = layoutConfusion({ counts: [[1234567, 0], [0, 1]], classes: ['a', 'b'] });
    expect(big.cell).toBeGreaterThan(small.cell);
    expect(layoutConfusion({ counts: [[1, 0], [0, 1]], classes: ['a', 'b'], normalize: 'true' }).cell).toBeGreaterThan(small.cell);
  });

  it('is wide enough for a long title', () => {
    const title = 'A rather long title for a two-class matrix';
    expect(layoutConfusion({ counts: [[1, 0], [0, 1]], classes: ['a', 'b'], title }).width).toBeGreaterThan(title.length * 20 * 0.6);
  });

  it('refuses counts that do not match the classes', () => {
    expect(() => layoutConfusion({ counts: [[1, 2]], classes: ['a', 'b'] })).toThrow(/2 × 2/);
    expect(() => layoutConfusion({ counts: [[NaN]], classes: ['a'] })).toThrow(/finite/);
  });
});

describe('heatColor', () => {
  it('runs from white to dark blue, darker all the way', () => {
    expect(heatColor(0)).toEqual([255, 255, 255]);
    expect(heatColor(1)).toEqual([8, 48, 107]);
    const sums = Array.from({ length: 21 }, (_, i) => heatColor(i / 20).reduce((a, b) => a + b, 0));
    for (let i = 1; i < sums.length; i++) expect(sums[i]).toBeLessThan(sums[i - 1]);
  });
});

describe('drawConfusionMatrix', () => {
  function recorder() {
    const texts: { text: string; color: string }[] = [];
    const ctx: Canvas2D = {
      fillStyle: '#000', strokeStyle: '#000', lineWidth: 1, font: '', textAlign: 'start', textBaseline: 'alphabetic',
      save() {}, restore() {}, translate() {}, rotate() {},
      getTransform: () => ({ a: 1, b: 0, c: 0, d: 1, e: 0, f: 0 }),
      fillRect() {}, strokeRect() {},
      fillText(text) {
        texts.push({ text, color: String(this.fillStyle) });
      },
      measureText: (text) => ({ width: text.length * 7 }),
      createImageData: (width, height) => ({ width, height, data: new Uint8ClampedArray(width * height * 4) }),
      putImageData() {},
    };
    return { ctx, texts };
  }

  it('writes counts, white on the dark cells, and both axis titles', () => {
    const { ctx, texts } = recorder();
    drawConfusionMatrix(ctx, { counts: [[90, 10], [0, 50]], classes: ['cat', 'dog'], title: 'Pets' });
    const color = (t: string) => texts.find((x) => x.text === t)?.color;
    expect(color('90')).toBe('#ffffff');
    expect(color('10')).toBe('#222222');
    expect(texts.map((t) => t.text)).toEqual(expect.arrayContaining(['0', 'cat', 'dog', 'predicted', 'true', 'Pets']));
  });

  it('prints row percentages above the counts when normalised', () => {
    const { ctx, texts } = recorder();
    drawConfusionMatrix(ctx, { counts: [[3, 1], [0, 0]], classes: ['a', 'b'], normalize: 'true' });
    const t = texts.map((x) => x.text);
    expect(t).toEqual(expect.arrayContaining(['75.0%', '3', '25.0%', '1']));
    // An empty class row has no percentages to show.
    expect(t.filter((x) => x.endsWith('%'))).toHaveLength(2);
  });
});
