/**
 * CSV import: a file of numeric feature columns and one label column becomes a
 * LabelledTable. Every problem is reported as "<file>: line N, column M ("name"): what",
 * because the person fixing it has the file open in an editor, not our code.
 */
import { readFileSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { CsvError, parse } from 'csv-parse/sync';
import { DataError, formatCount } from './errors';
import type { LabelledTable } from './types';

export { DataError } from './errors';

export interface CsvOptions {
  /** How the file is named in messages (usually its path). */
  source: string;
  /** Label column by header name, or 0-based index; default the last column. */
  label?: string | number;
}

interface Row {
  cells: string[];
  line: number;
}

// A plain decimal number. Number() alone would also accept '', ' ', '0x1F' and 'Infinity'.
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

const isNumber = (cell: string): boolean => NUMBER.test(cell);

/** Comma unless the first line clearly uses semicolons or tabs (European spreadsheets). */
function detectDelimiter(text: string): string {
  const first = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  const count = (d: string) => first.split(d).length - 1;
  let best = ',';
  for (const d of [';', '\t']) if (count(d) > count(best)) best = d;
  return best;
}

function readRows(text: string, source: string): Row[] {
  try {
    const records = parse(text, {
      delimiter: detectDelimiter(text),
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true, // we report ragged rows ourselves, with the line
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
    // info.lines is where a record ends; a quoted cell may span lines, so count back.
    return records.map(({ record, info }) => ({
      cells: record,
      line: info.lines - record.reduce((k, c) => k + (c.split('\n').length - 1), 0),
    }));
  } catch (err) {
    if (err instanceof CsvError) {
      const line = (err as CsvError & { lines?: number }).lines;
      throw new DataError(`${source}: ${line ? `line ${line}: ` : ''}${err.message.replace(/ at line \d+/, '')}`);
    }
    throw err;
  }
}

function resolveLabelColumn(header: string[] | null, width: number, label: CsvOptions['label'], source: string): number {
  if (label === undefined) return width - 1;
  if (typeof label === 'number') {
    if (!Number.isInteger(label) || label < 0 || label >= width)
      throw new DataError(`${source}: label column index ${label} is out of range (the file has ${width} columns, 0–${width - 1})`);
    return label;
  }
  if (!header) throw new DataError(`${source}: label column "${label}" needs a header row, but the first row holds only numbers`);
  const index = header.indexOf(label.trim());
  if (index < 0) throw new DataError(`${source}: no column named "${label}"; the columns are: ${header.join(', ')}`);
  return index;
}

/**
 * The first row is a header when one of its feature cells is not a number. The label
 * column is judged separately: in a headerless file it may hold words ("setosa"), so a
 * word there only means "header" when the row below has a number in that place.
 */
function hasHeader(rows: Row[], label: CsvOptions['label']): boolean {
  if (typeof label === 'string') return true;
  const [first, second] = rows;
  const labelAt = label ?? first.cells.length - 1;
  if (first.cells.some((c, i) => i !== labelAt && !isNumber(c))) return true;
  const top = first.cells[labelAt];
  const below = second?.cells[labelAt];
  return top !== undefined && !isNumber(top) && below !== undefined && isNumber(below);
}

function describeBadNumber(cell: string): string {
  if (cell === '') return 'empty cell (every feature needs a number)';
  if (/^[+-]?nan$/i.test(cell)) return `"${cell}" is not allowed (missing values must be removed or filled in)`;
  if (/^[+-]?(inf|infinity)$/i.test(cell) || (isNumber(cell) && !Number.isFinite(Number(cell))))
    return `"${cell}" is not a finite number`;
  return `"${cell}" is not a number`;
}

/** Class names in natural order; numeric labels sort numerically and are canonicalised ("1.0" → "1"). */
function classNames(labels: string[]): { classes: string[]; canonical: (s: string) => string } {
  const numeric = labels.every(isNumber);
  const canonical = numeric ? (s: string) => String(Number(s)) : (s: string) => s;
  const unique = [...new Set(labels.map(canonical))];
  const collator = new Intl.Collator('en', { numeric: true });
  unique.sort(numeric ? (a, b) => Number(a) - Number(b) : (a, b) => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0));
  return { classes: unique, canonical };
}

export function parseLabelledCsv(text: string, opts: CsvOptions): LabelledTable {
  const { source } = opts;
  const rows = readRows(text, source);
  if (rows.length === 0) throw new DataError(`${source}: the file holds no rows`);
  const width = rows[0].cells.length;
  const header = hasHeader(rows, opts.label) ? rows[0].cells : null;
  const labelCol = resolveLabelColumn(header, width, opts.label, source);
  const data = header ? rows.slice(1) : rows;
  const names = header ?? Array.from({ length: width }, (_, i) => `column ${i + 1}`);
  const where = (line: number, col: number) => `${source}: line ${line}, column ${col + 1} ("${names[col]}")`;

  if (width < 2) throw new DataError(`${source}: no feature columns (line ${rows[0].line} has a single column; the label needs at least one feature beside it)`);
  if (data.length < 2) throw new DataError(`${source}: needs at least 2 data rows, found ${data.length}`);

  const features = width - 1;
  const x = new Float64Array(data.length * features);
  const labels: string[] = [];
  data.forEach((row, r) => {
    if (row.cells.length !== width)
      throw new DataError(`${source}: line ${row.line}: expected ${width} cells, found ${row.cells.length}`);
    let f = 0;
    row.cells.forEach((cell, c) => {
      if (c === labelCol) {
        if (cell === '') throw new DataError(`${where(row.line, c)}: empty label`);
        labels.push(cell);
        return;
      }
      const v = Number(cell);
      if (!isNumber(cell) || !Number.isFinite(v)) throw new DataError(`${where(row.line, c)}: ${describeBadNumber(cell)}`);
      x[r * features + f++] = v;
    });
  });

  const { classes, canonical } = classNames(labels);
  if (classes.length < 2)
    throw new DataError(`${source}: the label column "${names[labelCol]}" holds only one class ("${classes[0]}"); classification needs at least 2`);
  const index = new Map(classes.map((c, i) => [c, i]));
  const y = Int32Array.from(labels, (l) => index.get(canonical(l))!);
  return { features, featureNames: names.filter((_, i) => i !== labelCol), classes, x, y, n: data.length };
}

/**
 * The largest CSV Sweeplab reads. A CSV is read whole and parsed into strings (about
 * ten times its size in memory, in every worker), at ~6 MB/s on the build machine;
 * tabular sets for small MLPs are kilobytes to a few megabytes.
 */
export const MAX_CSV_BYTES = 64 * 1024 * 1024;

function readError(file: string, err: unknown): DataError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new DataError(`${file}: no such file`, 'NOT_FOUND');
  if (code === 'EISDIR') return new DataError(`${file}: is a folder, not a CSV file`);
  return new DataError(`${file}: cannot be read (${(err as Error).message})`, 'BAD_DATA', { cause: err });
}

/** Before reading: a device or a FIFO would be read forever, a huge file would fill memory. */
function checkFileSize(file: string, st: { isFile(): boolean; isDirectory(): boolean; size: number }): void {
  if (st.isDirectory()) throw new DataError(`${file}: is a folder, not a CSV file`);
  if (!st.isFile()) throw new DataError(`${file}: is not a regular file`);
  if (st.size > MAX_CSV_BYTES)
    throw new DataError(`${file}: ${formatCount(st.size)} bytes, more than the ${MAX_CSV_BYTES / 2 ** 20} MB a CSV may have (it is read whole, in every worker)`);
}

type ReadOptions = Omit<CsvOptions, 'source'> & { source?: string };

/** Reads and parses a CSV file; a missing or unreadable file is a DataError naming it. */
export async function readLabelledCsv(file: string, opts: ReadOptions = {}): Promise<LabelledTable> {
  let text: string;
  try {
    checkFileSize(file, await stat(file));
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw err instanceof DataError ? err : readError(file, err);
  }
  return parseLabelledCsv(text, { source: opts.source ?? file, label: opts.label });
}

/** readLabelledCsv for config-time checks, which run inside synchronous validation. */
export function readLabelledCsvSync(file: string, opts: ReadOptions = {}): LabelledTable {
  let text: string;
  try {
    checkFileSize(file, statSync(file));
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw err instanceof DataError ? err : readError(file, err);
  }
  return parseLabelledCsv(text, { source: opts.source ?? file, label: opts.label });
}
