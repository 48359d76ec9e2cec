import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PALETTE, colorSlots, curveStyle, epochCurvesChart, lossCurvesChart, sequentialColor } from '../../src-main/export/chartSpecs';
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

  it('gives up to ten curves ten categorical colours; more, distinct colours along a sequential scale, solid', () => {
    const ten = lossCurvesChart(curves(10), OPTS).data.datasets;
    expect(ten.map((d) => d.borderColor)).toEqual([...PALETTE]);
    const ds = lossCurvesChart(curves(71), OPTS).data.datasets;
    expect(new Set(ds.map((d) => d.borderColor)).size).toBe(71);
    for (const d of ds) expect(d.borderDash).toEqual([]);
    expect(ds[0].borderColor).toBe(sequentialColor(0));
    expect(curveStyle(3).color).toBe(PALETTE[3]);
  });

  it('colour positions: by place in the list, never by the lines drawn; the sequential scale runs dark to light', () => {
    expect([...colorSlots([7, 3, 9]).values()]).toEqual([0, 1, 2]);
    const many = colorSlots(Array.from({ length: 40 }, (_, i) => 100 + i));
    expect(many.get(100)).toBe(10);
    expect(many.get(139)).toBeCloseTo(10 + 39 / 40);
    const lum = (hex: string) => [16, 8, 0].reduce((s, k) => s + ((parseInt(hex.slice(1), 16) >> k) & 255), 0);
    expect(lum(curveStyle(10).color)).toBeLessThan(lum(curveStyle(10.5).color));
    expect(lum(curveStyle(10.5).color)).toBeLessThan(lum(curveStyle(10.99).color));
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
