/**
 * The rules every door applies, written once (api/sweepConfig.ts), and the calls the CLI
 * needed that the API now has: a report written into a folder, a run evaluated again,
 * a sweep found by name. A folder named in a request is written only for a caller on
 * this machine (the desktop app, the CLI), never for a browser, which may be remote.
 */
import { existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunEvaluationSummary, RunTableView, SweepSummary } from '../../src-main/api/contract';
import type { AppServices } from '../../src-main/api/services';
import { chooseDataDir, concurrencyFor } from '../../src-main/api/sweepConfig';
import type { ApiContext } from '../../src-main/api/context';
import { MAX_CONCURRENCY } from '../../src-main/sweep/limits';
import { call, failure, openServices, recordEvents, tempDir, tinyIrisConfig } from './helpers';

describe('concurrencyFor', () => {
  const ctx = (concurrency: number | null) => ({ settings: { get: () => ({ dataDir: null, backend: 'auto', concurrency }) } }) as unknown as ApiContext;

  it('the call beats the config, which beats the settings, which beat the cores', () => {
    expect(concurrencyFor(ctx(3), { concurrency: 2 }, 5)).toBe(5);
    expect(concurrencyFor(ctx(3), { concurrency: 2 })).toBe(2);
    expect(concurrencyFor(ctx(3), {})).toBe(3);
    expect(concurrencyFor(ctx(null), {})).toBe(Math.min(Math.max(1, os.availableParallelism()), MAX_CONCURRENCY));
  });
});

describe('chooseDataDir', () => {
  it('a folder named for the launch beats the settings\', which beats the fallback', () => {
    expect(chooseDataDir('/flag', '/settings', '/fallback')).toEqual({ dataDir: '/flag', named: true });
    expect(chooseDataDir(undefined, '/settings', '/fallback')).toEqual({ dataDir: '/settings', named: false });
    expect(chooseDataDir(undefined, null, '/fallback')).toEqual({ dataDir: '/fallback', named: false });
    expect(chooseDataDir(undefined, null, undefined)).toEqual({ dataDir: undefined, named: false });
  });
});

describe('the calls the CLI makes', () => {
  let t: ReturnType<typeof tempDir>;
  let s: AppServices;
  beforeEach(() => void (t = tempDir()));
  afterEach(async () => {
    await s?.close();
    t.cleanup();
  });

  it('find a sweep by name, read its table, evaluate a run, write the report (cli mode), all refused in browser mode where they write', async () => {
    s = openServices(t.dir, { mode: 'cli', watchMs: 0 });
    const rec = recordEvents(s);
    const { sweepId } = await call<{ sweepId: number }>(s, 'createSweep', { config: tinyIrisConfig({ concurrency: 2 }), concurrency: 1 });
    await rec.until((m) => m.event === 'sweep-finished');

    expect((await call<SweepSummary>(s, 'findSweep', { ref: 'tiny-iris' })).id).toBe(sweepId);
    expect((await call<SweepSummary>(s, 'findSweep', { ref: String(sweepId) })).name).toBe('tiny-iris');
    expect(await failure(s, 'findSweep', { ref: 'nope' })).toMatchObject({ code: 'NOT_FOUND', message: 'no sweep with id or name "nope"' });

    const view = await call<RunTableView>(s, 'runTable', { sweepId });
    expect(view.runs.map((r) => r.label)).toEqual(view.runs.map((r) => expect.stringMatching(new RegExp(`^run ${r.id}: lr=0\\.(01|1)$`))));
    expect(view.text).toHaveLength(2);
    expect(view.best).not.toBeNull();
    const best = view.best!;
    expect(best.params).toMatch(/^lr=/);

    const evaluation = await call<RunEvaluationSummary>(s, 'evaluateRun', { id: best.id });
    expect(evaluation).toMatchObject({ runId: best.id, testRows: 30, dataset: { name: 'iris' } });
    expect(evaluation.accuracy).toBeCloseTo(best.testAcc!, 6);
    expect(evaluation.recordedAccuracy).toBeCloseTo(best.testAcc!, 6);

    const dir = path.join(t.dir, 'report');
    const { files } = await call<{ files: { name: string; path: string }[] }>(s, 'exportReport', { sweepId, dir, samples: 2 });
    expect(files.map((f) => f.name)).toEqual(expect.arrayContaining(['runs.csv', 'runs.md', 'runs.tex', 'loss.png', 'confusion.png']));
    expect(readdirSync(dir).sort()).toEqual(files.map((f) => f.name).sort());
    const announced = rec.events.flatMap((m) => (m.event === 'report-file-written' ? [m.data.name] : []));
    expect(announced).toEqual(files.map((f) => f.name));

    await s.close();
    s = openServices(t.dir, { mode: 'browser', watchMs: 0 });
    const refused = path.join(t.dir, 'not-here');
    expect(await failure(s, 'exportReport', { sweepId, dir: refused })).toMatchObject({ code: 'UNAVAILABLE' });
    expect(await failure(s, 'fetchDataset', { name: 'fashion-mnist', dir: refused })).toMatchObject({ code: 'UNAVAILABLE' });
    expect(existsSync(refused)).toBe(false);
    // Reading is for every door.
    expect((await call<RunTableView>(s, 'runTable', { sweepId })).best?.id).toBe(best.id);
  }, 120_000);

  it('a concurrency asked for with the call is checked like the settings\' one', async () => {
    s = openServices(t.dir, { watchMs: 0 });
    for (const concurrency of [0, MAX_CONCURRENCY + 1, 1.5]) {
      const e = await failure(s, 'createSweep', { config: tinyIrisConfig(), concurrency });
      expect(e.code).toBe('BAD_INPUT');
      expect(e.issues?.[0].path).toBe('concurrency');
    }
    expect(await failure(s, 'resumeSweep', { id: 1, concurrency: 0 })).toMatchObject({ code: 'BAD_INPUT' });
  });
});
