/**
 * The Workers view's words, as pure functions: how long ago a heartbeat was, and a
 * worker's capacity and capabilities in a line each. Tested without a DOM.
 */
import type { WorkerView } from '../shared';
import { formatBytes } from './format';

/** `just now`, `3 s ago`, `2 min ago`; `unknown` for a worker too old to send its heartbeat time. */
export function heartbeatText(lastSeen: number | null, now: number): string {
  if (lastSeen === null) return 'unknown';
  const s = Math.max(0, Math.round((now - lastSeen) / 1000));
  if (s < 1) return 'just now';
  if (s < 60) return `${s} s ago`;
  return `${Math.floor(s / 60)} min ago`;
}

/**
 * A heartbeat older than this (the announcement lives 10 s, refreshed every 3 s) means the
 * worker is about to drop out: shown as a warning before it disappears from the list.
 */
export const STALE_HEARTBEAT_MS = 7000;

export function isStale(w: Pick<WorkerView, 'lastSeen'>, now: number): boolean {
  return w.lastSeen !== null && now - w.lastSeen > STALE_HEARTBEAT_MS;
}

/** `8 cores · 31 GB · 4 trials at once` (the memory left out for a worker too old to say). */
export function capacityText(w: Pick<WorkerView, 'cores' | 'concurrency' | 'memory'>): string {
  const memory = w.memory ? ` · ${formatBytes(w.memory.total)}` : '';
  return `${w.cores} core${w.cores === 1 ? '' : 's'}${memory} · ${w.concurrency} trial${w.concurrency === 1 ? '' : 's'} at once`;
}

/**
 * The backends beyond the ones every worker has, which are what tells machines apart:
 * `scratch/native`, `tfjs/tensorflow`; `js and wasm only` when it has none of those.
 */
export function backendsText(backends: readonly string[]): string {
  const special = backends.filter((b) => b === 'scratch/native' || b === 'tfjs/tensorflow');
  return special.length ? special.join(', ') : 'js and wasm only';
}

/** The data sets it can load; `csv` (any file the coordinator sends it: cluster/dataFiles.ts) goes last, in words. */
export function datasetsText(datasets: readonly string[]): string {
  const named = datasets.filter((d) => d !== 'csv');
  return [...named, ...(datasets.includes('csv') ? ['CSV files'] : [])].join(', ') || 'none';
}
