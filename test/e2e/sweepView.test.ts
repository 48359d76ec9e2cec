/**
 * Watching, comparing, exporting and cancelling in a real Chromium against the real
 * `sweeplab serve`: live points arrive in the chart, the table fills as runs complete, a
 * run shows its sample grid, two runs compare, the table exports as CSV and a chart as
 * PNG, and a running sweep can be cancelled. Screenshots land in test-results/e2e/.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, ensureRendererBuilt, keepScreenshot, launchBrowser, openPage, pngSize, serve, type PageCanvas, type Served } from './harness';

let server: Served;
let browser: Browser;
let page: Page;
let errors: string[];
let sweepId: number;

/** Two trials on the bundled image subset, slow enough to watch (a few seconds each). */
const watchable = {
  name: 'watch-me',
  dataset: { name: 'fashion-mnist-subset', split: { train: 0.8, val: 0.2 } },
  engine: 'scratch',
  model: { hidden: [96] },
  train: { epochs: 12, batchSize: 32, optimizer: 'adamw', lr: 0.002 },
  search: { params: { 'train.lr': [0.001, 0.003] } },
  concurrency: 2,
};

const statuses = () => page.getByTestId('run-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')).join(','));
const points = () => page.getByTestId('loss-chart-wrap').getAttribute('data-points').then(Number);

beforeAll(async () => {
  await ensureRendererBuilt();
  [server, browser] = await Promise.all([serve(), launchBrowser()]);
  ({ page, errors } = await openPage(browser, server.url));
  ({ sweepId } = await api<{ sweepId: number }>(server, 'createSweep', { config: watchable }));
  await page.goto(`${new URL(server.url).origin}/#/sweeps/${sweepId}`);
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the sweep view, live', () => {
  it('shows live points arriving in the loss chart while the runs train', async () => {
    await expect.poll(points, { timeout: 30_000 }).toBeGreaterThan(0);
    const first = await points();
    expect(await statuses()).toMatch(/running/);
    await expect.poll(points, { timeout: 30_000 }).toBeGreaterThan(first);
    await keepScreenshot(page, 'sweep-live');
  }, 60_000);

  it('fills the table as runs complete, marking the run chosen on validation', async () => {
    await expect.poll(statuses, { timeout: 90_000 }).toBe('completed,completed');
    const table = page.getByTestId('runs-table');
    await expect.poll(() => table.textContent()).toMatch(/0\.\d{3}/);
    expect(await page.getByTestId('chosen-run').count()).toBe(1);
    await keepScreenshot(page, 'sweep-done');
  }, 120_000);

  it('exports the table as CSV with one row per run', async () => {
    await page.getByTestId('export-format').selectOption('csv');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-table').click()]);
    const rows = parse(readFileSync((await download.path())!), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => r['train.lr']).sort()).toEqual(['0.001', '0.003']);
    for (const r of rows) {
      expect(r.status).toBe('completed');
      expect(Number(r.val_acc)).toBeGreaterThan(0.3);
    }
  });

  it('exports the loss chart as a 2× PNG on white', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-loss-png').click()]);
    expect(download.suggestedFilename()).toMatch(/\.png$/);
    const png = readFileSync((await download.path())!);
    expect(pngSize(png)).toEqual({ width: 1920, height: 1080 });
  });

  it('opens a run and shows its sample grid, predictions and confusion matrix', async () => {
    await page.getByTestId('run-link').first().click();
    await page.waitForURL(/#\/runs\/\d+$/);
    for (const id of ['run-sample-grid', 'run-predictions-grid', 'run-confusion']) {
      const canvas = page.getByTestId(id);
      await canvas.waitFor({ timeout: 30_000 });
      // Something was drawn: the canvas is sized and not one flat colour.
      const colours = await canvas.evaluate((c: PageCanvas) => {
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        const seen = new Set<number>();
        for (let i = 0; i < d.length; i += 4 * 97) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
        return seen.size;
      });
      expect(colours, id).toBeGreaterThan(10);
    }
    await keepScreenshot(page, 'run-view');
  }, 60_000);

  it('compares two runs: the parameter diff marks what differs', async () => {
    await page.goto(`${new URL(server.url).origin}/#/sweeps/${sweepId}`);
    await page.getByTestId('run-select').first().waitFor();
    const boxes = page.getByTestId('run-select');
    for (let i = 0; i < 2; i++) if (!(await boxes.nth(i).isChecked())) await boxes.nth(i).check();
    await page.getByTestId('compare-selected').click();
    await page.waitForURL(/#\/compare\?runs=\d+(%2C|,)\d+$/);
    const diff = page.getByTestId('param-diff');
    await diff.waitFor();
    expect(await diff.locator('[data-key="train.lr"]').getAttribute('data-differs')).toBe('true');
    expect(await diff.locator('[data-key="train.epochs"]').getAttribute('data-differs')).toBe('false');
    await expect.poll(() => page.getByTestId('compare-metrics').textContent()).toMatch(/val(idation)? acc/i);
    await keepScreenshot(page, 'compare');
  });
});

describe('cancelling', () => {
  it('stops a running sweep after confirmation; its runs end cancelled', async () => {
    const { sweepId: long } = await api<{ sweepId: number }>(server, 'createSweep', {
      config: { ...watchable, name: 'cancel-me', train: { ...watchable.train, epochs: 500 }, search: { params: { 'train.lr': [0.001, 0.002, 0.003] } }, concurrency: 1 },
    });
    await page.goto(`${new URL(server.url).origin}/#/sweeps/${long}`);
    await expect.poll(statuses, { timeout: 30_000 }).toMatch(/running/);
    await page.getByTestId('stop-sweep').click();
    await page.getByTestId('confirm-ok').click();
    await expect.poll(statuses, { timeout: 30_000 }).toBe('cancelled,cancelled,cancelled');
    const sweep = await api<{ sweep: { status: string } }>(server, 'getSweep', { id: long });
    expect(sweep.sweep.status).toBe('cancelled');
    await keepScreenshot(page, 'sweep-cancelled');
    expect(errors).toEqual([]);
  }, 90_000);
});
