/**
 * The sweep view's comparison table as data: the same columns, cells and "best" marks
 * as the exported tables (buildRunTable), the run chosen on validation (chooseBestRun,
 * never on test), and the sorting, filtering and default chart selection the GUI adds.
 * Pure, so the rules are tested without a DOM.
 */
import { buildRunTable, chooseBestRun, toReportRun, type ReportRun, type RunRecord, type RunStatus, type RunTableCell, type RunTableColumn } from '../shared';
import { formatParam } from './format';

export interface TableRow {
  run: RunRecord;
  /** Cell values by column key, raw (numbers at full precision). */
  cells: Record<string, RunTableCell>;
  /** Lower-case text the filter searches: id, status, backend, `key=value` of each param, error. */
  search: string;
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
}

export function buildTableModel(runs: readonly RunRecord[], sweptKeys: readonly string[]): TableModel {
  const reports = runs.map(toReportRun);
  const table = buildRunTable(reports, [...sweptKeys]);
  const rows = runs.map((run, i): TableRow => {
    const cells: Record<string, RunTableCell> = {};
    table.columns.forEach((c, j) => (cells[c.key] = table.rows[i][j]));
    const params = sweptKeys.map((k) => {
      const v = formatParam(run.params[k]);
      return `${k}=${v} ${k.slice(k.lastIndexOf('.') + 1)}=${v}`;
    });
    const search = [`run ${run.id}`, `#${run.id}`, run.status, String(cells.backend ?? ''), ...params, run.error ?? ''].join(' ').toLowerCase();
    return { run, cells, search };
  });
  const best: Record<string, Set<number>> = {};
  for (const [key, indices] of Object.entries(table.best)) {
    // With one finished value in a column there is nothing to be best among: no mark.
    const ranked = rows.filter((r) => r.run.status === 'completed' && typeof r.cells[key] === 'number' && Number.isFinite(r.cells[key])).length;
    if (ranked >= 2) best[key] = new Set(indices.map((i) => runs[i].id));
  }
  return { columns: table.columns, rows, best, chosenId: chooseBestRun(reports)?.id ?? null };
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

const STATUS_RANK: Record<string, number> = { running: 0, queued: 1, completed: 2, failed: 3, cancelled: 4, interrupted: 5 };

function compareCells(a: RunTableCell, b: RunTableCell, key: string): number {
  if (key === 'status') return (STATUS_RANK[String(a)] ?? 9) - (STATUS_RANK[String(b)] ?? 9);
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

/** Rows whose text contains every word of `text`, with the status asked for ('all': any). */
export function filterRows(rows: readonly TableRow[], text: string, status: RunStatus | 'all'): TableRow[] {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  return rows.filter((r) => (status === 'all' || r.run.status === status) && words.every((w) => r.search.includes(w)));
}

/** Completed runs, best first on validation: higher val_acc, then lower val_loss, then lower id. */
export function rankOnValidation(runs: readonly RunRecord[]): RunRecord[] {
  const num = (v: number | null | undefined, missing: number) => (typeof v === 'number' && Number.isFinite(v) ? v : missing);
  return runs
    .filter((r) => r.status === 'completed')
    .sort((a, b) => num(b.metrics.val_acc, -Infinity) - num(a.metrics.val_acc, -Infinity) || num(a.metrics.val_loss, Infinity) - num(b.metrics.val_loss, Infinity) || a.id - b.id);
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
  const picked = rankOnValidation(runs).slice(0, SHOW_BEST).map((r) => r.id);
  for (const r of runs) if (picked.length < SHOW_BEST && r.status === 'running') picked.push(r.id);
  return picked;
}
