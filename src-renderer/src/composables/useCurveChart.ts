/**
 * A live curve chart on a <canvas>: history from the `metrics` call (downsampled by the
 * server), then points from the live store appended as they arrive, into the same
 * Chart.js chart. What to show and what each draw must do is CurveChartModel's; this
 * composable wires it to the API, the events, the theme and the canvas, and paces the
 * draws: a control someone changed draws on the next frame, live points at most every
 * THROTTLE_MS (one `update('none')` for however many events came meanwhile).
 */
import type { Chart } from 'chart.js';
import { computed, onBeforeUnmount, ref, shallowRef, watch, type Ref } from 'vue';
import { useApi, useConnection } from '../api/client';
import { EXPORT_THEME, screenTheme, type ChartLook, type ChartTheme, type SeriesSpec } from '../lib/chartConfig';
import { DatasetReuse } from '../lib/chartJsInternals';
import { chartToPng } from '../lib/chartPng';
import { setupCharts } from '../lib/chartSetup';
import { CurveChartModel } from '../lib/curveChartModel';
import type { ChartPoint } from '../lib/curves';
import type { ApiError } from '../shared';
import { useLiveStore } from '../stores/live';
import { useApiEvent } from './useApiEvent';

/** At most this often a chart redraws for live points: ~4 frames a second. */
export const THROTTLE_MS = 250;
/** History points per series (the server downsamples with LTTB). */
export const HISTORY_POINTS = 2000;

export interface CurveChartSource {
  series: () => readonly SeriesSpec[];
  look: () => ChartLook;
  maxPoints?: number;
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

  async function fetchHistory(wanted: readonly SeriesSpec[]): Promise<void> {
    pending.value++;
    try {
      const maxPoints = src.maxPoints ?? HISTORY_POINTS;
      const results = await Promise.all(model.historyRequests(wanted).map(({ key, runIds }) => api.call('metrics', { runIds, keys: [key], maxPoints })));
      if (disposed) return;
      const failed = results.find((r) => !r.ok);
      loadError.value = failed && !failed.ok ? failed.error : null;
      model.addHistory(results.flatMap((r) => (r.ok ? r.data : [])));
    } finally {
      pending.value--;
    }
    schedule(true);
  }

  function create(el: HTMLCanvasElement): Chart<'line', ChartPoint[]> | null {
    if (!el.getContext('2d')) {
      drawError.value = 'Could not draw the chart: this browser has no canvas 2D context.';
      return null;
    }
    try {
      const ChartJs = setupCharts();
      chart.value = new ChartJs(el, { type: 'line', data: { datasets: [] }, options: model.options(themeOf(), 'screen') }) as Chart<'line', ChartPoint[]>;
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
    if (model.prepareDraw() === 'rebuild') {
      c.data.datasets = reuse.reconcile(model.datasets());
      c.options = model.options(themeOf(), 'screen', c.width || undefined);
    }
    try {
      c.update('none');
      drawError.value = null;
    } catch (err) {
      drawError.value = `Could not draw the chart: ${(err as Error).message}`;
    }
    pointCount.value = model.pointCount();
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

  onBeforeUnmount(() => {
    disposed = true;
    dark?.removeEventListener?.('change', onScheme);
    if (timer) clearTimeout(timer);
    chart.value?.destroy();
    chart.value = null;
  });

  /** The chart as a PNG: the same series and look, on white, at 2×. */
  async function toPng(): Promise<Uint8Array> {
    const datasets = model.datasets().map((d) => ({ ...d, data: d.data.slice() }));
    return chartToPng({ type: 'line', data: { datasets }, options: model.options(EXPORT_THEME, 'export') });
  }

  /** Fetches the history of every series again (after a failed load). */
  const retry = () => model.series.length && fetchHistory(model.series);

  return { chart, drawError, loadError, loading: computed(() => pending.value > 0), pointCount, toPng, retry };
}
