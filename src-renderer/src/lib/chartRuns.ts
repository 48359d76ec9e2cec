/** Runs as the curve charts name, colour and place them; and file names for exports. */
import { paramsLabel, type RunProgress, type RunRecord } from '../shared';
import type { CurveMeta } from './curves';

/** A run shown in charts: its stable palette slot (its row's colour) and its legend text. */
export interface ChartRun {
  run: RunRecord;
  colorIndex: number;
  label: string;
}

/** `run 5: lr=0.01, hidden=10`, as the CLI's exported plots label it. */
export function runLabel(run: RunRecord, sweptKeys: readonly string[]): string {
  const params = sweptKeys.length ? paramsLabel(run.params, [...sweptKeys]) : '';
  return params ? `run ${run.id}: ${params}` : `run ${run.id}`;
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
