/**
 * checkLaunch: data files are opened and checked at config time, so a bad one is
 * refused with its name and problem before any sweep is written, and the sweep must
 * fit this machine's memory. (The CLI's side of the same checks: test/cli/badInput.)
 */
import { mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeIdx } from '../../src-main/data/idx';
import { validateConfigObject } from '../../src-main/sweep/configFile';
import { checkLaunch, type LaunchOptions } from '../../src-main/sweep/launchCheck';
import { refusal, scratchDir } from './helpers';

const { dir } = scratchDir('sweeplab-launch-');

/** No Fashion-MNIST anywhere but where a test puts it. */
const nowhere = { env: { SWEEPLAB_HOME: path.join(dir, 'home') }, systemDirs: [] };
const plenty = { total: 1e12, budget: 1e12 };

function config(over: Record<string, unknown>) {
  const raw = { name: 'l', dataset: { name: 'iris' }, model: { hidden: [8] }, train: { epochs: 1, batchSize: 16, lr: 0.1 }, ...over };
  return validateConfigObject(raw, dir).config;
}


function csvConfig(name: string, text: string) {
  writeFileSync(path.join(dir, name), text);
  return config({ dataset: { name: 'csv', path: name, label: 'label' } });
}

const opts = (over: Partial<LaunchOptions> = {}): LaunchOptions => ({ concurrency: 1, data: { ...nowhere, configDir: dir }, memory: plenty, ...over });

/** A small valid Fashion-MNIST folder; `broken` may damage one file's bytes. */
function imageFolder(name: string, n = 20, broken?: { file: string; bytes: (b: Buffer) => Buffer }): string {
  const folder = path.join(dir, name);
  mkdirSync(folder, { recursive: true });
  const images = Uint8Array.from({ length: n * 784 }, (_, i) => i % 256);
  const labels = Uint8Array.from({ length: n }, (_, i) => i % 10);
  for (const prefix of ['train', 't10k']) {
    const files = { [`${prefix}-images-idx3-ubyte.gz`]: encodeIdx([n, 28, 28], images), [`${prefix}-labels-idx1-ubyte.gz`]: encodeIdx([n], labels) };
    for (const [file, raw] of Object.entries(files)) {
      const gz = zlib.gzipSync(raw);
      writeFileSync(path.join(folder, file), broken?.file === file ? broken.bytes(gz) : gz);
    }
  }
  return folder;
}

describe('CSV files are checked at config time', () => {
  it.each([
    ['ragged.csv', 'a,b,label\n1,2,x\n3,4\n5,6,y\n', 'line 3: expected 3 cells, found 2'],
    ['text.csv', 'a,b,label\n1,2,x\n3,zz,y\n5,6,y\n', 'line 3, column 2 ("b"): "zz" is not a number'],
    ['nolabel.csv', 'a,b,label\n1,2,x\n3,4,\n5,6,y\n', 'line 3, column 3 ("label"): empty label'],
    ['onerow.csv', 'a,b,label\n1,2,x\n', 'needs at least 2 data rows, found 1'],
    ['oneclass.csv', 'a,b,label\n1,2,x\n3,4,x\n', 'the label column "label" holds only one class ("x")'],
  ])('%s is refused on dataset.path, naming the file and the place', (name, text, problem) => {
    const c = csvConfig(name, text);
    const e = refusal(() => checkLaunch(c, opts()));
    expect(e.issues).toEqual([{ path: 'dataset.path', message: expect.stringContaining(`${path.join(dir, name)}: ${problem}`) }]);
    expect(e.message.startsWith('config: dataset.path: ')).toBe(true);
  });

  it('a label column that is not there is named with the columns there are', () => {
    const c = csvConfig('nocol.csv', 'a,b,kind\n1,2,x\n3,4,y\n');
    expect(refusal(() => checkLaunch(c, opts())).message).toContain('no column named "label"; the columns are: a, b, kind');
  });

  it('a good CSV gives its shape, and a file changed since is checked again', () => {
    const rows = Array.from({ length: 20 }, (_, i) => `${i},${i * 2},${i % 2 ? 'y' : 'x'}`);
    const file = path.join(dir, 'changing.csv');
    const c = csvConfig('changing.csv', ['a,b,label', ...rows].join('\n'));
    const facts = checkLaunch(c, opts());
    expect(facts.data).toMatchObject({ source: file, features: 2, classes: 2, bytesPerValue: 8 });
    expect(facts.data.rows.train + facts.data.rows.val + facts.data.rows.test).toBe(20);
    writeFileSync(file, ['a,b,label', ...rows, '1,oops,x'].join('\n'));
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(refusal(() => checkLaunch(c, opts())).message).toContain('"oops" is not a number');
  });

  it('a CSV path that is a device or a folder is refused, not read forever', () => {
    expect(refusal(() => config({ dataset: { name: 'csv', path: '/dev/zero' } })).message).toBe('config: dataset.path: not a regular file: /dev/zero');
    expect(refusal(() => config({ dataset: { name: 'csv', path: '.' } })).message).toBe(`config: dataset.path: not a regular file: ${dir}`);
  });
});

describe('Fashion-MNIST files are checked at config time', () => {
  const fashion = () => config({ dataset: { name: 'fashion-mnist' }, train: { epochs: 1, batchSize: 8, lr: 0.1 } });

  it('a good folder named for the run is used, with its counts', () => {
    const folder = imageFolder('good');
    const facts = checkLaunch(fashion(), opts({ data: { ...nowhere, dataDir: folder, requireDataDir: true } }));
    expect(facts.data).toMatchObject({ source: folder, features: 784, classes: 10, bytesPerValue: 4, rows: { train: 18, val: 2, test: 20 } });
  });

  it('a truncated file is refused on dataset.name, naming it', () => {
    const folder = imageFolder('truncated', 20, { file: 't10k-images-idx3-ubyte.gz', bytes: (b) => b.subarray(0, b.length >> 1) });
    const e = refusal(() => checkLaunch(fashion(), opts({ data: { ...nowhere, dataDir: folder, requireDataDir: true } })));
    expect(e.issues[0].path).toBe('dataset.name');
    expect(e.issues[0].message).toContain(path.join(folder, 't10k-images-idx3-ubyte.gz'));
  });

  it('a raw file shorter than its header says is refused by size, without decoding', () => {
    const folder = imageFolder('short-raw');
    rmSync(path.join(folder, 'train-images-idx3-ubyte.gz'));
    writeFileSync(path.join(folder, 'train-images-idx3-ubyte'), encodeIdx([20, 28, 28], new Uint8Array(20 * 784)).subarray(0, 5000));
    const e = refusal(() => checkLaunch(fashion(), opts({ data: { ...nowhere, dataDir: folder, requireDataDir: true } })));
    expect(e.issues[0].message).toBe(`${path.join(folder, 'train-images-idx3-ubyte')}: the header declares 20 × 28 × 28 data (15,696 bytes in all), the file has 5,000 bytes`);
  });

  it('a label outside 0–9 is refused with its position', () => {
    const bad = zlib.gzipSync(encodeIdx([20], Uint8Array.from({ length: 20 }, (_, i) => (i === 7 ? 12 : 1))));
    const folder = imageFolder('labels', 20, { file: 'train-labels-idx1-ubyte.gz', bytes: () => bad });
    expect(refusal(() => checkLaunch(fashion(), opts({ data: { ...nowhere, dataDir: folder, requireDataDir: true } }))).message).toContain('label 12 at position 7 is not a class (0–9)');
  });

  it('a folder named for the run that lacks a file names that file, instead of using another copy', () => {
    const folder = imageFolder('partial');
    rmSync(path.join(folder, 't10k-labels-idx1-ubyte.gz'));
    const elsewhere = imageFolder('elsewhere');
    const e = refusal(() => checkLaunch(fashion(), opts({ data: { dataDir: folder, requireDataDir: true, env: {}, systemDirs: [elsewhere] }, dataDirField: '--data-dir' })));
    expect(e.issues[0].path).toBe('--data-dir');
    expect(e.issues[0].message).toContain(`no ${path.join(folder, 't10k-labels-idx1-ubyte.gz')} (nor t10k-labels-idx1-ubyte)`);
    // Not named for the run (a settings folder): one place among those searched, as before.
    expect(checkLaunch(fashion(), opts({ data: { dataDir: folder, env: {}, systemDirs: [elsewhere] } })).data.source).toBe(elsewhere);
  });

  it('with no full set anywhere, the bundled subset the trials fall back to is what is checked', () => {
    const facts = checkLaunch(fashion(), opts());
    expect(facts.data.source).toMatch(/fashion-mnist-subset$/);
    expect(facts.data.rows.test).toBe(500);
  });
});

describe('memory', () => {
  it('the largest trial times the trials at once must fit; fewer trials than lanes count as fewer', () => {
    const wide = config({ model: { hidden: [20_000, 20_000] }, search: { params: { 'train.seed': [1, 2] } } });
    const e = refusal(() => checkLaunch(wide, opts({ concurrency: 8, memory: { total: 30e9, budget: 20e9 } })));
    expect(e.issues[0].path).toBe('model.hidden');
    expect(e.message).toMatch(/2 at once \(concurrency\) need about 22\.\d GB/);
    expect(checkLaunch(wide, opts({ concurrency: 1, memory: { total: 30e9, budget: 20e9 } })).lanes).toBe(1);
  });
});
