/**
 * Chart.js configurations for the GUI's curve charts, built on the shared chart specs
 * (lossCurvesChart / epochCurvesChart) so that a curve looks the same on screen, in the
 * PNG a person exports from the GUI and in the CLI's report: same palette, dashes, faint
 * raw curve behind the smoothed one, LTTB decimation. What differs is sizing (the specs
 * are sized for a 1600×900 figure) and, on screen, colours that follow the theme.
 *
 * Colours come from a run's palette slot (`colorIndex`, from colorSlots), not from its
 * position in the chart, so a run keeps its colour when others are hidden and matches
 * its table row and the exported plots.
 */
import { cssToken } from './themeTokens';
import type { ChartDataset, ChartOptions, LegendItem, TooltipItem, Chart, LegendElement, ChartEvent } from 'chart.js';
import { curveStyle, epochCurvesChart, formatMetric, logTickLabels, lossCurvesChart, withAlpha } from '../shared';
import { X_AXIS_LABELS, type ChartPoint, type Curve, type CurveMeta, type XAxisMode } from './curves';

/** One line of a chart: a metric of a run. */
export interface SeriesSpec {
  /** Unique within a chart, e.g. `12:val_acc`. */
  id: string;
  runId: number;
  /** The metric key in the store: `loss`, `val_acc`, … */
  key: string;
  label: string;
  colorIndex: number;
  dashed?: boolean;
  meta: CurveMeta;
}

export interface ChartLook {
  /** `iteration`: per-step curves (smoothing, x axis choice); `epoch`: one point per epoch. */
  kind: 'iteration' | 'epoch';
  title: string;
  yLabel: string;
  xAxis: XAxisMode;
  smoothing: number;
  logY: boolean;
  /** On screen, no legend past this many lines (default LEGEND_MAX_SERIES); exports always have one. */
  legendMax?: number;
}

export interface ChartTheme {
  text: string;
  title: string;
  grid: string;
  /** The chart's background: a hovered curve stands out over the others faded towards it. */
  surface?: string;
}

/** Dark ink on white, as the report figures: what every PNG export uses. */
export const EXPORT_THEME: ChartTheme = { text: '#333333', title: '#222222', grid: 'rgba(0, 0, 0, 0.1)' };

/** The app's current theme (light or dark) from its CSS variables (read once: themeTokens.ts). */
export function screenTheme(_el?: Element): ChartTheme {
  const v = cssToken;
  return { text: v('--c-text-muted', '#525c6e'), title: v('--c-text', '#1d2433'), grid: v('--c-border', '#d0d5dd'), surface: v('--c-surface', '#ffffff') };
}

/** Sizes for a chart about 900 px wide, on screen or exported at 2×. */
const FONT = { title: 15, axisTitle: 12, ticks: 11, legend: 12 } as const;
/**
 * Points Chart.js turns into elements across all lines of a screen chart. LTTB keeps
 * each line's shape with `budget / lines` samples (at most one per pixel column), so a
 * hundred overlaid runs cost about what ten do.
 */
export const ELEMENT_BUDGET = 40_000;
const MIN_SAMPLES = 200;
/** Even a thousand overlaid runs keep this many samples a line: enough for a curve's shape. */
const FLOOR_SAMPLES = 32;

/** LTTB samples per line for a chart `width` CSS pixels wide drawing `lines` lines. */
export function decimationSamples(lines: number, width: number): number {
  const perPixel = Math.max(MIN_SAMPLES, Math.round(width));
  const share = Math.floor(ELEMENT_BUDGET / Math.max(1, lines));
  return Math.max(share < MIN_SAMPLES ? FLOOR_SAMPLES : MIN_SAMPLES, Math.min(perPixel, share));
}

/** Past this many runs Chart.js's legend crowds the plot: an HTML legend beside it takes over (screen), or one below it (export). */
export const LEGEND_MAX_SERIES = 12;
/**
 * Past this many runs a smoothed chart leaves out the faint raw curves: behind a few
 * dozen smoothed lines they are only noise, and they would double what is drawn.
 */
export const RAW_TWIN_MAX_SERIES = 20;

/** Extra fields on our datasets: which series and run a line draws, and whether it is the faint raw one. */
export type CurveDataset = ChartDataset<'line', ChartPoint[]> & { _seriesId: string; _runId: number; _role: 'line' | 'smooth'; _raw?: boolean };

/** Identifies a dataset across rebuilds, so a chart can keep the object (and its elements). */
export const datasetKey = (ds: CurveDataset) => `${ds._seriesId}|${ds._role}`;

export function xLabelOf(look: ChartLook): string {
  return look.kind === 'epoch' ? 'Epoch' : X_AXIS_LABELS[look.xAxis];
}

/** The datasets of a chart: the curves' own arrays, so appended points show on `update()`. */
export function buildDatasets(specs: readonly SeriesSpec[], curves: ReadonlyMap<string, Curve>, look: ChartLook): CurveDataset[] {
  const out: CurveDataset[] = [];
  for (const spec of specs) {
    const curve = curves.get(spec.id);
    if (!curve) continue;
    const { color, dash } = curveStyle(spec.colorIndex);
    if (look.kind === 'iteration') {
      const smoothing = look.smoothing;
      const [first, second] = lossCurvesChart([{ runId: spec.runId, label: spec.label, points: [] }], { title: '', xLabel: '', yLabel: '', smoothing }).data.datasets;
      // Spreading the spec's datasets keeps their marks (the raw twin's, which the legend skips).
      const own = (ds: ChartDataset<'line', unknown>) => ({ ...(ds as ChartDataset<'line', ChartPoint[]>), borderDash: dash, backgroundColor: color, _seriesId: spec.id, _runId: spec.runId, _role: 'line' as const });
      if (second && specs.length > RAW_TWIN_MAX_SERIES) {
        out.push({ ...own(second), borderColor: color, data: curve.smooth, _role: 'smooth' });
      } else if (second) {
        out.push({ ...own(first), borderColor: withAlpha(color, alphaOf(first.borderColor)), data: curve.points, _raw: true });
        out.push({ ...own(second), borderColor: color, data: curve.smooth, _role: 'smooth' });
      } else {
        out.push({ ...own(first), borderColor: color, data: curve.points });
      }
    } else {
      const [ds] = epochCurvesChart([{ label: spec.label, points: curve.points, dashed: spec.dashed, colorIndex: spec.colorIndex }], {
        title: '',
        xLabel: '',
        yLabel: '',
      }).data.datasets as ChartDataset<'line', ChartPoint[]>[];
      out.push({ ...ds, data: curve.points, borderDash: spec.dashed ? ds.borderDash : dash, pointRadius: curve.points.length <= 60 && specs.length <= LEGEND_MAX_SERIES ? 2.5 : 0, _seriesId: spec.id, _runId: spec.runId, _role: 'line' });
    }
  }
  return out;
}

/** The alpha of the spec's faint raw colour (`rgba(r, g, b, a)`), to apply to another hue. */
function alphaOf(color: unknown): number {
  const m = typeof color === 'string' ? /,\s*([\d.]+)\)\s*$/.exec(color) : null;
  return m ? Number(m[1]) : 0.2;
}

function tooltipTitle(look: ChartLook, specs: ReadonlyMap<string, SeriesSpec>) {
  return (items: TooltipItem<'line'>[]): string => {
    const item = items[0];
    if (!item) return '';
    const p = item.raw as ChartPoint;
    if (look.kind === 'epoch') return `epoch ${p.step}`;
    const spec = specs.get((item.dataset as CurveDataset)._seriesId);
    const parts = [`step ${p.step}`];
    if (spec?.meta.stepsPerEpoch) parts.push(`epoch ${(p.step / spec.meta.stepsPerEpoch).toFixed(2)}`);
    if (look.xAxis === 'time') parts.push(`${p.x < 10 ? p.x.toPrecision(3) : p.x.toFixed(1)} s`);
    return parts.join(' · ');
  };
}

function tooltipLabel(look: ChartLook) {
  return (item: TooltipItem<'line'>): string => {
    const ds = item.dataset as CurveDataset;
    const which = look.kind === 'iteration' && look.smoothing > 0 ? (ds._raw ? ' (raw)' : ' (smoothed)') : '';
    return `${ds.label}: ${formatMetric((item.raw as ChartPoint).y)}${which}`;
  };
}

/** A legend click hides or shows a run's curve with its raw twin, not half of the pair. */
function toggleSeries(_e: ChartEvent, item: LegendItem, legend: LegendElement<'line'>): void {
  const chart = legend.chart as Chart<'line'>;
  const index = item.datasetIndex ?? -1;
  const id = (chart.data.datasets[index] as CurveDataset | undefined)?._seriesId;
  if (id === undefined) return;
  const show = !chart.isDatasetVisible(index);
  chart.data.datasets.forEach((ds, i) => (ds as CurveDataset)._seriesId === id && chart.setDatasetVisibility(i, show));
  chart.update('none');
}

export interface OptionExtras {
  /** A clipped y range (robustRange); null or absent: Chart.js fits every point. */
  yRange?: { min: number; max: number } | null;
  /** Screen: the run under the pointer (null when none), on every pointer move. */
  onHoverRun?: (runId: number | null) => void;
  /** Export: pixels reserved below the plot for the full legend (chartLegend); Chart.js's own legend is then off. */
  legendBelow?: number;
  /** Screen, bulk mode (bulkCurves.ts): the lines' ranges, since Chart.js holds no datasets to fit. */
  bounds?: { xMin: number; xMax: number; yMin: number; yMax: number } | null;
  /** Screen, bulk mode: the run under the pointer at (x, y) in CSS pixels. */
  pickRun?: (x: number, y: number, chart: Chart) => number | null;
}

/** Log-axis tick labels in one format, fewer ticks labelled (axisTicks.ts). */
function logTickCallback(this: unknown, value: number | string, index: number, ticks: { value: number }[]): string {
  return logTickLabels(ticks.map((t) => t.value))[index] ?? String(value);
}

/**
 * Options for screen or export. The legend: Chart.js's own (on the right past four runs,
 * like the specs) up to `legendMax` runs; past that, on screen an HTML legend beside
 * the chart (CurveLegend), in an export one below the plot (`legendBelow`).
 */
export function buildOptions(
  look: ChartLook,
  specs: readonly SeriesSpec[],
  theme: ChartTheme,
  target: 'screen' | 'export',
  /** Screen: the canvas's width in CSS pixels, for the decimation budget. */
  width = 1000,
  extras: OptionExtras = {},
): ChartOptions<'line'> {
  const spec = lossCurvesChart([], { title: look.title, xLabel: xLabelOf(look), yLabel: look.yLabel, logY: look.logY });
  const base = spec.options as ChartOptions<'line'>;
  const legendShown = target === 'export' ? !extras.legendBelow : specs.length <= (look.legendMax ?? LEGEND_MAX_SERIES);
  const byId = new Map(specs.map((s) => [s.id, s]));
  const axisTitle = (text: string) => ({ display: true, text, color: theme.title, font: { size: FONT.axisTitle } });
  const ticks = { color: theme.text, font: { size: FONT.ticks }, maxRotation: 0, autoSkip: true, autoSkipPadding: 8 };
  const grid = { color: theme.grid };
  const b = extras.bounds;
  const range = extras.yRange ? { min: extras.yRange.min, max: extras.yRange.max } : b ? { min: b.yMin, max: b.yMax } : {};
  const xRange = b ? { min: b.xMin, max: b.xMax } : {};
  const { onHoverRun, pickRun } = extras;
  const padding = target === 'export' ? 12 : 4;
  return {
    ...base,
    responsive: target === 'screen',
    maintainAspectRatio: false,
    animation: false,
    // Points are sorted with unique x: Chart.js can skip its own checks.
    normalized: true,
    layout: { padding: extras.legendBelow ? { top: padding, left: padding, right: padding, bottom: padding + extras.legendBelow } : padding },
    interaction: { mode: 'nearest', intersect: false },
    onHover: onHoverRun
      ? (e, elements, chart) => {
          if (pickRun) return onHoverRun(e.x === null || e.y === null ? null : pickRun(e.x, e.y, chart));
          const ds = elements[0] ? (chart.data.datasets[elements[0].datasetIndex] as CurveDataset | undefined) : undefined;
          onHoverRun(ds?._runId ?? null);
        }
      : undefined,
    scales: {
      x: { type: 'linear', title: axisTitle(xLabelOf(look)), ticks, grid, ...xRange, ...(look.kind === 'epoch' ? { ticks: { ...ticks, precision: 0 } } : {}) },
      y: look.logY
        ? { type: 'logarithmic', title: axisTitle(look.yLabel), ticks: { ...ticks, callback: logTickCallback }, grid, ...range }
        : { type: 'linear', title: axisTitle(look.yLabel), ticks, grid, ...range },
    },
    plugins: {
      ...base.plugins,
      title: { display: target === 'export', text: look.title, color: theme.title, font: { size: FONT.title, weight: 'bold' }, padding: { bottom: 8 } },
      legend: {
        ...base.plugins?.legend,
        display: legendShown,
        position: specs.length > 4 ? 'right' : 'top',
        onClick: toggleSeries,
        labels: {
          ...base.plugins?.legend?.labels,
          font: { size: FONT.legend },
          color: theme.text,
          pointStyleWidth: 28,
          // The spec's entries carry print ink; on screen they follow the theme.
          generateLabels: (chart: Chart) => (base.plugins?.legend?.labels?.generateLabels?.(chart) ?? []).map((l) => ({ ...l, fontColor: theme.text })),
        },
      },
      tooltip: { callbacks: { title: tooltipTitle(look, byId), label: tooltipLabel(look) } },
      decimation: target === 'screen' ? { enabled: true, algorithm: 'lttb', samples: screenSamples(look, specs, width), threshold: screenSamples(look, specs, width) } : { enabled: true, algorithm: 'lttb' },
    },
  };
}

function screenSamples(look: ChartLook, specs: readonly SeriesSpec[], width: number): number {
  const twins = look.kind === 'iteration' && look.smoothing > 0 && specs.length <= RAW_TWIN_MAX_SERIES;
  return decimationSamples(specs.length * (twins ? 2 : 1), width);
}
