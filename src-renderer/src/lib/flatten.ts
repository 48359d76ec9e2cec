/** Nested config objects → dotted keys, for tables of settings (`train.lr` → 0.01). Arrays stay values. */
export function flatten(obj: unknown, prefix = ''): [string, unknown][] {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return [[prefix, obj]];
  const out: [string, unknown][] = [];
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) out.push(...flatten(v, key));
    else out.push([key, v]);
  }
  return out;
}

/** Metrics in the order a report reads them. */
export const METRIC_ORDER = ['val_acc', 'val_loss', 'test_acc', 'test_loss', 'train_acc', 'train_loss', 'loss', 'best_epoch', 'epoch_seconds', 'peak_rss_mb'];

export function sortMetricKeys(keys: Iterable<string>): string[] {
  const rank = (k: string) => {
    const i = METRIC_ORDER.indexOf(k);
    return i < 0 ? METRIC_ORDER.length : i;
  };
  return [...keys].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

export const isAccuracy = (key: string): boolean => key.endsWith('_acc');
