/**
 * `sweeplab importance` through the real CLI on a real random search: 40 trials of the
 * from-scratch network on Iris where the learning rate spans four decades and the
 * training seed is swept too. Few epochs: the learning rate decides, the seed does not.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportanceReport } from '../../src-main/api/contract';
import { runCli, tempDir, type CliResult } from './helpers';
import { irisLrSearch } from '../analysis/irisLrSearch';

const tmp = tempDir('sweeplab-importance-');
const db = path.join(tmp.dir, 's.db');
let sweep: CliResult;

const config = irisLrSearch('iris-lr');

beforeAll(async () => {
  const file = path.join(tmp.dir, 'iris-lr.json');
  writeFileSync(file, JSON.stringify(config));
  sweep = await runCli(['sweep', file, '--db', db]);
}, 120_000);
afterAll(() => tmp.cleanup());

describe('sweeplab importance', () => {
  it('ranks the learning rate first as JSON', async () => {
    expect(sweep.code).toBe(0);
    const r = await runCli(['importance', 'iris-lr', '--db', db, '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as ImportanceReport;
    expect(report.finished).toBe(40);
    expect(report.importance!.map((x) => x.key)).toEqual(['train.lr', 'train.seed']);
    expect(report.importance![0].importance!).toBeGreaterThan(0.5);
    expect(report.importance![0].importance!).toBeGreaterThan(3 * report.importance![1].importance!);
    // val_loss falls as the learning rate rises towards what trains in 15 epochs.
    expect(report.importance![0].correlation!).toBeLessThan(-0.5);
  }, 60_000);

  it('prints a table: parameter, importance %, ± std, correlation', async () => {
    const r = await runCli(['importance', 'iris-lr', '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/parameter\s*│\s*importance\s*│\s*± std\s*│\s*correlation/);
    expect(r.stdout).toMatch(/train\.lr\s*│\s*\d+\.\d %\s*│\s*\d+\.\d %\s*│\s*−0\.\d\d/);
    expect(r.stdout.indexOf('train.lr')).toBeLessThan(r.stdout.indexOf('train.seed'));
  }, 60_000);

  it('says "too few trials to say" below ten finished trials, and refuses an unknown sweep', async () => {
    const small = path.join(tmp.dir, 'small.json');
    writeFileSync(small, JSON.stringify({ ...config, name: 'tiny', train: { ...config.train, epochs: 2 }, search: { ...config.search, trials: 4 } }));
    expect((await runCli(['sweep', small, '--db', db])).code).toBe(0);
    const r = await runCli(['importance', 'tiny', '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Too few trials to say/);
    const missing = await runCli(['importance', 'nope', '--db', db]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/nope/);
  }, 60_000);
});
