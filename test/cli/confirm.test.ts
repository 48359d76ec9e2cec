/**
 * `sweeplab confirm` end to end through the real CLI: the Iris preset (fewer epochs, the
 * same grid) in worker processes, then its top 3 configurations with 5 fresh seeds each,
 * 15 replicates in the same sweep; and the flags it refuses before touching anything.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir, type CliResult } from './helpers';

const tmp = tempDir('sweeplab-confirm-');
const db = path.join(tmp.dir, 's.db');
let sweep: CliResult;
let confirm: CliResult;

interface RunRow {
  id: number;
  trial_index: number;
  status: string;
  seed: number;
  config: string;
  replicate_of: number | null;
  val_acc: number | null;
  val_loss: number | null;
  params: string;
}

function runs(): RunRow[] {
  const conn = new Database(db, { readonly: true });
  try {
    return conn
      .prepare(
        `SELECT r.id, r.trial_index, r.status, r.seed, r.config, r.replicate_of,
                (SELECT value FROM latest_metrics WHERE run_id = r.id AND key = 'val_acc') AS val_acc,
                (SELECT value FROM latest_metrics WHERE run_id = r.id AND key = 'val_loss') AS val_loss,
                (SELECT json_group_object(key, json(value)) FROM (SELECT key, value FROM params WHERE run_id = r.id ORDER BY key)) AS params
         FROM runs r ORDER BY r.trial_index, r.attempt`,
      )
      .all() as RunRow[];
  } finally {
    conn.close();
  }
}

beforeAll(async () => {
  // The preset as shipped, but 30 epochs instead of 200: the grid and the seeds are what matter here.
  const preset = JSON.parse(readFileSync(path.join(ROOT, 'resources/examples/seed-iris.json'), 'utf8'));
  const config = path.join(tmp.dir, 'seed-iris-short.json');
  writeFileSync(config, JSON.stringify({ ...preset, train: { ...preset.train, epochs: 30 } }));
  sweep = await runCli(['sweep', config, '--db', db]);
  const t0 = Date.now();
  confirm = await runCli(['confirm', '1', '--top', '3', '--seeds', '5', '--db', db, '--concurrency', '2']);
  process.stderr.write(`confirm --top 3 --seeds 5 took ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
}, 180_000);
afterAll(() => tmp.cleanup());

describe('sweeplab confirm <sweep> --top 3 --seeds 5 on the Iris preset', () => {
  it('runs 15 replicates, says so, and points at the grouped table', () => {
    expect(sweep.code).toBe(0);
    expect(confirm.stderr).toContain('Confirming sweep 1 "seed-iris": the best 3 configuration(s) × 5 fresh seed(s) = 15 replicate(s)');
    expect(confirm.stdout).toContain('15 replicate(s) of 3 configuration(s) ran: 15 completed.');
    expect(confirm.stdout).toContain(`sweeplab runs --sweep 1 --group-by config --db ${db}\n`);
    expect(confirm.code).toBe(0);
  });

  it('adds exactly 15 completed runs to the sweep, 5 for each of the 3 best configurations on validation', () => {
    const all = runs();
    const search = all.filter((r) => r.replicate_of === null);
    const replicates = all.filter((r) => r.replicate_of !== null);
    expect(search).toHaveLength(12);
    expect(replicates).toHaveLength(15);
    expect(replicates.every((r) => r.status === 'completed' && r.val_acc !== null)).toBe(true);
    expect(replicates.map((r) => r.trial_index)).toEqual(Array.from({ length: 15 }, (_, i) => 12 + i));

    // The chosen ones, by the rule stated again here: val_acc, then val_loss, then id; the
    // preset sweeps no seed, so every search run is its own configuration.
    const ranked = [...search].sort((a, b) => b.val_acc! - a.val_acc! || a.val_loss! - b.val_loss! || a.id - b.id);
    const chosen = ranked.slice(0, 3).map((r) => r.trial_index);
    const perSource = new Map<number, RunRow[]>();
    for (const r of replicates) perSource.set(r.replicate_of!, [...(perSource.get(r.replicate_of!) ?? []), r]);
    expect([...perSource.keys()].sort((a, b) => a - b)).toEqual([...chosen].sort((a, b) => a - b));
    for (const [source, reps] of perSource) {
      const original = search.find((r) => r.trial_index === source)!;
      expect(reps).toHaveLength(5);
      for (const r of reps) {
        expect(JSON.parse(r.params)).toEqual(JSON.parse(original.params));
        // The same trial but for the training seed.
        const { train, ...rest } = JSON.parse(r.config);
        const { train: trainBefore, ...restBefore } = JSON.parse(original.config);
        expect(rest).toEqual(restBefore);
        expect(train).toEqual({ ...trainBefore, seed: r.seed });
      }
    }
  });

  it('gives every replicate a seed of its own, none the search used', () => {
    const all = runs();
    const seeds = all.filter((r) => r.replicate_of !== null).map((r) => r.seed);
    expect(new Set(seeds).size).toBe(15);
    for (const r of all.filter((x) => x.replicate_of === null)) expect(seeds).not.toContain(r.seed);
  });

  it('refuses bad flags and an unknown sweep with exit 2, adding nothing', async () => {
    const cases: [string[], RegExp][] = [
      [['--top', '0'], /--top: expected a positive integer, got "0"/],
      [['--top', '21'], /--top: expected an integer from 1 to 20, got 21/],
      [['--seeds', '1'], /--seeds: expected an integer from 2 to 50, got 1 \(one seed says nothing about the spread\)/],
    ];
    const results = await Promise.all([
      ...cases.map(([flags]) => runCli(['confirm', '1', ...flags, '--db', db])),
      runCli(['confirm', 'no-such-sweep', '--db', db]),
    ]);
    cases.forEach(([, message], i) => {
      expect(results[i].stderr).toMatch(message);
      expect(results[i].code).toBe(2);
    });
    expect(results.at(-1)!.stderr).toMatch(/no sweep with id or name "no-such-sweep"/);
    expect(results.at(-1)!.code).toBe(2);
    expect(runs()).toHaveLength(27);
  }, 60_000);
});
