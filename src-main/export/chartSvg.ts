/**
 * A line chart as an SVG document, for reports: the same series a PNG shows (colours
 * and dashes from curveStyle, every series in a legend below the plot, see chartLegend),
 * as vectors. Chart.js cannot write SVG, so this draws axes, ticks and polylines itself
 * from the series data. Pure (strings in, a string out): the GUI exports it from the
 * browser and a Node report can call it alike.
 *
 * Long series are thinned to about one point per horizontal pixel (min and max of each
 * column kept, so spikes survive); points outside `yRange` are clamped to the plot edge.
 *
 * A band (`kind: 'band'`) is a filled area between a low and a high curve, e.g. a
 * group's 95 % interval around its mean line; bands are drawn under every line.
 */
import { linearTickLabels, linearTicks, logTickLabels, logTicks } from './axisTicks';
import { legendLayout, type LegendEntry } from './chartLegend';

export interface SvgSeries {
  kind?: 'line';
  label: string;
  color: string;
  dash?: readonly number[];
  width?: number;
  /** 0–1; default 1. */
  opacity?: number;
  points: readonly { x: number; y: number }[];
  /** In the legend (default true): a faint raw twin is not. */
  legend?: boolean;
}

/** A filled area from `low` to `high`; a step where either is missing breaks the area in two. */
export interface SvgBand {
  kind: 'band';
  label: string;
  color: string;
  /** Fill opacity, 0–1; default 0.2. */
  opacity?: number;
  points: readonly { x: number; low: number | null; high: number | null }[];
  /** In the legend (default false): the band's mean line usually stands for it. */
  legend?: boolean;
}

export type SvgChartItem = SvgSeries | SvgBand;

const isBand = (s: SvgChartItem): s is SvgBand => s.kind === 'band';

export interface SvgChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  logY?: boolean;
  /** The y range drawn (a robust, clipped range); default: every finite point. */
  yRange?: { min: number; max: number } | null;
  /** Whole-number x ticks only (epochs): a two-epoch plot has no tick at epoch 1.2. */
  integerX?: boolean;
  /** Width and height of the plot part, in px; the legend adds to the height. */
  width?: number;
  height?: number;
}

const FONT = 12;
const INK = '#333333';
const GRID = '#e3e3e3';
const M = { left: 64, right: 20, top: 36, bottom: 44 } as const;

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

const num = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2));

export function chartSvg(items: readonly SvgChartItem[], opts: SvgChartOptions): string {
  const series = items.filter((s): s is SvgSeries => !isBand(s));
  const bands = items.filter(isBand);
  const width = opts.width ?? 960;
  const plotHeight = opts.height ?? 540;
  const logY = !!opts.logY;
  const ok = (p: { x: number; y: number }) => Number.isFinite(p.x) && Number.isFinite(p.y) && (!logY || p.y > 0);
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const s of series) for (const p of s.points) if (ok(p)) [x0, x1, y0, y1] = [Math.min(x0, p.x), Math.max(x1, p.x), Math.min(y0, p.y), Math.max(y1, p.y)];
  for (const b of bands) for (const p of bandPoints(b)) for (const y of [p.low, p.high]) if (ok({ x: p.x, y })) [x0, x1, y0, y1] = [Math.min(x0, p.x), Math.max(x1, p.x), Math.min(y0, y), Math.max(y1, y)];
  if (!Number.isFinite(x0)) [x0, x1, y0, y1] = [0, 1, logY ? 0.1 : 0, 1];
  if (opts.yRange) [y0, y1] = [opts.yRange.min, opts.yRange.max];
  if (x1 === x0) x1 = x0 + 1;
  if (y1 === y0) [y0, y1] = logY ? [y0 / 2, y1 * 2] : [y0 - 0.5, y1 + 0.5];

  const legend = legendLayout(
    items.filter((s) => (isBand(s) ? s.legend === true : s.legend !== false)).map((s): LegendEntry => ({ label: s.label, color: s.color, dash: isBand(s) ? [] : (s.dash ?? []) })),
    { width, fontSize: FONT },
  );
  const height = plotHeight + legend.height;
  const area = { left: M.left, top: M.top, right: width - M.right, bottom: plotHeight - M.bottom };
  const ty = (v: number) => (logY ? Math.log10(v) : v);
  const sx = (x: number) => area.left + ((x - x0) / (x1 - x0)) * (area.right - area.left);
  const sy = (y: number) => {
    const f = (ty(Math.min(y1, Math.max(y0, y))) - ty(y0)) / (ty(y1) - ty(y0));
    return area.bottom - f * (area.bottom - area.top);
  };

  const out: string[] = [];
  out.push(`<?xml version="1.0" encoding="UTF-8"?>`);
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif" font-size="${FONT}">`);
  out.push(`<title>${escapeXml(opts.title)}</title>`);
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(`<text x="${width / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold" fill="#222222">${escapeXml(opts.title)}</text>`);

  // Axes, grid and tick labels.
  const xt = linearTicks(x0, x1, 8).filter((v) => !opts.integerX || Number.isInteger(v));
  const xl = linearTickLabels(xt);
  const yt = logY ? logTicks(y0, y1) : linearTicks(y0, y1, 6);
  const yl = logY ? logTickLabels(yt) : linearTickLabels(yt);
  out.push(`<g class="grid" stroke="${GRID}" stroke-width="1">`);
  for (const v of xt) out.push(`<line x1="${num(sx(v))}" y1="${area.top}" x2="${num(sx(v))}" y2="${area.bottom}"/>`);
  yt.forEach((v, i) => yl[i] && out.push(`<line x1="${area.left}" y1="${num(sy(v))}" x2="${area.right}" y2="${num(sy(v))}"/>`));
  out.push(`</g>`);
  out.push(`<g class="ticks" fill="${INK}">`);
  xt.forEach((v, i) => out.push(`<text x="${num(sx(v))}" y="${area.bottom + 16}" text-anchor="middle">${escapeXml(xl[i])}</text>`));
  yt.forEach((v, i) => yl[i] && out.push(`<text x="${area.left - 6}" y="${num(sy(v) + 4)}" text-anchor="end">${escapeXml(yl[i])}</text>`));
  out.push(`</g>`);
  out.push(`<rect x="${area.left}" y="${area.top}" width="${area.right - area.left}" height="${area.bottom - area.top}" fill="none" stroke="#999999"/>`);
  out.push(`<text x="${(area.left + area.right) / 2}" y="${plotHeight - 8}" text-anchor="middle" fill="#222222">${escapeXml(opts.xLabel)}</text>`);
  out.push(`<text transform="translate(16 ${(area.top + area.bottom) / 2}) rotate(-90)" text-anchor="middle" fill="#222222">${escapeXml(opts.yLabel)}</text>`);

  // The series, clipped to the plot area.
  out.push(`<defs><clipPath id="plot"><rect x="${area.left}" y="${area.top}" width="${area.right - area.left}" height="${area.bottom - area.top}"/></clipPath></defs>`);
  if (bands.length) {
    out.push(`<g class="bands" clip-path="url(#plot)" stroke="none">`);
    for (const b of bands) {
      const runs = bandRuns(b, ok);
      out.push(`<g data-band="${escapeXml(b.label)}" fill="${b.color}" fill-opacity="${b.opacity ?? 0.2}">`);
      for (const run of runs) {
        const upper = run.map((p) => `${num(sx(p.x))},${num(sy(p.high))}`);
        const lower = run.map((p) => `${num(sx(p.x))},${num(sy(p.low))}`).reverse();
        out.push(`<polygon points="${[...upper, ...lower].join(' ')}"/>`);
      }
      out.push(`</g>`);
    }
    out.push(`</g>`);
  }
  out.push(`<g class="series" clip-path="url(#plot)" fill="none" stroke-linejoin="round">`);
  for (const s of series) {
    const segments = thin(s.points.filter(ok), sx, area.right - area.left).map((seg) => seg.map((p) => `${num(sx(p.x))},${num(sy(p.y))}`).join(' '));
    const dash = s.dash?.length ? ` stroke-dasharray="${s.dash.join(' ')}"` : '';
    const opacity = s.opacity !== undefined && s.opacity < 1 ? ` stroke-opacity="${s.opacity}"` : '';
    out.push(`<g data-series="${escapeXml(s.label)}" stroke="${s.color}" stroke-width="${s.width ?? 1.5}"${dash}${opacity}>`);
    for (const seg of segments) if (seg) out.push(`<polyline points="${seg}"/>`);
    out.push(`</g>`);
  }
  out.push(`</g>`);

  // The legend: every series, in columns below the plot.
  out.push(`<g class="legend" transform="translate(0 ${plotHeight})" fill="${INK}">`);
  for (const e of legend.entries) {
    const mid = e.y + legend.rowHeight / 2;
    const dash = e.dash.length ? ` stroke-dasharray="${e.dash.join(' ')}"` : '';
    out.push(`<line x1="${num(e.x)}" y1="${num(mid)}" x2="${num(e.x + legend.sampleWidth)}" y2="${num(mid)}" stroke="${e.color}" stroke-width="3"${dash}/>`);
    out.push(`<text x="${num(e.x + legend.sampleWidth + 6)}" y="${num(mid + 4)}">${escapeXml(e.text)}</text>`);
  }
  out.push(`</g>`);
  out.push(`</svg>`);
  return out.join('\n');
}

type BandPoint = { x: number; low: number; high: number };

/** A band's points with both ends present. */
function bandPoints(b: SvgBand): BandPoint[] {
  return b.points.filter((p): p is BandPoint => p.low !== null && p.high !== null);
}

/**
 * Runs of consecutive drawable points, in x order: a step without both ends (a group
 * with fewer than two runs there) splits the band, and a lone point has no area.
 */
function bandRuns(b: SvgBand, drawable: (p: { x: number; y: number }) => boolean): BandPoint[][] {
  const runs: BandPoint[][] = [[]];
  for (const p of [...b.points].sort((p, q) => p.x - q.x)) {
    if (p.low !== null && p.high !== null && drawable({ x: p.x, y: p.low }) && drawable({ x: p.x, y: p.high })) runs[runs.length - 1].push(p as BandPoint);
    else if (runs[runs.length - 1].length) runs.push([]);
  }
  return runs.filter((r) => r.length >= 2);
}

/** At most two points (min and max y) per pixel column, in x order; split where x goes back. */
function thin(points: readonly { x: number; y: number }[], sx: (x: number) => number, pixels: number): { x: number; y: number }[][] {
  if (points.length <= 2 * pixels) return [points.slice()];
  const out: { x: number; y: number }[] = [];
  let col = NaN;
  let lo: { x: number; y: number } | null = null;
  let hi: { x: number; y: number } | null = null;
  const flush = () => {
    if (lo && hi) out.push(...(lo === hi ? [lo] : lo.x <= hi.x ? [lo, hi] : [hi, lo]));
  };
  for (const p of points) {
    const c = Math.floor(sx(p.x));
    if (c !== col) {
      flush();
      [col, lo, hi] = [c, p, p];
    } else {
      if (p.y < lo!.y) lo = p;
      if (p.y > hi!.y) hi = p;
    }
  }
  flush();
  return [out];
}
