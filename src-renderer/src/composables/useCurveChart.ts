/**
 * A live curve chart on a <canvas>: history from the `metrics` call (downsampled by the
 * server), then points from the live store appended as they arrive, into the same
 * Chart.js chart: datasets are the curves' own arrays, so a live batch costs a push and
 * one `update('none')`, throttled to THROTTLE_MS. Only structural changes (series shown
 * or hidden, x axis, smoothing, a history merge) rebuild the datasets, never the chart.
 *
 * Per event the work is O(new points): a run's buffer is read from the first step after
 * the curve's last one (binary search), and steps already held are skipped (dedupe by
 * step), so history and live points never double up.
 */
import type { Chart } from 'chart.js';
import { computed, onBeforeUnmount, ref, shallowRef, watch, type Ref } from 'vue';
import { useApi, useConnection } from '../api/client';
import { EXPORT_THEME, buildDatasets, buildOptions, datasetKey, screenTheme, type ChartLook, type ChartTheme, type CurveDataset, type SeriesSpec } from '../lib/chartConfig';
import { chartToPng } from '../lib/chartPng';
import { setupCharts } from '../lib/chartSetup';
import { Curve, type ChartPoint } from '../lib/curves';
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

const signature = (s: SeriesSpec) => `${s.id}|${s.label}|${s.colorIndex}|${s.dashed ? 1 : 0}`;

export function useCurveChart(canvas: Ref<HTMLCanvasElement | null>, src: CurveChartSource) {
  const api = useApi();
  const live = useLiveStore();
  const chart = shallowRef<Chart<'line', ChartPoint[]> | null>(null);
  const drawError = ref<string | null>(null);
  const loadError = ref<ApiError | null>(null);
  const pending = ref(0);
  const pointCount = ref(0);
  const curves = new Map<string, Curve>();
  /** The datasets handed to Chart.js, kept across rebuilds (see `reconcile`). */
  let shown = new Map<string, CurveDataset>();
  /** Read once (getComputedStyle forces a style recalculation), again when the OS theme flips. */
  let theme: ChartTheme | null = null;
  const themeOf = () => (theme ??= screenTheme(canvas.value ?? undefined));
  const dark = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
  const onScheme = () => {
    theme = null;
    structural = true;
    schedule(true);
  };
  dark?.addEventListener?.('change', onScheme);
  let specs: readonly SeriesSpec[] = [];
  let specSig = '';
  let structural = true;
  const dirtyRuns = new Set<number>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let frame = false;
  let lastDraw = -Infinity;
  let disposed = false;

  const curveMode = (look: ChartLook) => (look.kind === 'iteration' ? look.xAxis : 'iteration');
  const curveSmoothing = (look: ChartLook) => (look.kind === 'iteration' ? look.smoothing : 0);

  function ingestLive(spec: SeriesSpec, curve: Curve): void {
    const buf = live.series(spec.runId, spec.key);
    if (!buf || buf.lastStep <= curve.lastStep) return;
    if (curve.add(buf.steps, buf.values, buf.times, buf.indexAfter(curve.lastStep)) === 'rebuilt') structural = true;
  }

  async function fetchHistory(wanted: readonly SeriesSpec[]): Promise<void> {
    const byKey = new Map<string, number[]>();
    for (const s of wanted) byKey.set(s.key, [...(byKey.get(s.key) ?? []), s.runId]);
    pending.value++;
    try {
      const results = await Promise.all([...byKey].map(([key, runIds]) => api.call('metrics', { runIds, keys: [key], maxPoints: src.maxPoints ?? HISTORY_POINTS })));
      if (disposed) return;
      const failed = results.find((r) => !r.ok);
      loadError.value = failed && !failed.ok ? failed.error : null;
      for (const r of results) {
        if (!r.ok) continue;
        for (const series of r.data) {
          for (const spec of specs) {
            if (spec.runId !== series.runId || spec.key !== series.key) continue;
            const curve = curves.get(spec.id);
            if (!curve) continue;
            if (curve.add(series.steps, series.values, series.times) === 'rebuilt') structural = true;
            ingestLive(spec, curve);
            structural = true;
          }
        }
      }
    } finally {
      pending.value--;
    }
    schedule(true);
  }

  function sync(next: readonly SeriesSpec[]): void {
    const look = src.look();
    const ids = new Set(next.map((s) => s.id));
    for (const id of [...curves.keys()]) if (!ids.has(id)) curves.delete(id);
    const missing: SeriesSpec[] = [];
    for (const s of next) {
      const curve = curves.get(s.id);
      if (curve) {
        if (curve.setMeta(s.meta)) structural = true;
        continue;
      }
      const created = new Curve(s.meta, curveMode(look), curveSmoothing(look));
      curves.set(s.id, created);
      missing.push(s);
    }
    specs = next;
    const sig = next.map(signature).join(',');
    if (sig !== specSig) [specSig, structural] = [sig, true];
    for (const s of missing) ingestLive(s, curves.get(s.id)!);
    if (missing.length) void fetchHistory(missing);
    if (structural) schedule(true);
  }

  function applyLook(look: ChartLook): void {
    for (const c of curves.values()) {
      c.setMode(curveMode(look));
      c.setSmoothing(curveSmoothing(look));
    }
    structural = true;
    schedule(true);
  }

  function create(): Chart<'line', ChartPoint[]> | null {
    const el = canvas.value;
    if (!el) return null;
    if (!el.getContext('2d')) {
      drawError.value = 'Could not draw the chart: this browser has no canvas 2D context.';
      return null;
    }
    try {
      const ChartJs = setupCharts();
      chart.value = new ChartJs(el, { type: 'line', data: { datasets: [] }, options: buildOptions(src.look(), specs, themeOf(), 'screen') }) as Chart<'line', ChartPoint[]>;
      drawError.value = null;
    } catch (err) {
      drawError.value = `Could not draw the chart: ${(err as Error).message}`;
    }
    return chart.value;
  }

  function draw(): void {
    if (disposed) return;
    for (const runId of dirtyRuns) for (const s of specs) if (s.runId === runId && curves.has(s.id)) ingestLive(s, curves.get(s.id)!);
    dirtyRuns.clear();
    const c = chart.value ?? create();
    if (!c) return;
    const look = src.look();
    if (structural) {
      c.data.datasets = reconcile(buildDatasets(specs, curves, look));
      c.options = buildOptions(look, specs, themeOf(), 'screen', c.width || undefined);
      structural = false;
    }
    try {
      c.update('none');
      drawError.value = null;
    } catch (err) {
      drawError.value = `Could not draw the chart: ${(err as Error).message}`;
    }
    let n = 0;
    const smoothed = look.kind === 'iteration' && look.smoothing > 0;
    for (const s of specs) {
      const curve = curves.get(s.id);
      if (curve) n += curve.points.length + (smoothed ? curve.smooth.length : 0);
    }
    pointCount.value = n;
    lastDraw = Date.now();
  }

  /**
   * Datasets that draw the same line in the same style as before keep their object, with
   * the new points bound: Chart.js keys its per-dataset state (controller, elements) on
   * the object, so a smoothing or axis change re-uses it instead of building every point
   * element anew. A changed style gets a fresh object: Chart.js caches point options per
   * controller and would not see the change.
   */
  function reconcile(fresh: CurveDataset[]): CurveDataset[] {
    const next = new Map<string, CurveDataset>();
    const out = fresh.map((ds) => {
      const key = datasetKey(ds);
      const old = shown.get(key);
      const reuse = old && styleOf(old) === styleOf(ds);
      // Decimation keeps the real points in `_data` behind a `data` accessor; its setter takes them.
      if (reuse) old.data = ds.data;
      next.set(key, reuse ? old : ds);
      return reuse ? old : ds;
    });
    shown = next;
    return out;
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
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      draw();
    }, Math.max(0, lastDraw + THROTTLE_MS - Date.now()));
  }

  useApiEvent('run-progress', ({ progress, points }) => {
    if (!specs.some((s) => s.runId === progress.runId && points.some((p) => p.key === s.key))) return;
    dirtyRuns.add(progress.runId);
    schedule(false);
  });

  // Events sent while the socket was down are lost: fetch history again (merged by step).
  const { state: connection } = useConnection();
  watch(connection, (now, before) => now === 'open' && before === 'reconnecting' && specs.length > 0 && void fetchHistory(specs));

  watch(src.series, sync, { immediate: true });
  watch(src.look, applyLook, { deep: true });
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
    const look = src.look();
    const datasets = buildDatasets(specs, curves, look).map((d) => ({ ...d, data: d.data.slice() }));
    return chartToPng({ type: 'line', data: { datasets }, options: buildOptions(look, specs, EXPORT_THEME, 'export') });
  }

  /** Fetches the history of every series again (after a failed load). */
  const retry = () => specs.length && fetchHistory(specs);

  return { chart, drawError, loadError, loading: computed(() => pending.value > 0), pointCount, toPng, retry };
}

/** A dataset's look: everything but its points (and what decimation adds). */
function styleOf(ds: CurveDataset): string {
  return JSON.stringify(Object.entries(ds).filter(([k]) => k !== 'data' && k !== '_data' && k !== '_decimated'));
}
