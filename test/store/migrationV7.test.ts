/**
 * Migration 7 adds the `frames` table. A version-6 file must come through whole, its
 * runs with no frames; afterwards frames are written and read back byte for byte
 * (deflated where that pays), listed after a seq, refused when malformed, and go with
 * their run and their sweep.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from '../../src-main/store/migrations';
import type { Frame } from '../../src-main/frames/types';
import { ENV, seedSweep, sweepConfig, tempDbFile, tempStore, trialConfig } from './helpers';

function version6File(): string {
  const file = tempDbFile();
  const db = new Database(file);
  migrate(db, MIGRATIONS.filter((m) => m.version <= 6));
  db.prepare(`INSERT INTO sweeps (id, name, config, status, created_at) VALUES (3, 'old', ?, 'completed', 1)`).run(JSON.stringify(sweepConfig('old')));
  db.prepare(`INSERT INTO runs (id, sweep_id, trial_index, attempt, status, config, seed, created_at) VALUES (9, 3, 0, 1, 'completed', ?, 0, 1)`).run(
    JSON.stringify(trialConfig(0.01)),
  );
  db.prepare(`INSERT INTO metrics VALUES (9, 'loss', 1, 0.5, 1)`).run();
  db.close();
  return file;
}

/** A plane frame whose probability bytes are a smooth ramp (compressible), or noise (not). */
function frame(seq: number, bytes: Uint8Array): Frame {
  return {
    seq,
    step: seq * 10,
    epoch: seq,
    time: 1000 + seq,
    loss: seq ? 1 / seq : null,
    meta: { kind: 'plane', grid: { size: 16, x: [-1, 2], y: [-0.5, 1] }, classes: 2, units: 0, unitSize: 24, unitRange: [] },
    data: Buffer.from(bytes).toString('base64'),
  };
}
/** Two classes' probabilities across a straight boundary on the 16 × 16 grid: long runs of 0 and 255, as real grids have. */
const ramp = () => Uint8Array.from({ length: 512 }, (_, i) => {
  const [c, r, col] = [i >> 8, (i >> 4) & 15, i & 15];
  const p = Math.round(255 / (1 + Math.exp(-(col - r))));
  return c === 0 ? p : 255 - p;
});
const noise = () => {
  let s = 12345;
  return Uint8Array.from({ length: 512 }, () => ((s = (s * 1103515245 + 12345) >>> 0) >>> 24) & 255);
};

describe('migration 7 (frames)', () => {
  it('keeps a version-6 file whole; its runs have no frames', () => {
    const file = version6File();
    const store = tempStore(undefined, file);
    expect(store.db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get()).toBeGreaterThanOrEqual(7);
    expect(store.runs.get(9)).toMatchObject({ status: 'completed' });
    expect(store.metrics.series([9], ['loss'])[0].values).toEqual([0.5]);
    expect(store.frames.list(9)).toEqual([]);
    expect(store.frames.kind(9)).toBeNull();
    expect(store.db.pragma('foreign_key_check')).toEqual([]);
  });

  it('stores frames byte for byte, deflating only what shrinks, and lists them after a seq', () => {
    const store = tempStore();
    const { runs } = seedSweep(store, 1);
    store.runs.start(runs[0].id, ENV);
    const frames = [frame(0, ramp()), frame(1, noise()), frame(2, ramp())];
    store.frames.append(runs[0].id, frames);
    expect(store.frames.list(runs[0].id)).toEqual(frames);
    expect(store.frames.list(runs[0].id, 0).map((f) => f.seq)).toEqual([1, 2]);
    expect(store.frames.kind(runs[0].id)).toBe('plane');
    const codecs = store.db.prepare('SELECT codec, LENGTH(data) AS n FROM frames ORDER BY seq').all() as { codec: string; n: number }[];
    expect(codecs.map((c) => c.codec)).toEqual(['deflate', 'raw', 'deflate']);
    expect(codecs[0].n).toBeLessThan(512 / 3);
    expect(codecs[1].n).toBe(512);
    expect(store.frames.size(runs[0].id).frames).toBe(3);
  });

  it('refuses a malformed frame and writes nothing of its batch', () => {
    const store = tempStore();
    const { runs } = seedSweep(store, 1);
    const bad = { ...frame(1, ramp()), loss: Number.NaN };
    expect(() => store.frames.append(runs[0].id, [frame(0, ramp()), bad])).toThrow(/frame 1 of run \d+: loss must be a finite number or null/);
    expect(() => store.frames.append(runs[0].id, [{ ...frame(0, ramp()), step: -1 }])).toThrow(/step must be an integer ≥ 0/);
    expect(store.frames.list(runs[0].id)).toEqual([]);
  });

  it('deletes a run’s frames with the run, and a sweep’s with the sweep', () => {
    const store = tempStore();
    const { sweep, runs } = seedSweep(store, 2);
    for (const r of runs) {
      store.runs.start(r.id, ENV);
      store.runs.finish(r.id, 'completed');
      store.frames.append(r.id, [frame(0, ramp()), frame(1, ramp())]);
    }
    store.runs.delete(runs[0].id);
    expect(store.frames.list(runs[0].id)).toEqual([]);
    expect(store.frames.list(runs[1].id)).toHaveLength(2);
    store.sweeps.delete(sweep.id);
    expect(store.db.prepare('SELECT COUNT(*) FROM frames').pluck().get()).toBe(0);
  });
});
