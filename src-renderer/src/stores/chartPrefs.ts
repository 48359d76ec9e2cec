/**
 * How a person likes the curve charts (smoothing, log scale, x axis, train curves),
 * shared by every view and remembered across launches in localStorage: set smoothing
 * once, and every sweep, run and comparison shows it.
 */
import { defineStore } from 'pinia';
import { reactive, watch } from 'vue';
import type { XAxisMode } from '../lib/curves';

export interface ChartPrefs {
  /** EMA weight for per-iteration curves, 0 (raw) to 0.99. */
  smoothing: number;
  logY: boolean;
  xAxis: XAxisMode;
  /** Per-epoch charts of a sweep: the training curve dashed next to validation. */
  showTrain: boolean;
}

export const DEFAULT_PREFS: ChartPrefs = { smoothing: 0.6, logY: false, xAxis: 'iteration', showTrain: false };
const KEY = 'sweeplab.chartPrefs';

function stored(): Partial<ChartPrefs> {
  try {
    const raw = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? '{}') as Partial<ChartPrefs>;
    const out: Partial<ChartPrefs> = {};
    if (typeof raw.smoothing === 'number' && raw.smoothing >= 0 && raw.smoothing < 1) out.smoothing = raw.smoothing;
    if (typeof raw.logY === 'boolean') out.logY = raw.logY;
    if (raw.xAxis === 'iteration' || raw.xAxis === 'epoch' || raw.xAxis === 'time') out.xAxis = raw.xAxis;
    if (typeof raw.showTrain === 'boolean') out.showTrain = raw.showTrain;
    return out;
  } catch {
    return {};
  }
}

export const useChartPrefs = defineStore('chartPrefs', () => {
  const prefs = reactive<ChartPrefs>({ ...DEFAULT_PREFS, ...stored() });
  watch(prefs, (p) => {
    try {
      globalThis.localStorage?.setItem(KEY, JSON.stringify(p));
    } catch {
      // Private mode or a full quota: the preference lasts this session only.
    }
  });
  return { prefs, reset: () => Object.assign(prefs, DEFAULT_PREFS) };
});
