/**
 * What one live curve chart shows, as plain data: its series (one Curve each), its look
 * (axis, smoothing, log scale), and what the next draw must do. No Vue, no Chart.js, no
 * API: useCurveChart feeds it (series and look from props, history from the `metrics`
 * call, run-progress events) and draws what it says, so its rules are tested directly.
 *
 * A draw either updates what Chart.js already holds (live points appended to the
 * curves' own arrays) or rebuilds the datasets: when the series shown, their labels or
 * colours, the look, or the curves' arrays changed (history merged, a curve thinned).
 */
import type { BoundedSeries } from './boundedSeries';
import { buildDatasets, buildOptions, RAW_TWIN_MAX_SERIES, type ChartLook, type ChartTheme, type CurveDataset, type OptionExtras, type SeriesSpec } from './chartConfig';
import { robustRange, type RobustRange } from './robustRange';
import { BULK_MIN_SERIES, bulkBounds, type BulkLine } from './bulkCurves';
import { curveStyle, METRICS_MAX_RUNS } from '../shared';
import { Curve, type XAxisMode } from './curves';
import type { ChartOptions } from 'chart.js';
import type { MetricSeries } from '../shared';

/** Where live points are read from: the live store. */
export interface LiveSeriesSource {
  series(runId: number, key: string): Readonly<BoundedSeries> | null;
}

/** One `metrics` call: the history of one key for several runs. */
export interface HistoryRequest {
  key: string;
  runIds: number[];
}

/** Runs one `metrics` call may name: the API refuses more. */
export const METRICS_RUNS_PER_REQUEST = METRICS_MAX_RUNS;
/** Points fetched per chart, all runs together: the server downsamples each run's history (LTTB) to its share. */
export const HISTORY_BUDGET = 100_000;
const HISTORY_MIN = 100;
const HISTORY_MAX = 2000;

/** History points to ask for per run when `runs` runs are drawn: 2,000 for up to 50, 100 for a thousand. */
export function historyPointsPerRun(runs: number): number {
  return Math.max(HISTORY_MIN, Math.min(HISTORY_MAX, Math.floor(HISTORY_BUDGET / Math.max(1, runs))));
}

const signature = (s: SeriesSpec) => `${s.id}|${s.label}|${s.colorIndex}|${s.dashed ? 1 : 0}`;
/** Per-epoch charts have neither an x axis choice nor smoothing. */
const modeOf = (look: ChartLook): XAxisMode => (look.kind === 'iteration' ? look.xAxis : 'iteration');
const smoothingOf = (look: ChartLook): number => (look.kind === 'iteration' ? look.smoothing : 0);

export class CurveChartModel {
  private readonly curves = new Map<string, Curve>();
  private specs: readonly SeriesSpec[] = [];
  private specSignature = '';
  /** The datasets must be rebuilt on the next draw. */
  private stale = true;
  /** Runs whose live points arrived since the last draw. */
  private readonly dirtyRuns = new Set<number>();

  constructor(
    private look: ChartLook,
    private readonly live: LiveSeriesSource,
  ) {}

  get series(): readonly SeriesSpec[] {
    return this.specs;
  }

  /** Whether the next draw rebuilds the datasets (then it should come soon, not throttled). */
  get needsRebuild(): boolean {
    return this.stale;
  }

  /**
   * Shows these series. Curves of series gone are dropped; a new one starts with what the
   * live store holds. Returns the new series: their history is to be fetched.
   */
  setSeries(next: readonly SeriesSpec[]): SeriesSpec[] {
    const ids = new Set(next.map((s) => s.id));
    for (const id of [...this.curves.keys()]) if (!ids.has(id)) this.curves.delete(id);
    const added: SeriesSpec[] = [];
    for (const s of next) {
      const curve = this.curves.get(s.id);
      if (curve) {
        if (curve.setMeta(s.meta)) this.stale = true;
        continue;
      }
      this.curves.set(s.id, new Curve(s.meta, modeOf(this.look), smoothingOf(this.look)));
      added.push(s);
    }
    this.specs = next;
    const sig = next.map(signature).join(',');
    if (sig !== this.specSignature) [this.specSignature, this.stale] = [sig, true];
    for (const s of added) this.catchUp(s);
    return added;
  }

  setLook(look: ChartLook): void {
    this.look = look;
    for (const c of this.curves.values()) {
      c.setMode(modeOf(look));
      c.setSmoothing(smoothingOf(look));
    }
    this.stale = true;
  }

  /** Restyles on the next draw (the colour theme changed). */
  restyle(): void {
    this.stale = true;
  }

  /**
   * The `metrics` calls that fetch the history of `specs`: per key, in batches of at
   * most `perRequest` runs, in the order the series are listed (best ranked first).
   */
  historyRequests(specs: readonly SeriesSpec[] = this.specs, perRequest = METRICS_RUNS_PER_REQUEST): HistoryRequest[] {
    const byKey = new Map<string, number[]>();
    for (const s of specs) {
      let ids = byKey.get(s.key);
      if (!ids) byKey.set(s.key, (ids = []));
      ids.push(s.runId);
    }
    const out: HistoryRequest[] = [];
    for (const [key, runIds] of byKey) for (let i = 0; i < runIds.length; i += perRequest) out.push({ key, runIds: runIds.slice(i, i + perRequest) });
    return out;
  }

  /** History from the server, merged by step with what the curves hold (live points included). */
  addHistory(series: readonly MetricSeries[]): void {
    const wanted = new Set(series.map((h) => `${h.runId}|${h.key}`));
    const specs = this.specs.filter((s) => wanted.has(`${s.runId}|${s.key}`));
    for (const h of series) {
      for (const spec of specs) {
        const curve = spec.runId === h.runId && spec.key === h.key ? this.curves.get(spec.id) : undefined;
        if (!curve) continue;
        curve.add(h.steps, h.values, h.times);
        this.catchUp(spec);
        this.stale = true;
      }
    }
  }

  /** Whether the y axis is clipped to a robust range (robustRange) when a run is an outlier. */
  clipY = true;

  /** The clipped y range of what is drawn now; null: every point fits. */
  yRange(): RobustRange | null {
    const smoothed = this.look.kind === 'iteration' && this.look.smoothing > 0;
    const raw = !smoothed || this.specs.length <= RAW_TWIN_MAX_SERIES;
    const byRun = new Map<number, number[]>();
    for (const s of this.specs) {
      const curve = this.curves.get(s.id);
      if (!curve) continue;
      let ys = byRun.get(s.runId);
      if (!ys) byRun.set(s.runId, (ys = []));
      if (raw) for (const p of curve.points) ys.push(p.y);
      if (smoothed) for (const p of curve.smooth) ys.push(p.y);
    }
    return robustRange([...byRun.values()], this.look.logY);
  }

  /** The series an export's legend lists, in colour order (best ranked first). */
  legendSpecs(): SeriesSpec[] {
    return this.specs.filter((s) => this.curves.has(s.id)).sort((a, b) => a.colorIndex - b.colorIndex);
  }

  /** A live batch arrived: true when this chart draws some of its points (it needs a redraw). */
  noteLive(runId: number, points: readonly { key: string }[]): boolean {
    if (!this.specs.some((s) => s.runId === runId && points.some((p) => p.key === s.key))) return false;
    this.dirtyRuns.add(runId);
    return true;
  }

  /**
   * Brings the curves of runs with new live points up to date and says what the draw
   * must do: 'rebuild' the datasets (then bind `datasets()` and `options()`), or only
   * 'update' what Chart.js holds.
   */
  prepareDraw(): 'rebuild' | 'update' {
    for (const runId of this.dirtyRuns) for (const s of this.specs) if (s.runId === runId) this.catchUp(s);
    this.dirtyRuns.clear();
    const rebuild = this.stale;
    this.stale = false;
    if (rebuild) this.lines = null;
    return rebuild ? 'rebuild' : 'update';
  }

  /** Past BULK_MIN_SERIES lines the screen chart draws them itself (bulkCurves.ts), not as datasets. */
  get bulk(): boolean {
    return this.specs.length > BULK_MIN_SERIES;
  }

  /** The Chart.js datasets: none on screen in bulk mode; `all` (exports): every line. */
  datasets(all = false): CurveDataset[] {
    return this.bulk && !all ? [] : buildDatasets(this.specs, this.curves, this.look);
  }

  private lines: BulkLine[] | null = null;

  /** The lines as the bulk plugin draws them: the smoothed curve when smoothing, in the run's colour. Cached until the next rebuild. */
  bulkLines(): BulkLine[] {
    if (this.lines) return this.lines;
    const smoothed = this.look.kind === 'iteration' && this.look.smoothing > 0;
    const out: BulkLine[] = [];
    // Best ranked first: strokeLines draws them last, on top.
    for (const s of [...this.specs].sort((a, b) => a.colorIndex - b.colorIndex)) {
      const curve = this.curves.get(s.id);
      if (!curve) continue;
      const style = curveStyle(s.colorIndex);
      out.push({ runId: s.runId, color: style.color, dash: s.dashed ? [10, 6] : style.dash, width: 1.5, points: smoothed ? curve.smooth : curve.points });
    }
    return (this.lines = out);
  }

  /** Chart.js options; with the robust y range when clipping is on (`range`: already computed). */
  options(theme: ChartTheme, target: 'screen' | 'export', width?: number, extras: OptionExtras = {}, range?: RobustRange | null): ChartOptions<'line'> {
    const yRange = this.clipY ? (range === undefined ? this.yRange() : range) : null;
    // Bulk mode: no datasets for Chart.js to fit its axes to, so the ranges are given.
    const bounds = this.bulk ? bulkBounds(this.bulkLines(), this.look.logY) : null;
    return buildOptions(this.look, this.specs, theme, target, width, { ...extras, yRange, bounds });
  }

  /** Series with at least one point: what the chart's `data-series` reports ("All" is shown when it reaches the runs asked for). */
  seriesDrawn(): number {
    let n = 0;
    for (const s of this.specs) if ((this.curves.get(s.id)?.points.length ?? 0) > 0) n++;
    return n;
  }

  /** Points drawn, raw and smoothed: what the chart's `data-points` reports. */
  pointCount(): number {
    const smoothed = this.look.kind === 'iteration' && this.look.smoothing > 0;
    const raw = !smoothed || this.specs.length <= RAW_TWIN_MAX_SERIES;
    let n = 0;
    for (const s of this.specs) {
      const curve = this.curves.get(s.id);
      if (curve) n += (raw ? curve.points.length : 0) + (smoothed ? curve.smooth.length : 0);
    }
    return n;
  }

  /** Reads the live buffer from the first step the curve lacks: O(new points), never O(total). */
  private catchUp(spec: SeriesSpec): void {
    const curve = this.curves.get(spec.id);
    const buf = this.live.series(spec.runId, spec.key);
    if (!curve || !buf || buf.lastStep <= curve.lastStep) return;
    if (curve.add(buf.steps, buf.values, buf.times, buf.indexAfter(curve.lastStep)) === 'rebuilt') this.stale = true;
  }
}
