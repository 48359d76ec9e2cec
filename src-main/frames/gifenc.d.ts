/** Types for gifenc 1.0 (the package ships none): only what Sweeplab uses. */
declare module 'gifenc' {
  export type RGB = [number, number, number] | number[];
  export interface GifFrameOptions {
    palette?: RGB[];
    /** ms */
    delay?: number;
    /** -1 once, 0 forever, > 0 count; read on the first frame. */
    repeat?: number;
    transparent?: boolean;
    transparentIndex?: number;
    colorDepth?: number;
    dispose?: number;
    first?: boolean;
  }
  export interface GifEncoder {
    writeFrame(index: Uint8Array, width: number, height: number, opts?: GifFrameOptions): void;
    finish(): void;
    bytes(): Uint8Array;
    bytesView(): Uint8Array;
    reset(): void;
  }
  export function GIFEncoder(opts?: { initialCapacity?: number; auto?: boolean }): GifEncoder;
  export function applyPalette(rgba: Uint8Array | Uint8ClampedArray, palette: RGB[], format?: 'rgb565' | 'rgb444' | 'rgba4444'): Uint8Array;
  export function quantize(rgba: Uint8Array | Uint8ClampedArray, maxColors: number, options?: Record<string, unknown>): number[][];
  export function nearestColorIndex(palette: RGB[], pixel: RGB): number;
  const gifenc: { GIFEncoder: typeof GIFEncoder; applyPalette: typeof applyPalette; quantize: typeof quantize; nearestColorIndex: typeof nearestColorIndex };
  export default gifenc;
}
