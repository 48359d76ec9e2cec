/**
 * Renders a Chart.js configuration to PNG bytes in Node, on @napi-rs/canvas (Skia,
 * prebuilt, no system Cairo needed). Without a DOM Chart.js picks its BasicPlatform,
 * which draws straight onto the canvas context it is given.
 *
 * Text uses the fonts @napi-rs/canvas finds by scanning the system font folders (it
 * does not ask fontconfig). With no font at all installed, lines render but text doesn't;
 * on Debian `fonts-dejavu-core` or `fonts-liberation` is enough.
 */
import { createCanvas } from '@napi-rs/canvas';
import { Chart, registerables, type ChartConfiguration, type ChartType } from 'chart.js';
import { whiteBackground } from './chartSpecs';

export interface PngOptions {
  /** CSS pixels; the PNG is width × devicePixelRatio wide. Default 1600. */
  width?: number;
  /** Default 900. */
  height?: number;
  /** 2 gives a sharper image at the same layout (fonts and lines scale with it). Default 1. */
  devicePixelRatio?: number;
}

let registered = false;

/**
 * Chart.js's own family list ends in `sans-serif`, which @napi-rs/canvas resolves by its
 * own rules (an unknown family falls back to a serif face). Naming the Linux
 * faces before it keeps exports sans-serif: Liberation Sans has Arial's metrics, so the
 * layout matches the browser's; DejaVu Sans is on almost every Debian system.
 */
const FONT_FAMILY = "'Helvetica Neue', Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif";

/**
 * Chart.register and Chart.defaults are global to the process; set them once, on first
 * use, not on import. In Node nothing but this exporter draws with Chart.js.
 */
function ensureRegistered(): void {
  if (registered) return;
  Chart.register(...registerables);
  Chart.defaults.font.family = FONT_FAMILY;
  registered = true;
}

export async function renderChartPng<T extends ChartType>(
  config: ChartConfiguration<T>,
  { width = 1600, height = 900, devicePixelRatio = 1 }: PngOptions = {},
): Promise<Buffer> {
  for (const [name, v] of Object.entries({ width, height, devicePixelRatio })) {
    if (!(Number.isFinite(v) && v > 0)) throw new RangeError(`renderChartPng: ${name} must be a positive number, got ${v}`);
  }
  ensureRegistered();
  // The canvas is CSS-sized; Chart.js scales its backing store by devicePixelRatio itself.
  const canvas = createCanvas(Math.round(width), Math.round(height));
  // Chart.js decorates what it renders while it holds it (decimation swaps a dataset's
  // `data`, arrays get change listeners), and the overrides below are ours, not the
  // caller's: render a copy, so one config can be exported and shown on screen at once.
  const own = {
    ...config,
    data: { ...config.data, datasets: config.data.datasets.map((d) => ({ ...d })) },
    options: { ...config.options, responsive: false, animation: false, devicePixelRatio },
    plugins: [...(config.plugins ?? []), whiteBackground],
  } as ChartConfiguration<T>;
  // BasicPlatform only uses the 2D context's drawing calls, which the Skia context has;
  // the cast is needed because Chart.js types it as the DOM's context.
  const chart = new Chart(canvas.getContext('2d') as unknown as ConstructorParameters<typeof Chart>[0], own);
  try {
    return await canvas.encode('png');
  } finally {
    chart.destroy();
  }
}
