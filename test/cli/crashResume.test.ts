/**
 * SIGKILL mid-sweep, then `--resume`: the file stays consistent, nothing a finished step
 * produced is lost, and the resume runs only what was left.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { pidExists } from '../../src-main/store/liveness';
import { runCli, startCli, tempDir, waitFor } from './helpers';

const tmp = tempDir('sweeplab-crash-');
afterAll(() => tmp.cleanup());

const config = {
  name: 'crash-me',
  dataset: { name: 'iris', split: { train: 0.7, val: 0.1, test: 0.2 } },
  model: { hidden: [10] },
  // Long enough that a kill lands while trials are still running.
  train: { epochs: 1500, batchSize: 16, lr: 0.01 },
  search: { params: { 'train.lr': [0.005, 0.01, 0.02], 'model.hidden': [[5], [10]] } },
  concurrency: 2,
};


interface RunRow {
  id: number;
  trial_index: number;
  attempt: number;
  status: string;
  pid: number | null;
}

function snapshot(db: string) {
  const conn = new Database(db, { readonly: true });
  try {
    const runs = conn.prepare('SELECT id, trial_index, attempt, status, pid FROM runs ORDER BY id').all() as RunRow[];
    const counts = new Map(
      (conn.prepare('SELECT run_id, key, count(*) AS n, max(step) AS last FROM metrics GROUP BY run_id, key').all() as { run_id: number; key: string; n: number; last: number }[]).map(
        (r) => [`${r.run_id}/${r.key}`, r],
      ),
    );
    return { runs, counts, integrity: conn.prepare('PRAGMA integrity_check').pluck().get() };
  } finally {
    conn.close();
  }
}

describe('crash and resume', () => {
  it('a SIGKILLed sweep resumes and completes with nothing lost', async () => {
    const file = path.join(tmp.dir, 'crash.json');
    const db = path.join(tmp.dir, 'crash.db');
    writeFileSync(file, JSON.stringify(config));

    const child = startCli(['sweep', file, '--db', db]);
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const exited = new Promise((r) => child.on('close', r));
    // Kill it once some trials have finished and others are mid-way.
    let seen = 'no database yet';
    await waitFor(
      'two completed runs and one running',
      () => {
        if (child.exitCode !== null) throw new Error(`the sweep exited (code ${child.exitCode}) before it could be killed mid-way:\n${stderr}`);
        try {
          const { runs } = snapshot(db);
          seen = runs.map((r) => r.status).join(', ') || 'no runs yet';
          return runs.filter((r) => r.status === 'completed').length >= 2 && runs.some((r) => r.status === 'running') ? true : undefined;
        } catch {
          return undefined; // the database does not exist yet, or has no tables yet
        }
      },
      { timeoutMs: 60_000, lastSeen: () => `${seen}\n${stderr}` },
    );
    child.kill('SIGKILL');
    await exited;
    // The workers of the runs left running notice their parent is gone and exit: the
    // resume must find them dead (a live worker's run would be left alone), and nothing
    // may still be running while the file is checked.
    const workers = [...new Set(snapshot(db).runs.flatMap((r) => (r.status === 'running' && r.pid !== null ? [r.pid] : [])))];
    expect(workers.length, 'pids recorded for the running runs').toBeGreaterThanOrEqual(1);
    await waitFor('the killed sweep’s workers to exit', () => (workers.some(pidExists) ? undefined : true), {
      timeoutMs: 30_000,
      lastSeen: () => `still alive: ${workers.filter(pidExists).join(', ')}`,
    });

    const crashed = snapshot(db);
    expect(crashed.integrity).toBe('ok');
    const completed = crashed.runs.filter((r) => r.status === 'completed');
    const unfinished = crashed.runs.filter((r) => r.status === 'running');
    expect(completed.length).toBeGreaterThanOrEqual(2);
    expect(unfinished.length).toBeGreaterThanOrEqual(1);
    // Finished runs are complete: 105 rows / 16 = 7 steps × 1500 epochs.
    for (const r of completed) {
      expect(crashed.counts.get(`${r.id}/loss`)?.n).toBe(7 * 1500);
      expect(crashed.counts.get(`${r.id}/val_acc`)?.n).toBe(1500);
    }
    // What the interrupted runs wrote is a gap-free prefix: no step is missing before the last.
    for (const r of unfinished) {
      const loss = crashed.counts.get(`${r.id}/loss`);
      if (loss) expect(loss.n).toBe(loss.last);
    }

    const resumed = await runCli(['sweep', '--resume', 'crash-me', '--db', db]);
    expect(resumed.stderr).toMatch(/marked interrupted/);
    expect(resumed.code).toBe(0);

    const after = snapshot(db);
    expect(after.integrity).toBe('ok');
    // Each of the 6 trials now has a completed latest attempt.
    const latest = new Map<number, RunRow>();
    for (const r of after.runs) if ((latest.get(r.trial_index)?.attempt ?? 0) < r.attempt) latest.set(r.trial_index, r);
    expect([...latest.keys()].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    for (const r of latest.values()) expect(r.status).toBe('completed');
    // Runs that had finished were not run again and kept every point.
    for (const r of completed) {
      expect(after.runs.find((a) => a.id === r.id)?.status).toBe('completed');
      expect(after.counts.get(`${r.id}/loss`)?.n).toBe(7 * 1500);
      expect(after.runs.filter((a) => a.trial_index === r.trial_index)).toHaveLength(1);
    }
    // The interrupted attempts are kept, marked interrupted, with what they had written.
    for (const r of unfinished) {
      expect(after.runs.find((a) => a.id === r.id)?.status).toBe('interrupted');
      expect(after.counts.get(`${r.id}/loss`)?.n).toBe(crashed.counts.get(`${r.id}/loss`)?.n);
      expect(latest.get(r.trial_index)?.attempt).toBe(2);
    }
  }, 180_000);
});
