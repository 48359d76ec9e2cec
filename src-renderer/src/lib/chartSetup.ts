/**
 * Chart.js, registered once with what the GUI draws: line charts from chartSpecs
 * (linear and log scales, legend, title, LTTB decimation), bar charts, and the scatter
 * plots of two-feature data sets.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Decimation,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Title,
  Tooltip,
} from 'chart.js';

let registered = false;

export function setupCharts(): typeof Chart {
  if (!registered) {
    Chart.register(BarController, BarElement, CategoryScale, LinearScale, LogarithmicScale, LineController, LineElement, PointElement, ScatterController, Decimation, Filler, Legend, Title, Tooltip);
    registered = true;
  }
  return Chart;
}
