/**
 * Chart.js v4 line-chart configurations for training curves. Pure data, no Node
 * imports (only types from chart.js): the PNG exporter renders them in Node, and the
 * renderer can hand the same objects to Chart.js in the browser, so exported plots
 * look like the ones on screen. Sizes are chosen for a 1600×900 export.
 */
import type { Chart, ChartConfiguration, ChartDataset, LegendItem, Plugin } from 'chart.js';
import { emaSmooth } from './smoothing';
import type { CurvePoint, RunCurve } from './types';

/**
 * seaborn's "colorblind" palette (Okabe–Ito extended to ten hues): distinguishable
 * under the common colour-vision deficiencies, and ten covers a typical grid sweep.
 */
export const PALETTE = [
  '#0173B2', '#DE8F05', '#029E73', '#D55E00', '#CC78BC',
  '#CA9161', '#FBAFE4', '#949494', '#ECE133', '#56B4E9',
] as const;

/**
 * Past ten runs a categorical palette runs out: colours come from a sequential scale
 * instead (viridis, dark = best ranked), so a line's hue says where it ranks. The
 * scale stops short of viridis' last, pale yellow: it vanishes on a white background.
 */
const VIRIDIS = ['#440154', '#482878', '#3E4A89', '#31688E', '#26828E', '#1F9E89', '#35B779', '#6DCD59', '#B4DE2C'] as const;
const EPOCH_DASH = [10, 6];

export interface CurveChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  /** Logarithmic y axis: losses spanning decades (early divergence, long runs) stay legible. */
  logY?: boolean;
  /**
   * EMA weight in [0, 1) for per-iteration curves: the smoothed curve is drawn in the
   * run's colour with the raw one faint behind it. 0 or absent: raw only.
   */
  smoothing?: number;
}

/**
 * Paints white under the chart, for exported PNGs: a transparent PNG shows up black in
 * some viewers and in dark-mode documents. Chart.js clears the canvas right before
 * `beforeDraw`, so drawing behind (destination-over) there keeps everything on top.
 */
export const whiteBackground: Plugin = {
  id: 'sweeplabWhiteBackground',
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

/** Marks the faint raw curve behind a smoothed one, so the legend can leave it out. */
const RAW = '_sweeplabRaw';

export interface EpochSeries {
  label: string;
  points: CurvePoint[];
  /** Dashed line, conventionally for validation next to a solid training curve. */
  dashed?: boolean;
  /** Palette slot (see colorSlots); a train/validation pair of one run takes two. Default: position. */
  colorIndex?: number;
}

export interface LineStyle {
  color: string;
  dash: number[];
}

/**
 * Colour positions of the runs listed in `ids`, in that order. Up to ten runs: slots
 * 0–9 of the categorical palette. More: a point on the sequential scale, encoded as
 * 10 + t with t in [0, 1) (first listed t = 0), which `curveStyle` reads. A run's
 * colour depends on its place in the list, never on the lines drawn, so hiding a run
 * leaves the others as they were.
 */
export function colorSlots(ids: readonly number[]): Map<number, number> {
  return new Map(ids.map((id, i) => [id, slotAt(i, ids.length)]));
}

/** The colour position of the `i`-th of `n` listed lines (colorSlots' rule). */
export function slotAt(i: number, n: number): number {
  return n <= PALETTE.length ? i : PALETTE.length + i / n;
}

/** `#RRGGBB` at `t` in [0, 1] along the sequential scale, interpolated. */
export function sequentialColor(t: number): string {
  const x = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const [a, b] = [parseInt(VIRIDIS[i].slice(1), 16), parseInt(VIRIDIS[i + 1].slice(1), 16)];
  const ch = (shift: number) => Math.round(((a >> shift) & 255) * (1 - f) + ((b >> shift) & 255) * f);
  return `#${((ch(16) << 16) | (ch(8) << 8) | ch(0)).toString(16).padStart(6, '0').toUpperCase()}`;
}

/** The colour and dash pattern of colour position `index` (see colorSlots); also for live charts in the GUI. */
export function curveStyle(index: number): LineStyle {
  const i = Math.max(0, index);
  // 128 shades: distinct for every run up to 128, and a chart of a thousand strokes ~128 paths, not 1,000.
  if (i >= PALETTE.length) return { color: sequentialColor(Math.round(Math.min(1, i - PALETTE.length) * 128) / 128), dash: [] };
  return { color: PALETTE[Math.floor(i)], dash: [] };
}

const FONT = { title: 28, axisTitle: 24, ticks: 22, legend: 22 } as const;
/** Darker than Chart.js's default grey (#666), which washes out in print. */
const INK = { title: '#222222', text: '#333333' } as const;

/** One loss curve per run, all overlaid: the sweep-comparison plot. `colorIndex`: see colorSlots (default: by position, colorSlots' rule). */
export function lossCurvesChart(curves: (RunCurve & { colorIndex?: number })[], opts: CurveChartOptions): ChartConfiguration<'line'> {
  const smoothing = opts.smoothing ?? 0;
  const datasets = curves.flatMap((curve, i): ChartDataset<'line', CurvePoint[]>[] => {
    const { color, dash } = curveStyle(curve.colorIndex ?? slotAt(i, curves.length));
    const line = (data: CurvePoint[]): ChartDataset<'line', CurvePoint[]> => ({
      label: curve.label,
      data,
      borderColor: color,
      backgroundColor: color,
      borderDash: dash,
      borderWidth: 1.5,
      pointRadius: 0,
      pointHoverRadius: 4,
    });
    if (smoothing <= 0) return [line(curve.points)];
    const raw = { ...line(curve.points), borderColor: withAlpha(color, 0.18), borderWidth: 1, [RAW]: true };
    return [raw, { ...line(emaSmooth(curve.points, smoothing)), borderWidth: 2 }];
  });
  // Many runs: a legend on the right takes one column instead of rows of chart height.
  return lineChart(datasets, opts, curves.length > 4 ? 'right' : 'top');
}

/** `#RRGGBB` → `rgba(r, g, b, a)`. */
export function withAlpha(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/** Per-epoch train/validation curves of one run (or a few), e.g. loss and accuracy per epoch. */
export function epochCurvesChart(series: EpochSeries[], opts: CurveChartOptions): ChartConfiguration<'line'> {
  const datasets = series.map((s, i): ChartDataset<'line', CurvePoint[]> => {
    const { color } = curveStyle(s.colorIndex ?? slotAt(i, series.length));
    // With a few dozen epochs a marker per epoch shows where the measurements are.
    const marked = s.points.length <= 60;
    return {
      label: s.label,
      data: s.points,
      borderColor: color,
      backgroundColor: color,
      borderDash: s.dashed ? EPOCH_DASH : [],
      borderWidth: 2,
      pointRadius: marked ? 3 : 0,
      pointHoverRadius: 5,
    };
  });
  return lineChart(datasets, opts, series.length > 4 ? 'right' : 'top');
}

/** A mean curve with a filled interval around it (a group of replicates: mean ± t-interval per epoch). */
export interface BandSeries {
  label: string;
  /** The mean line. */
  points: CurvePoint[];
  /** The interval at each step; null ends where it is undefined (fewer than two runs); empty: a line alone. */
  band: { x: number; low: number | null; high: number | null }[];
  dashed?: boolean;
  colorIndex?: number;
}

/** Marks a band's edge datasets, which the legend leaves out (the mean line stands for the band). */
const BAND = '_sweeplabBand';
/** Fill opacity of a band: overlapping bands of two groups stay readable. */
export const BAND_OPACITY = 0.18;

/**
 * Mean lines with their bands, per epoch. Each band is two invisible edge datasets, the
 * upper one filled down to the lower ('-1', Chart.js's Filler), drawn before the lines.
 */
export function bandChart(series: BandSeries[], opts: CurveChartOptions): ChartConfiguration<'line'> {
  const edges = series.flatMap((s, i): ChartDataset<'line', CurvePoint[]>[] => {
    if (!s.band.length) return [];
    const { color } = curveStyle(s.colorIndex ?? slotAt(i, series.length));
    // A null y is a gap: Chart.js reads it as NaN and neither draws nor fills there.
    const edge = (key: 'low' | 'high') => s.band.map((p) => ({ x: p.x, y: p[key] })) as CurvePoint[];
    const base = { borderWidth: 0, pointRadius: 0, pointHoverRadius: 0, borderColor: 'rgba(0, 0, 0, 0)', [BAND]: true };
    return [
      { ...base, label: `${s.label} low`, data: edge('low'), fill: false },
      { ...base, label: `${s.label} high`, data: edge('high'), fill: '-1', backgroundColor: withAlpha(color, BAND_OPACITY) },
    ];
  });
  const lines = epochCurvesChart(
    series.map((s, i) => ({ label: s.label, points: s.points, dashed: s.dashed, colorIndex: s.colorIndex ?? slotAt(i, series.length) })),
    opts,
  );
  lines.data.datasets = [...edges, ...lines.data.datasets.map((d) => ({ ...d, fill: false }))];
  // Chart.js draws the first dataset on top, so by default the bands would cover the lines.
  // A legend on the right cuts long group labels; at the top it wraps into rows. The fills go under every line.
  const plugins = lines.options!.plugins!;
  lines.options!.plugins = { ...plugins, legend: { ...plugins.legend, position: 'top' }, filler: { propagate: false, drawTime: 'beforeDatasetsDraw' } };
  // Epochs are whole numbers: no tick at epoch 1.2.
  const x = lines.options!.scales!.x!;
  x.ticks = { ...x.ticks, precision: 0 };
  return lines;
}

/**
 * Legend entries drawn as a short line in the curve's own colour and dash. Chart.js's
 * default entries either fill a box (no dash to see) or, with point styles, take the
 * style of a point, which has no dash: past ten runs the dash is the only difference.
 * The sample is thicker than the curve so its colour can be read.
 */
function lineSampleLabels(chart: Chart): LegendItem[] {
  return chart.data.datasets.flatMap((ds, i) => {
    const line = ds as ChartDataset<'line'>;
    const marks = ds as unknown as Record<string, unknown>;
    if (marks[RAW] || marks[BAND]) return [];
    return {
      text: line.label ?? '',
      datasetIndex: i,
      hidden: !chart.isDatasetVisible(i),
      strokeStyle: line.borderColor as string,
      fillStyle: line.borderColor as string,
      fontColor: INK.text,
      lineWidth: 3,
      lineDash: (line.borderDash as number[] | undefined) ?? [],
      pointStyle: 'line',
    };
  });
}

function lineChart(
  datasets: ChartDataset<'line', CurvePoint[]>[],
  opts: CurveChartOptions,
  legendPosition: 'top' | 'right',
): ChartConfiguration<'line'> {
  const axisTitle = (text: string) => ({ display: true, text, color: INK.title, font: { size: FONT.axisTitle } });
  const ticks = () => ({ color: INK.text, font: { size: FONT.ticks } });
  return {
    type: 'line',
    data: { datasets },
    options: {
      // Points arrive as {x, y} already; skipping parsing is also what decimation requires.
      parsing: false,
      // Exports render once, and the GUI appends points live: animation only costs time.
      animation: false,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      layout: { padding: 16 },
      scales: {
        x: { type: 'linear', title: axisTitle(opts.xLabel), ticks: ticks() },
        y: {
          type: opts.logY ? 'logarithmic' : 'linear',
          title: axisTitle(opts.yLabel),
          ticks: ticks(),
        },
      },
      plugins: {
        title: { display: true, text: opts.title, color: INK.title, font: { size: FONT.title, weight: 'bold' }, padding: { bottom: 16 } },
        legend: {
          display: true,
          position: legendPosition,
          labels: {
            font: { size: FONT.legend },
            color: INK.text,
            usePointStyle: true,
            pointStyleWidth: 48,
            generateLabels: lineSampleLabels,
          },
        },
        // Per-iteration curves run to tens of thousands of points; LTTB keeps their shape
        // while drawing about one point per pixel column.
        decimation: { enabled: true, algorithm: 'lttb' },
      },
    },
  };
}
