/** Nested config objects → dotted keys, for tables of settings (`train.lr` → 0.01). Arrays stay values. */
export function dottedEntries(obj: unknown, prefix = ''): [string, unknown][] {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return [[prefix, obj]];
  const out: [string, unknown][] = [];
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) out.push(...dottedEntries(v, key));
    else out.push([key, v]);
  }
  return out;
}
