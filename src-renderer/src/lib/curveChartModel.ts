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
import { buildDatasets, buildOptions, type ChartLook, type ChartTheme, type CurveDataset, type SeriesSpec } from './chartConfig';
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

  /** The `metrics` calls that fetch the history of `specs`: one per key. */
  historyRequests(specs: readonly SeriesSpec[] = this.specs): HistoryRequest[] {
    const byKey = new Map<string, number[]>();
    for (const s of specs) byKey.set(s.key, [...(byKey.get(s.key) ?? []), s.runId]);
    return [...byKey].map(([key, runIds]) => ({ key, runIds }));
  }

  /** History from the server, merged by step with what the curves hold (live points included). */
  addHistory(series: readonly MetricSeries[]): void {
    for (const h of series) {
      for (const spec of this.specs) {
        const curve = spec.runId === h.runId && spec.key === h.key ? this.curves.get(spec.id) : undefined;
        if (!curve) continue;
        curve.add(h.steps, h.values, h.times);
        this.catchUp(spec);
        this.stale = true;
      }
    }
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
    return rebuild ? 'rebuild' : 'update';
  }

  datasets(): CurveDataset[] {
    return buildDatasets(this.specs, this.curves, this.look);
  }

  options(theme: ChartTheme, target: 'screen' | 'export', width?: number): ChartOptions<'line'> {
    return buildOptions(this.look, this.specs, theme, target, width);
  }

  /** Points drawn, raw and smoothed: what the chart's `data-points` reports. */
  pointCount(): number {
    const smoothed = this.look.kind === 'iteration' && this.look.smoothing > 0;
    let n = 0;
    for (const s of this.specs) {
      const curve = this.curves.get(s.id);
      if (curve) n += curve.points.length + (smoothed ? curve.smooth.length : 0);
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
