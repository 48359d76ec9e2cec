/**
 * Run management through the services: updateSweep / updateRun validation, deleteRun's
 * refusals, and exportTable limited to the rows and columns the table shows.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppServices } from '../../src-main/api/services';
import { ENV, seedSweep } from '../store/helpers';
import { call, failure, openServices, recordEvents, tempDir } from './helpers';

let t: ReturnType<typeof tempDir>;
let s: AppServices;
beforeEach(() => {
  t = tempDir();
  s = openServices(t.dir, { watchMs: 0 });
});
afterEach(async () => {
  await s.close();
  t.cleanup();
});

function finished(n = 3) {
  const { sweep, runs } = seedSweep(s.store, n);
  runs.forEach((r, i) => {
    s.store.runs.start(r.id, ENV);
    s.store.metrics.append(r.id, [{ key: 'val_acc', step: 1, value: 0.5 + i / 10, time: 1 }]);
    s.store.runs.finish(r.id, 'completed');
  });
  return { sweep, runs };
}

describe('updateSweep and updateRun', () => {
  it('save names, notes, tags and stars, trimmed, and announce them', async () => {
    const { sweep, runs } = finished(1);
    const events = recordEvents(s);
    expect(await call(s, 'updateSweep', { id: sweep.id, name: '  renamed  ', tags: ['a', 'a', ' b '], starred: true })).toMatchObject({ name: 'renamed', tags: ['a', 'b'], starred: true });
    expect(await call(s, 'updateRun', { id: runs[0].id, name: 'baseline', note: 'line one\nline two' })).toMatchObject({ name: 'baseline', note: 'line one\nline two' });
    expect(await call(s, 'updateRun', { id: runs[0].id, name: null })).toMatchObject({ name: null, note: 'line one\nline two' });
    expect(events.events.filter((e) => e.event === 'sweep-updated').map((e) => e.data)).toEqual([
      { sweepId: sweep.id },
      { sweepId: sweep.id, runId: runs[0].id },
      { sweepId: sweep.id, runId: runs[0].id },
    ]);
  });

  it('refuse bad input with messages that say which field and why', async () => {
    const { sweep, runs } = finished(1);
    const msg = async (method: string, payload: unknown) => {
      const e = await failure(s, method, payload);
      expect(e.code).toBe('BAD_INPUT');
      return e.message;
    };
    expect(await msg('updateSweep', { id: sweep.id, name: '   ' })).toMatch(/name: must not be empty/);
    expect(await msg('updateSweep', { id: sweep.id, name: null })).toMatch(/name/);
    expect(await msg('updateRun', { id: runs[0].id, name: 'x'.repeat(201) })).toMatch(/name: must be at most 200 characters/);
    expect(await msg('updateRun', { id: runs[0].id, name: 'bad\u0007name' })).toMatch(/name: must not contain control characters/);
    expect(await msg('updateRun', { id: runs[0].id, note: 'n'.repeat(5001) })).toMatch(/note: must be at most 5000 characters/);
    expect(await msg('updateRun', { id: runs[0].id, tags: Array.from({ length: 21 }, (_, i) => `t${i}`) })).toMatch(/tags: at most 20 tags/);
    expect(await msg('updateRun', { id: runs[0].id, tags: ['y'.repeat(41)] })).toMatch(/tags\[0\]: must be at most 40 characters/);
    expect(await msg('updateRun', { id: runs[0].id, starred: 'yes' })).toMatch(/starred: must be true or false/);
    expect(await msg('updateRun', { id: runs[0].id, colour: 'red' })).toMatch(/colour/);
    expect((await failure(s, 'updateRun', { id: 999, starred: true })).code).toBe('NOT_FOUND');
    expect((await failure(s, 'updateSweep', { id: 999, starred: true })).code).toBe('NOT_FOUND');
  });
});

describe('deleteRun', () => {
  it('deletes a finished run, its metrics and its files, and tells the windows', async () => {
    const { sweep, runs } = finished(2);
    const rel = `run-${runs[0].id}/weights.json`;
    mkdirSync(path.join(s.store.artifactsDir, `run-${runs[0].id}`), { recursive: true });
    writeFileSync(path.join(s.store.artifactsDir, rel), '{}');
    s.store.artifacts.add(runs[0].id, 'weights', rel, 2);
    const events = recordEvents(s);
    expect(await call(s, 'deleteRun', { id: runs[0].id })).toEqual({ deleted: true });
    expect(existsSync(path.join(s.store.artifactsDir, rel))).toBe(false);
    expect((await failure(s, 'getRun', { id: runs[0].id })).code).toBe('NOT_FOUND');
    expect(s.store.runs.list({ sweepId: sweep.id }).map((r) => r.id)).toEqual([runs[1].id]);
    expect(events.events.find((e) => e.event === 'sweep-updated')?.data).toEqual({ sweepId: sweep.id, runId: runs[0].id, deleted: true });
    expect((await failure(s, 'deleteRun', { id: runs[0].id })).code).toBe('NOT_FOUND');
  });

  it('refuses a running run: stop it first', async () => {
    const { runs } = seedSweep(s.store, 1);
    s.store.runs.start(runs[0].id, ENV);
    const e = await failure(s, 'deleteRun', { id: runs[0].id });
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toMatch(/is running; stop it before deleting it/);
    expect(s.store.runs.get(runs[0].id)).not.toBeNull();
  });
});

describe('exportTable with runIds and columns', () => {
  it('exports only the runs asked for, in that order, with only the columns asked for', async () => {
    const { sweep, runs } = finished(3);
    const file = await call<{ text: string }>(s, 'exportTable', { sweepId: sweep.id, format: 'csv', runIds: [runs[2].id, runs[0].id], columns: ['run', 'train.lr', 'val_acc'] });
    const lines = file.text.trim().split(/\r?\n/);
    expect(lines[0]).toBe('run,train.lr,val_acc');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual([String(runs[2].id), String(runs[0].id)]);
    expect(lines[1].split(',')[2]).toBe('0.7');
  });

  it('refuses a run of another sweep and an unknown column by name', async () => {
    const { sweep } = finished(1);
    const other = seedSweep(s.store, 1, 'other');
    expect((await failure(s, 'exportTable', { sweepId: sweep.id, format: 'md', runIds: [other.runs[0].id] })).message).toMatch(
      new RegExp(`runIds: run ${other.runs[0].id} is not a current run of sweep ${sweep.id}`),
    );
    expect((await failure(s, 'exportTable', { sweepId: sweep.id, format: 'md', columns: ['run', 'speed'] })).message).toMatch(/columns: "speed" is not a column/);
    expect((await failure(s, 'exportTable', { sweepId: sweep.id, format: 'md', runIds: ['x'] })).message).toMatch(/runIds/);
  });
});
