/**
 * The paper pack of a real Iris sweep (2 learning rates × 3 seeds, real workers, a real
 * database), written through the API as the CLI and the GUI call it: every file is there
 * and announced, the SVGs are XML with an <svg> root, the LaTeX table is booktabs with
 * \pm, the manifest holds the config, every seed and the data file's SHA-256, and the
 * setup text states the split and the selection rule.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppServices } from '../../src-main/api/services';
import type { EventMessage } from '../../src-main/api/contract';
import { bandChart } from '../../src-main/export/chartSpecs';
import { call, failure, openServices, recordEvents, tempDir } from '../api/helpers';
import { elements, parseSvg, pngSize } from './svgCheck';

const IRIS = path.resolve(import.meta.dirname, '../../resources/datasets/iris.csv');
const FILES = [
  'runs.csv', 'groups.csv', 'table.tex', 'loss.png', 'loss.svg', 'loss-epochs.png', 'loss-epochs.svg',
  'accuracy-epochs.png', 'accuracy-epochs.svg', 'confusion.png', 'confusion.svg', 'setup.md', 'manifest.json',
];

const t = tempDir('sweeplab-pack-');
const dir = path.join(t.dir, 'pack');
let s: AppServices;
let sweepId: number;
let files: { name: string; path: string }[];
let events: EventMessage[];
const read = (name: string) => readFileSync(path.join(dir, name), 'utf8');

beforeAll(async () => {
  s = openServices(t.dir, { mode: 'cli', watchMs: 0 });
  const rec = recordEvents(s);
  const config = {
    name: 'iris-pack',
    dataset: { name: 'iris' },
    engine: 'scratch',
    model: { hidden: [8] },
    train: { epochs: 10, batchSize: 16, lr: 0.05 },
    search: { params: { 'train.lr': [0.02, 0.1], 'train.seed': [1, 2, 3] } },
    concurrency: 3,
  };
  ({ sweepId } = await call<{ sweepId: number }>(s, 'createSweep', { config, concurrency: 3 }));
  await rec.until((m) => m.event === 'sweep-finished');
  ({ files } = await call<{ files: { name: string; path: string }[] }>(s, 'exportPack', { sweepId, dir }));
  events = rec.events;
}, 120_000);
afterAll(async () => {
  await s?.close();
  t.cleanup();
});

describe('the paper pack of an Iris sweep', () => {
  it('writes every file (no sample grid: Iris has no images), each announced as it lands', () => {
    expect(files.map((f) => f.name).sort()).toEqual([...FILES].sort());
    expect(readdirSync(dir).sort()).toEqual([...FILES].sort());
    const announced = events.flatMap((m) => (m.event === 'report-file-written' && m.data.sweepId === sweepId ? [m.data.name] : []));
    expect(announced).toEqual(files.map((f) => f.name));
  });

  it('every SVG parses as XML with an <svg> root; bands are filled polygons, the confusion matrix is cells with counts', () => {
    for (const name of FILES.filter((f) => f.endsWith('.svg'))) expect(() => parseSvg(read(name)), name).not.toThrow();
    const bands = elements(parseSvg(read('accuracy-epochs.svg')), 'polygon');
    // One validation band per group, over ten epochs: at least 2 × 10 upper + lower points.
    expect(bands.length).toBe(2);
    expect(bands[0].getAttribute('points')!.trim().split(/\s+/)).toHaveLength(20);
    const confusion = parseSvg(read('confusion.svg'));
    const cells = elements(confusion, 'rect').filter((r) => r.getAttribute('fill')?.startsWith('rgb('));
    expect(cells).toHaveLength(9); // 3 classes × 3
    const counts = elements(confusion, 'text').filter((e) => e.getAttribute('font-weight') === 'bold' && /^\d+$/.test(e.textContent ?? ''));
    expect(counts.map((e) => Number(e.textContent)).reduce((a, b) => a + b, 0)).toBe(30); // the test split
    const labels = elements(confusion, 'text').map((e) => e.textContent);
    expect(labels).toEqual(expect.arrayContaining(['setosa', 'versicolor', 'virginica', 'predicted', 'true']));
  });

  it('PNG figures are 1600×900; loss.png shows the best group\'s seeds and says so', () => {
    for (const name of ['loss.png', 'loss-epochs.png', 'accuracy-epochs.png']) expect(pngSize(path.join(dir, name)), name).toEqual({ width: 1600, height: 900 });
    const title = elements(parseSvg(read('loss.svg')), 'title')[0].textContent!;
    expect(title).toMatch(/best group lr=0\.(02|1) \(3 seeds\)/);
    expect(elements(parseSvg(read('loss.svg')), 'polyline').length).toBe(6); // 3 runs: raw + smoothed each
  });

  it('table.tex is a booktabs table of mean \\pm std with the test in the caption; groups.csv has a row per configuration', () => {
    const tex = read('table.tex');
    for (const needle of ['\\toprule', '\\midrule', '\\bottomrule', '\\pm', '\\mathbf{', "Welch's two-sided $t$-test", '$n = 3$ runs per group']) expect(tex).toContain(needle);
    const [header, ...rows] = read('groups.csv').trim().split('\n');
    expect(header.split(',').slice(0, 6)).toEqual(['train.lr', 'n', 'val_acc_mean', 'val_acc_std', 'val_acc_ci95_low', 'val_acc_ci95_high']);
    expect(header).toContain('verdict,p_value');
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => r.split(',')[1])).toEqual(['3', '3']);
    expect(read('runs.csv').trim().split('\n')).toHaveLength(7);
  });

  it('manifest.json holds the config, every run\'s seed, engine, backend, versions, the data file\'s SHA-256 and the machine', () => {
    const m = JSON.parse(read('manifest.json'));
    expect(m.config.search.params).toEqual({ 'train.lr': [0.02, 0.1], 'train.seed': [1, 2, 3] });
    expect(m.config.train).toMatchObject({ epochs: 10, batchSize: 16 });
    expect(m.seeds).toEqual({ search: 0, dataSplit: 0, training: [1, 2, 3] });
    expect(m.runs).toHaveLength(6);
    expect(m.runs.map((r: { seed: number }) => r.seed).sort()).toEqual([1, 1, 2, 2, 3, 3]);
    for (const r of m.runs) {
      expect(r.engine).toBe('scratch');
      expect(r.backend).toEqual(expect.any(String));
      expect(r.versions).toMatchObject({ sweeplab: expect.any(String), node: expect.any(String) });
    }
    expect(m.engines).toEqual(['scratch']);
    expect(m.backends.length).toBeGreaterThan(0);
    const sha = createHash('sha256').update(readFileSync(IRIS)).digest('hex');
    expect(m.data.files).toEqual([{ path: IRIS, bytes: readFileSync(IRIS).length, sha256: sha }]);
    expect(m.machine).toMatchObject({ cores: os.cpus().length, memoryBytes: os.totalmem(), platform: process.platform, arch: process.arch, node: process.versions.node });
    expect(m.machine.cpu.length).toBeGreaterThan(0);
    expect(m.files.sort()).toEqual([...FILES].sort());
    expect(m.chosenRunId).toEqual(expect.any(Number));
  });

  it('setup.md states the split sizes, the search space, the seeds and the selection rule', () => {
    const text = read('setup.md');
    expect(text).toMatch(/^## Experimental setup/);
    expect(text).toContain('105 training, 15 validation and 30 test examples');
    expect(text).toContain('learning rate ∈ {0.02, 0.1}');
    expect(text).toContain('training seeds {1, 2, 3}; 3 counted runs per configuration (2 configurations)');
    expect(text).toContain('chosen on validation accuracy, then validation loss; the test split was never used for selection');
    expect(text).toContain('Welch’s two-sided t-test');
    expect(text).toContain(`${os.cpus().length} logical cores`);
  });

  it('is refused in browser mode, which may be a remote caller, and writes nothing', async () => {
    await s.close();
    s = openServices(t.dir, { mode: 'browser', watchMs: 0 });
    const refused = path.join(t.dir, 'not-here');
    expect(await failure(s, 'exportPack', { sweepId, dir: refused })).toMatchObject({ code: 'UNAVAILABLE' });
    expect(existsSync(refused)).toBe(false);
  });
});

describe('bandChart', () => {
  it('fills from the upper edge to the lower, keeps the edges out of the legend, and draws every fill under the lines', () => {
    const config = bandChart(
      [
        { label: 'a', points: [{ x: 1, y: 0.5 }, { x: 2, y: 0.6 }], band: [{ x: 1, low: 0.4, high: 0.6 }, { x: 2, low: null, high: null }] },
        { label: 'b', points: [{ x: 1, y: 0.3 }], band: [], dashed: true },
      ],
      { title: 't', xLabel: 'epoch', yLabel: 'accuracy' },
    );
    const ds = config.data.datasets;
    expect(ds.map((d) => d.label)).toEqual(['a low', 'a high', 'a', 'b']);
    expect(ds[1]).toMatchObject({ fill: '-1', data: [{ x: 1, y: 0.6 }, { x: 2, y: null }] });
    expect(ds[2].fill).toBe(false);
    expect(config.options?.plugins?.filler).toMatchObject({ drawTime: 'beforeDatasetsDraw' });
    expect(config.options?.scales?.x?.ticks).toMatchObject({ precision: 0 });
    const labels = (config.options!.plugins!.legend!.labels!.generateLabels as (c: unknown) => { text: string }[])({
      data: config.data,
      isDatasetVisible: () => true,
    });
    expect(labels.map((l) => l.text)).toEqual(['a', 'b']);
  });
});
