/**
 * `sweeplab runs --group-by` on a real sweep: an Iris grid over 3 seeds × 2 learning
 * rates, trained in worker processes, then grouped through the CLI. The numbers are
 * checked against the runs' own recorded values, not against groups.ts.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir, type CliResult } from './helpers';

const tmp = tempDir('sweeplab-groupby-');
const db = path.join(tmp.dir, 's.db');
let sweep: CliResult;

const CONFIG = {
  name: 'iris-seeds',
  dataset: { name: 'iris', split: { train: 0.7, val: 0.1, test: 0.2 }, seed: 0 },
  engine: 'scratch',
  model: { hidden: [10], activation: 'relu' },
  train: { epochs: 5, batchSize: 16, optimizer: 'sgd', lr: 0.03, seed: 0 },
  search: { strategy: 'grid', params: { 'train.lr': [0.01, 0.1], 'train.seed': [0, 1, 2] } },
  concurrency: 2,
};

const runs = (...args: string[]) => runCli(['runs', '--db', db, '--sweep', 'iris-seeds', ...args]);

beforeAll(async () => {
  const file = path.join(tmp.dir, 'iris-seeds.json');
  writeFileSync(file, JSON.stringify(CONFIG));
  sweep = await runCli(['sweep', file, '--db', db, '--out', path.join(tmp.dir, 'out')]);
}, 120_000);
afterAll(() => tmp.cleanup());

describe('sweeplab runs --group-by', () => {
  it('groups by configuration: one row per learning rate, n = 3 seeds, the statistics columns', async () => {
    expect(sweep.code, sweep.stderr).toBe(0);
    const r = await runs('--group-by', 'config', '--format', 'csv');
    expect(r.code, r.stderr).toBe(0);
    const rows = parse(r.stdout, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(2);
    const columns = Object.keys(rows[0]);
    expect(columns.slice(0, 2)).toEqual(['train.lr', 'n']);
    for (const m of ['val_acc', 'val_loss', 'test_acc', 'test_loss', 'train_acc', 'train_loss', 'best_epoch'])
      for (const s of ['mean', 'std', 'ci95_low', 'ci95_high']) expect(columns).toContain(`${m}_${s}`);
    expect(columns.slice(-5)).toEqual(['verdict', 'p_value', 'difference', 'difference_ci95_low', 'difference_ci95_high']);
    expect(rows.map((row) => row.n)).toEqual(['3', '3']);
    expect(new Set(rows.map((row) => row['train.lr']))).toEqual(new Set(['0.01', '0.1']));
    expect(rows[0].verdict).toBe('best');
    expect(['better', 'indistinguishable']).toContain(rows[1].verdict);

    // The mean is the mean of the three runs' recorded test accuracy.
    const all = JSON.parse((await runs('--format', 'json')).stdout) as { params: Record<string, number>; metrics: Record<string, number> }[];
    for (const row of rows) {
      const own = all.filter((x) => String(x.params['train.lr']) === row['train.lr']).map((x) => x.metrics.test_acc);
      expect(own).toHaveLength(3);
      expect(Number(row.test_acc_mean)).toBeCloseTo(own.reduce((a, b) => a + b, 0) / 3, 12);
      expect(Number(row.test_acc_ci95_low)).toBeLessThanOrEqual(Math.min(...own) + 1e-12);
    }
  }, 60_000);

  it('groups by a swept parameter and prints every format', async () => {
    const json = await runs('--group-by', 'train.lr', '--format', 'json');
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout) as { by: unknown; groups: { params: Record<string, unknown>; counted: number[] }[] };
    expect(report.by).toEqual({ kind: 'param', key: 'train.lr' });
    expect(report.groups.map((g) => g.counted.length)).toEqual([3, 3]);
    const latex = await runs('--group-by', 'config', '--format', 'latex');
    expect(latex.stdout).toContain('\\toprule');
    expect(latex.stdout).toContain('\\pm');
    const md = await runs('--group-by', 'train.seed', '--format', 'md');
    expect(md.stdout.trim().split('\n')).toHaveLength(2 + 3);
    const table = await runs('--group-by', 'config');
    expect(table.stdout).toContain("Welch's two-sided t-test");
  }, 60_000);

  it('groups only the runs that meet --filter', async () => {
    const r = await runs('--group-by', 'config', '--format', 'csv', '--filter', 'lr=0.1');
    const rows = parse(r.stdout, { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => [row['train.lr'], row.n])).toEqual([['0.1', '3']]);
  }, 60_000);

  it('refuses an unknown parameter and --all, naming the valid choices', async () => {
    const r = await runs('--group-by', 'hidden');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--group-by: expected config or a swept parameter of sweep');
    expect(r.stderr).toContain('train.lr, train.seed');
    expect(r.stderr).toContain('"hidden"');
    const all = await runs('--group-by', 'config', '--all');
    expect(all.code).toBe(2);
    expect(all.stderr).toContain('--all and --group-by cannot be combined');
  }, 60_000);
});
