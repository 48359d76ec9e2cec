/**
 * "Is the best run really better?" in a real Chromium against the real `sweeplab serve`:
 * an Iris grid sweeping the training seed (3) × the learning rate (2) grouped by
 * configuration gives two rows of n = 3 with a verdict, the sentence above them and the
 * band charts; then Confirm top… re-runs the best configuration with three fresh seeds,
 * and the replicates train live and take over its row's statistics (the search runs
 * become selection runs, listed, not counted). Screenshots land in test-results/e2e/.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, keepScreenshot, openPage, type Served, startServedBrowser, stopServedBrowser } from './harness';

let server: Served;
let browser: Browser;

const seeds = {
  name: 'seeds-iris',
  dataset: { name: 'iris' },
  engine: 'scratch',
  model: { hidden: [8] },
  train: { epochs: 8, batchSize: 16, lr: 0.05 },
  search: { strategy: 'grid', params: { 'train.lr': [0.3, 0.01], 'train.seed': [0, 1, 2] } },
  concurrency: 2,
};

interface Detail {
  sweep: { status: string };
  runs: { id: number; status: string; replicateOf?: number | null }[];
}
const getSweep = (id: number) => api<Detail>(server, 'getSweep', { id });
const groupNs = (page: Page) => page.getByTestId('group-row').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-n'))));

beforeAll(async () => void ([server, browser] = await startServedBrowser()), 240_000);
afterAll(() => stopServedBrowser(server, browser));

describe('grouped runs and confirming the best', () => {
  it('groups replicates by configuration, then confirms the best with fresh seeds', async () => {
    const { sweepId } = await api<{ sweepId: number }>(server, 'createSweep', { config: seeds });
    await expect.poll(async () => (await getSweep(sweepId)).sweep.status, { timeout: 90_000, message: 'the seed sweep to complete' }).toBe('completed');

    const { page, errors } = await openPage(browser, server.url);
    await page.goto(`${new URL(server.url).origin}/#/sweeps/${sweepId}`);
    await page.getByTestId('runs-table').waitFor();
    await page.getByTestId('group-by').selectOption('config');

    // Two configurations, three seeds each, the best badged and the other compared with it.
    await expect.poll(() => groupNs(page), { timeout: 10_000 }).toEqual([3, 3]);
    const badges = await page.getByTestId('group-badge').allTextContents();
    expect(badges[0]).toBe('best');
    expect(badges[1]).toMatch(/^(better|not distinguishable from the best) \(p [<=] [\d.]+\)$/);
    expect(await page.getByTestId('group-summary').textContent()).toMatch(/^The best configuration \(lr=[\d.]+\) on val_acc (is better than|is not distinguishable from) the runner-up/);
    expect(await page.getByTestId('runs-table').count()).toBe(0);
    // The epoch charts show each group's mean and band.
    await expect.poll(() => page.getByTestId('group-val-acc-chart-wrap').getAttribute('data-points').then(Number), { timeout: 10_000 }).toBeGreaterThan(0);
    await keepScreenshot(page, 'groups-by-config');

    // Confirm the best configuration with three fresh seeds.
    await page.getByTestId('confirm-top').click();
    await page.getByTestId('confirm-top-k').fill('1');
    await page.getByTestId('confirm-seeds').fill('3');
    expect(await page.getByTestId('confirm-estimate').textContent()).toMatch(/^3 runs \(1 configuration × 3 seeds\)/);
    await keepScreenshot(page, 'groups-confirm-dialog');
    await page.getByTestId('confirm-replicates-launch').click();
    await page.getByTestId('confirm-replicates').waitFor({ state: 'detached' });

    // The replicates join the sweep and, once complete, are the best row's counted runs;
    // the three search runs of that configuration are named as selection runs.
    await expect.poll(async () => (await getSweep(sweepId)).runs.length, { timeout: 10_000 }).toBe(9);
    const best = page.getByTestId('group-row').filter({ has: page.getByTestId('group-note').filter({ hasText: '+3 selection runs not counted' }) });
    await best.waitFor({ timeout: 10_000 });
    const completed = async () => (await getSweep(sweepId)).runs.filter((r) => r.status === 'completed').length;
    await expect.poll(completed, { timeout: 60_000, message: 'the replicates to complete' }).toBe(9);
    await expect.poll(() => best.getAttribute('data-n').then(Number), { timeout: 10_000 }).toBe(3);

    // Its runs: the three search runs listed but not counted, the three replicates counted.
    await best.getByTestId('group-expand').click();
    expect(await page.getByTestId('group-run-link').count()).toBe(6);
    const listed = (await page.getByTestId('group-runs').textContent()) ?? '';
    expect(listed.match(/selection run, not counted/g)).toHaveLength(3);
    expect(listed.match(/· replicate/g)).toHaveLength(3);
    await keepScreenshot(page, 'groups-confirmed');
    expect(errors).toEqual([]);
    await page.context().close();
  }, 200_000);
});
