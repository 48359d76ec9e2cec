import { describe, expect, it } from 'vitest';
import { drawImageGrid, layoutImageGrid, pickSamples, type Canvas2D, type ImageDataLike } from '../../src-main/export/imageGrid';

/** n flat 28×28 images; image k's pixel i is ((k·37 + i·11) mod 256) / 255, so every pixel is identifiable. */
function patterned(n: number, w = 28, h = 28): Float32Array {
  return Float32Array.from({ length: n * w * h }, (_, j) => ((Math.floor(j / (w * h)) * 37 + (j % (w * h)) * 11) % 256) / 255);
}

interface Put {
  image: ImageDataLike;
  dx: number;
  dy: number;
}

/** A context that records what is drawn, with a fixed transform (what devicePixelRatio sets). */
function recorder(scale = 1) {
  const puts: Put[] = [];
  const texts: { text: string; x: number; y: number; color: string; font: string }[] = [];
  const strokes: { x: number; y: number; w: number; h: number; color: string; lineWidth: number }[] = [];
  const ctx: Canvas2D = {
    fillStyle: '#000',
    strokeStyle: '#000',
    lineWidth: 1,
    font: '10px sans-serif',
    textAlign: 'start',
    textBaseline: 'alphabetic',
    save() {},
    restore() {},
    translate() {},
    rotate() {},
    getTransform: () => ({ a: scale, b: 0, c: 0, d: scale, e: 0, f: 0 }),
    fillRect() {},
    strokeRect(x, y, w, h) {
      strokes.push({ x, y, w, h, color: String(this.strokeStyle), lineWidth: this.lineWidth });
    },
    fillText(text, x, y) {
      texts.push({ text, x, y, color: String(this.fillStyle), font: this.font });
    },
    measureText: (text) => ({ width: text.length * 7 }),
    createImageData: (width, height) => ({ width, height, data: new Uint8ClampedArray(width * height * 4) }),
    putImageData(image, dx, dy) {
      puts.push({ image, dx, dy });
    },
  };
  return { ctx, puts, texts, strokes };
}

describe('layoutImageGrid', () => {
  it('is make_grid without captions: 4 images, 2 per row, padding 2 at scale 1 → 62 × 62', () => {
    const l = layoutImageGrid({ images: patterned(4), cols: 2, scale: 1 });
    expect([l.width, l.height, l.rows, l.cols]).toEqual([62, 62, 2, 2]);
    expect(l.cells.map((c) => [c.x, c.y])).toEqual([[2, 2], [32, 2], [2, 32], [32, 32]]);
  });

  it('defaults to a square grid at scale 4 with a caption band under each image', () => {
    const l = layoutImageGrid({ images: patterned(9), captions: Array(9).fill('Coat') });
    // Images 112 px, gaps 8 px; caption band 4 + one 16-px line (13-px font).
    expect([l.rows, l.cols, l.fontSize, l.lineHeight]).toEqual([3, 3, 13, 16]);
    expect([l.width, l.height]).toEqual([3 * 112 + 4 * 8, 3 * (112 + 20) + 4 * 8]);
    expect(l.cells[4]).toMatchObject({ x: 8 + 120, y: 8 + 140, width: 112, height: 112, textX: 128 + 56, textY: 148 + 116 });
  });

  it('adds a line for subcaptions and takes rows × cols, scale and padding as given', () => {
    const l = layoutImageGrid({
      images: patterned(7), captions: Array(7).fill('a'), subcaptions: Array(7).fill('b'), cols: 4, scale: 2, padding: 3,
    });
    // scale 2: 56-px images, 6-px padding, 10-px font → 13-px lines, 3-px gap.
    expect([l.rows, l.cols]).toEqual([2, 4]);
    expect([l.width, l.height]).toEqual([4 * 56 + 5 * 6, 2 * (56 + 3 + 2 * 13) + 3 * 6]);
    expect(l.cells).toHaveLength(7);
  });

  it('accepts a list of images as well as one flat array', () => {
    const flat = patterned(3);
    const list = [0, 1, 2].map((k) => flat.subarray(k * 784, (k + 1) * 784));
    expect(layoutImageGrid({ images: list })).toEqual(layoutImageGrid({ images: flat }));
  });

  it('says what is wrong with bad input', () => {
    expect(() => layoutImageGrid({ images: new Float32Array(785) })).toThrow(/785 values/);
    expect(() => layoutImageGrid({ images: [new Float32Array(784), new Float32Array(10)] })).toThrow(/image 1 has 10 values/);
    expect(() => layoutImageGrid({ images: patterned(2), captions: ['a'] })).toThrow(/1 captions for 2 images/);
    expect(() => layoutImageGrid({ images: patterned(2), scale: 1.5 })).toThrow(/scale/);
    expect(() => layoutImageGrid({ images: patterned(2), padding: -1 })).toThrow(/padding/);
  });
});

describe('drawImageGrid', () => {
  it('writes each image white-on-black through ImageData, scaled nearest-neighbour', () => {
    const images = patterned(4);
    const { ctx, puts } = recorder();
    const layout = drawImageGrid(ctx, { images, scale: 3 });
    expect(puts).toHaveLength(4);
    puts.forEach(({ image, dx, dy }, k) => {
      expect([dx, dy, image.width, image.height]).toEqual([layout.cells[k].x, layout.cells[k].y, 84, 84]);
      for (const [px, py] of [[0, 0], [2, 2], [3, 0], [44, 50], [83, 83]]) {
        const v = images[k * 784 + Math.floor(py / 3) * 28 + Math.floor(px / 3)];
        const o = (py * 84 + px) * 4;
        expect([image.data[o], image.data[o + 1], image.data[o + 2], image.data[o + 3]]).toEqual([...Array(3).fill(Math.round(255 * v)), 255]);
      }
    });
  });

  it('maps the image through the transform, since putImageData ignores it', () => {
    const { ctx, puts } = recorder(2);
    const layout = drawImageGrid(ctx, { images: patterned(2) });
    expect(puts[1]).toMatchObject({ dx: 2 * layout.cells[1].x, dy: 2 * layout.cells[1].y });
    expect(puts[1].image.width).toBe(2 * 112);
  });

  it('frames a wrong prediction in red and colours its prediction red, a right one green', () => {
    const { ctx, texts, strokes } = recorder();
    const layout = drawImageGrid(ctx, {
      images: patterned(2), captions: ['true: Coat', 'true: Bag'], subcaptions: ['pred: Shirt', 'pred: Bag'], marks: ['wrong', 'correct'],
    });
    expect(strokes).toHaveLength(1);
    const cell = layout.cells[0];
    const s = strokes[0];
    expect(s.color).toBe('#C62828');
    // The frame sits in the padding, around the image, not over it.
    expect(s.x + s.lineWidth / 2).toBeLessThanOrEqual(cell.x);
    expect(s.x + s.w - s.lineWidth / 2).toBeGreaterThanOrEqual(cell.x + cell.width);
    const color = (t: string) => texts.find((x) => x.text === t)?.color;
    expect([color('true: Coat'), color('pred: Shirt'), color('true: Bag'), color('pred: Bag')]).toEqual(['#222222', '#C62828', '#222222', '#1B7A2E']);
    expect(texts.find((x) => x.text === 'pred: Shirt')!.font).toMatch(/^bold/);
  });

  it('shrinks or cuts a caption too long for its cell', () => {
    const { ctx, texts } = recorder();
    const layout = drawImageGrid(ctx, { images: patterned(1), captions: ['an extremely long class name that cannot fit'] });
    expect(texts[0].text.endsWith('…')).toBe(true);
    expect(texts[0].text.length * 7).toBeLessThanOrEqual(layout.cells[0].textWidth);
  });
});

describe('pickSamples', () => {
  // 10 classes, deliberately unbalanced and in blocks, as in a sorted label file.
  const y = Int32Array.from({ length: 1000 }, (_, i) => (i < 500 ? 0 : 1 + (i % 9)));

  it('is deterministic per seed and returns distinct rows in range', () => {
    const a = pickSamples(y, 9, 42);
    expect(pickSamples(y, 9, 42)).toEqual(a);
    expect(pickSamples(y, 9, 43)).not.toEqual(a);
    expect(new Set(a).size).toBe(9);
    for (const i of a) expect(i >= 0 && i < y.length && Number.isInteger(i)).toBe(true);
  });

  it('spreads the picks over the classes', () => {
    for (const seed of [1, 2, 3]) {
      expect(new Set(pickSamples(y, 9, seed).map((i) => y[i])).size).toBe(9);
      const thirty = pickSamples(y, 30, seed);
      const perClass = new Map<number, number>();
      for (const i of thirty) perClass.set(y[i], (perClass.get(y[i]) ?? 0) + 1);
      expect([...perClass.values()]).toEqual(Array(10).fill(3));
    }
  });

  it('takes what there is when a class runs out or n exceeds the data', () => {
    const few = Int32Array.from([3, 3, 3, 3, 7]);
    const picked = pickSamples(few, 4, 0);
    expect(picked.map((i) => few[i]).sort()).toEqual([3, 3, 3, 7]);
    expect(pickSamples(few, 10, 0).sort()).toEqual([0, 1, 2, 3, 4]);
    expect(pickSamples(few, 0, 0)).toEqual([]);
    expect(() => pickSamples(few, -1, 0)).toThrow(/n must be/);
  });
});
