import { createCanvas, type Canvas } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { buildDatasets, buildOptions, EXPORT_THEME, type ChartLook, type SeriesSpec } from '../../src-renderer/src/lib/chartConfig';
import { chartToPng, figureToPng, type CanvasIo } from '../../src-renderer/src/lib/chartPng';
import { Curve } from '../../src-renderer/src/lib/curves';
import { legendEntries } from '../../src-renderer/src/composables/useCurveChart';
import { curveStyle, legendBelowPlugin, legendLayout } from '../../src-renderer/src/shared';
import { slotAt } from '../../src-main/export/chartSpecs';

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

describe('PNG export of many runs', () => {
  it('keeps a complete legend inside the image: below the plot, in columns, the image taller to hold it', async () => {
    const n = 71;
    const specs: SeriesSpec[] = Array.from({ length: n }, (_, i) => ({ ...spec, id: `${i + 1}:loss`, runId: i + 1, label: `run ${i + 1}: lr=${(0.001 * (i + 1)).toFixed(3)}`, colorIndex: slotAt(i, n) }));
    const curves = new Map(
      specs.map((s, i) => {
        const c = new Curve(s.meta, 'iteration', 0);
        c.add([1, 2, 3], [2 + i / 100, 1.5, 1], null);
        return [s.id, c];
      }),
    );
    const flat = { ...look, smoothing: 0 };
    const layout = legendLayout(legendEntries(specs), { width: 960, fontSize: 11 });
    expect(layout.entries).toHaveLength(n);
    // The last run's entry: bottom of the last column, read before chartToPng releases the canvas.
    const last = layout.entries[n - 1];
    let seen: number[] = [];
    const io: CanvasIo<Canvas> = {
      create: (w, h) => createCanvas(w, h),
      async encode(canvas) {
        const at = [2 * (last.x + layout.sampleWidth / 2), 2 * (540 + last.y + layout.rowHeight / 2)].map(Math.round);
        seen = [...canvas.getContext('2d').getImageData(at[0], at[1], 1, 1).data];
        return new Uint8Array(canvas.toBuffer('image/png'));
      },
    };
    const height = 540 + layout.height;
    const png = await chartToPng(
      { type: 'line', data: { datasets: buildDatasets(specs, curves, flat) }, options: buildOptions(flat, specs, EXPORT_THEME, 'export', 960, { legendBelow: layout.height }), plugins: [legendBelowPlugin(layout)] },
      { width: 960, height, scale: 2 },
      io,
    );
    const view = new DataView(png.buffer, png.byteOffset);
    expect([view.getUint32(16), view.getUint32(20)]).toEqual([1920, 2 * height]);
    expect(layout.columns).toBeGreaterThan(1);
    // The last run's entry is drawn there, in its colour.
    const [r, g, b] = seen;
    const want = parseInt(curveStyle(slotAt(n - 1, n)).color.slice(1), 16);
    expect(Math.abs(r - ((want >> 16) & 255)) + Math.abs(g - ((want >> 8) & 255)) + Math.abs(b - (want & 255))).toBeLessThan(30);
  });
});
