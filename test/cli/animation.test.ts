/**
 * The moons preset end to end through the real CLI: the sweep records frames, the best
 * run separates the moons (training accuracy ≥ 0.95), and `export --animation` writes one
 * GIF per run of at least 30 frames, each under 3 MB, plus a PNG of a chosen frame.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { gifFrameCount } from '../../src-main/frames/gif';
import { ROOT, runCli, tempDir } from './helpers';

const tmp = tempDir('sweeplab-anim-');
afterAll(() => tmp.cleanup());
const db = path.join(tmp.dir, 's.db');

describe('sweeplab export --animation', () => {
  it('runs the moons preset: every run records frames, the best one separates the moons', async () => {
    const r = await runCli(['sweep', path.join(ROOT, 'resources/examples/moons-boundary.json'), '--db', db, '--out', path.join(tmp.dir, 'report')]);
    expect(r.code, r.stderr).toBe(0);
    const rows = parse(readFileSync(path.join(tmp.dir, 'report', 'runs.csv')), { columns: true, cast: true }) as Record<string, number | string>[];
    expect(rows).toHaveLength(3);
    expect(rows.every((row) => row.status === 'completed')).toBe(true);
    expect(Math.max(...rows.map((row) => Number(row.train_acc)))).toBeGreaterThanOrEqual(0.95);
  }, 120_000);

  it('writes one GIF per run, ≥ 30 frames and < 3 MB each', async () => {
    const out = path.join(tmp.dir, 'gifs');
    const r = await runCli(['export', 'moons-boundary', '--animation', '--out', out, '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    const gifs = readdirSync(out).filter((f) => f.endsWith('.gif')).sort();
    expect(gifs).toEqual(['run-1.gif', 'run-2.gif', 'run-3.gif']);
    expect(r.stdout.trim().split('\n')).toEqual(gifs.map((g) => path.join(out, g)));
    for (const g of gifs) {
      const bytes = readFileSync(path.join(out, g));
      expect(gifFrameCount(bytes).frames, g).toBeGreaterThanOrEqual(30);
      expect(statSync(path.join(out, g)).size, g).toBeLessThan(3 * 1024 * 1024);
    }
  }, 120_000);

  it('exports one run (run:ID) with a PNG of its last frame', async () => {
    const out = path.join(tmp.dir, 'one');
    const r = await runCli(['export', 'run:2', '--animation', '--frame', 'last', '--out', out, '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    const files = readdirSync(out).sort();
    expect(files).toHaveLength(2);
    expect(files[0]).toMatch(/^run-2-frame-\d+\.png$/);
    expect(files[1]).toBe('run-2.gif');
    expect(readFileSync(path.join(out, files[0])).subarray(1, 4).toString()).toBe('PNG');
  }, 60_000);

  it('writes the runs side by side in lockstep into one named GIF', async () => {
    const file = path.join(tmp.dir, 'lesson', 'moons.gif');
    const r = await runCli(['export', 'moons-boundary', '--animation', '--lockstep', '--out', file, '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(file);
    const single = gifFrameCount(readFileSync(path.join(tmp.dir, 'gifs', 'run-1.gif')));
    const both = gifFrameCount(readFileSync(file));
    expect(both.frames).toBeGreaterThanOrEqual(30);
    // Three panels of one run's width, with gaps between them.
    expect(both.width).toBeGreaterThan(3 * single.width);
    expect(statSync(file).size).toBeLessThan(3 * 1024 * 1024);
  }, 120_000);

  it('says what is wrong with bad arguments (exit 2)', async () => {
    const cases: [string[], RegExp][] = [
      [['export', 'moons-boundary', '--frame', '3', '--out', tmp.dir], /--frame: only with --animation/],
      [['export', 'run:x', '--animation', '--out', tmp.dir], /run:ID with a positive integer/],
      [['export', 'run:2', '--animation', '--frame', '-1', '--out', tmp.dir], /--frame: expected a frame number/],
      [['export', 'moons-boundary', '--animation', '--pack', tmp.dir], /--animation: with --out DIR/],
      [['export', 'moons-boundary', '--animation', '--lockstep', '--frame', '2', '--out', tmp.dir], /--frame: not with --lockstep/],
      [['export', 'moons-boundary', '--animation', '--out', path.join(tmp.dir, 'x.gif')], /3 runs have frames: a single \.gif file holds one run/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli([...args, '--db', db]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  }, 60_000);
});
