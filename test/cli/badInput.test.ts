/** Bad input is refused before anything runs: exit 2, one line naming the field, no database. */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeIdx } from '../../src-main/data/idx';
import { runCli, tempDir } from './helpers';
import { tfjsNodeInstalled } from '../../src-main/engine/availability';
import { loadNativeOps as nativeOpsLoad } from '../../src-main/engine/scratch/ops/native';

const tmp = tempDir('sweeplab-bad-');
afterAll(() => tmp.cleanup());

const good = {
  name: 'bad',
  dataset: { name: 'iris', split: { train: 0.7, val: 0.1, test: 0.2 } },
  model: { hidden: [10] },
  train: { epochs: 2, batchSize: 16, lr: 0.03 },
};

describe('bad configs', () => {
  it.each([
    ['unknown key', { ...good, learningRate: 0.1 }, 'learningRate: unknown key'],
    ['lr ≤ 0', { ...good, train: { ...good.train, lr: 0 } }, 'train.lr: must be > 0'],
    ['hidden width', { ...good, model: { hidden: [10, 2.5] } }, 'model.hidden[1]: must be a positive integer'],
    ['missing data file', { ...good, dataset: { name: 'csv', path: 'nowhere.csv', split: { train: 0.7, val: 0.1, test: 0.2 } } }, 'dataset.path: file not found'],
    ['split sum', { ...good, dataset: { name: 'iris', split: { train: 0.7, val: 0.2, test: 0.2 } } }, 'dataset.split: ratios must sum to 1'],
  ])('%s → exit 2, the field named, the database untouched', async (_what, config, message) => {
    const file = path.join(tmp.dir, `${_what.replace(/\W+/g, '-')}.json`);
    writeFileSync(file, JSON.stringify(config));
    const db = path.join(tmp.dir, `${_what.replace(/\W+/g, '-')}.db`);
    const r = await runCli(['sweep', file, '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(db)).toBe(false);
  });

  // Where tfjs-node is installed the backend runs, and there is nothing to refuse.
  it.skipIf(tfjsNodeInstalled())('a backend this machine lacks → exit 2 before the database, not a failed trial per run', async () => {
    const file = path.join(tmp.dir, 'tensorflow.json');
    writeFileSync(file, JSON.stringify({ ...good, engine: 'tfjs', backend: 'tensorflow' }));
    const db = path.join(tmp.dir, 'tensorflow.db');
    const r = await runCli(['sweep', file, '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('backend: backend "tensorflow" needs @tensorflow/tfjs-node with its native library, which is not installed here');
    expect(existsSync(db)).toBe(false);
  });

  it('usage errors exit 2 too', async () => {
    expect((await runCli(['sweep'])).code).toBe(2);
    expect((await runCli(['sweep', 'x.json', '--concurrency', 'zero'])).code).toBe(2);
    expect((await runCli(['runs', '--format', 'xml', '--db', path.join(tmp.dir, 'none.db')])).code).toBe(2);
    expect((await runCli(['no-such-command'])).code).toBe(2);
  });

  it('--help works on every command and exits 0', async () => {
    for (const cmd of [[], ['sweep'], ['runs'], ['export'], ['gradcheck'], ['datasets'], ['sweeps']]) {
      const r = await runCli([...cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Usage: sweeplab/);
    }
  });
});

describe('gradcheck', () => {
  it('--json reports every max relative error < 1e-6, through the TypeScript and the native ops', async () => {
    const r = await runCli(['gradcheck', '--json']);
    expect(r.code).toBe(0);
    const { passed, reports } = JSON.parse(r.stdout);
    expect(passed).toBe(true);
    expect(reports.map((x: { ops: string }) => x.ops)).toEqual(nativeOpsLoad().ok ? ['js', 'native'] : ['js']);
    for (const report of reports) {
      expect(report.entries.length).toBeGreaterThanOrEqual(10);
      for (const e of report.entries) expect(e.maxRelError).toBeLessThan(1e-6);
      expect(report.entries.map((e: { name: string }) => e.name).join(' ')).toMatch(/relu.*fullyConnected.*softmax.*crossEntropy.*network.*tanh.*sigmoid.*gelu.*dropout/si);
    }
  });

  it('--ops and --seed are checked', async () => {
    const ops = await runCli(['gradcheck', '--ops', 'blas']);
    expect(ops.code).toBe(2);
    expect(ops.stderr).toContain('--ops: expected one of all, js, native, got "blas"');
    const seed = await runCli(['gradcheck', '--seed', 'x1']);
    expect(seed.code).toBe(2);
    expect(seed.stderr).toContain('--seed: expected an integer, got "x1"');
  });
});

describe('reading results', () => {
  it('a missing database is named, not created', async () => {
    const db = path.join(tmp.dir, 'typo.db');
    for (const cmd of [['runs'], ['sweeps'], ['export', '1', '--out', path.join(tmp.dir, 'x')], ['eval', '1']]) {
      const r = await runCli([...cmd, '--db', db]);
      expect(r.code, cmd.join(' ')).toBe(2);
      expect(r.stderr).toContain(`no database at ${db}`);
    }
    expect(existsSync(db)).toBe(false);
  });
});

describe('grid sizes', () => {
  it('--samples must be 1–12', async () => {
    const r = await runCli(['export', '1', '--out', path.join(tmp.dir, 'x'), '--samples', '40', '--db', path.join(tmp.dir, 'none.db')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--samples: at most 12');
  });
});

/**
 * Each case once got past the checks: it filled the database, ran out of memory, polluted
 * Object.prototype, or failed only at trial time with a sweep and a failed run written.
 * Now each is refused with exit 2, one line naming the field or the file, and no database.
 */
describe('hardening: refused before the database is opened', () => {
  let n = 0;
  async function refused(config: unknown, args: string[] = [], file?: string) {
    const name = `hard-${++n}`;
    const cfg = file ?? path.join(tmp.dir, `${name}.json`);
    if (!file) writeFileSync(cfg, typeof config === 'string' ? config : JSON.stringify(config));
    const db = path.join(tmp.dir, `${name}.db`);
    const started = performance.now();
    const r = await runCli(['sweep', cfg, '--db', db, ...args]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(db)).toBe(false);
    return { stderr: r.stderr, seconds: (performance.now() - started) / 1000, cfg };
  }

  const range = (count: number) => ({ min: 0.001, max: 1, count });

  it('a million-point and a billion-point grid: counted, not built, and refused at once', async () => {
    const million = await refused({ ...good, search: { params: { 'train.lr': range(1000), 'train.momentum': { min: 0, max: 0.9, count: 1000 } } } });
    expect(million.stderr).toContain('search: expands to 1,000,000 trials; at most 10,000 per sweep');
    const billion = await refused({ ...good, search: { params: { 'train.lr': range(1000), 'train.momentum': { min: 0, max: 0.9, count: 1000 }, 'train.weightDecay': { min: 0, max: 0.1, count: 1000 } } } });
    expect(billion.stderr).toContain('search: expands to 1,000,000,000 trials');
    // Start-up is most of it; expanding a billion trials took minutes and then ran V8 out of memory.
    expect(billion.seconds).toBeLessThan(20);
  });

  it('--concurrency 10000', async () => {
    expect((await refused(good, ['--concurrency', '10000'])).stderr).toContain('--concurrency: at most 64 trials at once, got 10,000');
    expect((await refused({ ...good, concurrency: 10000 })).stderr).toContain('concurrency: must be ≤ 64');
  });

  it('hidden [20000, 20000] too many at once: the field and the estimate named', async () => {
    const seeds = Array.from({ length: 16 }, (_, i) => i);
    const wide = { ...good, model: { hidden: [20000, 20000] }, train: { ...good.train, optimizer: 'adamw' }, search: { params: { 'train.seed': seeds } } };
    const { stderr } = await refused(wide, ['--concurrency', '16']);
    expect(stderr).toMatch(/model\.hidden: a trial with hidden layers \[20000, 20000\] needs about \d+\.\d GB \(weights, gradients and optimizer state/);
    expect(stderr).toMatch(/16 at once \(--concurrency\) need about \d+ GB, more than the [\d.]+ GB this machine can spare/);
  });

  it('a width of 10⁹ is refused on its field by the schema', async () => {
    expect((await refused({ ...good, model: { hidden: [1e9] } })).stderr).toContain('model.hidden[0]: must be ≤ 65536');
  });

  it.each(['constructor', 'toString', 'hasOwnProperty', '__proto__'])('search key %s: named, not a crash', async (key) => {
    const text = JSON.stringify({ ...good, search: { params: { placeholder: [1] } } }).replace('"placeholder"', JSON.stringify(key));
    const { stderr } = await refused(text);
    expect(stderr).toContain(`search.params.${key}: `);
    expect(stderr).toMatch(/reserved name|cannot be swept/);
  });

  it.each([
    ['__proto__.polluted=1', '--set __proto__.polluted: "__proto__" is a reserved name'],
    ['search.params.constructor=[1]', '--set search.params.constructor: "constructor" is a reserved name'],
    ['search.params.toString=[1]', 'search.params.toString: cannot be swept'],
  ])('--set %s', async (arg, message) => {
    expect((await refused(good, ['--set', arg])).stderr).toContain(message);
  });

  it.each([
    ['ragged', 'a,b,label\n1,2,x\n3,4\n5,6,y\n', 'line 3: expected 3 cells, found 2'],
    ['non-numeric', 'a,b,label\n1,2,x\n3,zz,y\n5,6,y\n', 'line 3, column 2 ("b"): "zz" is not a number'],
    ['missing label', 'a,b,label\n1,2,x\n3,4,\n5,6,y\n', 'line 3, column 3 ("label"): empty label'],
  ])('a %s CSV is refused at config time, naming the file and the line', async (what, text, problem) => {
    const csv = path.join(tmp.dir, `${what.replace(/\W+/g, '-')}.csv`);
    writeFileSync(csv, text);
    const { stderr } = await refused({ ...good, dataset: { name: 'csv', path: csv, label: 'label', split: { train: 0.5, val: 0, test: 0.5 } } });
    expect(stderr).toContain(`dataset.path: ${csv}: ${problem}`);
  });

  describe('Fashion-MNIST folders', () => {
    const fashion = { ...good, dataset: { name: 'fashion-mnist' }, model: { hidden: [16] }, train: { epochs: 1, batchSize: 8, lr: 0.1 } };
    function folder(name: string, cut?: string): string {
      const dir = path.join(tmp.dir, name);
      mkdirSync(dir, { recursive: true });
      for (const prefix of ['train', 't10k']) {
        const files: [string, Buffer][] = [
          [`${prefix}-images-idx3-ubyte.gz`, zlib.gzipSync(encodeIdx([20, 28, 28], new Uint8Array(20 * 784)))],
          [`${prefix}-labels-idx1-ubyte.gz`, zlib.gzipSync(encodeIdx([20], Uint8Array.from({ length: 20 }, (_, i) => i % 10)))],
        ];
        for (const [file, gz] of files) if (file !== cut) writeFileSync(path.join(dir, file), gz);
      }
      if (cut) writeFileSync(path.join(dir, cut.replace(/\.gz$/, '')), encodeIdx([20, 28, 28], new Uint8Array(20 * 784)).subarray(0, 4000));
      return dir;
    }

    it('a truncated IDX file is refused at config time, naming it', async () => {
      const dir = folder('truncated', 't10k-images-idx3-ubyte.gz');
      const { stderr } = await refused(fashion, ['--data-dir', dir]);
      expect(stderr).toContain(`dataset.name: ${path.join(dir, 't10k-images-idx3-ubyte')}: the header declares 20 × 28 × 28 data (15,696 bytes in all), the file has 4,000 bytes`);
    });

    it('--data-dir lacking a file names the file it looked for, instead of using another copy', async () => {
      const dir = folder('partial');
      rmSync(path.join(dir, 'train-labels-idx1-ubyte.gz'));
      const { stderr } = await refused(fashion, ['--data-dir', dir]);
      expect(stderr).toContain(`--data-dir: data folder ${dir}: no ${path.join(dir, 'train-labels-idx1-ubyte.gz')} (nor train-labels-idx1-ubyte)`);
    });
  });

  it('a config path that is a device, a folder, or too large', async () => {
    expect((await refused(null, [], '/dev/zero')).stderr).toContain('/dev/zero: is not a regular file, not a config file');
    expect((await refused(null, [], tmp.dir)).stderr).toContain(`${tmp.dir}: is a folder, not a config file`);
    const big = path.join(tmp.dir, 'big.json');
    writeFileSync(big, `{"name": "${'x'.repeat(1_000_001)}"}`);
    expect((await refused(null, [], big)).stderr).toContain('bytes is too large for a config file (at most 1,000,000 bytes)');
  });

  it('deep nesting, in JSON and in YAML', async () => {
    const { stderr } = await refused(`{"name": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    expect(stderr).toContain('line 1, column 41: nested more than 32 levels deep');
    const yaml = path.join(tmp.dir, 'deep.yaml');
    writeFileSync(yaml, `name: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`);
    expect((await refused(null, [], yaml)).stderr).toContain('nested more than 32 levels deep');
  });
});
