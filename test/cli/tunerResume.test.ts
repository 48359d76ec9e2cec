/**
 * A TPE + ASHA sweep SIGKILLed mid-way through the real CLI, then `--resume`d: every
 * trial index ends with exactly one latest attempt, the trials training at the kill are
 * retried as attempt 2, the search proposes the rest, and what had finished is untouched.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { pidExists } from '../../src-main/store/liveness';
import { runCli, startCli, tempDir, waitFor } from './helpers';

const tmp = tempDir('sweeplab-tuner-resume-');
afterAll(() => tmp.cleanup());

const TRIALS = 40;
const config = {
  name: 'tune-me',
  dataset: { name: 'iris', split: { train: 0.7, val: 0.1, test: 0.2 } },
  model: { hidden: [8] },
  // Long enough that a kill lands while trials are still training.
  train: { epochs: 300, batchSize: 16, lr: 0.05 },
  search: {
    strategy: 'tpe',
    trials: TRIALS,
    seed: 4,
    metric: 'val_loss',
    params: { 'train.lr': { min: 0.001, max: 0.3, scale: 'log' }, 'model.hidden': { min: 2, max: 64, scale: 'log', integer: true } },
    pruner: { type: 'asha', minEpochs: 10, reductionFactor: 3 },
  },
  concurrency: 2,
};


interface RunRow {
  id: number;
  trial_index: number;
  attempt: number;
  status: string;
  pid: number | null;
  error: string | null;
  error_code: string | null;
  finished_at: number | null;
  config: string;
}

function snapshot(db: string) {
  const conn = new Database(db, { readonly: true });
  try {
    const runs = conn.prepare('SELECT id, trial_index, attempt, status, pid, error, error_code, finished_at, config FROM runs ORDER BY id').all() as RunRow[];
    const points = new Map((conn.prepare('SELECT run_id, count(*) AS n FROM metrics GROUP BY run_id').all() as { run_id: number; n: number }[]).map((r) => [r.run_id, r.n]));
    return { runs, points, integrity: conn.prepare('PRAGMA integrity_check').pluck().get() };
  } finally {
    conn.close();
  }
}

const FINAL = ['completed', 'pruned', 'failed'];

describe('tpe + asha crash and resume', () => {
  it('a SIGKILLed adaptive sweep resumes with no trial lost or run twice', async () => {
    const file = path.join(tmp.dir, 'tune.json');
    const db = path.join(tmp.dir, 'tune.db');
    writeFileSync(file, JSON.stringify(config));

    const child = startCli(['sweep', file, '--db', db]);
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const exited = new Promise((r) => child.on('close', r));
    let seen = 'no database yet';
    await waitFor(
      'three finished runs and one training',
      () => {
        if (child.exitCode !== null) throw new Error(`the sweep exited (code ${child.exitCode}) before it could be killed mid-way:\n${stderr}`);
        try {
          const { runs } = snapshot(db);
          seen = runs.map((r) => r.status).join(', ') || 'no runs yet';
          return runs.filter((r) => FINAL.includes(r.status)).length >= 3 && runs.some((r) => r.status === 'running') ? true : undefined;
        } catch (e) {
          // The database does not exist yet, or is still being migrated (no tables, or not all
          // their columns yet: each migration commits on its own); anything else is a real failure.
          if (/unable to open|no such table|no such column|does not exist/.test((e as Error).message)) return undefined;
          throw e;
        }
      },
      { timeoutMs: 60_000, lastSeen: () => `${seen}\n${stderr}` },
    );
    child.kill('SIGKILL');
    await exited;
    const workers = [...new Set(snapshot(db).runs.flatMap((r) => (r.status === 'running' && r.pid !== null ? [r.pid] : [])))];
    await waitFor('the killed sweep’s workers to exit', () => (workers.some(pidExists) ? undefined : true), {
      timeoutMs: 30_000,
      lastSeen: () => `still alive: ${workers.filter(pidExists).join(', ')}`,
    });

    const crashed = snapshot(db);
    expect(crashed.integrity).toBe('ok');
    const finished = crashed.runs.filter((r) => FINAL.includes(r.status));
    const unfinished = crashed.runs.filter((r) => r.status === 'running');
    expect(finished.length).toBeGreaterThanOrEqual(3);
    expect(unfinished.length).toBeGreaterThanOrEqual(1);
    // Killed mid-way: the search had not proposed every trial yet.
    expect(crashed.runs.length).toBeLessThan(TRIALS);

    const resumed = await runCli(['sweep', '--resume', 'tune-me', '--db', db]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`${TRIALS - finished.length} trial(s) left`);

    const after = snapshot(db);
    expect(after.integrity).toBe('ok');
    // Each trial index has one latest attempt, final, and no attempt number twice.
    const attempts = new Map<number, RunRow[]>();
    for (const r of after.runs) attempts.set(r.trial_index, [...(attempts.get(r.trial_index) ?? []), r]);
    expect([...attempts.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: TRIALS }, (_, i) => i));
    for (const [index, rows] of attempts) {
      expect(rows.map((r) => r.attempt).sort(), `attempts of trial ${index}`).toEqual(rows.map((_, i) => i + 1));
      const latest = rows.at(-1)!;
      expect(FINAL, `trial ${index}: ${latest.status} ${latest.error ?? ''}`).toContain(latest.status);
      for (const older of rows.slice(0, -1)) expect(older.status).toBe('interrupted');
    }
    expect(after.runs.filter((r) => r.status === 'pruned').length).toBeGreaterThan(0);
    // Finished runs were not run again: same row, same outcome, same points, no second attempt.
    for (const r of finished) {
      expect(after.runs.find((a) => a.id === r.id)).toEqual(r);
      expect(after.points.get(r.id)).toBe(crashed.points.get(r.id));
      expect(attempts.get(r.trial_index)).toHaveLength(1);
    }
    // Runs killed mid-training are kept as interrupted, and their trial retried with the same point.
    for (const r of unfinished) {
      expect(after.runs.find((a) => a.id === r.id)?.status).toBe('interrupted');
      const retry = attempts.get(r.trial_index)!;
      expect(retry).toHaveLength(2);
      expect(retry[1].config).toBe(r.config);
    }
  }, 180_000);
});
