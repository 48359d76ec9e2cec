/**
 * Animated GIFs of frame pictures with gifenc, on render.ts's fixed palette: every frame
 * maps onto the same colours (no per-frame quantising: faster, smaller, no flicker).
 * Pure JS, so the GUI's "Save GIF" and `sweeplab export --animation` encode alike.
 */
import * as gifencModule from 'gifenc';
import type { Rgb } from './render';

type Gifenc = typeof gifencModule.default;
/**
 * gifenc ships ESM (bundlers, the renderer) and CommonJS whose exports Node cannot list
 * (the CLI under tsx, vitest): there the functions sit on `default`.
 */
const gifenc: Gifenc = (gifencModule as unknown as Partial<Gifenc>).GIFEncoder ? (gifencModule as unknown as Gifenc) : gifencModule.default;

export interface GifOptions {
  width: number;
  height: number;
  /** ≤ 256 colours; pixels map to the nearest. */
  palette: readonly Rgb[];
  /** Per frame, ms (GIF stores hundredths). Default 100. */
  delayMs?: number;
  /** The last frame stays this long before the loop starts again. Default 1500. */
  holdLastMs?: number;
}

/** An animated GIF, looping forever, of RGBA pictures all width × height. */
export function encodeGif(pictures: readonly (Uint8Array | Uint8ClampedArray)[], opts: GifOptions): Uint8Array {
  const { width, height, delayMs = 100, holdLastMs = 1500 } = opts;
  if (pictures.length === 0) throw new RangeError('encodeGif: no frames to encode');
  if (opts.palette.length < 2 || opts.palette.length > 256) throw new RangeError(`encodeGif: a palette of 2–256 colours, got ${opts.palette.length}`);
  const palette = opts.palette.map((c) => [c[0], c[1], c[2]]);
  const gif = gifenc.GIFEncoder();
  pictures.forEach((rgba, i) => {
    if (rgba.length !== width * height * 4) throw new RangeError(`encodeGif: frame ${i} has ${rgba.length / 4} pixels, expected ${width} × ${height}`);
    const index = gifenc.applyPalette(rgba, palette, 'rgb565');
    const last = i === pictures.length - 1;
    // The palette is global: written with the first frame only.
    gif.writeFrame(index, width, height, { palette: i === 0 ? palette : undefined, delay: last ? holdLastMs : delayMs, repeat: 0 });
  });
  gif.finish();
  return gif.bytes();
}

/**
 * Counts a GIF's frames (image descriptors) by walking its blocks: what a test or a
 * caller checks without a decoder. Throws on a truncated or foreign file.
 */
export function gifFrameCount(bytes: Uint8Array): { width: number; height: number; frames: number } {
  const sig = String.fromCharCode(...bytes.subarray(0, 6));
  if (sig !== 'GIF89a' && sig !== 'GIF87a') throw new Error('not a GIF');
  const width = bytes[6] | (bytes[7] << 8);
  const height = bytes[8] | (bytes[9] << 8);
  let i = 13;
  if (bytes[10] & 0x80) i += 3 * (1 << ((bytes[10] & 7) + 1));
  const skipSubBlocks = () => {
    while (i < bytes.length && bytes[i] !== 0) i += bytes[i] + 1;
    i++;
  };
  let frames = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b === 0x3b) return { width, height, frames };
    if (b === 0x21) {
      i += 2;
      skipSubBlocks();
    } else if (b === 0x2c) {
      frames++;
      const flags = bytes[i + 9];
      i += 10;
      if (flags & 0x80) i += 3 * (1 << ((flags & 7) + 1));
      i++; // LZW minimum code size
      skipSubBlocks();
    } else throw new Error(`GIF: unexpected block 0x${b.toString(16)} at byte ${i}`);
  }
  throw new Error('GIF: no trailer (truncated file)');
}
