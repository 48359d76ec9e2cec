/**
 * The runs table's filter: the shared query language (src-main/shared/runQuery.ts, also
 * the CLI's `--filter`), the status menu and the brushes drawn on the analysis views,
 * applied together to a table model's rows. Pure.
 */
import { matchesQuery, parseQuery, type ParsedQuery, type RunStatus } from '../shared';
import { passesBrushes, type Brushes } from './brush';
import { sortRows, type SortState, type TableModel, type TableRow } from './runTable';

export { matchesQuery, parseQuery, type ParsedQuery };

export interface TableFilter {
  query: string;
  status: RunStatus | 'all';
  brushes: Brushes;
}

/** The rows that pass the query, the status and every brush, plus the query's problems (shown under the box). */
export function applyFilter(model: TableModel, filter: TableFilter): { rows: TableRow[]; parsed: ParsedQuery } {
  const parsed = parseQuery(filter.query, model.keys);
  const rows = model.rows.filter(
    (r) =>
      (filter.status === 'all' || r.run.status === filter.status) &&
      matchesQuery(parsed, r.query) &&
      passesBrushes((key) => r.query.valueOf(key), filter.brushes),
  );
  return { rows, parsed };
}

/** `1 run`, `3 runs`: the count in words, everywhere a number of runs is shown. */
export function runsText(n: number): string {
  return `${n} ${n === 1 ? 'run' : 'runs'}`;
}

/** What the table shows of a sweep's view state: the filtered rows in the shown order, the query's problems, the visible columns. */
export function tableView(model: TableModel, state: TableFilter & { sort: SortState; hiddenColumns: readonly string[] }) {
  const { rows, parsed } = applyFilter(model, state);
  const hidden = new Set(state.hiddenColumns);
  return {
    rows: sortRows(rows, state.sort),
    problems: parsed.problems,
    /** `run` and `status` cannot be hidden: a row must say which run it is and how it ended. */
    columns: model.columns.filter((c) => c.key === 'run' || c.key === 'status' || !hidden.has(c.key)),
  };
}
