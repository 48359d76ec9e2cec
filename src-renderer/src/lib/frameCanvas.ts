/**
 * Frames on a browser <canvas>: render.ts's pixels put as ImageData, then its text on
 * top, the same picture `sweeplab export --animation` writes. Several frames side by side
 * (the lockstep compare) are one picture too, so a GIF of a comparison is one file.
 */
import { composePanels, encodeGif, framePalette, type Frame, type PixelCanvas2D, type ScatterPoints } from '../shared';

export interface FramePanelInput {
  frame: Frame;
  points?: ScatterPoints | null;
  label?: string;
}

export const FRAME_SIZE = 280;

/** One or more frames side by side as RGBA with their text, on a scratch canvas (frameLayout.ts draws it, as the exports do); null without a 2D context. */
export function framesPicture(panels: readonly FramePanelInput[], size = FRAME_SIZE): { width: number; height: number; rgba: Uint8ClampedArray } | null {
  const inputs = panels.map((p) => ({ frame: p.frame, points: p.points?.points, labels: p.points?.labels, label: p.label }));
  return composePanels(inputs, size, (width, height) => {
    const canvas = document.createElement('canvas');
    [canvas.width, canvas.height] = [width, height];
    return canvas.getContext('2d') as unknown as PixelCanvas2D | null;
  });
}

/** Draws the picture onto a visible canvas (sized to it); false without a 2D context. */
export function drawFrames(canvas: HTMLCanvasElement, panels: readonly FramePanelInput[], size = FRAME_SIZE): boolean {
  const picture = framesPicture(panels, size);
  const ctx = picture && canvas.getContext('2d');
  if (!picture || !ctx) return false;
  if (canvas.width !== picture.width || canvas.height !== picture.height) [canvas.width, canvas.height] = [picture.width, picture.height];
  const data = ctx.createImageData(picture.width, picture.height);
  data.data.set(picture.rgba);
  ctx.putImageData(data, 0, 0);
  return true;
}

/** The picture as PNG bytes, through the canvas's own encoder. */
export async function framesPng(panels: readonly FramePanelInput[], size = FRAME_SIZE): Promise<Uint8Array> {
  const canvas = document.createElement('canvas');
  if (!drawFrames(canvas, panels, size)) throw new Error('this browser has no canvas 2D context');
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('the canvas could not be encoded as PNG');
  return new Uint8Array(await blob.arrayBuffer());
}

/**
 * An animated GIF of a sequence of pictures (each a list of panels: one run, or the
 * lockstep runs at one step), on the frame palette; the classes of the widest frame.
 */
export function framesGif(sequence: readonly (readonly FramePanelInput[])[], size = FRAME_SIZE): Uint8Array {
  const pictures = sequence.map((panels) => framesPicture(panels, size));
  if (pictures.some((p) => p === null)) throw new Error('this browser has no canvas 2D context');
  const ok = pictures as { width: number; height: number; rgba: Uint8ClampedArray }[];
  const classes = Math.max(2, ...sequence.flat().map((p) => (p.frame.meta.kind === 'plane' ? p.frame.meta.classes : p.frame.meta.confusion.length)));
  return encodeGif(
    ok.map((p) => p.rgba),
    { width: ok[0].width, height: ok[0].height, palette: framePalette(classes) },
  );
}
