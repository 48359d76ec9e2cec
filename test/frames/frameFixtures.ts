/**
 * Hand-made frames for the rendering, export and player tests: a two-class plane whose
 * left half is class 0 and right half class 1 (the split moving with `shift`), and an
 * image frame. Pure (btoa), so the renderer's tests use them too.
 */
import type { Frame, PlaneMeta } from '../../src-main/frames/types';

const toBase64 = (bytes: Uint8Array) => btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(''));

/** Grid box [−1, 1]²; class 1 where x > shift, confident `p`. Units: unit u's activation = column index. */
export function planeFrame(seq: number, { size = 16, shift = 0, p = 0.9, units = 2, unitSize = 4, step = seq * 10, loss = 1 / (seq + 1) } = {}): Frame {
  const probs = new Uint8Array(2 * size * size + units * unitSize * unitSize);
  for (let row = 0; row < size; row++)
    for (let col = 0; col < size; col++) {
      const x = -1 + ((col + 0.5) / size) * 2;
      const p1 = x > shift ? p : 1 - p;
      probs[row * size + col] = Math.round((1 - p1) * 255);
      probs[size * size + row * size + col] = Math.round(p1 * 255);
    }
  const off = 2 * size * size;
  for (let u = 0; u < units; u++) for (let i = 0; i < unitSize * unitSize; i++) probs[off + u * unitSize * unitSize + i] = Math.round(((i % unitSize) / (unitSize - 1)) * 255);
  const meta: PlaneMeta = { kind: 'plane', grid: { size, x: [-1, 1], y: [-1, 1] }, classes: 2, units, unitSize, unitRange: Array.from({ length: units }, () => [0, 2] as [number, number]) };
  return { seq, step, epoch: Math.floor(step / 10), time: 1_700_000_000_000 + seq * 100, loss, meta, data: toBase64(probs) };
}

export function imageFrame(seq: number, { tiles = 4, width = 4, height = 4 } = {}): Frame {
  const bytes = new Uint8Array(tiles * width * height).map((_, i) => (i * 37 + seq) % 256);
  return {
    seq,
    step: seq * 5,
    epoch: seq,
    time: 1_700_000_000_000 + seq,
    loss: 0.5,
    meta: {
      kind: 'image',
      tiles,
      width,
      height,
      scale: 0.2,
      confusion: [
        [8, 2],
        [1, 9],
      ],
      predictions: [
        { index: 0, label: 0, predicted: 0, p: 0.9 },
        { index: 1, label: 1, predicted: 0, p: 0.6 },
      ],
    },
    data: toBase64(bytes),
  };
}
