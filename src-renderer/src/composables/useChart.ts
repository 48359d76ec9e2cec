/**
 * A Chart.js chart on a <canvas> ref, made on the first config and updated in place when
 * `config()` changes (a new chart only for a new canvas or another chart type: making one
 * reads the page's styles, which costs a large page tens of ms), destroyed with the
 * component. For live charts that append points, mutate `chart.value.data` and call
 * `chart.value.update('none')` instead of returning a new config.
 */
import type { Chart, ChartConfiguration } from 'chart.js';
import { onBeforeUnmount, ref, shallowRef, watch, type Ref } from 'vue';
import { setupCharts } from '../lib/chartSetup';

export function useChart(canvas: Ref<HTMLCanvasElement | null>, config: () => ChartConfiguration | null) {
  const chart = shallowRef<Chart | null>(null);
  const error = ref<string | null>(null);

  function destroy(): void {
    chart.value?.destroy();
    chart.value = null;
  }

  watch(
    [canvas, config],
    ([el, cfg]) => {
      const c = chart.value;
      if (c && el && cfg && c.canvas === el && (c.config as { type?: string }).type === cfg.type) {
        try {
          c.data = cfg.data;
          c.options = cfg.options ?? {};
          c.update('none');
          error.value = null;
          return;
        } catch {
          // fall through: a fresh chart
        }
      }
      destroy();
      if (!el || !cfg) return;
      // Chart.js only logs when there is no context (an old GPU driver, a test DOM): say so instead of a blank box.
      if (!el.getContext('2d')) return void (error.value = 'Could not draw the chart: this browser has no canvas 2D context.');
      try {
        const ChartJs = setupCharts();
        chart.value = new ChartJs(el, cfg);
        error.value = null;
      } catch (err) {
        error.value = `Could not draw the chart: ${(err as Error).message}`;
      }
    },
    { flush: 'post' },
  );
  onBeforeUnmount(destroy);
  return { chart, error };
}
