/**
 * The store's guarantees against other processes and damaged files: one owner per sweep,
 * recovery that spares live owners, ids never reused, deletes that never hold the lock
 * for long, a damaged file refused at open, and v1 files upgraded with nothing lost.
 */
import { closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import os from 'node:os';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { processIdentity } from '../../src-main/store/liveness';
import { MIGRATIONS, migrate } from '../../src-main/store/migrations';
import { openStore, StoreSchemaError } from '../../src-main/store/store';
import { deleteSweepGradually } from '../../src-main/sweep/sweepService';
import { ENV, seedSweep, sweepConfig, tempDbFile, tempStore, trialConfig } from './helpers';

const me = processIdentity();
const other = { pid: 4242, host: os.hostname(), token: 'another-process' };

describe('sweep ownership', () => {
  it('one owner at a time; a dead owner is replaced; release is the owner’s alone', () => {
    const store = tempStore();
    const { sweep } = seedSweep(store, 1);
    const alive = () => true;
    const dead = () => false;
    expect(store.sweeps.claim(sweep.id, other, alive)).toEqual({ ok: true });
    const refused = store.sweeps.claim(sweep.id, me, alive);
    expect(refused).toMatchObject({ ok: false, owner: { pid: 4242, token: 'another-process' } });
    expect(store.sweeps.ownedElsewhere(sweep.id, me, alive)).toMatchObject({ pid: 4242 });
    store.sweeps.release(sweep.id, me); // not ours: nothing happens
    expect(store.sweeps.owner(sweep.id)?.token).toBe('another-process');
    // The owner died: the sweep is free for the taking.
    expect(store.sweeps.claim(sweep.id, me, dead)).toEqual({ ok: true });
    expect(store.sweeps.owner(sweep.id)).toMatchObject({ pid: process.pid, token: me.token });
    expect(store.sweeps.claim(sweep.id, me, alive)).toEqual({ ok: true }); // idempotent
    store.sweeps.release(sweep.id, me);
    expect(store.sweeps.owner(sweep.id)).toBeNull();
  });

  it('our own pid under another token is an earlier process, not us', () => {
    const store = tempStore();
    const { sweep } = seedSweep(store, 1);
    store.sweeps.claim(sweep.id, { ...me, token: 'earlier-process-same-pid' }, () => true);
    expect(store.sweeps.claim(sweep.id, me, () => true)).toEqual({ ok: true });
  });

  it('recovery spares a live owner’s sweep, even between two trials, and cleans up after a dead one', () => {
    const store = tempStore();
    const live = seedSweep(store, 2, 'live');
    const gone = seedSweep(store, 2, 'gone');
    for (const s of [live, gone]) store.sweeps.setStatus(s.sweep.id, 'running');
    store.sweeps.claim(live.sweep.id, other, () => true);
    store.sweeps.claim(gone.sweep.id, { ...other, pid: 4343, token: 'dead-one' }, () => true);
    // live: first trial done, second not yet started (no run is `running`). gone: mid-run.
    store.runs.start(live.runs[0].id, ENV);
    store.runs.finish(live.runs[0].id, 'completed');
    store.runs.start(gone.runs[0].id, { ...ENV, pid: 4242 }); // its worker pid even looks alive

    expect(store.runs.recoverInterrupted({ isAlive: (pid) => pid === 4242 })).toBe(1);
    expect(store.sweeps.get(live.sweep.id)?.status).toBe('running');
    expect(store.sweeps.owner(live.sweep.id)?.token).toBe('another-process');
    expect(store.runs.get(gone.runs[0].id)?.status).toBe('interrupted');
    expect(store.sweeps.get(gone.sweep.id)?.status).toBe('interrupted');
    expect(store.sweeps.owner(gone.sweep.id)).toBeNull();
  });
});

describe('ids', () => {
  it('are never reused after a delete (AUTOINCREMENT)', async () => {
    const store = tempStore();
    const first = seedSweep(store, 2, 'first');
    const lastRun = first.runs.at(-1)!.id;
    await deleteSweepGradually(store, first.sweep.id);
    const second = seedSweep(store, 1, 'second');
    expect(second.sweep.id).toBeGreaterThan(first.sweep.id);
    expect(second.runs[0].id).toBeGreaterThan(lastRun);
  });
});

describe('deleting a big sweep', () => {
  it('goes in short transactions, and another connection can write between them', async () => {
    const store = tempStore();
    const { sweep, runs } = seedSweep(store, 2);
    for (const r of runs) store.metrics.append(r.id, Array.from({ length: 5000 }, (_, step) => ({ key: 'loss', step, value: 1 / (step + 1), time: 1 })));
    const keep = seedSweep(store, 1, 'keep');
    const writer = new Database(store.file, { timeout: 0 }); // fails at once if the lock is held
    let writes = 0;
    try {
      const paths = await deleteSweepGradually(store, sweep.id, {
        chunkRows: 1000,
        between: () => {
          writer.prepare("INSERT INTO settings (key, value) VALUES ('probe', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(String(++writes));
        },
      });
      expect(paths).toEqual([]);
    } finally {
      writer.close();
    }
    expect(writes).toBe(10); // 10,000 points in chunks of 1,000
    expect(store.sweeps.get(sweep.id)).toBeNull();
    expect(store.db.prepare('SELECT COUNT(*) FROM metrics').pluck().get()).toBe(0);
    expect(store.db.prepare('SELECT COUNT(*) FROM runs WHERE sweep_id = ?').pluck().get(sweep.id)).toBe(0);
    expect(store.sweeps.get(keep.sweep.id)).not.toBeNull();
  });

  it('refuses a sweep another live process owns', async () => {
    const store = tempStore();
    const { sweep } = seedSweep(store, 1);
    store.db.prepare('UPDATE sweeps SET owner_pid = 1, owner_host = ?, owner_token = ?, owner_since = ? WHERE id = ?').run(os.hostname(), 'init', Date.now(), sweep.id);
    await expect(deleteSweepGradually(store, sweep.id)).rejects.toThrow(/being run by another Sweeplab process \(pid 1 on/);
    expect(store.sweeps.get(sweep.id)).not.toBeNull();
  });
});

describe('a damaged database', () => {
  it('is refused at open with a clear message, before anything is written into it', () => {
    const file = tempDbFile();
    const setup = openStore(file);
    const { runs } = seedSweep(setup, 3);
    for (const r of runs) setup.metrics.append(r.id, Array.from({ length: 3000 }, (_, step) => ({ key: 'loss', step, value: step, time: 1 })));
    setup.db.pragma('wal_checkpoint(TRUNCATE)');
    setup.close();
    // Scribble over a page in the middle of the file, past the header and the schema.
    const pageSize = 4096;
    const pages = statSync(file).size / pageSize;
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, Math.floor(pages / 2) * pageSize);
    closeSync(fd);
    const before = readFileSync(file);

    let err: unknown;
    try {
      openStore(file).close();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StoreSchemaError);
    expect((err as StoreSchemaError).code).toBe('DAMAGED');
    expect((err as Error).message).toMatch(/is damaged .*nothing was written to it/);
    expect(readFileSync(file).equals(before)).toBe(true);
  });
});

describe('upgrading a version-1 file', () => {
  it('keeps every sweep, run, param and metric, and never reuses an id it had', () => {
    const file = tempDbFile();
    const v1 = new Database(file);
    migrate(v1, MIGRATIONS.slice(0, 1));
    v1.prepare(`INSERT INTO sweeps (id, name, config, status, created_at) VALUES (7, 'old', ?, 'completed', 1)`).run(JSON.stringify(sweepConfig('old')));
    v1.prepare(`INSERT INTO runs (id, sweep_id, trial_index, status, config, seed, created_at) VALUES (30, 7, 0, 'completed', ?, 1, 1)`).run(
      JSON.stringify(trialConfig(0.01)),
    );
    v1.prepare(`INSERT INTO params VALUES (30, 'train.lr', '0.01')`).run();
    v1.prepare(`INSERT INTO metrics VALUES (30, 'val_acc', 1, 0.9, 1)`).run();
    v1.prepare(`INSERT INTO latest_metrics VALUES (30, 'val_acc', 0.9, 1, 1)`).run();
    v1.close();

    const store = tempStore(undefined, file);
    expect(store.sweeps.get(7)).toMatchObject({ name: 'old', status: 'completed' });
    expect(store.runs.get(30)).toMatchObject({ sweepId: 7, params: { 'train.lr': 0.01 }, metrics: { val_acc: 0.9 } });
    expect(store.db.pragma('foreign_key_check')).toEqual([]);
    const next = seedSweep(store, 1, 'new');
    expect(next.sweep.id).toBe(8);
    expect(next.runs[0].id).toBe(31);
    store.sweeps.setStatus(next.sweep.id, 'failed'); // allowed since v2
    expect(store.sweeps.get(next.sweep.id)?.status).toBe('failed');
  });
});
