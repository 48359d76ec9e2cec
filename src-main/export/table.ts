/**
 * The run table every report format is printed from, and the text of its cells for the
 * human-readable formats. The table keeps raw values (the CSV must not lose precision);
 * rounding happens only in `formatCell`, with the number rules of shared/format.ts. The
 * run presented as the result is shared/validationChoice.ts's.
 */
import { formatCompact, formatMetric } from '../shared/format';
import type { MetricKey, ReportRun, RunTable, RunTableCell, RunTableColumn } from './types';

const METRIC_COLUMNS: RunTableColumn[] = [
  { key: 'train_loss', header: 'train_loss', kind: 'loss', numeric: true, better: 'lower' },
  { key: 'train_acc', header: 'train_acc', kind: 'accuracy', numeric: true, better: 'higher' },
  { key: 'val_loss', header: 'val_loss', kind: 'loss', numeric: true, better: 'lower' },
  { key: 'val_acc', header: 'val_acc', kind: 'accuracy', numeric: true, better: 'higher' },
  { key: 'test_loss', header: 'test_loss', kind: 'loss', numeric: true, better: 'lower' },
  { key: 'test_acc', header: 'test_acc', kind: 'accuracy', numeric: true, better: 'higher' },
  // The curve events (analysis/curveEvents.ts) and the wall time describe a run; none is
  // "better" when smaller or larger, so none is ranked. The gap is a difference of two
  // accuracies, printed like one.
  { key: 'best_epoch', header: 'best_epoch', kind: 'epoch', numeric: true },
  { key: 'overfit_epoch', header: 'overfit_epoch', kind: 'epoch', numeric: true },
  { key: 'diverged_step', header: 'diverged_step', kind: 'step', numeric: true },
  { key: 'train_val_gap', header: 'train_val_gap', kind: 'accuracy', numeric: true },
];

const DURATION_COLUMN: RunTableColumn = { key: 'duration_s', header: 'duration_s', kind: 'duration', numeric: true };

/** Which machine trained the run: another machine's results may differ in speed or in backend details. */
const WORKER_COLUMN: RunTableColumn = { key: 'worker', header: 'worker', kind: 'worker', numeric: false };
/** The worker cell of a run this machine trained (beside runs of a queue, in a mixed sweep). */
const LOCAL_WORKER = 'this machine';

/** A finite number, or null: NaN/Infinity from a diverged run must never rank as best. */
function finite(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/**
 * A param as the table stores it. Arrays are layer sizes in practice (`[64, 32]`), which
 * read best as `64-32`; their elements keep full precision so the CSV stays exact.
 */
function paramCell(v: unknown): RunTableCell {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (Array.isArray(v) && v.every((e) => typeof e !== 'object' || e === null)) return v.map(String).join('-');
  return JSON.stringify(v);
}

/** Numbers and layer sizes (`64-32`) line up right-aligned like the metrics do. */
function isNumberLike(v: unknown): boolean {
  return v === undefined || v === null || typeof v === 'number' || (Array.isArray(v) && v.every((e) => typeof e === 'number'));
}

export function buildRunTable(runs: ReportRun[], sweptKeys: string[]): RunTable {
  const paramColumns: RunTableColumn[] = sweptKeys.map((key) => ({
    key,
    header: key,
    kind: 'param',
    numeric: runs.every((r) => isNumberLike(r.params[key])),
  }));
  // Only when some run trained elsewhere: a local sweep's tables and CSVs stay as they were.
  const onQueue = runs.some((r) => r.worker);
  const columns: RunTableColumn[] = [
    { key: 'run', header: 'run', kind: 'run', numeric: true },
    { key: 'status', header: 'status', kind: 'status', numeric: false },
    // What computed the numbers: results from different engines/backends are not always comparable.
    { key: 'backend', header: 'backend', kind: 'backend', numeric: false },
    ...(onQueue ? [WORKER_COLUMN] : []),
    ...paramColumns,
    ...METRIC_COLUMNS,
    DURATION_COLUMN,
  ];
  const rows = runs.map((r): RunTableCell[] => [
    r.id,
    r.status,
    backendCell(r),
    ...(onQueue ? [workerCell(r)] : []),
    ...sweptKeys.map((k) => paramCell(r.params[k])),
    ...METRIC_COLUMNS.map((c) => finite(r.metrics[c.key as MetricKey]) ?? nonFiniteText(r.metrics[c.key as MetricKey])),
    r.durationMs === null ? null : r.durationMs / 1000,
  ]);
  return { columns, rows, best: bestRows(columns, rows, runs) };
}

/** `tfjs/wasm`, `scratch/js-float64`, `tfjs/tensorflow GPU`; empty until the run starts. */
export function backendCell(r: ReportRun): string | null {
  if (!r.engine) return null;
  return `${r.engine}/${r.backend ?? '?'}${r.gpu ? ' GPU' : ''}`;
}

/** The worker that trained it; `this machine` for a run started here (a mixed sweep); empty until it starts. */
function workerCell(r: ReportRun): string | null {
  return r.worker ?? (r.engine ? LOCAL_WORKER : null);
}

/** A diverged loss is worth showing as `NaN`/`Infinity` rather than as an empty cell. */
function nonFiniteText(v: number | null | undefined): string | null {
  return typeof v === 'number' ? String(v) : null;
}

function bestRows(columns: RunTableColumn[], rows: RunTableCell[][], runs: ReportRun[]): Record<string, number[]> {
  const best: Record<string, number[]> = {};
  columns.forEach((col, c) => {
    if (!col.better) return;
    let bestValue: number | null = null;
    let indices: number[] = [];
    rows.forEach((row, i) => {
      // A failed or cancelled run may have a lucky early metric; it is not a result.
      const v = runs[i].status === 'completed' ? finite(row[c]) : null;
      if (v === null) return;
      const improves = bestValue === null || (col.better === 'higher' ? v > bestValue : v < bestValue);
      if (improves) {
        bestValue = v;
        indices = [i];
      } else if (v === bestValue) indices.push(i);
    });
    if (indices.length > 0) best[col.key] = indices;
  });
  return best;
}

export function isBest(table: RunTable, rowIndex: number, columnKey: string): boolean {
  return table.best[columnKey]?.includes(rowIndex) ?? false;
}

/** Display text of one cell for the human-readable formats (Markdown, LaTeX). */
export function formatCell(column: RunTableColumn, value: RunTableCell, digits = 4): string {
  if (value === null) return '';
  if (typeof value !== 'number') return String(value);
  switch (column.kind) {
    case 'loss':
    case 'accuracy':
      return formatMetric(value, digits);
    case 'duration':
      return value.toFixed(1);
    default:
      return formatCompact(value);
  }
}

/**
 * The table with only `keys`, in that order (what a person left visible in the GUI);
 * the best marks follow their columns. Throws a RangeError naming an unknown key.
 */
export function pickColumns(table: RunTable, keys: readonly string[]): RunTable {
  const index = new Map(table.columns.map((c, i) => [c.key, i]));
  const unknown = keys.find((k) => !index.has(k));
  if (unknown !== undefined) throw new RangeError(`"${unknown}" is not a column of this table (${table.columns.map((c) => c.key).join(', ')})`);
  const picked = [...new Set(keys)].map((k) => index.get(k)!);
  return {
    columns: picked.map((i) => table.columns[i]),
    rows: table.rows.map((row) => picked.map((i) => row[i])),
    best: Object.fromEntries(Object.entries(table.best).filter(([k]) => keys.includes(k))),
  };
}
