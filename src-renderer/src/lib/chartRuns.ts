/** Runs as the curve charts name, colour and place them; and file names for exports. */
import { runLabel, type RunProgress, type RunRecord } from '../shared';
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
