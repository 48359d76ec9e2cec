/**
 * `sweeplab export <sweep> --pack DIR` on the Fashion-MNIST preset (resources/examples/
 * fashion-sweep.json), through the real CLI on the real data set, kept short with --set
 * (one epoch, one small width, three learning rates). Skipped where the full data set is
 * not installed, unless SWEEPLAB_REQUIRE_FASHION_MNIST=1 says it must be.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FASHION_MNIST_FILES, fashionFilePath, locateFashionMnist } from '../../src-main/data/fashionMnist';
import { elements, parseSvg, pngSize } from '../export/svgCheck';
import { ROOT, runCli, tempDir, type CliResult } from './helpers';

const located = locateFashionMnist();
const missing = `the full Fashion-MNIST is not installed (looked in ${located.looked.join(', ')}; apt install dataset-fashion-mnist)`;
if (located.dir === null && process.env.SWEEPLAB_REQUIRE_FASHION_MNIST === '1') throw new Error(`SWEEPLAB_REQUIRE_FASHION_MNIST=1 but ${missing}`);

const PACK = [
  'runs.csv', 'groups.csv', 'table.tex', 'loss.png', 'loss.svg', 'loss-epochs.png', 'loss-epochs.svg', 'accuracy-epochs.png', 'accuracy-epochs.svg',
  'samples.png', 'samples.svg', 'confusion.png', 'confusion.svg', 'setup.md', 'manifest.json',
];

describe.skipIf(located.dir === null)(`the paper pack of the Fashion-MNIST preset${located.dir === null ? ` (skipped: ${missing})` : ''}`, () => {
  const tmp = tempDir('sweeplab-fashion-pack-');
  const db = path.join(tmp.dir, 'f.db');
  const pack = path.join(tmp.dir, 'pack');
  let exported: CliResult;
  const read = (name: string) => readFileSync(path.join(pack, name), 'utf8');

  beforeAll(async () => {
    const preset = path.join(ROOT, 'resources', 'examples', 'fashion-sweep.json');
    const short = ['--set', 'train.epochs=1', '--set', 'search.params.model.hidden=[[32]]', '--set', 'concurrency=2'];
    const sweep = await runCli(['sweep', preset, '--db', db, ...short, '--data-dir', located.dir!]);
    expect(sweep.code, sweep.stderr).toBe(0);
    exported = await runCli(['export', 'fashion-sweep', '--db', db, '--pack', pack, '--data-dir', located.dir!]);
  }, 300_000);
  afterAll(() => tmp.cleanup());

  it('exits 0, prints each file as it lands, and writes every file of the pack', () => {
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout.trim().split('\n')).toEqual(PACK.map((f) => path.join(pack, f)));
    expect(readdirSync(pack).sort()).toEqual([...PACK].sort());
  });

  it('manifest.json holds the SHA-256 of the four IDX files the runs read', async () => {
    const m = JSON.parse(read('manifest.json'));
    const files = FASHION_MNIST_FILES.map((f) => fashionFilePath(located.dir!, f)!);
    expect(m.data.files.map((f: { path: string }) => f.path)).toEqual(files);
    for (const [i, f] of m.data.files.entries()) {
      const bytes = readFileSync(files[i]);
      expect(f.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      // The content digest ties the files to the official release whoever compressed them
      // (Debian's package re-compresses: its .gz bytes differ from the mirror's, the IDX content does not).
      if (files[i].endsWith('.gz')) expect(f.contentSha256).toBe(FASHION_MNIST_FILES[i].contentSha256);
      else expect(f.sha256).toBe(FASHION_MNIST_FILES[i].contentSha256);
    }
    expect(m.runs).toHaveLength(3);
    expect(m.config.dataset.name).toBe('fashion-mnist');
  });

  it('the sample grid and the confusion matrix as PNG and as valid SVG', () => {
    expect(pngSize(path.join(pack, 'samples.png'))).toEqual({ width: 3 * 112 + 4 * 8, height: expect.any(Number) });
    expect(pngSize(path.join(pack, 'confusion.png')).width).toBeGreaterThan(400);
    const samples = parseSvg(read('samples.svg'));
    expect(elements(samples, 'image')).toHaveLength(9);
    const confusion = parseSvg(read('confusion.svg'));
    const counts = elements(confusion, 'text').filter((t) => t.getAttribute('font-weight') === 'bold' && /^\d+$/.test(t.textContent ?? ''));
    expect(counts).toHaveLength(100);
    expect(counts.map((t) => Number(t.textContent)).reduce((a, b) => a + b, 0)).toBe(10_000);
    for (const name of PACK.filter((f) => f.endsWith('.svg'))) expect(() => parseSvg(read(name)), name).not.toThrow();
  });

  it('table.tex uses \\pm; setup.md gives the official split', () => {
    expect(read('table.tex')).toContain('\\pm');
    expect(read('setup.md')).toContain('54,000 training, 6,000 validation and 10,000 test examples');
  });
});

describe('sweeplab export: --out or --pack', () => {
  it('needs exactly one of them, and keeps --filter and --samples to the report, each refusal a sentence with exit 2', async () => {
    const cases: [string[], string][] = [
      [[], 'sweeplab: give --out DIR (the report) or --pack DIR (the paper pack)\n'],
      [['--out', 'a', '--pack', 'b'], 'sweeplab: --out and --pack: give one of them; export twice for both\n'],
      [['--pack', 'b', '--filter', 'val_acc>0.5'], 'sweeplab: --filter: only with --out; a paper pack covers every run of the sweep\n'],
      [['--pack', 'b', '--samples', '4'], 'sweeplab: --samples: only with --out; a paper pack shows the 3×3 sample grid\n'],
    ];
    for (const [args, stderr] of cases) {
      const r = await runCli(['export', 'any', ...args]);
      expect({ code: r.code, stderr: r.stderr, stdout: r.stdout }).toEqual({ code: 2, stderr, stdout: '' });
    }
  }, 60_000);
});
