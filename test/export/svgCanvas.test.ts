/**
 * The SVG surface of the shared drawings: the confusion matrix and the image grid drawn
 * by the code that draws their PNGs, into well-formed SVG with the same cells, numbers
 * and pixels.
 */
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { layoutConfusion } from '../../src-main/export/confusion';
import { layoutImageGrid } from '../../src-main/export/imageGrid';
import { SvgCanvas, confusionSvg, imageGridSvg } from '../../src-main/export/svgCanvas';
import { elements, parseSvg } from './svgCheck';

describe('SvgCanvas', () => {
  it('the confusion matrix: one filled cell per pair, every count as text, long names rotated, the title escaped', () => {
    const classes = ['T-shirt/top', 'Trouser', 'Pullover & co'];
    const counts = [[50, 2, 0], [1, 40, 9], [0, 3, 45]];
    const opts = { counts, classes, title: 'run 3 <best> — test split' };
    const doc = parseSvg(confusionSvg(opts));
    const root = doc.documentElement!;
    const layout = layoutConfusion(opts);
    expect([Number(root.getAttribute('width')), Number(root.getAttribute('height'))]).toEqual([layout.width, layout.height]);
    const cells = elements(doc, 'rect').filter((r) => r.getAttribute('fill')?.startsWith('rgb('));
    expect(cells).toHaveLength(9);
    const texts = elements(doc, 'text');
    const numbers = texts.filter((t) => t.getAttribute('font-weight') === 'bold' && /^\d+$/.test(t.textContent ?? '')).map((t) => Number(t.textContent));
    expect(numbers).toEqual(counts.flat());
    expect(texts.map((t) => t.textContent)).toEqual(expect.arrayContaining(['Pullover & co', 'predicted', 'true', 'run 3 <best> — test split']));
    // The y-axis title is rotated a quarter turn: its transform carries the rotation.
    const yTitle = texts.find((t) => t.textContent === 'true')!;
    expect(yTitle.getAttribute('transform')).toMatch(/^matrix\(0 -1 1 0 /);
  });

  it('an image grid: each image an embedded PNG with the right pixels, captions as text', async () => {
    const img = (v: number) => Float32Array.from({ length: 4 }, (_, i) => (i === 0 ? 1 : v));
    const opts = { images: [img(0), img(0.5)], width: 2, height: 2, captions: ['a', 'b'], scale: 4, title: 'samples' };
    const doc = parseSvg(imageGridSvg(opts));
    const layout = layoutImageGrid(opts);
    expect(Number(doc.documentElement!.getAttribute('width'))).toBe(layout.width);
    const images = elements(doc, 'image');
    expect(images).toHaveLength(2);
    expect(elements(doc, 'text').map((t) => t.textContent)).toEqual(['a', 'b']);
    const href = images[1].getAttribute('xlink:href')!;
    expect(href).toMatch(/^data:image\/png;base64,/);
    const png = await loadImage(Buffer.from(href.split(',')[1], 'base64'));
    expect([png.width, png.height]).toEqual([8, 8]);
    const ctx = createCanvas(8, 8).getContext('2d');
    ctx.drawImage(png, 0, 0);
    // Top-left image pixel (value 1) is white, the one beside it gray 128, scaled 4×.
    expect(Array.from(ctx.getImageData(1, 1, 1, 1).data)).toEqual([255, 255, 255, 255]);
    expect(Array.from(ctx.getImageData(5, 1, 1, 1).data)).toEqual([128, 128, 128, 255]);
  });

  it('save and restore bring back the transform and styles', () => {
    const svg = new SvgCanvas(10, 10);
    svg.fillStyle = '#ff0000';
    svg.save();
    svg.translate(3, 4);
    svg.fillStyle = '#00ff00';
    svg.fillRect(0, 0, 1, 1);
    svg.restore();
    svg.fillRect(0, 0, 1, 1);
    const rects = elements(parseSvg(svg.toSvg()), 'rect');
    expect(rects.map((r) => [r.getAttribute('fill'), r.hasAttribute('transform') ? r.getAttribute('transform') : null])).toEqual([['#00ff00', 'matrix(1 0 0 1 3 4)'], ['#ff0000', null]]);
  });
});
