/** Runs as the curve charts name, colour and place them; and file names for exports. */
import { rankColorSlots, runLabel, type RunProgress, type RunRecord } from '../shared';
import type { CurveMeta } from './curves';

/** A run shown in charts: its palette slot (its table row's swatch) and its legend text. */
export interface ChartRun {
  run: RunRecord;
  colorIndex: number;
  label: string;
}

/**
 * `runs` as the charts draw them, each in its palette slot from `slots` (colorSlots over
 * the list the runs are shown from, which the table's swatches use too).
 */
export function chartRuns(runs: readonly RunRecord[], slots: ReadonlyMap<number, number>, sweptKeys: (run: RunRecord) => readonly string[]): ChartRun[] {
  return runs.map((run) => ({ run, colorIndex: slots.get(run.id) ?? 0, label: runLabel(run, sweptKeys(run)) + statusSuffix(run) }));
}

/** The colour position of a run not in the charts: its table swatch stays empty (RunSwatch). */
export const NOT_CHARTED = -1;

/**
 * Colour positions of a sweep's runs for its charts and table: the runs in the charts
 * (`shownIds`) by rank on the objective among themselves (rankColorSlots: categorical up
 * to ten, a sequential scale past that), the others NOT_CHARTED. The compare view ranks
 * its runs by the same rule, so the runs ticked here keep their colours there.
 */
export function chartColors(runs: readonly RunRecord[], shownIds: readonly number[]): Map<number, number> {
  const shown = new Set(shownIds);
  const slots = rankColorSlots(runs.filter((r) => shown.has(r.id)));
  return new Map(runs.map((r) => [r.id, slots.get(r.id) ?? NOT_CHARTED]));
}

/**
 * A pruned curve ends early by design, not by a crash: the legend says so, with the
 * epoch it stopped at, so a short line is never read as a failed run.
 */
function statusSuffix(run: RunRecord): string {
  if (run.status !== 'pruned') return '';
  const epoch = /epoch (\d+)/.exec(run.error ?? '')?.[1];
  return epoch ? ` (pruned at epoch ${epoch})` : ' (pruned)';
}

/**
 * Steps per epoch from what the worker reported when the run started, else from live
 * progress (total steps / epochs); the start time for the wall-time axis.
 */
export function curveMeta(run: RunRecord, progress?: RunProgress | null): CurveMeta {
  const reported = run.dataset?.stepsPerEpoch;
  const fromProgress = progress && progress.epochs > 0 && progress.steps > 0 ? progress.steps / progress.epochs : null;
  return { stepsPerEpoch: typeof reported === 'number' && reported > 0 ? reported : fromProgress, startTime: run.startedAt };
}

/** A name safe on every file system: `My sweep: lr/2` → `My-sweep-lr-2`. */
export function fileSafe(name: string): string {
  return name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'sweeplab';
}
