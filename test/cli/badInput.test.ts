/** Bad input is refused before anything runs: exit 2, one line naming the field, no database. */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from './helpers';
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
      expect(report.entries.map((e: { name: string }) => e.name).join(' ')).toMatch(/relu.*fullyConnected.*softmax.*crossEntropy.*network/si);
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
