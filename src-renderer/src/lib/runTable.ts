/**
 * The GUI's tables of runs as data: the same columns, cells and "best" marks as the
 * exported tables (buildRunTable), the run chosen on validation (the shared
 * validationChoice rule, never on test), the text of each cell, and the sorting,
 * filtering and default chart selection the sweep view adds. Used by the sweep view's
 * runs table and the compare view's results. Pure, so the rules are tested without a DOM.
 */
import { buildRunTable, chooseBestRun, formatDurationMs, formatMetric, formatParamValue, parseQuery, queryKeys, matchesQuery, rankOnValidation, runQueryRow, toReportRun, type QueryRow, type RunRecord, type RunStatus, type RunTableCell, type RunTableColumn } from '../shared';
import { formatPercent } from './format';
import { runFailure } from './runFailure';
import { RUN_STATUS_ORDER } from './statuses';

export interface TableRow {
  run: RunRecord;
  /** Cell values by column key, raw (numbers at full precision). */
  cells: Record<string, RunTableCell>;
  /** Lower-case text the filter searches: id, status (and a failure's word), backend, `key=value` of each param, error. */
  search: string;
  /** The row as the query language sees it (lib/runQuery.ts). */
  query: QueryRow;
}

export interface TableModel {
  columns: RunTableColumn[];
  rows: TableRow[];
  /**
   * Column key → ids of the runs holding its best value (completed runs only; ties all
   * marked); absent while fewer than two completed runs have a value to compare.
   */
  best: Record<string, Set<number>>;
  /** The run chosen on validation accuracy (then validation loss), never on test. */
  chosenId: number | null;
  /** Keys a query may name: the fixed columns, swept keys, table columns and every metric recorded. */
  keys: string[];
}

export function buildTableModel(runs: readonly RunRecord[], sweptKeys: readonly string[]): TableModel {
  const reports = runs.map(toReportRun);
  const table = buildRunTable(reports, [...sweptKeys]);
  const rows = runs.map((run, i): TableRow => {
    const cells: Record<string, RunTableCell> = {};
    table.columns.forEach((c, j) => (cells[c.key] = table.rows[i][j]));
    const params = sweptKeys.map((k) => {
      const v = formatParamValue(run.params[k]);
      return `${k}=${v} ${k.slice(k.lastIndexOf('.') + 1)}=${v}`;
    });
    const search = [`run ${run.id}`, `#${run.id}`, run.name ?? '', run.status, runFailure(run)?.word ?? '', String(cells.backend ?? ''), ...params, run.error ?? '', ...run.tags]
      .join(' ')
      .toLowerCase();
    return { run, cells, search, query: runQueryRow(run, cells, search) };
  });
  const best: Record<string, Set<number>> = {};
  for (const [key, indices] of Object.entries(table.best)) {
    // With one finished value in a column there is nothing to be best among: no mark.
    const ranked = rows.filter((r) => r.run.status === 'completed' && typeof r.cells[key] === 'number' && Number.isFinite(r.cells[key])).length;
    if (ranked >= 2) best[key] = new Set(indices.map((i) => runs[i].id));
  }
  const metricKeys = [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))];
  const keys = queryKeys(sweptKeys, table.columns.map((c) => c.key), metricKeys);
  return { columns: table.columns, rows, best, chosenId: chooseBestRun(reports)?.id ?? null, keys };
}

export type SortDir = 'asc' | 'desc';
export interface SortState {
  key: string;
  dir: SortDir;
}

/** The first click on a metric sorts best first: accuracies descending, losses ascending. */
export function firstDir(column: RunTableColumn): SortDir {
  return column.better === 'higher' ? 'desc' : 'asc';
}

/** Sorting by status lists runs in the order a summary does. */
const STATUS_RANK = new Map<string, number>(RUN_STATUS_ORDER.map((s, i) => [s, i]));

function compareCells(a: RunTableCell, b: RunTableCell, key: string): number {
  if (key === 'status') return (STATUS_RANK.get(String(a)) ?? 9) - (STATUS_RANK.get(String(b)) ?? 9);
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

/** Sorted copy; empty cells (and NaN) always last, whatever the direction; ties by run id. */
export function sortRows(rows: readonly TableRow[], sort: SortState): TableRow[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  const empty = (v: RunTableCell) => v === null || v === '' || (typeof v === 'number' && !Number.isFinite(v)) || v === 'NaN';
  return [...rows].sort((ra, rb) => {
    const a = ra.cells[sort.key] ?? null;
    const b = rb.cells[sort.key] ?? null;
    if (empty(a) || empty(b)) return empty(a) === empty(b) ? ra.run.id - rb.run.id : empty(a) ? 1 : -1;
    return sign * compareCells(a, b, sort.key) || ra.run.id - rb.run.id;
  });
}

/**
 * Rows meeting every term of the query `text` (lib/runQuery.ts's grammar; bad terms are
 * ignored), with the status asked for ('all': any). `keys`: what the query may name.
 */
export function filterRows(rows: readonly TableRow[], text: string, status: RunStatus | 'all', keys?: readonly string[]): TableRow[] {
  const known = keys ?? queryKeys([...new Set(rows.flatMap((r) => [...Object.keys(r.run.params), ...Object.keys(r.cells), ...Object.keys(r.run.metrics)]))]);
  const query = parseQuery(text, known);
  return rows.filter((r) => (status === 'all' || r.run.status === status) && matchesQuery(query, r.query));
}

/** Rows per page of the table: a few hundred runs stay fast to render and to scroll. */
export const PAGE_SIZE = 50;

export const SHOW_ALL_UP_TO = 20;
export const SHOW_BEST = 10;

/**
 * Which runs the charts show before anyone chooses: all of a small sweep; of a large one
 * the best SHOW_BEST on validation, topped up with running runs while few have finished.
 */
export function defaultVisible(runs: readonly RunRecord[]): number[] {
  if (runs.length <= SHOW_ALL_UP_TO) return runs.map((r) => r.id);
  const ranked = rankOnValidation(runs);
  const isRanked = new Set(ranked);
  // Completed runs without a validation accuracy (no validation split) cannot be ranked, but can be shown.
  const unranked = runs.filter((r) => r.status === 'completed' && !isRanked.has(r));
  const running = runs.filter((r) => r.status === 'running');
  return [...ranked, ...unranked, ...running].slice(0, SHOW_BEST).map((r) => r.id);
}

/**
 * A cell as the GUI shows it: accuracies as percentages, losses with the shared metric
 * format, durations in words (a running run's so far, from `now`), empty cells as "—".
 */
export function cellText(column: RunTableColumn, row: TableRow, now: number): string {
  const v = row.cells[column.key] ?? null;
  switch (column.kind) {
    case 'param':
      return formatParamValue(row.run.params[column.key]);
    case 'accuracy':
      return typeof v === 'number' ? formatPercent(v, 2) : v === null ? '—' : String(v);
    case 'loss':
      return typeof v === 'number' ? formatMetric(v) : v === null ? '—' : String(v);
    case 'duration': {
      const r = row.run;
      if (r.status === 'running' && r.startedAt) return formatDurationMs(now - r.startedAt);
      return typeof v === 'number' ? formatDurationMs(v * 1000) : '—';
    }
    default:
      return v === null ? '—' : String(v);
  }
}
