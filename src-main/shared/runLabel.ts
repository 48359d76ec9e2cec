/**
 * What a run is called wherever runs are listed or drawn: chart legends (GUI and
 * exported PNGs), the compare view's picker, the terminal's progress bars and reports.
 * Pure: the renderer imports it too.
 */
import { formatParamValue } from './format';

/**
 * The swept values of a run, `lr=0.01, hidden=10`. Keys shorten to their last path
 * segment, unless two swept keys would then read the same (`train.lr` vs `finetune.lr`);
 * a key the run lacks is left out.
 */
export function paramLabel(params: Record<string, unknown>, sweptKeys: readonly string[]): string {
  const short = (k: string) => k.slice(k.lastIndexOf('.') + 1);
  const counts = new Map<string, number>();
  for (const k of sweptKeys) counts.set(short(k), (counts.get(short(k)) ?? 0) + 1);
  return sweptKeys
    .filter((k) => params[k] !== undefined)
    .map((k) => `${counts.get(short(k))! > 1 ? k : short(k)}=${formatParamValue(params[k])}`)
    .join(', ');
}

/** `run 5: lr=0.01, hidden=10`, or `run 5` when nothing was swept. */
export function runLabel(run: { id: number; params: Record<string, unknown> }, sweptKeys: readonly string[]): string {
  const params = paramLabel(run.params, sweptKeys);
  return params ? `run ${run.id}: ${params}` : `run ${run.id}`;
}
