/**
 * Per-epoch loss and accuracy of the best groups of a sweep, each group drawn as its
 * mean with a Student-t 95 % band over its runs (groupBand in analysis/groups.ts, the one
 * definition of the interval): a single seed's curve says little about a configuration,
 * the band says how much of a difference between two curves is noise. Validation solid
 * with its band, training dashed without one (four overlapping bands hide each other;
 * validation is what the selection looked at), one colour per group. The same figure as
 * PNG (Chart.js's Filler) and SVG (chartSvg's band kind).
 */
import { groupBand } from '../analysis/groups';
import type { BandPoint, RunGroup } from '../analysis/groupTypes';
import type { Store } from '../store/store';
import { BAND_OPACITY, bandChart, curveStyle, type BandSeries } from './chartSpecs';
import { chartSvg, type SvgChartItem } from './chartSvg';
import { renderChartPng } from './renderPng';

/** Past three groups the bands cover each other and nothing can be read. */
export const BAND_GROUPS = 3;
const PLOT = { width: 1600, height: 900 } as const;
const TRAIN_DASH = [10, 6];

export type EpochMetric = 'loss' | 'acc';

export interface BandFigure {
  png: Buffer;
  svg: string;
}

interface GroupCurve {
  label: string;
  dashed: boolean;
  colorIndex: number;
  band: BandPoint[];
}

/** Per group and split, the band over the group's counted runs. */
function groupCurves(store: Store, groups: readonly RunGroup[], metric: EpochMetric): GroupCurve[] {
  return groups.flatMap((g, i) => {
    const runIds = g.counted.length ? g.counted : g.runIds;
    const label = `${g.label} (n = ${runIds.length})`;
    return (['train', 'val'] as const).map((split) => ({
      label: `${label}: ${split === 'train' ? 'training' : 'validation'}`,
      dashed: split === 'train',
      colorIndex: i,
      band: groupBand(store.metrics.series(runIds, [`${split}_${metric}`])),
    }));
  });
}

export async function bandFigure(store: Store, groups: readonly RunGroup[], metric: EpochMetric, title: string): Promise<BandFigure> {
  const curves = groupCurves(store, groups.slice(0, BAND_GROUPS), metric);
  const yLabel = metric === 'loss' ? 'loss' : 'accuracy';
  const series: BandSeries[] = curves.map((c) => ({
    label: c.label,
    dashed: c.dashed,
    colorIndex: c.colorIndex,
    points: c.band.map((p) => ({ x: p.step, y: p.mean })),
    band: c.dashed ? [] : c.band.map((p) => ({ x: p.step, low: p.low, high: p.high })),
  }));
  const png = await renderChartPng(bandChart(series, { title, xLabel: 'epoch', yLabel }), PLOT);
  const items = [
    ...series.filter((s) => s.band.length).map((s): SvgChartItem => ({ kind: 'band', label: s.label, color: curveStyle(s.colorIndex ?? 0).color, opacity: BAND_OPACITY, points: s.band })),
    ...series.map((s): SvgChartItem => ({ label: s.label, color: curveStyle(s.colorIndex ?? 0).color, dash: s.dashed ? TRAIN_DASH : [], width: 2, points: s.points })),
  ];
  return { png, svg: chartSvg(items, { title, xLabel: 'epoch', yLabel, integerX: true, ...PLOT }) };
}
