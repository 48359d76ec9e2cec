/**
 * A CLI sweep whose disk fills up: it stops at once, says what to free and prints the
 * command that continues it, exits 1; once space is freed, that command completes it.
 * Needs a tiny tmpfs (root); skipped, saying why, where one cannot be mounted.
 */
import { mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createAppServices } from '../../src-main/api/services';
import { forkWorker } from '../../src-main/sweep/workerLauncher';
import { fillLeaving, mountTmpfs } from '../export/tmpfs';
import { runCli, tempDir } from './helpers';

describe('sweeplab sweep on a disk that fills up', () => {
  it('stops, prints `sweeplab sweep --resume <id>`, and that command completes it once space is freed', async (ctx) => {
    const fs = mountTmpfs('size=16m');
    if ('skip' in fs) return ctx.skip(fs.skip);
    const tmp = tempDir('sweeplab-full-');
    try {
      mkdirSync(path.join(fs.dir, 'db'));
      const db = path.join(fs.dir, 'db', 's.db');
      // The database exists (as the app would have made it) before the disk is filled.
      const services = createAppServices({ dbPath: db, launchWorker: forkWorker, mode: 'electron', watchMs: 0 });
      services.store.db.pragma('wal_checkpoint(TRUNCATE)');
      await services.close();
      // About 160 KB left: the sweep's rows and a few runs' points, far from 24 runs'.
      const filler = fillLeaving(fs.dir, 160 * 1024);

      const config = {
        name: 'full',
        dataset: { name: 'iris' },
        engine: 'scratch',
        model: { hidden: [8] },
        train: { epochs: 30, batchSize: 8, lr: 0.05 },
        search: { params: { 'train.seed': Array.from({ length: 24 }, (_, i) => i + 1) } },
        concurrency: 2,
      };
      const file = path.join(tmp.dir, 'full.json');
      writeFileSync(file, JSON.stringify(config));
      const env = { SWEEPLAB_HOME: path.join(tmp.dir, 'home') };
      const stopped = await runCli(['sweep', file, '--db', db], env);
      expect(stopped.code, stopped.stderr).toBe(1);
      expect(stopped.stderr).toMatch(/is full: free some space, then resume the sweep \(sweeplab sweep --resume 1\)\n$/);

      unlinkSync(filler);
      const resumed = await runCli(['sweep', '--resume', '1', '--db', db], env);
      expect(resumed.code, resumed.stderr).toBe(0);
      const conn = new Database(db, { readonly: true });
      try {
        expect(conn.prepare("SELECT count(*) FROM runs r WHERE attempt = (SELECT max(attempt) FROM runs WHERE trial_index = r.trial_index) AND status = 'completed'").pluck().get()).toBe(24);
        expect(conn.prepare('PRAGMA quick_check').pluck().get()).toBe('ok');
      } finally {
        conn.close();
      }
    } finally {
      fs.unmount();
      tmp.cleanup();
    }
  }, 180_000);
});
