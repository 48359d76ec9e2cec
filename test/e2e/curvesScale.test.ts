/**
 * Curves at scale in a real Chromium against the real `sweeplab serve`: a 300-trial
 * random search on Iris (2 epochs, a tiny model, two lanes: about half a minute), then
 * "All" on the sweep view. Every run's curve must arrive in all three charts with no
 * error (the metrics API takes at most 100 runs a call: the charts batch), the legend
 * must list them (50 at a time), and the longest main-thread task while they load (a
 * PerformanceObserver 'longtask' in the page) is reported (stdout and
 * test-results/e2e/curves-scale.json), and bounded.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, keepScreenshot, openPage, ROOT, type Served, startServedBrowser, stopServedBrowser } from './harness';

let server: Served;
let browser: Browser;
const TRIALS = 300;

const search = {
  name: 'iris-random-300',
  dataset: { name: 'iris', split: { train: 0.7, val: 0.15, test: 0.15 } },
  engine: 'scratch',
  model: { hidden: [4] },
  train: { epochs: 2, batchSize: 16, optimizer: 'sgd', lr: 0.05 },
  search: { strategy: 'random', trials: TRIALS, seed: 1, params: { 'train.lr': { min: 0.001, max: 3, scale: 'log' } } },
  concurrency: 2,
};

/* Browser globals used inside page.evaluate (the Node tsconfig has no DOM types), as bench/gui.ts declares them. */
declare const window: { __long: number[] };
declare const location: { hash: string };
declare const PerformanceObserver: new (cb: (list: { getEntries(): { duration: number }[] }) => void) => { observe(opts: { type: string; buffered: boolean }): void };

beforeAll(async () => void ([server, browser] = await startServedBrowser()), 240_000);
afterAll(() => stopServedBrowser(server, browser));

const attr = (page: Page, testid: string, name: string) => page.getAttribute(`[data-testid="${testid}-wrap"]`, name);

describe('curves at scale', () => {
  it(`"All" on a ${TRIALS}-run sweep shows every curve, batched, with no error; the longest task is reported`, async () => {
    const { sweepId } = await api<{ sweepId: number }>(server, 'createSweep', { config: search });
    await expect
      .poll(async () => (await api<{ sweep: { status: string } }>(server, 'getSweep', { id: sweepId })).sweep.status, { timeout: 240_000, interval: 1000 })
      .toBe('completed');

    const { page, errors } = await openPage(browser, server.url);
    await page.addInitScript(() => {
      const w = window as unknown as { __long: number[] };
      w.__long = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__long.push(e.duration))).observe({ type: 'longtask', buffered: true });
    });
    // A full load (the init script runs on navigations only), then the route.
    await page.goto(server.url);
    await page.getByTestId('sweep-item').first().waitFor();
    await page.evaluate((id) => (location.hash = `#/sweeps/${id}`), sweepId);
    await page.getByTestId('show-all').waitFor();
    await expect.poll(() => attr(page, 'loss-chart', 'data-series').then(Number), { timeout: 30_000 }).toBeGreaterThan(0);

    // The measurement itself works: a deliberate 120 ms task is seen.
    await page.evaluate(() => {
      const t = performance.now();
      while (performance.now() - t < 120);
    });
    await expect.poll(() => page.evaluate(() => Math.max(0, ...window.__long)), { timeout: 5000 }).toBeGreaterThanOrEqual(100);
    await page.evaluate(() => (window.__long = []));
    const t0 = Date.now();
    await page.getByTestId('show-all').click();
    for (const chart of ['loss-chart', 'epoch-val-acc-chart', 'epoch-val-loss-chart']) {
      await expect.poll(() => attr(page, chart, 'data-series').then(Number), { timeout: 60_000, message: `${chart}: every run drawn` }).toBe(TRIALS);
    }
    const shownMs = Date.now() - t0;
    await page.waitForTimeout(300);
    const long = await page.evaluate(() => window.__long.slice());
    const longest = Math.max(0, ...long);
    const report = { runs: TRIALS, showAllMs: shownMs, longTasks: long.length, longestTaskMs: Math.round(longest) };
    console.log(`curves at scale: "All" on ${TRIALS} runs shown in ${shownMs} ms; ${long.length} long tasks, longest ${longest.toFixed(0)} ms`);
    const dir = path.join(ROOT, 'test-results', 'e2e');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'curves-scale.json'), `${JSON.stringify(report, null, 2)}\n`);

    expect(await page.getByText('Could not load the curves').count()).toBe(0);
    expect(await page.locator('[data-testid="loss-chart-progress"]').count()).toBe(0);
    // The legend lists the best 50 runs, then "+ 250 more".
    const legend = page.locator('[aria-label="Training loss"] [data-testid="chart-legend-item"]');
    expect(await legend.count()).toBe(50);
    expect(await page.locator('[aria-label="Training loss"] [data-testid="chart-legend-more"]').textContent()).toContain(`+ ${TRIALS - 50} more`);
    // Hovering a legend entry highlights that run's table row's state (shared) without errors.
    await legend.nth(0).hover();
    await keepScreenshot(page, 'curves-all-300');
    // About 130 ms here; a dataset a run in Chart.js (quadratic) took 320 ms at 300 runs
    // and seconds at 1,000. The target is 200 ms; a loaded machine gets some slack.
    expect(longest).toBeLessThan(300);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 420_000);
});
