/** Mapping errors to the CLI's exit codes: bad input is 2, everything else 1. */
import { concurrencyProblem } from '../sweep/limits';

export const EXIT = { ok: 0, runFailed: 1, badInput: 2 } as const;

/** Error codes that mean "what you gave me is wrong", not "something broke". */
const BAD_INPUT = new Set(['BAD_CONFIG', 'BAD_DATA', 'BAD_INPUT', 'NOT_FOUND']);

export class UsageError extends Error {
  readonly code = 'BAD_INPUT';
}

export function exitCodeFor(e: unknown): number {
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'string' && BAD_INPUT.has(code) ? EXIT.badInput : EXIT.runFailed;
}

export function parsePositiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag}: expected a positive integer, got "${value}"`);
  return n;
}

/** `--concurrency`: the bound every door applies (limits.ts), not a second one. */
export function parseConcurrency(value: string, flag = '--concurrency'): number {
  const n = parsePositiveInt(value, flag);
  const problem = concurrencyProblem(n);
  if (problem) throw new UsageError(`${flag}: ${problem}`);
  return n;
}

/** n of an n×n image grid: 1 to 12 (144 images is already a poster). */
export function parseGridSize(value: string, flag = '--samples'): number {
  const n = parsePositiveInt(value, flag);
  if (n > 12) throw new UsageError(`${flag}: at most 12 (a 12×12 grid), got ${n}`);
  return n;
}
