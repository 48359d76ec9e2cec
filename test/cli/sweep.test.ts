/**
 * The headless path of part 1, end to end through the real CLI: the seed Iris sweep in
 * worker processes, the SQLite file, and the report files.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir, type CliResult } from './helpers';

const tmp = tempDir('sweeplab-cli-');
const db = path.join(tmp.dir, 's.db');
const out = path.join(tmp.dir, 'out');
let sweep: CliResult;

beforeAll(async () => {
  sweep = await runCli(['sweep', path.join(ROOT, 'resources/examples/seed-iris.json'), '--db', db, '--out', out]);
}, 120_000);
afterAll(() => tmp.cleanup());

function pngSize(file: string): { width: number; height: number } {
  const buf = readFileSync(file);
  expect(buf.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

describe('sweeplab sweep resources/examples/seed-iris.json', () => {
  it('exits 0 and records 12 completed runs', () => {
    expect(sweep.stderr).not.toMatch(/failed/);
    expect(sweep.code).toBe(0);
    const conn = new Database(db, { readonly: true });
    const rows = conn.prepare("SELECT status, count(*) AS n FROM runs GROUP BY status").all();
    expect(rows).toEqual([{ status: 'completed', n: 12 }]);
    // Every run has its per-iteration curve (105 rows / batch 16 = 7 steps × 200 epochs).
    const steps = conn.prepare("SELECT run_id, count(*) AS n FROM metrics WHERE key = 'loss' GROUP BY run_id").all() as { n: number }[];
    expect(steps).toHaveLength(12);
    for (const s of steps) expect(s.n).toBe(1400);
    expect(conn.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
    conn.close();
  });

  it('writes runs.csv with one row per run and the report columns', () => {
    const rows = parse(readFileSync(path.join(out, 'runs.csv')), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(12);
    expect(Object.keys(rows[0])).toEqual([
      'run', 'status', 'backend', 'train.lr', 'model.hidden',
      'train_loss', 'train_acc', 'val_loss', 'val_acc', 'test_loss', 'test_acc', 'best_epoch', 'overfit_epoch', 'diverged_step', 'train_val_gap', 'duration_s',
    ]);
    const grid = rows.map((r) => `${r['train.lr']}/${r['model.hidden']}`);
    expect(new Set(grid).size).toBe(12);
    for (const r of rows) {
      expect(r.status).toBe('completed');
      for (const k of ['train_loss', 'val_acc', 'test_acc']) expect(Number.isFinite(Number(r[k]))).toBe(true);
    }
  });

  it('the run chosen on validation reaches test accuracy ≥ 0.9', () => {
    const rows = parse(readFileSync(path.join(out, 'runs.csv')), { columns: true, cast: true }) as Record<string, number>[];
    const best = [...rows].sort((a, b) => b.val_acc - a.val_acc || a.val_loss - b.val_loss || a.run - b.run)[0];
    expect(best.test_acc).toBeGreaterThanOrEqual(0.9);
    expect(sweep.stdout).toContain(`Best on validation: run ${best.run}`);
  });

  it('writes the Markdown, LaTeX and the two plots', () => {
    const md = readFileSync(path.join(out, 'runs.md'), 'utf8');
    expect(md.split('\n').filter((l) => l.startsWith('|'))).toHaveLength(14);
    const tex = readFileSync(path.join(out, 'runs.tex'), 'utf8');
    expect(tex).toContain('\\toprule');
    expect(tex).toContain('\\textbf{');
    expect(pngSize(path.join(out, 'loss.png'))).toEqual({ width: 1600, height: 900 });
    expect(pngSize(path.join(out, 'best.png'))).toEqual({ width: 1600, height: 900 });
  });

  it('`runs --format csv` prints the same rows as runs.csv', async () => {
    const r = await runCli(['runs', '--db', db, '--format', 'csv']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(path.join(out, 'runs.csv'), 'utf8'));
  });

  it('`export` writes the same table again', async () => {
    const again = path.join(tmp.dir, 'again');
    const r = await runCli(['export', 'seed-iris', '--db', db, '--out', again]);
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(again, 'runs.csv'), 'utf8')).toBe(readFileSync(path.join(out, 'runs.csv'), 'utf8'));
    expect(existsSync(path.join(again, 'best.png'))).toBe(true);
  });
});
