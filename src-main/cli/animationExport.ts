/**
 * `sweeplab export <sweep|run:ID> --animation --out DIR [--frame N] [--lockstep]`: one
 * GIF per run that recorded frames (export/animation.ts), with --frame one PNG of that
 * frame too; with --lockstep one GIF of the runs side by side (≤ 4: narrow a sweep with
 * --filter). The target is a sweep (id or name: every run of it, or those --filter
 * keeps) or one run written `run:12`. An --out ending in .gif names the one GIF written.
 */
import path from 'node:path';
import { exportAnimations, LOCKSTEP_MAX_RUNS } from '../export/animation';
import type { CliSession } from './session';
import { filterRunIds } from './runFilter';
import { UsageError } from './errors';

/** `run:12` → 12; anything else is a sweep reference. */
export function runTarget(ref: string): number | null {
  const m = /^run:(.*)$/i.exec(ref.trim());
  if (!m) return null;
  const id = Number(m[1]);
  if (!Number.isInteger(id) || id < 1) throw new UsageError(`"${ref}": a run is written run:ID with a positive integer id, e.g. run:12`);
  return id;
}

/** `--frame N`: a frame index from 0, or `last`. */
export function parseFrameIndex(value: string): number | 'last' {
  if (value.trim().toLowerCase() === 'last') return 'last';
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--frame: expected a frame number from 0 (or "last"), got "${value}"`);
  return n;
}

export async function runAnimationExport(s: CliSession, ref: string, opts: { out: string; frame?: string; filter?: string; lockstep?: boolean }): Promise<void> {
  const frame = opts.frame === undefined ? undefined : parseFrameIndex(opts.frame);
  if (opts.lockstep && frame !== undefined) throw new UsageError('--frame: not with --lockstep (a PNG is of one run\'s frame)');
  const file = /\.gif$/i.test(opts.out) ? opts.out : undefined;
  const runId = runTarget(ref);
  if (runId !== null && opts.filter !== undefined) throw new UsageError('--filter: only for a sweep; run:ID names one run already');
  let runIds: number[];
  if (runId !== null) runIds = [(await s.call('getRun', { id: runId })).run.id];
  else {
    const sweep = await s.call('findSweep', { ref });
    runIds = opts.filter?.trim() ? await filterRunIds(s, sweep.id, opts.filter) : (await s.call('listRuns', { sweepId: sweep.id })).map((r) => r.id).sort((a, b) => a - b);
  }
  if (opts.lockstep && runIds.length > LOCKSTEP_MAX_RUNS) throw new UsageError(`--lockstep: at most ${LOCKSTEP_MAX_RUNS} runs side by side, and ${runIds.length} are chosen; narrow them with --filter, e.g. --filter "hidden=64"`);
  const written = await exportAnimations(s.call.bind(s), runIds, { dir: file ? path.dirname(file) : opts.out, file, lockstep: opts.lockstep, frame, note: (line) => process.stderr.write(`${line}\n`) });
  for (const file of written) process.stdout.write(`${file}\n`);
  if (written.length === 0) process.stderr.write('No run recorded frames: nothing written.\n');
}
