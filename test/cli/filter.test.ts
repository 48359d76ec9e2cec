/** `sweeplab runs --filter` and `sweeplab export --filter`: the GUI's query language on the command line. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src-main/store/store';
import { ENV, sweepConfig, trialConfig } from '../store/helpers';
import { runCli, tempDir } from './helpers';

let t: ReturnType<typeof tempDir>;
afterEach(() => t.cleanup());

/** A sweep of four finished runs: hidden [10] / [100] × two val_acc values. */
function seeded(): { db: string; sweepId: number; ids: number[] } {
  t = tempDir('sweeplab-filter-');
  const db = path.join(t.dir, 'sweeplab.db');
  const store = openStore(db);
  const config = { ...sweepConfig(), search: { ...sweepConfig().search, params: { 'model.hidden': [[10], [100]], 'train.lr': [0.01, 0.1] } } };
  const sweep = store.sweeps.create({ name: 'grid', config: config as typeof config & ReturnType<typeof sweepConfig> });
  const combos = [
    [[10], 0.01, 0.95],
    [[10], 0.1, 0.85],
    [[100], 0.01, 0.92],
    [[100], 0.1, 0.5],
  ] as const;
  const runs = store.runs.createQueued(
    sweep.id,
    combos.map(([hidden, lr], i) => ({ trialIndex: i, params: { 'model.hidden': hidden, 'train.lr': lr }, config: trialConfig(lr), seed: i })),
  );
  runs.forEach((r, i) => {
    store.runs.start(r.id, ENV);
    store.metrics.append(r.id, [{ key: 'val_acc', step: 1, value: combos[i][2], time: 1 }]);
    store.runs.finish(r.id, 'completed');
  });
  store.close();
  return { db, sweepId: sweep.id, ids: runs.map((r) => r.id) };
}

describe('--filter', () => {
  it('runs prints only the matching runs, in every format', async () => {
    const { db, sweepId, ids } = seeded();
    const json = await runCli(['runs', '--db', db, '--sweep', String(sweepId), '--format', 'json', '--filter', 'val_acc>0.9 hidden=10']);
    expect(json.code, json.stderr).toBe(0);
    expect((JSON.parse(json.stdout) as { id: number }[]).map((r) => r.id)).toEqual([ids[0]]);
    const csv = await runCli(['runs', '--db', db, '--sweep', String(sweepId), '--format', 'csv', '--filter', 'val_acc>=90%']);
    expect(csv.stdout.trim().split(/\r?\n/).slice(1).map((l) => Number(l.split(',')[0]))).toEqual([ids[0], ids[2]]);
    const table = await runCli(['runs', '--db', db, '--sweep', String(sweepId), '--filter', 'lr<=0.01']);
    expect(table.stdout).toContain('2 of 4 runs match the filter.');
  }, 60_000);

  it('refuses a term that cannot mean anything, naming it', async () => {
    const { db, sweepId } = seeded();
    const r = await runCli(['runs', '--db', db, '--sweep', String(sweepId), '--filter', 'lr>abc']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/--filter: lr>abc: > needs a number/);
  }, 60_000);

  it('export writes the report of the matching runs only', async () => {
    const { db, sweepId, ids } = seeded();
    const out = path.join(t.dir, 'out');
    const r = await runCli(['export', String(sweepId), '--db', db, '--out', out, '--filter', 'hidden=100']);
    // These runs saved no model, so the report stops at the prediction figures; the tables come first.
    expect(r.stdout).toContain('runs.csv');
    const rows = readFileSync(path.join(out, 'runs.csv'), 'utf8').trim().split(/\r?\n/).slice(1);
    expect(rows.map((l) => Number(l.split(',')[0]))).toEqual([ids[2], ids[3]]);
  }, 60_000);
});
