/**
 * A stand-in for Chart.js in happy-dom (which has no canvas): records every chart
 * created, its datasets and options as the app hands them over, and each update, so
 * tests can check what the charts would draw and that live points do not rebuild them.
 */
import type { ChartDataset } from 'chart.js';
import { afterEach, beforeAll, beforeEach, vi } from 'vitest';

export class FakeChart {
  static instances: FakeChart[] = [];
  data: { datasets: (ChartDataset<'line', { x: number; y: number; step: number }[]> & { _seriesId: string; _raw?: boolean })[] };
  options: unknown;
  updates = 0;
  /** Redraws of what the chart holds, without an update (a highlight changed). */
  draws = 0;
  destroyed = false;
  private hidden = new Set<number>();

  constructor(_canvas: unknown, config: { data: FakeChart['data']; options: unknown }) {
    this.data = config.data;
    this.options = config.options;
    FakeChart.instances.push(this);
  }

  update(): void {
    this.updates++;
  }

  draw(): void {
    this.draws++;
  }

  destroy(): void {
    this.destroyed = true;
  }

  isDatasetVisible(i: number): boolean {
    return !this.hidden.has(i);
  }

  setDatasetVisibility(i: number, visible: boolean): void {
    if (visible) this.hidden.delete(i);
    else this.hidden.add(i);
  }

  /** Series ids drawn (each once, raw twins folded in). */
  seriesIds(): string[] {
    return [...new Set(this.data.datasets.map((d) => d._seriesId))];
  }

  /** The chart whose datasets draw metric `key`. */
  static withKey(key: string): FakeChart | undefined {
    return FakeChart.instances.filter((c) => !c.destroyed).find((c) => c.data.datasets.some((d) => d._seriesId.endsWith(`:${key}`)));
  }
}

/**
 * The setting of a test of live charts, registered in the calling `describe`: a 2D
 * context for the canvases (happy-dom has none; the fake chart draws nothing anyway),
 * fake timers including animation frames (the charts pace their redraws by them), and a
 * clean page and chart list after each test.
 */
export function liveChartTestSetting(): void {
  beforeAll(() => {
    HTMLCanvasElement.prototype.getContext = (() => ({})) as unknown as HTMLCanvasElement['getContext'];
  });
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'requestAnimationFrame', 'cancelAnimationFrame', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
    document.body.innerHTML = '';
    FakeChart.instances = [];
  });
}
