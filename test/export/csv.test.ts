import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../src-main/export/csv';
import { buildRunTable } from '../../src-main/export/table';
import { SWEPT, sweepRuns } from './fixtures';

const NASTY = 'iris, "v2"\nsmall';

function nastyTable() {
  const runs = sweepRuns();
  runs[0].params['dataset.name'] = NASTY;
  // Only a newline: no comma or quote forces the quotes here.
  runs[1].params['dataset.name'] = 'two\nlines';
  runs[0].metrics.val_loss = 0.1 + 0.2; // 0.30000000000000004
  runs[1].metrics.val_loss = 1 / 3;
  runs[1].params['model.shuffle'] = false;
  return buildRunTable(runs, [...SWEPT, 'dataset.name', 'model.shuffle']);
}

describe('toCsv', () => {
  const table = nastyTable();
  const csv = toCsv(table);
  const cells: string[][] = parse(csv);

  it('writes a header row and one record per run', () => {
    expect(cells[0]).toEqual(table.columns.map((c) => c.header));
    expect(cells).toHaveLength(1 + table.rows.length);
  });

  it('round-trips a value holding a comma, a quote and a newline (RFC 4180)', () => {
    const c = cells[0].indexOf('dataset.name');
    expect(cells[1][c]).toBe(NASTY);
    expect(cells[2][c]).toBe('two\nlines');
    // The quoting itself: the field in double quotes, inner quotes doubled, CRLF records.
    expect(csv).toContain('"iris, ""v2""\nsmall"');
    // csv-parse would read an unquoted bare \n back fine (it settles on CRLF), but
    // spreadsheets and pandas end the record there.
    expect(csv).toContain(',"two\nlines",');
    expect(csv.startsWith('run,status,backend,train.lr,model.hidden,')).toBe(true);
    expect(csv.split('\r\n')).toHaveLength(cells.length + 1);
  });

  it('keeps full precision and writes null as an empty cell', () => {
    const vl = cells[0].indexOf('val_loss');
    expect(cells[1][vl]).toBe('0.30000000000000004');
    expect(Number(cells[2][vl])).toBe(1 / 3);
    expect(cells[1][cells[0].indexOf('train_loss')]).toBe('0.31234567');
    expect(cells[1][cells[0].indexOf('duration_s')]).toBe('12.345');
    expect(cells[4][cells[0].indexOf('test_acc')]).toBe('');
    expect(cells[4][cells[0].indexOf('duration_s')]).toBe('');
    expect(cells[3][cells[0].indexOf('dataset.name')]).toBe('');
  });

  it('writes booleans as words and arrays as layer sizes', () => {
    expect(cells[2][cells[0].indexOf('model.shuffle')]).toBe('false');
    expect(cells[2][cells[0].indexOf('model.hidden')]).toBe('64-32');
  });
});
