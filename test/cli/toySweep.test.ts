/**
 * A generated data set end to end through the real CLI: a small network on noisy moons
 * trains in a worker process to a validation accuracy a person would expect of it, and
 * the run records where its data came from.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from './helpers';

const tmp = tempDir('sweeplab-toy-');
afterAll(() => tmp.cleanup());

describe('sweeplab sweep on moons', () => {
  it('trains a 2-16-2 network on moons with noise 0.2 to validation accuracy ≥ 0.9', async () => {
    const config = {
      name: 'moons-check',
      dataset: { name: 'moons', seed: 1, toy: { samples: 600, noise: 0.2 } },
      engine: 'scratch',
      model: { hidden: [16], activation: 'relu' },
      train: { epochs: 60, batchSize: 16, optimizer: 'adam', lr: 0.02, seed: 0 },
      concurrency: 1,
    };
    const file = path.join(tmp.dir, 'moons.json');
    writeFileSync(file, JSON.stringify(config));
    const db = path.join(tmp.dir, 's.db');
    const out = path.join(tmp.dir, 'out');
    const r = await runCli(['sweep', file, '--db', db, '--out', out]);
    expect(r.stderr).not.toMatch(/failed/);
    expect(r.code).toBe(0);

    const [row] = parse(readFileSync(path.join(out, 'runs.csv')), { columns: true, cast: true }) as Record<string, number | string>[];
    expect(row.status).toBe('completed');
    expect(row.val_acc).toBeGreaterThanOrEqual(0.9);

    const conn = new Database(db, { readonly: true });
    const run = conn.prepare('SELECT config, dataset FROM runs').get() as { config: string; dataset: string };
    conn.close();
    expect(JSON.parse(run.config).dataset.toy).toEqual({ samples: 600, noise: 0.2, classes: 2 });
    expect(JSON.parse(run.dataset)).toMatchObject({ name: 'moons', source: 'generated moons: 600 samples, noise 0.2, 2 classes, seed 1', train: 420, val: 60, test: 120 });
  }, 60_000);
});
