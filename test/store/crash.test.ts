/**
 * A real crash: a child process appends metric batches in a loop and is SIGKILLed
 * mid-stream. What this guards: WAL + per-batch transactions leave a consistent file in
 * which every batch is entirely present or entirely absent.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src-main/store/store';
import { seedSweep, tempDbFile } from './helpers';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');
const BATCH = 50;

describe('a process killed while appending metrics', () => {
  it('leaves an intact database holding only whole batches', async () => {
    const file = tempDbFile();
    const setup = openStore(file);
    const { sweep, runs } = seedSweep(setup, 1);
    setup.sweeps.setStatus(sweep.id, 'running');
    setup.close();

    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'fixtures/appendForever.ts'), file, String(runs[0].id)], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`child never became ready: ${stderr}`)), 45_000);
      child.stdout.on('data', (d: Buffer) => {
        if (d.toString().includes('ready')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on('exit', (code) => reject(new Error(`child exited early (${code}): ${stderr}`)));
    });
    await new Promise((r) => setTimeout(r, 300 + Math.random() * 200));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const store = openStore(file);
    try {
      expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(store.db.pragma('foreign_key_check')).toEqual([]);
      const { count, maxStep } = store.db
        .prepare(`SELECT COUNT(*) AS count, MAX(step) AS maxStep FROM metrics WHERE run_id = ? AND key = 'loss'`)
        .get(runs[0].id) as { count: number; maxStep: number };
      expect(count).toBeGreaterThan(BATCH);
      expect(count % BATCH).toBe(0);
      expect(maxStep).toBe(count - 1); // contiguous: no batch missing from the middle
      const latest = store.db.prepare(`SELECT step FROM latest_metrics WHERE run_id = ? AND key = 'loss'`).pluck().get(runs[0].id);
      expect(latest).toBe(maxStep); // written in the same transactions as the points

      // The start-up recovery the CLI and the app run: the dead child's run is interrupted.
      expect(store.runs.get(runs[0].id)!.status).toBe('running');
      expect(store.runs.recoverInterrupted()).toBe(1);
      expect(store.runs.get(runs[0].id)).toMatchObject({ status: 'interrupted', metrics: { loss: expect.any(Number) } });
      expect(store.sweeps.get(sweep.id)!.status).toBe('interrupted');
    } finally {
      store.close();
    }
  });
});
