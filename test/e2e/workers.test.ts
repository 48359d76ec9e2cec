/**
 * The Workers page in a real Chromium against the real `sweeplab serve`: reached from the
 * sidebar by keyboard, it says trials run here until a queue is set; with the queue set in
 * Settings (through the form), the real `sweeplab worker` on it is listed, and refreshed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startWorker, type WorkerProcess } from '../cluster/cluster';
import { startRedis, type RedisServer } from '../cluster/redisServer';
import { keepScreenshot, openPage, type Served, startServedBrowser, stopServedBrowser } from './harness';

let server: Served;
let browser: Browser;
let redis: RedisServer;
let worker: WorkerProcess;

beforeAll(async () => {
  [[server, browser], redis] = await Promise.all([startServedBrowser(), startRedis()]);
  worker = await startWorker(redis.url, 'e2e-box');
}, 240_000);
afterAll(async () => {
  await stopServedBrowser(server, browser);
  await worker?.stop();
  await redis?.stop();
});

describe('the Workers page', () => {
  it('says trials run here, then lists the worker once the queue is set in Settings', async () => {
    const { page, errors } = await openPage(browser, server.url);
    await page.getByTestId('nav-workers').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('workers-no-queue').textContent()).toContain('Trials run on this machine');

    await page.getByRole('link', { name: 'Open Settings' }).click();
    await page.getByTestId('settings-run-queue').check();
    await page.getByTestId('settings-queue-url').fill(redis.url);
    await page.getByTestId('settings-save').click();
    await expect.poll(() => page.getByTestId('settings-queue-url').inputValue()).toBe(new URL(redis.url).href);

    await page.getByTestId('nav-workers').click();
    const row = page.getByTestId('worker-e2e-box');
    await row.waitFor({ timeout: 15_000 });
    expect(await row.getByTestId('worker-runs').textContent()).toBe('idle');
    expect(await row.getByTestId('worker-done').textContent()).toBe('0');
    await expect.poll(() => row.getByTestId('worker-heartbeat').textContent(), { timeout: 10_000 }).toMatch(/just now|\d s ago/);
    await keepScreenshot(page, 'workers');
    expect(errors).toEqual([]);
  });
});
