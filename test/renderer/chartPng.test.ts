import { createCanvas, type Canvas } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { buildDatasets, buildOptions, EXPORT_THEME, type ChartLook, type SeriesSpec } from '../../src-renderer/src/lib/chartConfig';
import { chartToPng, figureToPng, type CanvasIo } from '../../src-renderer/src/lib/chartPng';
import { Curve } from '../../src-renderer/src/lib/curves';

/** @napi-rs/canvas in place of the DOM's; records what was encoded. */
function napiIo() {
  const seen: { width: number; height: number; firstPixel: number[] }[] = [];
  const io: CanvasIo<Canvas> = {
    create: (w, h) => createCanvas(w, h),
    async encode(canvas) {
      const ctx = canvas.getContext('2d');
      seen.push({ width: canvas.width, height: canvas.height, firstPixel: [...ctx.getImageData(0, 0, 1, 1).data] });
      return new Uint8Array(canvas.toBuffer('image/png'));
    },
  };
  return { io, seen };
}

const look: ChartLook = { kind: 'iteration', title: 'Training loss', yLabel: 'loss', xAxis: 'iteration', smoothing: 0.6, logY: false };
const spec: SeriesSpec = { id: '1:loss', runId: 1, key: 'loss', label: 'run 1', colorIndex: 0, meta: { stepsPerEpoch: 10, startTime: null } };

describe('PNG export', () => {
  it('renders a chart at 2× its size on a white background', async () => {
    const curve = new Curve(spec.meta, 'iteration', 0.6);
    curve.add([1, 2, 3, 4], [2, 1.5, 1.2, 1], null);
    const curves = new Map([[spec.id, curve]]);
    const { io, seen } = napiIo();
    const png = await chartToPng({ type: 'line', data: { datasets: buildDatasets([spec], curves, look) }, options: buildOptions(look, [spec], EXPORT_THEME, 'export') }, { width: 400, height: 250, scale: 2 }, io);
    expect(seen).toEqual([{ width: 800, height: 500, firstPixel: [255, 255, 255, 255] }]);
    // A real PNG: the signature, then IHDR with the 2× size.
    expect([...png.slice(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
    const view = new DataView(png.buffer, png.byteOffset);
    expect([view.getUint32(16), view.getUint32(20)]).toEqual([800, 500]);
  });

  it('draws figures (image grids, confusion matrices) at 2× on white too', async () => {
    const { io, seen } = napiIo();
    await figureToPng(120, 80, (ctx) => ctx.fillRect(60, 40, 10, 10), 2, io);
    expect(seen).toEqual([{ width: 240, height: 160, firstPixel: [255, 255, 255, 255] }]);
  });
});
