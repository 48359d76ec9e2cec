/**
 * A live curve chart on a <canvas>: history from the `metrics` call (in batches of at
 * most 100 runs, downsampled by the server to the runs' share of a point budget), then
 * points from the live store appended as they arrive, into the same Chart.js chart.
 * What to show and what each draw must do is CurveChartModel's; this composable wires
 * it to the API, the events, the theme and the canvas, and paces the draws: a control
 * someone changed draws on the next frame, live points at most every THROTTLE_MS (one
 * `update('none')` for however many events came meanwhile). The hovered run is drawn by
 * a plugin on a redraw, never an update; past BULK_MIN_SERIES lines the lines are too
 * (curvePlugins.ts). Exports: PNG (legend below the plot past 12 runs) and SVG.
 */
import type { Chart } from 'chart.js';
import { computed, onBeforeUnmount, ref, shallowRef, watch, type Ref } from 'vue';
import { useApi, useConnection } from '../api/client';
import { EXPORT_THEME, LEGEND_MAX_SERIES, screenTheme, xLabelOf, type ChartLook, type ChartTheme, type CurveDataset, type SeriesSpec } from '../lib/chartConfig';
import { DatasetReuse } from '../lib/chartJsInternals';
import { chartToPng } from '../lib/chartPng';
import { setupCharts } from '../lib/chartSetup';
import { CurveChartModel, historyPointsPerRun, type HistoryRequest } from '../lib/curveChartModel';
import type { ChartPoint } from '../lib/curves';
import type { RobustRange } from '../lib/robustRange';
import { nearestRun } from '../lib/bulkCurves';
import { bulkCurvesPlugin, highlightPlugin, type BulkSource } from '../lib/curvePlugins';
import { chartSvg, curveStyle, legendBelowPlugin, legendLayout, type ApiError, type LegendEntry } from '../shared';
import { useLiveStore } from '../stores/live';
import { useApiEvent } from './useApiEvent';

/** At most this often a chart redraws for live points: ~4 frames a second. */
export const THROTTLE_MS = 250;

export interface CurveChartSource {
  series: () => readonly SeriesSpec[];
  look: () => ChartLook;
  /** History points per run; default: historyPointsPerRun (fewer the more runs are drawn). */
  maxPoints?: number;
  /** The run highlighted (its curve thick, the others faded): the one under the pointer here or in a table. */
  hovered?: () => number | null;
  /** The pointer moved onto a run's curve (null: off every curve). */
  onHover?: (runId: number | null) => void;
}

/** The export's plot size in CSS pixels (the PNG is 2×); a long legend adds to the height. */
const EXPORT_SIZE = { width: 960, height: 540 } as const;
const EXPORT_LEGEND_FONT = 11;
const EPOCH_DASH = [10, 6];

/** Legend entries of the series drawn: colour and dash as the lines have them. */
export function legendEntries(specs: readonly SeriesSpec[]): LegendEntry[] {
  return specs.map((s) => ({ label: s.label, color: curveStyle(s.colorIndex).color, dash: s.dashed ? EPOCH_DASH : curveStyle(s.colorIndex).dash }));
}

export function useCurveChart(canvas: Ref<HTMLCanvasElement | null>, src: CurveChartSource) {
  const api = useApi();
  const model = new CurveChartModel(src.look(), useLiveStore());
  const reuse = new DatasetReuse();
  const chart = shallowRef<Chart<'line', ChartPoint[]> | null>(null);
  const drawError = ref<string | null>(null);
  const loadError = ref<ApiError | null>(null);
  const pending = ref(0);
  const pointCount = ref(0);
  const seriesDrawn = ref(0);
  /** Runs whose history has arrived, of those asked for: "Loading curves: 300 of 1000 runs". */
  const progress = ref<{ done: number; total: number } | null>(null);
  /** The robust y range of the last draw (whether or not clipping is on); null: nothing to clip. */
  const clip = shallowRef<RobustRange | null>(null);
  const clipY = ref(true);
  let failed: HistoryRequest[] = [];
  let hoveredRun: number | null = null;
  /** Bumped on every draw that brings new points or datasets: the bulk layer starts again. */
  let drawVersion = 0;
  let disposed = false;
  // Pacing: a frame requested, a throttled draw pending, when the last draw was.
  let frame = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastDraw = -Infinity;

  /** Read once (getComputedStyle forces a style recalculation), again when the OS theme flips. */
  let theme: ChartTheme | null = null;
  const themeOf = () => (theme ??= screenTheme(canvas.value ?? undefined));
  const dark = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
  const onScheme = () => {
    theme = null;
    model.restyle();
    schedule(true);
  };
  dark?.addEventListener?.('change', onScheme);

  /**
   * History in batches (METRICS_RUNS_PER_REQUEST runs, one key each), one call in flight
   * per chart: each batch is drawn as it arrives, so "All" on a thousand runs shows
   * curves at once and never holds the main thread for the whole lot.
   */
  async function fetchHistory(wanted: readonly SeriesSpec[], requests = model.historyRequests(wanted)): Promise<void> {
    if (!requests.length) return;
    pending.value++;
    const total = (progress.value && pending.value > 1 ? progress.value.total : 0) + requests.reduce((n, r) => n + r.runIds.length, 0);
    progress.value = { done: progress.value && pending.value > 1 ? progress.value.done : 0, total };
    const maxPoints = src.maxPoints ?? historyPointsPerRun(new Set(model.series.map((s) => s.runId)).size);
    try {
      for (const req of requests) {
        if (disposed) return;
        // Runs dropped meanwhile (None after All) are not fetched.
        const shown = new Set(model.series.filter((s) => s.key === req.key).map((s) => s.runId));
        const runIds = req.runIds.filter((id) => shown.has(id));
        if (runIds.length) {
          const r = await api.call('metrics', { runIds, keys: [req.key], maxPoints });
          if (disposed) return;
          if (r.ok) model.addHistory(r.data);
          else {
            failed.push({ key: req.key, runIds });
            loadError.value = r.error;
          }
          schedule(true);
        }
        if (progress.value) progress.value = { ...progress.value, done: progress.value.done + req.runIds.length };
      }
      if (!failed.length) loadError.value = null;
    } finally {
      pending.value--;
      if (pending.value === 0) progress.value = null;
    }
  }

  const highlight = highlightPlugin({ hovered: () => hoveredRun, surface: () => themeOf().surface ?? '#ffffff' });
  const bulkSource = (hovered: () => number | null): BulkSource => ({
    bulk: () => model.bulk,
    lines: () => model.bulkLines(),
    hovered,
    surface: () => themeOf().surface ?? '#ffffff',
    version: () => drawVersion,
    alive: () => !disposed,
  });
  const bulk = bulkCurvesPlugin(bulkSource(() => hoveredRun), true);
  const pickRun = (x: number, y: number, c: Chart) => {
    const a = c.chartArea;
    if (!model.bulk || x < a.left || x > a.right || y < a.top || y > a.bottom) return null;
    return nearestRun(model.bulkLines(), c.scales.x.getValueForPixel(x) ?? NaN, y, c.scales.y);
  };

  const onHoverRun = src.onHover
    ? (runId: number | null) => {
        if (runId !== (src.hovered?.() ?? null)) src.onHover!(runId);
      }
    : undefined;

  function screenOptions(c: Chart<'line', ChartPoint[]> | null) {
    clip.value = model.yRange();
    model.clipY = clipY.value;
    return model.options(themeOf(), 'screen', c?.width || undefined, { onHoverRun, pickRun: model.bulk ? pickRun : undefined }, clip.value);
  }

  function create(el: HTMLCanvasElement): Chart<'line', ChartPoint[]> | null {
    if (!el.getContext('2d')) {
      drawError.value = 'Could not draw the chart: this browser has no canvas 2D context.';
      return null;
    }
    try {
      const ChartJs = setupCharts();
      chart.value = new ChartJs(el, { type: 'line', data: { datasets: [] }, options: screenOptions(null), plugins: [bulk, highlight] }) as Chart<'line', ChartPoint[]>;
      drawError.value = null;
    } catch (err) {
      drawError.value = `Could not draw the chart: ${(err as Error).message}`;
    }
    return chart.value;
  }

  function draw(): void {
    if (disposed) return;
    const c = chart.value ?? (canvas.value && create(canvas.value));
    if (!c) return;
    drawVersion++;
    if (model.prepareDraw() === 'rebuild') {
      c.data.datasets = reuse.reconcile(model.datasets());
      c.options = screenOptions(c);
    }
    try {
      c.update('none');
      drawError.value = null;
    } catch (err) {
      drawError.value = `Could not draw the chart: ${(err as Error).message}`;
    }
    pointCount.value = model.pointCount();
    seriesDrawn.value = model.seriesDrawn();
    lastDraw = Date.now();
  }

  /** Urgent (someone changed a control): next frame. Live points: throttled. */
  function schedule(urgent: boolean): void {
    if (urgent) {
      if (frame) return;
      frame = true;
      const run = () => {
        frame = false;
        draw();
      };
      if (typeof requestAnimationFrame === 'function') requestAnimationFrame(run);
      else setTimeout(run, 0);
      return;
    }
    timer ??= setTimeout(() => {
      timer = null;
      draw();
    }, Math.max(0, lastDraw + THROTTLE_MS - Date.now()));
  }

  function showSeries(next: readonly SeriesSpec[]): void {
    const added = model.setSeries(next);
    if (added.length) void fetchHistory(added);
    if (model.needsRebuild) schedule(true);
  }

  useApiEvent('run-progress', ({ progress, points }) => model.noteLive(progress.runId, points) && schedule(false));
  // Events sent while the socket was down are lost: fetch history again (merged by step).
  const { state: connection } = useConnection();
  watch(connection, (now, before) => now === 'open' && before === 'reconnecting' && model.series.length > 0 && void fetchHistory(model.series));
  watch(src.series, showSeries, { immediate: true });
  watch(
    src.look,
    (look) => {
      model.setLook(look);
      schedule(true);
    },
    { deep: true },
  );
  watch(canvas, (el) => el && schedule(true), { flush: 'post' });
  watch(clipY, () => {
    model.restyle();
    schedule(true);
  });
  if (src.hovered) {
    watch(src.hovered, (runId) => {
      hoveredRun = runId ?? null;
      // A redraw of what Chart.js holds: no update, however many curves.
      if (chart.value) chart.value.draw();
    });
  }

  onBeforeUnmount(() => {
    disposed = true;
    dark?.removeEventListener?.('change', onScheme);
    if (timer) clearTimeout(timer);
    chart.value?.destroy();
    chart.value = null;
  });

  /**
   * The chart as a PNG: the same series and look, on white, at 2×. Past LEGEND_MAX_SERIES
   * lines the legend goes below the plot, in columns, and the image grows to hold all of it.
   */
  async function toPng(): Promise<Uint8Array> {
    // Many runs: drawn by the bulk plugin, as on screen (a dataset each would take seconds).
    const datasets = model.datasets(!model.bulk).map((d) => ({ ...d, data: d.data.slice() }));
    const specs = model.legendSpecs();
    const range = clipY.value ? model.yRange() : null;
    if (specs.length <= (LEGEND_MAX_SERIES)) {
      return chartToPng({ type: 'line', data: { datasets }, options: model.options(EXPORT_THEME, 'export', undefined, {}, range) }, EXPORT_SIZE);
    }
    const layout = legendLayout(legendEntries(specs), { width: EXPORT_SIZE.width, fontSize: EXPORT_LEGEND_FONT });
    const options = model.options(EXPORT_THEME, 'export', undefined, { legendBelow: layout.height }, range);
    return chartToPng({ type: 'line', data: { datasets }, options, plugins: [bulkCurvesPlugin(bulkSource(() => null), false), legendBelowPlugin(layout, EXPORT_THEME.text)] }, { ...EXPORT_SIZE, height: EXPORT_SIZE.height + layout.height });
  }

  /** The chart as SVG (chartSvg.ts): every line as drawn, with a complete legend. */
  function toSvg(): Uint8Array {
    const look = src.look();
    const series = model.datasets(true).map((d) => {
      const style = curveStyle(model.series.find((s) => s.id === d._seriesId)?.colorIndex ?? 0);
      return {
        label: String(d.label ?? ''),
        color: d._raw ? style.color : String(d.borderColor),
        opacity: d._raw ? 0.2 : 1,
        dash: (d.borderDash as number[] | undefined) ?? [],
        width: typeof d.borderWidth === 'number' ? d.borderWidth : 1.5,
        points: d.data,
        legend: !d._raw,
      };
    });
    const svg = chartSvg(series, { title: look.title, xLabel: xLabelOf(look), yLabel: look.yLabel, logY: look.logY, yRange: clipY.value ? model.yRange() : null, ...EXPORT_SIZE });
    return new TextEncoder().encode(svg);
  }

  /** Fetches again what failed to load (after a failed batch). */
  const retry = () => {
    const again = failed;
    failed = [];
    return fetchHistory(model.series, again);
  };

  return { chart, drawError, loadError, loading: computed(() => pending.value > 0), progress, pointCount, seriesDrawn, clip, clipY, toPng, toSvg, retry };
}
