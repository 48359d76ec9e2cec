/**
 * One owner per sweep, across real processes: while one `sweeplab sweep` trains, no other
 * process may resume, run or delete that sweep, and nothing it refuses touches the
 * database; once the owner is SIGKILLed, the sweep is free again.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAppServices } from '../../src-main/api/services';
import { openStore } from '../../src-main/store/store';
import { forkWorker } from '../../src-main/sweep/workerLauncher';
import { prepareResume } from '../../src-main/sweep/sweepService';
import { runCli, startCli, tempDir } from './helpers';

const tmp = tempDir('sweeplab-owner-');
afterAll(() => tmp.cleanup());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function runsOf(db: string) {
  const store = openStore(db, { readonly: true });
  try {
    return store.db.prepare('SELECT id, trial_index, attempt, status, error FROM runs ORDER BY id').all() as {
      id: number;
      trial_index: number;
      attempt: number;
      status: string;
      error: string | null;
    }[];
  } finally {
    store.close();
  }
}

describe('a sweep that another process is running', () => {
  it('cannot be resumed (twice at once), resumed through the API or deleted; after a SIGKILL it can', async () => {
    const file = path.join(tmp.dir, 'own.json');
    const db = path.join(tmp.dir, 'own.db');
    writeFileSync(
      file,
      JSON.stringify({
        name: 'owned',
        dataset: { name: 'iris' },
        model: { hidden: [8] },
        train: { epochs: 100_000, batchSize: 16, lr: 0.01 },
        search: { params: { 'train.seed': [1, 2, 3] } },
        concurrency: 1,
      }),
    );
    const owner = startCli(['sweep', file, '--db', db]);
    const exited = new Promise((r) => owner.on('close', r));
    try {
      let before = [] as ReturnType<typeof runsOf>;
      for (let i = 0; i < 300 && !before.some((r) => r.status === 'running'); i++) {
        await sleep(100);
        try {
          before = runsOf(db);
        } catch {
          // not created yet
        }
      }
      expect(before.some((r) => r.status === 'running')).toBe(true);

      // Two resumes at once, as the issue reproduced: both refused, neither writes.
      const [a, b] = await Promise.all([runCli(['sweep', '--resume', 'owned', '--db', db]), runCli(['sweep', '--resume', 'owned', '--db', db])]);
      for (const r of [a, b]) {
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(/sweep 1 is being run by another Sweeplab process \(pid \d+ on /);
        expect(r.stderr).not.toMatch(/marked interrupted/);
      }
      const during = runsOf(db);
      expect(during.map((r) => [r.id, r.attempt])).toEqual(before.map((r) => [r.id, r.attempt]));
      expect(during.filter((r) => r.status === 'failed' || r.status === 'interrupted')).toEqual([]);

      // The app (here `serve`'s services) refuses too, and its start-up recovery spares the runs.
      const services = createAppServices({ dbPath: db, launchWorker: forkWorker, mode: 'browser', watchMs: 0 });
      try {
        for (const method of ['resumeSweep', 'deleteSweep']) {
          const r = await services.dispatch(method, { id: 1 });
          expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
          if (!r.ok) expect(r.error.message).toMatch(/being run by another Sweeplab process/);
        }
      } finally {
        await services.close();
      }
      expect(runsOf(db).find((r) => r.status === 'running')).toBeDefined();
    } finally {
      owner.kill('SIGKILL');
      await exited;
    }

    // The owner is dead: recovery interrupts its run, and the sweep can be claimed again.
    const store = openStore(db);
    try {
      expect(store.runs.recoverInterrupted()).toBe(1);
      const { queued } = prepareResume(store, 'owned');
      expect(queued).toBe(3);
      expect(store.sweeps.owner(1)?.pid).toBe(process.pid);
    } finally {
      store.close();
    }
  }, 120_000);
});
