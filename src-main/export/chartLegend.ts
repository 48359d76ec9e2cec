/**
 * A legend that lists every line of an exported chart, however many: entries in as many
 * columns as the width holds, filled top to bottom then left to right (in the order
 * given: best ranked first), below the plot. The image grows to fit it, so a PNG or SVG
 * of 71 or 1,000 runs names all of them. Pure: the layout is arithmetic on an estimated
 * text width (no canvas to measure with in the SVG writer), and the Chart.js plugin that
 * draws it only uses the context it is handed, in the browser and in Node alike.
 */
import type { Plugin } from 'chart.js';

export interface LegendEntry {
  label: string;
  color: string;
  dash: readonly number[];
}

export interface LegendLayoutOptions {
  /** Width available, in the chart's CSS pixels. */
  width: number;
  fontSize?: number;
  /** Left margin of the first column. */
  left?: number;
}

export interface PlacedEntry extends LegendEntry {
  /** Top-left of the entry's row, relative to the legend's top-left. */
  x: number;
  y: number;
  /** The label, shortened with … to fit its column. */
  text: string;
}

export interface LegendLayout {
  columns: number;
  rows: number;
  columnWidth: number;
  rowHeight: number;
  /** Height of the whole legend, padding included. */
  height: number;
  sampleWidth: number;
  fontSize: number;
  entries: PlacedEntry[];
}

/** Average advance of a sans-serif character, as a fraction of the font size (digits and lower case). */
const CHAR_WIDTH = 0.56;
const MAX_COLUMN_CHARS = 48;
const PAD = 8;

/** Rough width of `text` at `fontSize` px: enough to choose columns; labels are cut to fit. */
export function textWidth(text: string, fontSize: number): number {
  return text.length * fontSize * CHAR_WIDTH;
}

export function legendLayout(items: readonly LegendEntry[], { width, fontSize = 11, left = PAD }: LegendLayoutOptions): LegendLayout {
  const sampleWidth = Math.round(fontSize * 2.2);
  const gap = Math.round(fontSize * 0.6);
  const rowHeight = Math.round(fontSize * 1.5);
  const usable = Math.max(40, width - 2 * left);
  const longest = Math.min(MAX_COLUMN_CHARS, Math.max(1, ...items.map((e) => e.label.length)));
  const wanted = sampleWidth + gap + textWidth('x'.repeat(longest), fontSize) + 2 * gap;
  const columns = Math.max(1, Math.min(items.length || 1, Math.floor(usable / wanted)));
  const columnWidth = usable / columns;
  const rows = Math.ceil(items.length / columns);
  const maxChars = Math.max(4, Math.floor((columnWidth - sampleWidth - 3 * gap) / (fontSize * CHAR_WIDTH)));
  const entries = items.map((e, i) => ({
    ...e,
    x: left + Math.floor(i / rows) * columnWidth,
    y: PAD + (i % rows) * rowHeight,
    text: e.label.length > maxChars ? `${e.label.slice(0, maxChars - 1)}…` : e.label,
  }));
  return { columns, rows, columnWidth, rowHeight, height: items.length ? rows * rowHeight + 2 * PAD : 0, sampleWidth, fontSize, entries };
}

/**
 * Draws `layout` in the bottom `layout.height` pixels of the chart (the config reserves
 * them with `layout.padding.bottom`). `ink`: the label colour.
 */
export function legendBelowPlugin(layout: LegendLayout, ink = '#333333', fontFamily = 'sans-serif'): Plugin {
  return {
    id: 'sweeplabLegendBelow',
    afterDraw(chart) {
      const { ctx } = chart;
      const top = chart.height - layout.height;
      const gap = Math.round(layout.fontSize * 0.6);
      ctx.save();
      ctx.font = `${layout.fontSize}px ${fontFamily}`;
      ctx.textBaseline = 'middle';
      ctx.fillStyle = ink;
      for (const e of layout.entries) {
        const mid = top + e.y + layout.rowHeight / 2;
        ctx.strokeStyle = e.color;
        ctx.lineWidth = 3;
        ctx.setLineDash([...e.dash]);
        ctx.beginPath();
        ctx.moveTo(e.x, mid);
        ctx.lineTo(e.x + layout.sampleWidth, mid);
        ctx.stroke();
        ctx.fillText(e.text, e.x + layout.sampleWidth + gap, mid);
      }
      ctx.restore();
    },
  };
}
