/**
 * The hard bounds on what a sweep may ask for, in one place: the config schema, the
 * CLI's flags, the API and the form all refuse with these numbers, so a config that
 * launches from one door launches from every other. Pure (the renderer imports it).
 *
 * Each bound is far above anything a person means and far below what breaks the
 * machine; what lies between (a config that fits the schema but not this machine's
 * memory) is the memory estimate's job (memoryEstimate.ts).
 */

/**
 * Trials per sweep. Every trial is a queued row and a line in the runs table; beyond
 * ten thousand nobody looks at them, and a million-point grid once filled the database
 * (a billion-point one ran V8 out of memory expanding it).
 */
export const MAX_TRIALS = 10_000;

/**
 * Trials at once. Each is its own process of ~100 MB before it holds any data, and a
 * trial computes on one core (one BLAS thread), so more lanes than cores only share
 * them: 64 covers the largest workstations while keeping the bare processes under ~6 GB.
 */
export const MAX_CONCURRENCY = 64;

/**
 * Width of a hidden layer. A 784 → 65,536 layer is already 51 M weights; the matrix
 * between two such layers is 2³² values, the most one JavaScript typed array holds
 * (a width of 10⁹ failed in the worker with "Array buffer allocation failed").
 */
export const MAX_HIDDEN_WIDTH = 65_536;

/** Points of one range in a grid: a finer grid of one parameter tells nothing more. */
export const MAX_RANGE_POINTS = 1000;

/** Hidden layers: deeper plain MLPs do not train without tricks this app does not have. */
export const MAX_HIDDEN_LAYERS = 16;

/** Rows per batch: above Fashion-MNIST's 54,000 training images, so full-batch still works. */
export const MAX_BATCH_SIZE = 100_000;

/**
 * Nesting of any config object or text. A real config is 5 levels deep
 * (`search.params["model.hidden"][0][1]`); deep nesting is never a mistake a person
 * makes, and recursive code (zod, YAML, JSON.stringify) overflows the stack on it.
 */
export const MAX_CONFIG_DEPTH = 32;

/** Bytes of a config file: a real one is a few KB; this also stops `sweeplab sweep /dev/zero`. */
export const MAX_CONFIG_BYTES = 1_000_000;

const count = (n: number) => n.toLocaleString('en-US');

/** Null when `n` trials at once is allowed, else why not (the caller names the field). */
export function concurrencyProblem(n: number): string | null {
  if (!Number.isInteger(n) || n < 1) return `must be a positive integer, got ${n}`;
  return n > MAX_CONCURRENCY ? `at most ${MAX_CONCURRENCY} trials at once, got ${count(n)}` : null;
}

/** Null when a sweep of `n` trials is allowed, else why not. */
export function trialCountProblem(n: number): string | null {
  return n > MAX_TRIALS ? `expands to ${Number.isFinite(n) ? count(n) : 'more than 10¹⁵'} trials; at most ${count(MAX_TRIALS)} per sweep` : null;
}

/**
 * Trials at once, the one rule of every door: what this launch asked for (`--concurrency`,
 * the form), else the config's, else the app's Settings, else one per core — never more
 * than MAX_CONCURRENCY. (The CLI's check before it opens the database has no Settings
 * yet; the API's check after it does, and is the one that counts.)
 */
export function chooseConcurrency(o: { requested?: number; config?: number; settings?: number | null; cores: number }): number {
  return o.requested ?? o.config ?? o.settings ?? Math.min(Math.max(1, o.cores), MAX_CONCURRENCY);
}
