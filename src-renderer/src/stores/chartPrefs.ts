/**
 * How a person likes the curve charts (smoothing, log scale, x axis, train curves),
 * shared by every view and remembered across launches in localStorage: set smoothing
 * once, and every sweep, run and comparison shows it.
 */
import { defineStore } from 'pinia';
import { reactive, watch } from 'vue';
import type { XAxisMode } from '../lib/curves';

export interface ChartPrefs {
  /** EMA weight for per-iteration curves, 0 (raw) to 0.99, when not `smoothingAuto`. */
  smoothing: number;
  /** Smoothing follows the runs' steps per epoch (autoSmoothing) until the person moves the slider. */
  smoothingAuto: boolean;
  logY: boolean;
  xAxis: XAxisMode;
  /** Per-epoch charts of a sweep: the training curve dashed next to validation. */
  showTrain: boolean;
}

export const DEFAULT_PREFS: ChartPrefs = { smoothing: 0.6, smoothingAuto: true, logY: false, xAxis: 'iteration', showTrain: false };

/** Without steps per epoch (a run that has not started), the weight a small batch needs. */
const AUTO_UNKNOWN = 0.9;

/**
 * The EMA weight whose window is about one epoch: w = 1 − 2 / (n + 1) for n steps per
 * epoch (the usual span ↔ weight relation), between 0.6 and 0.98. A batch-16 loss on
 * Iris (7 steps an epoch) gets 0.75, on Fashion-MNIST (3,000) 0.98: noise averaged over
 * an epoch's batches, trends over epochs kept.
 */
export function autoSmoothing(stepsPerEpoch: number | null | undefined): number {
  if (!(typeof stepsPerEpoch === 'number' && stepsPerEpoch > 0)) return AUTO_UNKNOWN;
  return Math.round(Math.min(0.98, Math.max(0.6, 1 - 2 / (stepsPerEpoch + 1))) * 100) / 100;
}

/** The weight the charts use: the person's, or automatic from the runs' median steps per epoch. */
export function effectiveSmoothing(prefs: Pick<ChartPrefs, 'smoothing' | 'smoothingAuto'>, stepsPerEpoch: readonly (number | null)[]): number {
  if (!prefs.smoothingAuto) return prefs.smoothing;
  const known = stepsPerEpoch.filter((n): n is number => typeof n === 'number' && n > 0).sort((a, b) => a - b);
  return autoSmoothing(known.length ? known[Math.floor(known.length / 2)] : null);
}
const KEY = 'sweeplab.chartPrefs';

function stored(): Partial<ChartPrefs> {
  try {
    const raw = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? '{}') as Partial<ChartPrefs>;
    const out: Partial<ChartPrefs> = {};
    if (typeof raw.smoothing === 'number' && raw.smoothing >= 0 && raw.smoothing < 1) out.smoothing = raw.smoothing;
    if (typeof raw.smoothingAuto === 'boolean') out.smoothingAuto = raw.smoothingAuto;
    // Stored before automatic smoothing existed: a weight someone chose is kept as theirs.
    else if (out.smoothing !== undefined && out.smoothing !== 0.6) out.smoothingAuto = false;
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
