/**
 * Route helpers the views share. Kept out of router.ts: the router imports every view,
 * so a view importing the router would make a cycle.
 */

/** `?runs=3,5,8` → [3, 5, 8]; anything that is not a positive integer is dropped. */
export function parseRunIds(value: unknown): number[] {
  const text = Array.isArray(value) ? value.join(',') : typeof value === 'string' ? value : '';
  const ids = text.split(',').map((s) => Number(s.trim())).filter((n) => Number.isInteger(n) && n > 0);
  return [...new Set(ids)];
}

export const compareLink = (runIds: readonly number[]) => ({ name: 'compare', query: { runs: runIds.join(',') } });
