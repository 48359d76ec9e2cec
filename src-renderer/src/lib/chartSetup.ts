/**
 * Chart.js, registered once with what the GUI draws: line charts from chartSpecs
 * (linear and log scales, legend, title, LTTB decimation) and bar charts.
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
  Title,
  Tooltip,
} from 'chart.js';

let registered = false;

export function setupCharts(): typeof Chart {
  if (!registered) {
    Chart.register(BarController, BarElement, CategoryScale, LinearScale, LogarithmicScale, LineController, LineElement, PointElement, Decimation, Filler, Legend, Title, Tooltip);
    registered = true;
  }
  return Chart;
}
