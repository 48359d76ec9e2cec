import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError, MAX_CSV_BYTES, parseLabelledCsv, readLabelledCsv, readLabelledCsvSync } from '../../src-main/data/csv';

const src = 'data.csv';
const parse = (text: string, label?: string | number) => parseLabelledCsv(text, { source: src, label });

function errorOf(fn: () => unknown): DataError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).code).toBe('BAD_DATA');
    return err as DataError;
  }
  throw new Error('expected a DataError');
}

describe('parseLabelledCsv', () => {
  it('detects a header and takes the last column as the label by default', () => {
    const t = parse('a,b,kind\n1,2,x\n3,4,y\n5,6,x\n');
    expect(t.featureNames).toEqual(['a', 'b']);
    expect(t.classes).toEqual(['x', 'y']);
    expect(t.n).toBe(3);
    expect([...t.x]).toEqual([1, 2, 3, 4, 5, 6]);
    expect([...t.y]).toEqual([0, 1, 0]);
  });

  it('reads a headerless file whose labels are words (the first row is data)', () => {
    const t = parse('5.1,3.5,setosa\n7.0,3.2,versicolor\n');
    expect(t.n).toBe(2);
    expect(t.featureNames).toEqual(['column 1', 'column 2']);
    expect(t.classes).toEqual(['setosa', 'versicolor']);
  });

  it('reads a headerless all-numeric file, numeric labels sorted numerically', () => {
    const t = parse('0.5,10\n1.5,2\n2.5,1.0\n3.5,2\n');
    expect(t.n).toBe(4);
    expect(t.classes).toEqual(['1', '2', '10']);
    expect([...t.y]).toEqual([2, 1, 0, 1]);
  });

  it('treats a word over a numeric label column as a header', () => {
    const t = parse('0,1,label\n0.1,0.2,3\n0.3,0.4,7\n');
    expect(t.n).toBe(2);
    expect(t.featureNames).toEqual(['0', '1']);
  });

  it('sorts class names in natural order', () => {
    expect(parse('f,c\n1,class10\n2,class2\n3,class1\n').classes).toEqual(['class1', 'class2', 'class10']);
  });

  it('takes the label column by name or by index', () => {
    const byName = parse('kind,a,b\nx,1,2\ny,3,4\n', 'kind');
    expect(byName.featureNames).toEqual(['a', 'b']);
    expect([...byName.x]).toEqual([1, 2, 3, 4]);
    const byIndex = parse('x,1,2\ny,3,4\n', 0);
    expect(byIndex.n).toBe(2);
    expect(byIndex.classes).toEqual(['x', 'y']);
    expect([...byIndex.x]).toEqual([1, 2, 3, 4]);
  });

  it('accepts semicolon-separated files and a BOM', () => {
    const t = parse('\uFEFFa;b;k\n1;2;x\n3;4;y\n');
    expect(t.featureNames).toEqual(['a', 'b']);
  });

  it('reports a ragged row with its line and the cell counts', () => {
    const e = errorOf(() => parse('a,b,c,d,k\n1,2,3,4,x\n\n1,2,3,y\n'));
    expect(e.message).toBe('data.csv: line 4: expected 5 cells, found 4');
  });

  it('reports a non-numeric cell with line, column number and name', () => {
    const e = errorOf(() => parse('a,b,k\n1,2,x\n1,abc,y\n'));
    expect(e.message).toBe('data.csv: line 3, column 2 ("b"): "abc" is not a number');
  });

  it('reports empty, NaN and Infinity cells', () => {
    expect(errorOf(() => parse('a,b,k\n1,2,x\n,2,y\n')).message).toMatch(/^data\.csv: line 3, column 1 \("a"\): empty cell/);
    expect(errorOf(() => parse('a,b,k\n1,NaN,x\n1,2,y\n')).message).toMatch(/^data\.csv: line 2, column 2 \("b"\): "NaN" is not allowed/);
    expect(errorOf(() => parse('a,b,k\n1,2,x\n-Infinity,2,y\n')).message).toMatch(/line 3, column 1 \("a"\): "-Infinity" is not a finite number/);
    expect(errorOf(() => parse('a,b,k\n1,2,x\n1e999,2,y\n')).message).toMatch(/line 3, column 1 \("a"\): "1e999" is not a finite number/);
    expect(errorOf(() => parse('a,b,k\n1,2,x\n1,2,\n')).message).toMatch(/line 3, column 3 \("k"\): empty label/);
  });

  it('reports the line where a multi-line quoted record starts', () => {
    const e = errorOf(() => parse('a,b,k\n1,2,x\n1,"2\n3",y\n'));
    expect(e.message).toMatch(/^data\.csv: line 3, column 2 \("b"\)/);
  });

  it('refuses fewer than 2 classes, naming the label column', () => {
    expect(errorOf(() => parse('a,k\n1,x\n2,x\n')).message).toBe(
      'data.csv: the label column "k" holds only one class ("x"); classification needs at least 2',
    );
  });

  it('refuses an unknown label column and lists the columns', () => {
    expect(errorOf(() => parse('a,b,kind\n1,2,x\n3,4,y\n', 'species')).message).toBe(
      'data.csv: no column named "species"; the columns are: a, b, kind',
    );
    expect(errorOf(() => parse('a,b,kind\n1,2,x\n3,4,y\n', 3)).message).toMatch(/label column index 3 is out of range \(the file has 3 columns/);
  });

  it('refuses too few rows, no feature columns, and an unclosed quote', () => {
    expect(errorOf(() => parse('a,k\n1,x\n')).message).toBe('data.csv: needs at least 2 data rows, found 1');
    expect(errorOf(() => parse('')).message).toBe('data.csv: the file holds no rows');
    expect(errorOf(() => parse('k\nx\ny\n')).message).toMatch(/^data\.csv: no feature columns/);
    expect(errorOf(() => parse('a,k\n1,"x\n2,y\n')).message).toMatch(/^data\.csv: line \d+: Quote Not Closed/);
  });
});

describe('readLabelledCsv', () => {
  it('reads the bundled Iris file', async () => {
    const t = await readLabelledCsv(path.resolve('resources/datasets/iris.csv'));
    expect(t.n).toBe(150);
    expect(t.features).toBe(4);
    expect(t.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(t.featureNames).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
  });

  it('names a missing file, and uses the path as the source in messages', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sweeplab-csv-'));
    const missing = path.join(dir, 'nope.csv');
    await expect(readLabelledCsv(missing)).rejects.toThrow(`${missing}: no such file`);
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, 'a,k\n1,x\nz,y\n');
    await expect(readLabelledCsv(bad)).rejects.toThrow(`${bad}: line 3, column 1 ("a"): "z" is not a number`);
  });
});

describe('files that must not be read whole', () => {
  it('a device, a folder and a file over MAX_CSV_BYTES are refused before reading, async and sync alike', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sweeplab-csv-big-'));
    const huge = path.join(dir, 'huge.csv');
    writeFileSync(huge, 'a,b\n');
    truncateSync(huge, MAX_CSV_BYTES + 1); // sparse: no disk used
    for (const [file, message] of [
      ['/dev/zero', '/dev/zero: is not a regular file'],
      [dir, `${dir}: is a folder, not a CSV file`],
      [huge, `${huge}: 67,108,865 bytes, more than the 64 MB a CSV may have`],
    ]) {
      await expect(readLabelledCsv(file)).rejects.toThrow(message);
      expect(() => readLabelledCsvSync(file)).toThrow(message);
    }
  });
});
