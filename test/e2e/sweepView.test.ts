/**
 * Watching, comparing, exporting and cancelling in a real Chromium against the real
 * `sweeplab serve`: live points arrive in the chart, the table fills as runs complete, a
 * run shows its sample grid, two runs compare, the table exports as CSV and a chart as
 * PNG, and a running sweep can be cancelled. Screenshots land in test-results/e2e/.
 *
 * Each test opens its own page and sets up what it needs, so any one of them can run
 * alone or in any order: the tests that look at finished runs share one sweep, created
 * and run to completion by whichever of them asks first (finishedSweep); the live and
 * the cancel tests start sweeps of their own.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, keepScreenshot, openPage, type PageCanvas, pngSize, type Served, startServedBrowser, stopServedBrowser } from './harness';

let server: Served;
let browser: Browser;

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

const statuses = (page: Page) => page.getByTestId('run-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')).join(','));
const points = (page: Page) => page.getByTestId('loss-chart-wrap').getAttribute('data-points').then(Number);
const sweepStatus = async (id: number) => (await api<{ sweep: { status: string } }>(server, 'getSweep', { id })).sweep.status;

/** A fresh page (its own browser context) showing `route`; `errors` collects its page errors. */
async function openAt(route: string): Promise<{ page: Page; errors: string[] }> {
  const opened = await openPage(browser, server.url);
  await opened.page.goto(`${new URL(server.url).origin}/#${route}`);
  return opened;
}

let watched: Promise<number> | undefined;
/** The `watchable` sweep, started by the first test that asks for it. */
function watchedSweep(): Promise<number> {
  watched ??= api<{ sweepId: number }>(server, 'createSweep', { config: watchable }).then((r) => r.sweepId);
  return watched;
}

/** The `watchable` sweep once both runs have completed. */
async function finishedSweep(): Promise<number> {
  const id = await watchedSweep();
  await expect.poll(() => sweepStatus(id), { timeout: 90_000, message: `sweep ${id} (watch-me) to complete` }).toBe('completed');
  return id;
}

beforeAll(async () => void ([server, browser] = await startServedBrowser()), 240_000);
afterAll(() => stopServedBrowser(server, browser));

describe('the sweep view, live', () => {
  it('shows live points arriving in the loss chart while the runs train', async () => {
    // A sweep of its own, long enough to be still training while it is watched; stopped
    // at the end so that it does not slow the tests after it.
    const { sweepId } = await api<{ sweepId: number }>(server, 'createSweep', {
      config: { ...watchable, name: 'live', train: { ...watchable.train, epochs: 200 } },
    });
    const { page, errors } = await openAt(`/sweeps/${sweepId}`);
    await expect.poll(() => points(page), { timeout: 30_000 }).toBeGreaterThan(0);
    const first = await points(page);
    expect(await statuses(page)).toMatch(/running/);
    await expect.poll(() => points(page), { timeout: 30_000 }).toBeGreaterThan(first);
    await keepScreenshot(page, 'sweep-live');
    expect(errors).toEqual([]);
    await page.context().close();
    await api(server, 'cancelSweep', { id: sweepId });
    await expect.poll(() => sweepStatus(sweepId), { timeout: 30_000 }).toBe('cancelled');
  }, 90_000);

  it('fills the table as runs complete, marking the run chosen on validation', async () => {
    const { page, errors } = await openAt(`/sweeps/${await watchedSweep()}`);
    await expect.poll(() => statuses(page), { timeout: 90_000 }).toBe('completed,completed');
    const table = page.getByTestId('runs-table');
    await expect.poll(() => table.textContent()).toMatch(/0\.\d{3}/);
    expect(await page.getByTestId('chosen-run').count()).toBe(1);
    await keepScreenshot(page, 'sweep-done');
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('exports the table as CSV with one row per run', async () => {
    const { page, errors } = await openAt(`/sweeps/${await finishedSweep()}`);
    await expect.poll(() => statuses(page)).toBe('completed,completed');
    await page.getByTestId('export-format').selectOption('csv');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-table').click()]);
    const rows = parse(readFileSync((await download.path())!), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => r['train.lr']).sort()).toEqual(['0.001', '0.003']);
    for (const r of rows) {
      expect(r.status).toBe('completed');
      expect(Number(r.val_acc)).toBeGreaterThan(0.3);
    }
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('exports the loss chart as a 2× PNG on white', async () => {
    const { page, errors } = await openAt(`/sweeps/${await finishedSweep()}`);
    await expect.poll(() => points(page)).toBeGreaterThan(0);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-loss-png').click()]);
    expect(download.suggestedFilename()).toMatch(/\.png$/);
    const png = readFileSync((await download.path())!);
    expect(pngSize(png)).toEqual({ width: 1920, height: 1080 });
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('opens a run and shows its sample grid, predictions and confusion matrix', async () => {
    const { page, errors } = await openAt(`/sweeps/${await finishedSweep()}`);
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
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('compares two runs: the parameter diff marks what differs', async () => {
    const { page, errors } = await openAt(`/sweeps/${await finishedSweep()}`);
    await page.getByTestId('run-select').first().waitFor();
    const boxes = page.getByTestId('run-select');
    await expect.poll(() => boxes.count()).toBe(2);
    for (let i = 0; i < 2; i++) if (!(await boxes.nth(i).isChecked())) await boxes.nth(i).check();
    await page.getByTestId('compare-selected').click();
    await page.waitForURL(/#\/compare\?runs=\d+(%2C|,)\d+$/);
    const diff = page.getByTestId('param-diff');
    await diff.waitFor();
    expect(await diff.locator('[data-key="train.lr"]').getAttribute('data-differs')).toBe('true');
    expect(await diff.locator('[data-key="train.epochs"]').getAttribute('data-differs')).toBe('false');
    await expect.poll(() => page.getByTestId('compare-metrics').textContent()).toMatch(/val(idation)? acc/i);
    await keepScreenshot(page, 'compare');
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);
});

describe('cancelling', () => {
  it('stops a running sweep after confirmation; its runs end cancelled', async () => {
    const { sweepId: long } = await api<{ sweepId: number }>(server, 'createSweep', {
      config: { ...watchable, name: 'cancel-me', train: { ...watchable.train, epochs: 500 }, search: { params: { 'train.lr': [0.001, 0.002, 0.003] } }, concurrency: 1 },
    });
    const { page, errors } = await openAt(`/sweeps/${long}`);
    await expect.poll(() => statuses(page), { timeout: 30_000 }).toMatch(/running/);
    await page.getByTestId('stop-sweep').click();
    await page.getByTestId('confirm-ok').click();
    await expect.poll(() => statuses(page), { timeout: 30_000 }).toBe('cancelled,cancelled,cancelled');
    expect(await sweepStatus(long)).toBe('cancelled');
    await keepScreenshot(page, 'sweep-cancelled');
    expect(errors).toEqual([]);
    await page.context().close();
  }, 90_000);
});

describe('the tuner', () => {
  /** Eight quick TPE trials on Iris with ASHA stopping the weak ones at epochs 1 and 3. */
  const tuned = {
    name: 'tuned-iris',
    dataset: { name: 'iris' },
    engine: 'scratch',
    model: { hidden: [8] },
    train: { epochs: 9, batchSize: 16, lr: 0.05 },
    search: { strategy: 'tpe', trials: 8, seed: 3, params: { 'train.lr': { min: 0.0005, max: 0.5, scale: 'log' } }, pruner: { type: 'asha', minEpochs: 1, reductionFactor: 3 } },
    concurrency: 2,
  };
  interface Tuner {
    rungs: number[];
    trials: { status: string; epochs: number; value: number | null }[];
  }

  it('shows the optimisation history and what ASHA did at each rung', async () => {
    const { sweepId } = await api<{ sweepId: number }>(server, 'createSweep', { config: tuned });
    const { page, errors } = await openAt(`/sweeps/${sweepId}`);
    await expect.poll(() => sweepStatus(sweepId), { timeout: 90_000, message: 'the tuned sweep to finish' }).toBe('completed');
    const view = await api<Tuner>(server, 'tunerView', { sweepId });
    expect(view.rungs).toEqual([1, 3, 9]);
    expect(view.trials).toHaveLength(8);
    const finished = view.trials.filter((t) => (t.status === 'completed' || t.status === 'pruned' || t.status === 'failed') && t.value !== null).length;
    expect(finished).toBeGreaterThan(0);

    // The view caught up with the end of the sweep: every trial is a point, every rung counted.
    const history = page.getByTestId('optimization-history');
    await expect.poll(() => history.getAttribute('data-points').then(Number), { timeout: 15_000 }).toBe(finished);
    const drawn = await history.evaluate((c: PageCanvas) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const seen = new Set<number>();
      for (let i = 0; i < d.length; i += 4 * 31) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2] | (d[i + 3] << 24));
      return seen.size;
    });
    expect(drawn).toBeGreaterThan(3);
    const reached = (r: number) => view.trials.filter((t) => t.epochs >= r).length;
    const promoted = (r: number) => view.trials.filter((t) => t.epochs > r).length;
    const expected = [1, 3].map((r) => `rung ${r}: ${reached(r)} trial${reached(r) === 1 ? '' : 's'} reached, ${promoted(r)} promoted`);
    await expect.poll(() => page.getByTestId('rung-count').allTextContents(), { timeout: 15_000 }).toEqual([...expected, expect.stringMatching(/^rung 9: \d+ trials? reached \(the last epoch\)$/)]);
    expect(expected[0]).toBe(`rung 1: 8 trials reached, ${promoted(1)} promoted`);
    expect(await page.getByTestId('rung-bar').count()).toBe(8);
    const pruned = view.trials.filter((t) => t.status === 'pruned').length;
    expect(await page.locator('[data-testid="rung-bar"][data-status="pruned"]').count()).toBe(pruned);
    await page.getByTestId('tuner-section').scrollIntoViewIfNeeded();
    await keepScreenshot(page, 'sweep-tuner');
    expect(errors).toEqual([]);
    await page.context().close();
  }, 150_000);
});
