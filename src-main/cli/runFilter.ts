/**
 * `--filter "val_acc>0.9 hidden=10"` for `runs` and `export`: the runs table's query
 * language (shared/runQuery.ts, the same the GUI's filter box speaks), applied to a
 * sweep's current runs through the API. A term that cannot mean anything is refused
 * here, before anything is printed or written: a script must not get a quietly wider
 * table than it asked for.
 */
import { matchesQuery, parseQuery, queryKeys, runQueryRow } from '../shared/runQuery';
import { UsageError } from './errors';
import type { CliSession } from './session';

/** The ids of the sweep's current runs that meet `filter`, in trial order. */
export async function filterRunIds(session: CliSession, sweepId: number, filter: string): Promise<number[]> {
  const [view, runs] = await Promise.all([session.call('runTable', { sweepId }), session.call('listRuns', { sweepId })]);
  const sweptKeys = view.table.columns.filter((c) => c.kind === 'param').map((c) => c.key);
  const metricKeys = [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))];
  const query = parseQuery(filter, queryKeys(sweptKeys, view.table.columns.map((c) => c.key), metricKeys));
  if (query.problems.length) throw new UsageError(`--filter: ${query.problems.map((p) => p.message).join('; ')}`);
  const cells = new Map(view.runs.map((r, i) => [r.id, Object.fromEntries(view.table.columns.map((c, j) => [c.key, view.table.rows[i][j]]))]));
  return runs.filter((r) => matchesQuery(query, runQueryRow(r, cells.get(r.id) ?? {}))).map((r) => r.id);
}
