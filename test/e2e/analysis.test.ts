/**
 * The Analysis section in a real Chromium against the real `sweeplab serve`: a random
 * search of 40 Iris trials where the learning rate spans four decades; the parallel
 * coordinates draw every run (its frame time readable from the page), a brush dragged
 * on the lr axis narrows the selection and the runs table, and importance ranks lr first.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, keepScreenshot, openPage, type PageCanvas, type Served, startServedBrowser, stopServedBrowser } from './harness';
import { irisLrSearch } from '../analysis/irisLrSearch';

let server: Served;
let browser: Browser;

const config = irisLrSearch('iris-lr-analysis');

beforeAll(async () => void ([server, browser] = await startServedBrowser()), 240_000);
afterAll(() => stopServedBrowser(server, browser));

describe('the analysis section', () => {
  it('draws parallel coordinates, brushes the lr axis, and ranks lr first', async () => {
    const { sweepId } = await api<{ sweepId: number }>(server, 'createSweep', { config });
    await expect.poll(async () => (await api<{ sweep: { status: string } }>(server, 'getSweep', { id: sweepId })).sweep.status, { timeout: 120_000 }).toBe('completed');

    const { page, errors } = await openPage(browser, server.url);
    await page.goto(`${new URL(server.url).origin}/#/sweeps/${sweepId}`);
    const pcp = page.getByTestId('pcp');
    await pcp.waitFor({ timeout: 30_000 });
    await expect.poll(() => pcp.getAttribute('data-runs')).toBe('40');
    await expect.poll(async () => Number(await pcp.getAttribute('data-render-ms')), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(Number(await pcp.getAttribute('data-render-ms'))).toBeLessThan(300);

    // Something was drawn, crisp: the canvas has the screen's pixel ratio and many colours.
    const canvas = page.getByTestId('pcp-canvas');
    const drawn = await canvas.evaluate((c: PageCanvas) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const seen = new Set<number>();
      for (let i = 0; i < d.length; i += 4 * 31) if (d[i + 3] > 0) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
      return { colours: seen.size, width: c.width };
    });
    expect(drawn.colours).toBeGreaterThan(10);
    expect(drawn.width).toBeGreaterThan(300);

    const selected = page.getByTestId('pcp-selected');
    expect(await selected.textContent()).toBe('40 of 40 runs selected');
    const rows = page.getByTestId('run-row');
    const rowsBefore = await rows.count();

    // Drag along the lr axis over its lowest 30 %: the smallest learning rates.
    const lrAxis = page.locator('[data-testid="pcp-axis"][data-key="train.lr"]');
    await lrAxis.scrollIntoViewIfNeeded();
    const box = (await lrAxis.boundingBox())!;
    const x = box.x + box.width / 2;
    await page.mouse.move(x, box.y + box.height * 0.995);
    await page.mouse.down();
    await page.mouse.move(x, box.y + box.height * 0.85, { steps: 4 });
    await page.mouse.move(x, box.y + box.height * 0.7, { steps: 4 });
    await page.mouse.up();
    await expect.poll(async () => Number((await selected.textContent())!.split(' ')[0])).toBeLessThan(40);
    const kept = Number((await selected.textContent())!.split(' ')[0]);
    expect(kept).toBeGreaterThan(0);
    // The table filters by the same brushes.
    await expect.poll(() => rows.count()).toBeLessThan(rowsBefore);
    expect(await rows.count()).toBeLessThanOrEqual(kept);

    const importance = page.getByTestId('importance-row');
    await importance.first().waitFor();
    expect(await importance.first().getAttribute('data-key')).toBe('train.lr');
    expect(Number(await importance.first().getAttribute('data-importance'))).toBeGreaterThan(0.5);
    expect(await page.getByTestId('slice-plot').count()).toBe(2);
    await keepScreenshot(page, 'analysis');

    await page.getByTestId('pcp-clear').click();
    await expect.poll(() => selected.textContent()).toBe('40 of 40 runs selected');
    expect(errors).toEqual([]);
    await page.context().close();
  }, 240_000);
});
