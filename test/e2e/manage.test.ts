/**
 * The table as a query tool and run management in a real Chromium against the real
 * `sweeplab serve`: a numeric filter, an export of exactly the filtered rows, a page with
 * no sideways scroll at 1024×768, renaming, noting, tagging and starring a sweep and a
 * run, deleting a run, and stopping a running one. Screenshots land in test-results/e2e/.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, keepScreenshot, openPage, type Served, startServedBrowser, stopServedBrowser } from './harness';

let server: Served;
let browser: Browser;

/** Four quick Iris trials, one per learning rate: the filter works on what was swept, not on luck. */
const quick = {
  name: 'manage-me',
  dataset: { name: 'iris' },
  engine: 'scratch',
  model: { hidden: [8] },
  train: { epochs: 5, batchSize: 16, lr: 0.05 },
  search: { params: { 'train.lr': [0.3, 0.1, 0.01, 0.001] } },
  concurrency: 2,
};

const rowIds = (page: Page) => page.getByTestId('run-row').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-run-id'))));
const sweepStatus = async (id: number) => (await api<{ sweep: { status: string } }>(server, 'getSweep', { id })).sweep.status;

async function openAt(route: string, viewport?: { width: number; height: number }): Promise<{ page: Page; errors: string[] }> {
  const opened = await openPage(browser, server.url);
  if (viewport) await opened.page.setViewportSize(viewport);
  await opened.page.goto(`${new URL(server.url).origin}/#${route}`);
  return opened;
}

let finished: Promise<number> | undefined;
function finishedSweep(): Promise<number> {
  finished ??= (async () => {
    const { sweepId } = await api<{ sweepId: number }>(server, 'createSweep', { config: quick });
    await expect.poll(() => sweepStatus(sweepId), { timeout: 90_000 }).toBe('completed');
    return sweepId;
  })();
  return finished;
}

beforeAll(async () => void ([server, browser] = await startServedBrowser()), 240_000);
afterAll(() => stopServedBrowser(server, browser));

describe('the table as a query tool', () => {
  it('filters numerically, exports exactly the rows shown, and never scrolls the page sideways at 1024 px', async () => {
    const sweepId = await finishedSweep();
    const { page, errors } = await openAt(`/sweeps/${sweepId}`, { width: 1024, height: 768 });
    await expect.poll(() => rowIds(page).then((ids) => ids.length)).toBe(4);
    // Wide tables scroll inside their own box; nothing (not even the hidden "(best)" labels) widens the page.
    const overflow = () =>
      page.evaluate<number[]>('[document.documentElement.scrollWidth - window.innerWidth, document.querySelector("main").scrollWidth - document.querySelector("main").clientWidth]');
    expect(await overflow()).toEqual([0, 0]);
    await keepScreenshot(page, 'manage-1024');

    await page.getByTestId('table-filter').fill('lr<=0.01');
    await expect.poll(() => rowIds(page).then((ids) => ids.length)).toBe(2);
    await page.getByTestId('sort-train.lr').click();
    const shown = await rowIds(page);
    await page.getByTestId('table-filter').fill('lr<=0.01 lr>abc');
    await expect(page.getByTestId('filter-problems').textContent()).resolves.toContain('lr>abc');
    expect(await rowIds(page)).toEqual(shown);

    await page.getByTestId('column-chooser').locator('summary').click();
    await page.getByTestId('column-toggle-test_loss').uncheck();
    await page.getByTestId('column-chooser').locator('summary').click();
    await page.getByTestId('export-format').selectOption('csv');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-table').click()]);
    const rows = parse(readFileSync((await download.path())!), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => Number(r.run))).toEqual(shown);
    expect(rows.map((r) => r['train.lr'])).toEqual(['0.001', '0.01']);
    expect(Object.keys(rows[0])).not.toContain('test_loss');
    expect(Object.keys(rows[0])).toContain('val_acc');
    expect(await overflow()).toEqual([0, 0]);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 150_000);
});

describe('managing sweeps and runs', () => {
  it('renames, notes, tags and stars a sweep and a run, and deletes a run', async () => {
    const sweepId = await finishedSweep();
    const { page, errors } = await openAt(`/sweeps/${sweepId}`);
    await expect.poll(() => rowIds(page).then((ids) => ids.length)).toBeGreaterThan(0);

    await page.getByTestId('sweep-rename').click();
    await page.getByTestId('sweep-name-input').fill('lr study');
    await page.getByTestId('sweep-name-input').press('Enter');
    await expect.poll(() => page.getByTestId('sweep-title').textContent()).toBe('lr study');
    await page.getByTestId('sweep-star').click();
    await page.getByTestId('sweep-tag-input').fill('iris');
    await page.getByTestId('sweep-tag-input').press('Enter');
    await expect.poll(async () => (await api<{ sweep: { name: string; starred: boolean; tags: string[] } }>(server, 'getSweep', { id: sweepId })).sweep, { timeout: 10_000 }).toMatchObject({ name: 'lr study', starred: true, tags: ['iris'] });
    await expect.poll(() => page.locator(`[data-testid="sweep-item"][data-sweep-id="${sweepId}"] [data-testid="sweep-starred"]`).count()).toBe(1);

    const [firstId] = await rowIds(page);
    await page.locator(`[data-testid="run-row"][data-run-id="${firstId}"] [data-testid="run-star"]`).click();
    await expect.poll(() => page.locator(`[data-testid="run-row"][data-run-id="${firstId}"] [data-testid="run-star"]`).getAttribute('aria-pressed')).toBe('true');
    await page.getByTestId('table-filter').fill('starred');
    await expect.poll(() => rowIds(page)).toEqual([firstId]);

    await page.locator(`[data-testid="run-row"][data-run-id="${firstId}"] [data-testid="run-link"]`).click();
    await page.getByTestId('run-rename').click();
    await page.getByTestId('run-name-input').fill('baseline');
    await page.getByTestId('run-name-input').press('Enter');
    await expect.poll(() => page.getByTestId('run-title').textContent()).toBe('baseline');
    await page.getByTestId('run-tag-input').fill('keep');
    await page.getByTestId('run-tag-input').press('Enter');
    await page.locator('summary', { hasText: 'Note' }).click();
    await page.getByTestId('run-note').fill('the one to beat');
    await page.getByTestId('run-note-save').click();
    await expect.poll(async () => (await api<{ run: object }>(server, 'getRun', { id: firstId })).run, { timeout: 10_000 }).toMatchObject({ name: 'baseline', tags: ['keep'], note: 'the one to beat', starred: true });
    // (expect.poll's default is one second; the saves above are three round trips.)
    await keepScreenshot(page, 'manage-run');

    await page.getByTestId('delete-run').click();
    await page.getByTestId('confirm-ok').click();
    await page.waitForURL(new RegExp(`#/sweeps/${sweepId}$`));
    await page.getByTestId('table-filter').fill('');
    await expect.poll(() => rowIds(page)).not.toContain(firstId);
    expect(await api<unknown[]>(server, 'listRuns', { sweepId })).toHaveLength(3);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 150_000);

  it('stops a running run from its page', async () => {
    const { sweepId } = await api<{ sweepId: number }>(server, 'createSweep', {
      config: { ...quick, name: 'stop-me', dataset: { name: 'fashion-mnist-subset' }, model: { hidden: [256] }, train: { ...quick.train, epochs: 300 }, search: { params: { 'train.lr': [0.01] } }, concurrency: 1 },
    });
    const running = async () => (await api<{ runs: { id: number; status: string }[] }>(server, 'getSweep', { id: sweepId })).runs.find((r) => r.status === 'running')?.id;
    await expect.poll(running, { timeout: 60_000 }).toBeDefined();
    const runId = (await running())!;
    const { page, errors } = await openAt(`/runs/${runId}`);
    await page.getByTestId('stop-run').click();
    await expect.poll(async () => (await api<{ run: { status: string } }>(server, 'getRun', { id: runId })).run.status, { timeout: 30_000 }).toBe('cancelled');
    await expect.poll(() => page.getByTestId('stop-run').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
    await api(server, 'cancelSweep', { id: sweepId }).catch(() => undefined);
  }, 120_000);
});
