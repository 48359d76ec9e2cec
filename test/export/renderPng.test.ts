import { GlobalFonts } from '@napi-rs/canvas';
import { Chart } from 'chart.js';
import { describe, expect, it } from 'vitest';
import { epochCurvesChart, lossCurvesChart } from '../../src-main/export/chartSpecs';
import { renderChartPng } from '../../src-main/export/renderPng';
import { pixels, pngSize } from './fixtures';


const notWhite = (r: number, g: number, b: number) => r < 250 || g < 250 || b < 250;

function lossConfig() {
  const curves = Array.from({ length: 12 }, (_, k) => ({
    runId: k + 1,
    label: `lr=${k}`,
    points: Array.from({ length: 3000 }, (_, i) => ({ x: i, y: (k + 1) * Math.exp(-i / 500) + 0.01 })),
  }));
  return lossCurvesChart(curves, { title: 'Training loss', xLabel: 'iteration', yLabel: 'loss', logY: true });
}

describe('renderChartPng', () => {
  it('renders a 1600×900 PNG on a white background with the chart drawn on it', async () => {
    const png = await renderChartPng(lossConfig());
    expect(pngSize(png)).toEqual({ width: 1600, height: 900 });
    const img = await pixels(png);
    for (const [x, y] of [[0, 0], [1599, 0], [0, 899], [1599, 899]]) expect(img.at(x, y)).toEqual([255, 255, 255, 255]);
    expect(img.count(0, 0, 1600, 900, notWhite)).toBeGreaterThan(20_000);
  });

  it('doubles the pixel size at devicePixelRatio 2', async () => {
    const png = await renderChartPng(lossConfig(), { devicePixelRatio: 2 });
    expect(pngSize(png)).toEqual({ width: 3200, height: 1800 });
    const img = await pixels(png);
    expect(img.at(3199, 1799)).toEqual([255, 255, 255, 255]);
  });

  it('honours a custom size', async () => {
    expect(pngSize(await renderChartPng(lossConfig(), { width: 640, height: 480 }))).toEqual({ width: 640, height: 480 });
    await expect(renderChartPng(lossConfig(), { width: 0 })).rejects.toThrow(/width/);
  });

  it('draws text, which needs a system font', async () => {
    // No datasets: the only ink in the top band is the title.
    const png = await renderChartPng(epochCurvesChart([], { title: 'Loss per epoch', xLabel: 'epoch', yLabel: 'loss' }));
    const img = await pixels(png);
    const dark = img.count(500, 0, 1100, 60, (r, g, b) => r < 128 && g < 128 && b < 128);
    const hint = `no title text drawn; fonts found: [${GlobalFonts.families.map((f) => f.family).join(', ')}] (Debian: install fonts-dejavu-core)`;
    expect(dark, hint).toBeGreaterThan(200);
  });

  it('destroys its chart and leaves the caller’s config untouched', async () => {
    const cfg = lossConfig();
    const before = cfg.data.datasets[0].data;
    await renderChartPng(cfg);
    expect(Object.keys(Chart.instances)).toHaveLength(0);
    expect(cfg.data.datasets[0].data).toBe(before);
    expect(before).toHaveLength(3000);
    expect(cfg.plugins).toBeUndefined();
    expect(cfg.options?.responsive).toBeUndefined();
    // Rendering the same config twice gives the same image.
    expect((await renderChartPng(cfg)).equals(await renderChartPng(cfg))).toBe(true);
  });
});
