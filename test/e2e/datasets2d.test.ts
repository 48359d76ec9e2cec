/**
 * A generated two-dimensional data set in a real Chromium against the real `sweeplab
 * serve`: the data-set view draws the scatter with real Chart.js, one palette colour per
 * class, and redraws it for new options. A screenshot lands in test-results/e2e/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { keepScreenshot, openPage, type PageCanvas, type Served, startServedBrowser, stopServedBrowser } from './harness';

let server: Served;
let browser: Browser;

beforeAll(async () => void ([server, browser] = await startServedBrowser()), 240_000);
afterAll(() => stopServedBrowser(server, browser));

/** Pixels near each of the first two palette colours (#0173B2 blue, #DE8F05 orange). */
function classPixels(c: PageCanvas): [number, number] {
  const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
  const near = (i: number, rgb: number[]) => rgb.every((v, k) => Math.abs(data[i + k] - v) < 40);
  let blue = 0;
  let orange = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (near(i, [1, 115, 178])) blue++;
    else if (near(i, [222, 143, 5])) orange++;
  }
  return [blue, orange];
}

describe('data-set view: a generated set', () => {
  it('draws moons as a scatter in two class colours, and redraws it for a new noise level', async () => {
    const { page, errors } = await openPage(browser, server.url);
    await page.getByTestId('nav-datasets').click();
    await page.getByTestId('dataset-item').filter({ hasText: 'Two moons' }).click();
    const canvas = page.getByTestId('dataset-scatter').locator('canvas');
    await canvas.waitFor();
    await expect.poll(() => canvas.evaluate(classPixels)).toEqual([expect.any(Number), expect.any(Number)]);
    const [blue, orange] = await canvas.evaluate(classPixels);
    expect(blue).toBeGreaterThan(200);
    expect(orange).toBeGreaterThan(200);
    expect(await page.getByTestId('toy-summary').textContent()).toContain('400 samples, noise 0.1, 2 classes, seed 0');

    const before = await canvas.evaluate((c: PageCanvas) => c.toDataURL());
    await page.getByTestId('toy-noise').fill('0.3');
    await page.getByTestId('toy-noise').press('Enter');
    await expect.poll(() => page.getByTestId('toy-summary').textContent()).toContain('noise 0.3');
    await expect.poll(() => canvas.evaluate((c: PageCanvas) => c.toDataURL())).not.toBe(before);
    await keepScreenshot(page, 'dataset-moons');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
