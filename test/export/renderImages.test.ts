import { fileURLToPath } from 'node:url';
import { GlobalFonts } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { FASHION_MNIST_CLASSES, readFashionMnist, toImageSplit } from '../../src-main/data/fashionMnist';
import { confusionMatrix, layoutConfusion } from '../../src-main/export/confusion';
import { layoutImageGrid, pickSamples } from '../../src-main/export/imageGrid';
import { renderConfusionPng, renderImageGridPng } from '../../src-main/export/renderImages';
import { pixels, pngSize } from './fixtures';

const SUBSET = fileURLToPath(new URL('../../resources/datasets/fashion-mnist-subset', import.meta.url));


const dark = (r: number, g: number, b: number) => r < 128 && g < 128 && b < 128;
const notWhite = (r: number, g: number, b: number) => r < 250 || g < 250 || b < 250;
const gray = (v: number) => [...Array(3).fill(Math.round(255 * v)), 255];

// Nine real test images from the bundled subset, one per class but one.
const data = await readFashionMnist(SUBSET);
const sample = toImageSplit(data.test, pickSamples(data.test.labels, 9, 5));
const captions = [...sample.y].map((c) => FASHION_MNIST_CLASSES[c]);

describe('renderImageGridPng', () => {

  it('is the size the layout says, and shows each Fashion-MNIST image white-on-black', async () => {
    const opts = { images: sample.x, captions };
    const layout = layoutImageGrid(opts);
    const png = await renderImageGridPng(opts);
    expect(pngSize(png)).toEqual({ width: layout.width, height: layout.height });
    const img = await pixels(png);
    expect(img.at(0, 0)).toEqual([255, 255, 255, 255]);
    layout.cells.forEach((cell, k) => {
      // Centre of the 112-px image: pixel (14, 14) of the 28×28 source; and one near a corner.
      expect(img.at(cell.x + 56, cell.y + 56)).toEqual(gray(sample.x[k * 784 + 14 * 28 + 14]));
      expect(img.at(cell.x + 9, cell.y + 110)).toEqual(gray(sample.x[k * 784 + 27 * 28 + 2]));
      // The class name is drawn under the image (needs a system font, see renderPng.test.ts).
      const hint = `no caption drawn; fonts found: [${GlobalFonts.families.map((f) => f.family).join(', ')}]`;
      expect(img.count(cell.x, cell.y + cell.height, cell.x + cell.width, cell.textY + layout.lineHeight, dark), hint).toBeGreaterThan(20);
    });
  });

  it('doubles the pixels at devicePixelRatio 2 and keeps every image pixel exact', async () => {
    const images = Float32Array.from({ length: 4 * 784 }, (_, j) => ((Math.floor(j / 784) * 37 + (j % 784) * 11) % 256) / 255);
    const layout = layoutImageGrid({ images, scale: 2 });
    const img = await pixels(await renderImageGridPng({ images, scale: 2, devicePixelRatio: 2 }));
    expect([img.width, img.height]).toEqual([2 * layout.width, 2 * layout.height]);
    layout.cells.forEach((cell, k) => {
      for (let i = 0; i < 784; i += 13) {
        const [sx, sy] = [i % 28, Math.floor(i / 28)];
        expect(img.at(2 * cell.x + 4 * sx + 3, 2 * cell.y + 4 * sy)).toEqual(gray(images[k * 784 + i]));
      }
    });
    await expect(renderImageGridPng({ images, devicePixelRatio: 0 })).rejects.toThrow(/devicePixelRatio/);
  });

  it('frames a wrong prediction in red and leaves a right one unframed', async () => {
    const preds = [...sample.y].map((c, k) => (k === 4 ? (c + 1) % 10 : c));
    const opts = {
      images: sample.x,
      captions: captions.map((c) => `true: ${c}`),
      subcaptions: preds.map((c) => `pred: ${FASHION_MNIST_CLASSES[c]}`),
      marks: preds.map((p, k) => (p === sample.y[k] ? ('correct' as const) : ('wrong' as const))),
    };
    const layout = layoutImageGrid(opts);
    const img = await pixels(await renderImageGridPng(opts));
    const red = (px: number[]) => px[0] > 180 && px[1] < 80 && px[2] < 80;
    const wrong = layout.cells[4];
    for (const [x, y] of [[wrong.x - 2, wrong.y + 56], [wrong.x + 56, wrong.y - 2], [wrong.x + 113, wrong.y + 30], [wrong.x + 80, wrong.y + 113]])
      expect(red(img.at(x, y)), `(${x}, ${y})`).toBe(true);
    const right = layout.cells[3];
    expect(img.at(right.x - 2, right.y + 56)).toEqual([255, 255, 255, 255]);
    // The wrong prediction's text is red too.
    const redText = img.count(wrong.x, wrong.textY + layout.lineHeight, wrong.x + wrong.width, wrong.textY + 2 * layout.lineHeight, (r, g, b) => r > 150 && g < 90 && b < 90);
    expect(redText).toBeGreaterThan(20);
  });
});

describe('renderConfusionPng', () => {
  const classes = [...FASHION_MNIST_CLASSES];
  // A classifier that is right 80 % of the time and otherwise picks a neighbouring class.
  const yTrue = Int32Array.from({ length: 2000 }, (_, i) => i % 10);
  const yPred = yTrue.map((c, i) => (i % 5 === 0 ? (c + 1 + (i % 3)) % 10 : c));
  const { counts } = confusionMatrix(yTrue, yPred, 10);

  it('is the layout’s size, white at the edges, with the biggest count in the darkest cell', async () => {
    const opts = { counts, classes, title: 'Fashion-MNIST test set' };
    const layout = layoutConfusion(opts);
    const png = await renderConfusionPng(opts);
    expect(pngSize(png)).toEqual({ width: layout.width, height: layout.height });
    const img = await pixels(png);
    // Nothing clipped: no ink within 6 px of the edge.
    const edge = [[0, 0, img.width, 6], [0, img.height - 6, img.width, img.height], [0, 0, 6, img.height], [img.width - 6, 0, img.width, img.height]];
    for (const [x0, y0, x1, y1] of edge) expect(img.count(x0, y0, x1, y1, notWhite)).toBe(0);
    // Each cell's colour, read at its corner, away from the text.
    let darkest = [0, 0];
    let darkestSum = Infinity;
    let biggest = [0, 0];
    for (let t = 0; t < 10; t++)
      for (let p = 0; p < 10; p++) {
        const [r, g, b] = img.at(layout.x + p * layout.cell + 4, layout.y + t * layout.cell + 4);
        if (r + g + b < darkestSum) [darkestSum, darkest] = [r + g + b, [t, p]];
        if (counts[t][p] > counts[biggest[0]][biggest[1]]) biggest = [t, p];
      }
    expect(darkest).toEqual(biggest);
    // Empty cells stay white.
    const zero = counts.flatMap((row, t) => row.map((v, p) => [v, t, p])).find(([v]) => v === 0)!;
    expect(img.at(layout.x + zero[2] * layout.cell + 4, layout.y + zero[1] * layout.cell + 4)).toEqual([255, 255, 255, 255]);
    // The slanted class names are drawn below the matrix.
    expect(img.count(0, layout.y + 10 * layout.cell + 4, img.width, layout.y + 10 * layout.cell + layout.xLabelsHeight, dark)).toBeGreaterThan(500);
  });

  it('renders the normalised view at twice the pixels without clipping', async () => {
    const opts = { counts, classes, normalize: 'true' as const, devicePixelRatio: 2 };
    const layout = layoutConfusion(opts);
    const img = await pixels(await renderConfusionPng(opts));
    expect([img.width, img.height]).toEqual([2 * layout.width, 2 * layout.height]);
    expect(img.count(0, 0, 12, img.height, notWhite) + img.count(0, img.height - 12, img.width, img.height, notWhite)).toBe(0);
  });
});
