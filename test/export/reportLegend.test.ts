/**
 * A report's loss plot of many runs: coloured by rank on validation like the GUI, every
 * run named in a legend below the plot (the image grows to hold it), and an SVG beside it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportSweep } from '../../src-main/export/sweepReport';
import { validateSweepConfig } from '../../src-main/sweep/configSchema';
import { createSweep } from '../../src-main/sweep/sweepService';
import { ENV, tempStore } from '../store/helpers';
import { pngSize } from './fixtures';

const out = mkdtempSync(path.join(os.tmpdir(), 'sweeplab-legend-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the report of a 15-run sweep', () => {
  it('lists all 15 runs below the loss plot, taller than the 900-px plot, and writes loss.svg with each of them', async () => {
    const store = tempStore();
    const lrs = Array.from({ length: 15 }, (_, i) => Number((0.01 * (i + 1)).toFixed(2)));
    const r = validateSweepConfig({ name: 'many', dataset: { name: 'iris' }, model: { hidden: [4] }, train: { epochs: 1, batchSize: 16, lr: 0.1 }, search: { params: { 'train.lr': lrs } } });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const { sweep } = createSweep(store, r.config);
    for (const run of store.runs.list({ sweepId: sweep.id })) {
      store.runs.start(run.id, ENV);
      const lr = run.params['train.lr'] as number;
      store.metrics.append(run.id, Array.from({ length: 20 }, (_, i) => ({ key: 'loss', step: i + 1, value: 1 / (1 + lr * (i + 1)), time: i })));
      store.runs.finish(run.id, 'completed');
    }
    const files = await exportSweep(store, sweep.id, out);
    expect(files.map((f) => f.name)).toEqual(expect.arrayContaining(['loss.png', 'loss.svg']));
    const png = pngSize(readFileSync(path.join(out, 'loss.png')));
    expect(png.width).toBe(1600);
    expect(png.height).toBeGreaterThan(900);
    const svg = readFileSync(path.join(out, 'loss.svg'), 'utf8');
    expect(svg.startsWith('<svg') || svg.startsWith('<?xml')).toBe(true);
    for (const lr of lrs) expect(svg).toContain(`lr=${lr}`);
  });
});
