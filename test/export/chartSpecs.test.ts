import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PALETTE, curveStyle, epochCurvesChart, lossCurvesChart } from '../../src-main/export/chartSpecs';
import type { RunCurve } from '../../src-main/export/types';

const OPTS = { title: 'Training loss', xLabel: 'iteration', yLabel: 'loss' };

function curves(n: number, length = 50): RunCurve[] {
  return Array.from({ length: n }, (_, k) => ({
    runId: k + 1,
    label: `lr=${k}`,
    points: Array.from({ length }, (_, i) => ({ x: i, y: (k + 1) / (i + 1) })),
  }));
}

describe('lossCurvesChart', () => {
  it('has one dataset per curve, labelled, holding the points as given', () => {
    const input = curves(3);
    const cfg = lossCurvesChart(input, OPTS);
    expect(cfg.type).toBe('line');
    expect(cfg.data.datasets).toHaveLength(3);
    expect(cfg.data.datasets.map((d) => d.label)).toEqual(['lr=0', 'lr=1', 'lr=2']);
    expect(cfg.data.datasets[1].data).toEqual(input[1].points);
  });

  it('uses a logarithmic y axis only when asked', () => {
    expect(lossCurvesChart(curves(2), { ...OPTS, logY: true }).options?.scales?.y?.type).toBe('logarithmic');
    expect(lossCurvesChart(curves(2), OPTS).options?.scales?.y?.type).toBe('linear');
    expect(lossCurvesChart(curves(2), OPTS).options?.scales?.x?.type).toBe('linear');
  });

  it('gives the first ten curves ten different colours, then repeats them with a dash', () => {
    const ds = lossCurvesChart(curves(21), OPTS).data.datasets;
    const colours = ds.slice(0, 10).map((d) => d.borderColor);
    expect(new Set(colours).size).toBe(10);
    expect(ds[10].borderColor).toBe(ds[0].borderColor);
    const dashKey = (i: number) => JSON.stringify(ds[i].borderDash);
    expect(dashKey(0)).toBe('[]');
    expect(dashKey(10)).not.toBe(dashKey(0));
    expect(dashKey(20)).not.toBe(dashKey(10));
    // No two curves share both colour and dash.
    expect(new Set(ds.map((d, i) => `${d.borderColor}${dashKey(i)}`)).size).toBe(21);
    expect(curveStyle(3).color).toBe(PALETTE[3]);
  });

  it('is set up for long curves: no parsing, no animation, hidden points, thin lines, LTTB decimation', () => {
    const cfg = lossCurvesChart(curves(2, 20_000), OPTS);
    expect(cfg.options?.parsing).toBe(false);
    expect(cfg.options?.animation).toBe(false);
    expect(cfg.options?.plugins?.decimation).toMatchObject({ enabled: true, algorithm: 'lttb' });
    for (const d of cfg.data.datasets) {
      expect(d.pointRadius).toBe(0);
      expect(d.borderWidth).toBeLessThanOrEqual(2);
    }
  });

  it('sizes title, axis titles and legend for a 1600×900 export', () => {
    const o = lossCurvesChart(curves(2), OPTS).options!;
    const sizes = [
      (o.plugins?.title?.font as { size: number }).size,
      (o.scales?.x?.title as { font: { size: number } }).font.size,
      (o.scales?.y?.title as { font: { size: number } }).font.size,
      (o.plugins?.legend?.labels?.font as { size: number }).size,
    ];
    for (const s of sizes) {
      expect(s).toBeGreaterThanOrEqual(22);
      expect(s).toBeLessThanOrEqual(28);
    }
    expect(o.plugins?.title?.text).toBe('Training loss');
    expect((o.scales?.x?.title as { text: string }).text).toBe('iteration');
  });

  it('stays importable in the browser: only types, or pure sibling modules that import types only', () => {
    const importsOf = (file: string) =>
      readFileSync(new URL(`../../src-main/export/${file}`, import.meta.url), 'utf8')
        .split('\n')
        .filter((l) => /^import\b/.test(l));
    const imports = importsOf('chartSpecs.ts');
    expect(imports.length).toBeGreaterThan(0);
    for (const l of imports) {
      if (/^import type /.test(l)) continue;
      const sibling = /from '\.\/(\w+)'/.exec(l)?.[1];
      expect(sibling, l).toBeTruthy();
      for (const inner of importsOf(`${sibling}.ts`)) expect(inner).toMatch(/^import type /);
    }
  });
});

describe('epochCurvesChart', () => {
  const pts = Array.from({ length: 20 }, (_, i) => ({ x: i + 1, y: 1 / (i + 1) }));

  it('draws one dataset per series, dashed where asked, sharing a colour by colorIndex', () => {
    const cfg = epochCurvesChart(
      [
        { label: 'train loss', points: pts, colorIndex: 0 },
        { label: 'val loss', points: pts, dashed: true, colorIndex: 0 },
        { label: 'other', points: pts },
      ],
      { ...OPTS, title: 'Loss per epoch', xLabel: 'epoch' },
    );
    const ds = cfg.data.datasets;
    expect(ds.map((d) => d.label)).toEqual(['train loss', 'val loss', 'other']);
    expect(ds[0].borderDash).toEqual([]);
    expect((ds[1].borderDash as number[]).length).toBeGreaterThan(0);
    expect(ds[1].borderColor).toBe(ds[0].borderColor);
    expect(ds[2].borderColor).toBe(PALETTE[2]);
    expect(cfg.options?.parsing).toBe(false);
    expect(cfg.options?.scales?.y?.type).toBe('linear');
  });

  it('uses a log axis when asked', () => {
    expect(epochCurvesChart([{ label: 'a', points: pts }], { ...OPTS, logY: true }).options?.scales?.y?.type).toBe('logarithmic');
  });
});
