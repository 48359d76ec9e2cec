/**
 * Watching a run learn, in a real Chromium against the real `sweeplab serve`: a short
 * moons sweep records frames; the run view's player shows them, play changes the
 * picture and moves the cursor on the loss curve, Save GIF downloads a GIF; the compare
 * view plays two runs in lockstep (both panels at the same step). Screenshots land in
 * test-results/e2e/.
 */
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, keepScreenshot, openPage, type PageCanvas, type Served, startServedBrowser, stopServedBrowser } from './harness';

let server: Served;
let browser: Browser;
let runIds: number[] = [];

const config = {
  name: 'moons-replay',
  dataset: { name: 'moons', seed: 1, toy: { samples: 300, noise: 0.2 } },
  engine: 'scratch',
  model: { hidden: [16], activation: 'relu' },
  train: { epochs: 20, batchSize: 16, optimizer: 'adam', lr: 0.02, seed: 0 },
  frames: { enabled: true, count: 30, grid: 48 },
  search: { strategy: 'grid', params: { 'train.lr': [0.001, 0.05] } },
  concurrency: 2,
};

beforeAll(async () => void ([server, browser] = await startServedBrowser()), 240_000);

/** The sweep both tests watch, run once (polls inside whichever test asks first). */
let swept: Promise<number[]> | null = null;
async function sweepRuns(): Promise<number[]> {
  swept ??= (async () => {
    const { sweepId } = await api<{ sweepId: number }>(server, 'createSweep', { config });
    await expect.poll(async () => (await api<{ sweep: { status: string } }>(server, 'getSweep', { id: sweepId })).sweep.status, { timeout: 120_000 }).toBe('completed');
    return (await api<{ id: number }[]>(server, 'listRuns', { sweepId })).map((r) => r.id).sort((a, b) => a - b);
  })();
  return swept;
}
afterAll(() => stopServedBrowser(server, browser));

const pixels = (c: PageCanvas) => c.toDataURL();

describe('replay', () => {
  it('plays a run: the frames change the canvas, the loss curve’s cursor follows, Save GIF downloads a GIF', async () => {
    runIds = await sweepRuns();
    const { page, errors } = await openPage(browser, server.url);
    await page.goto(`${new URL(server.url).origin}/#/runs/${runIds[1]}`);
    const canvas = page.getByTestId('frame-canvas');
    await canvas.waitFor({ timeout: 30_000 });
    // A finished run opens at its last frame.
    await expect.poll(() => canvas.getAttribute('data-seq')).toBe('29');
    const lastStep = await canvas.getAttribute('data-step');
    const loss = page.getByTestId('loss-chart');
    await expect.poll(() => loss.getAttribute('data-cursor-step')).toBe(lastStep);

    const atEnd = await canvas.evaluate(pixels);
    await page.getByTestId('frame-play').click();
    await expect.poll(async () => Number(await canvas.getAttribute('data-seq'))).toBeGreaterThan(3);
    await page.getByTestId('frame-play').click(); // pause
    const seq = await canvas.getAttribute('data-seq');
    expect(Number(seq)).toBeLessThan(29);
    expect(await canvas.evaluate(pixels)).not.toBe(atEnd);
    expect(await loss.getAttribute('data-cursor-step')).toBe(await canvas.getAttribute('data-step'));

    // Keyboard: focus the player, step back with the arrow.
    await page.getByTestId('frame-player-keys').focus();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => canvas.getAttribute('data-seq')).toBe(String(Number(seq) - 1));
    await page.getByTestId('frame-player').scrollIntoViewIfNeeded();
    await keepScreenshot(page, 'replay-run');

    // Scrub to the first frame: the boundary before training differs from the last one.
    await page.getByTestId('frame-slider').fill('0');
    await expect.poll(() => canvas.getAttribute('data-seq')).toBe('0');

    const download = page.waitForEvent('download');
    await page.getByTestId('save-gif').click();
    const file = await (await download).path();
    expect(readFileSync(file!).subarray(0, 6).toString()).toBe('GIF89a');
    expect(errors).toEqual([]);
    await page.context().close();
  }, 240_000);

  it('plays two runs in lockstep in the compare view: both panels always at the same step', async () => {
    runIds = await sweepRuns();
    const { page, errors } = await openPage(browser, server.url);
    await page.goto(`${new URL(server.url).origin}/#/compare?runs=${runIds.join(',')}`);
    const player = page.getByTestId('lockstep-player');
    await player.waitFor({ timeout: 30_000 });
    const panels = page.getByTestId('lockstep-panel');
    await expect.poll(() => panels.count()).toBe(2);
    const steps = async () => [await panels.nth(0).getAttribute('data-step'), await panels.nth(1).getAttribute('data-step')];

    await player.getByTestId('frame-slider').fill('5');
    await expect.poll(async () => (await steps())[0]).not.toBeNull();
    const [a, b] = await steps();
    expect(a).toBe(b);
    expect(await player.getByTestId('frame-readout').textContent()).toContain(`step ${Number(a).toLocaleString('en-US')}`);
    const before = await panels.nth(0).locator('canvas').evaluate(pixels);

    await player.getByTestId('frame-play').click();
    await expect.poll(async () => Number((await steps())[0])).toBeGreaterThan(Number(a));
    await player.getByTestId('frame-play').click();
    const [c, d] = await steps();
    expect(c).toBe(d);
    expect(await panels.nth(0).locator('canvas').evaluate(pixels)).not.toBe(before);
    // The two learning rates draw different boundaries at the same step.
    expect(await panels.nth(0).locator('canvas').evaluate(pixels)).not.toBe(await panels.nth(1).locator('canvas').evaluate(pixels));
    await player.scrollIntoViewIfNeeded();
    await keepScreenshot(page, 'replay-lockstep');
    expect(errors).toEqual([]);
    await page.context().close();
  }, 240_000);
});
