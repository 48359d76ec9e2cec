/**
 * Grouped epoch curves: each group (at most MAX_BAND_GROUPS, best first) as its mean
 * line over a shaded 95 % t-interval band, instead of one line per run. The band maths
 * is groupBand's (src-main/analysis/groups.ts); this turns the metrics call's series into
 * its input and its points into Chart.js datasets (a hidden low line, a high line filled
 * down to it at low alpha, the mean on top). Pure: tested without a DOM.
 */
import type { ChartConfiguration, ChartDataset } from 'chart.js';
import { curveStyle, withAlpha, type BandPoint, type MetricSeries } from '../shared';
import type { ChartTheme } from './chartConfig';

/** More bands than this overlap into mud: the top groups only. */
export const MAX_BAND_GROUPS = 8;
const BAND_ALPHA = 0.15;

/** One run's per-epoch values, indexed by epoch (1, 2, …) rather than by step: groups mixing batch sizes still line up. */
export interface EpochValues {
  steps: number[];
  values: (number | null)[];
}

/** A per-epoch series (val_acc, val_loss: one point per epoch) as epoch-indexed values. */
export function byEpoch(s: Pick<MetricSeries, 'values'>): EpochValues {
  return { steps: s.values.map((_, i) => i + 1), values: s.values.slice() };
}

export interface GroupBand {
  label: string;
  colorIndex: number;
  points: readonly BandPoint[];
}

type XY = { x: number; y: number | null };

/** Three datasets per group: low (no line), high (filled down to low), mean. */
export function bandDatasets(bands: readonly GroupBand[]): ChartDataset<'line', XY[]>[] {
  const out: ChartDataset<'line', XY[]>[] = [];
  for (const b of bands) {
    const color = curveStyle(b.colorIndex).color;
    const low = out.length;
    const common = { pointRadius: 0, pointHitRadius: 0, borderWidth: 0, tension: 0, spanGaps: false } as const;
    out.push({ ...common, label: `${b.label} (low)`, data: b.points.map((p) => ({ x: p.step, y: p.low })), borderColor: 'transparent', fill: false });
    out.push({ ...common, label: `${b.label} (high)`, data: b.points.map((p) => ({ x: p.step, y: p.high })), borderColor: 'transparent', backgroundColor: withAlpha(color, BAND_ALPHA), fill: { target: low } });
    out.push({ label: b.label, data: b.points.map((p) => ({ x: p.step, y: p.mean })), borderColor: color, backgroundColor: color, borderWidth: 2, pointRadius: 0, pointHoverRadius: 3, tension: 0, fill: false });
  }
  return out;
}

/** Legend and tooltips show the mean lines only; the band edges are drawing aids. */
const isMean = (label: string | undefined) => !!label && !/ \((low|high)\)$/.test(label);

/** `yMax`: an accuracy's axis stops at 1 even where a band's interval reaches past it. */
export function bandChart(bands: readonly GroupBand[], opts: { title: string; yLabel: string; theme: ChartTheme; yMax?: number }): ChartConfiguration<'line', XY[]> {
  const { theme } = opts;
  return {
    type: 'line',
    data: { datasets: bandDatasets(bands) },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      parsing: false,
      normalized: true,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      scales: {
        x: { type: 'linear', title: { display: true, text: 'epoch', color: theme.text }, ticks: { color: theme.text, precision: 0 }, grid: { color: theme.grid } },
        y: { type: 'linear', max: opts.yMax, title: { display: true, text: opts.yLabel, color: theme.text }, ticks: { color: theme.text }, grid: { color: theme.grid } },
      },
      plugins: {
        title: { display: true, text: opts.title, color: theme.title },
        legend: { labels: { color: theme.text, boxWidth: 14, filter: (item) => isMean(item.text) } },
        tooltip: { filter: (item) => isMean(item.dataset.label) },
      },
    },
  };
}

/** Runs of the groups drawn, for one metrics call (deduplicated, at most `max`). */
export function bandRunIds(groups: readonly { counted: readonly number[] }[], max = 100): number[] {
  return [...new Set(groups.flatMap((g) => g.counted))].slice(0, max);
}
