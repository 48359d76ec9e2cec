import type { RunStatus } from '../shared';

/** Statuses in the order a summary lists them. */
export const RUN_STATUS_ORDER: RunStatus[] = ['running', 'queued', 'completed', 'pruned', 'failed', 'cancelled', 'interrupted'];
