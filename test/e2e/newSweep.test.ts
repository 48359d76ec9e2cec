/**
 * The GUI in a real Chromium against the real `sweeplab serve`: the New sweep form, the
 * data set view and the settings. Screenshots land in test-results/e2e/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { keepScreenshot, openPage, type PageCanvas, type Served, startServedBrowser, stopServedBrowser } from './harness';

let server: Served;
let browser: Browser;

beforeAll(async () => void ([server, browser] = await startServedBrowser()), 240_000);
afterAll(() => stopServedBrowser(server, browser));

describe('new sweep form', () => {
  it('marks an invalid learning rate with the schema message and blocks launch', async () => {
    const { page, errors } = await openPage(browser, server.url);
    await page.getByTestId('nav-new-sweep').click();
    await page.getByTestId('start-scratch').click();
    const lr = page.getByTestId('field-train.lr');
    await lr.fill('0');
    await expect.poll(() => page.getByTestId('field-error').allTextContents()).toContain('must be > 0');
    expect(await page.getByTestId('launch').isDisabled()).toBe(true);
    await lr.fill('0.05');
    await expect.poll(() => page.getByTestId('launch').isDisabled()).toBe(false);
    await keepScreenshot(page, 'new-sweep-form');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('launches a sweep built in the form: trial count, estimate, then the sweep page', async () => {
    const { page, errors } = await openPage(browser, server.url);
    await page.getByTestId('nav-new-sweep').click();
    await page.getByTestId('start-scratch').click();
    await page.getByTestId('field-name').fill('form-sweep');
    await page.getByTestId('field-train.epochs').fill('20');
    await page.getByTestId('add-param-key').selectOption('train.lr');
    await page.getByTestId('add-param').click();
    await page.getByTestId('values-train.lr').fill('0.01, 0.1, 0.3');
    await expect.poll(() => page.getByTestId('trial-count').textContent()).toMatch(/^3\b/);
    await expect.poll(() => page.getByTestId('estimate').first().textContent(), { timeout: 10_000 }).toMatch(/\d/);
    await page.getByTestId('launch').click();
    await page.waitForURL(/#\/sweeps\/\d+$/);
    // The sidebar lists it, once, and the runs finish. (Other sweeps in this server's
    // database, if a test before this one made any, are none of its business.)
    await expect.poll(() => page.getByTestId('sweep-item').filter({ hasText: 'form-sweep' }).count()).toBe(1);
    await expect
      .poll(async () => (await page.getByTestId('run-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')))).join(','), { timeout: 60_000 })
      .toBe('completed,completed,completed');
    await keepScreenshot(page, 'form-sweep-done');
    expect(errors).toEqual([]);
    await page.context().close();
  }, 90_000);
});

describe('new sweep form: the tuner', () => {
  it('runs TPE with an ASHA pruner built in the form, and prunes a run', async () => {
    const { page, errors } = await openPage(browser, server.url);
    await page.getByTestId('nav-new-sweep').click();
    await page.getByTestId('start-scratch').click();
    await page.getByTestId('field-name').fill('tpe-asha');
    await page.getByTestId('field-train.epochs').fill('8');
    await page.getByTestId('field-concurrency').fill('2');
    // The segmented control's radios sit under their labels: click what a person sees.
    await page.getByTestId('strategy-tpe').locator('xpath=..').click();
    await expect.poll(() => page.getByTestId('strategy-hint').textContent()).toContain("Optuna's TPE");
    await page.getByTestId('field-search.trials').fill('8');
    await page.getByTestId('add-param-key').selectOption('train.lr');
    await page.getByTestId('add-param').click();
    await page.getByTestId('mode-range-train.lr').locator('xpath=..').click();
    await page.getByTestId('range-min-train.lr').fill('0.0001');
    await page.getByTestId('range-max-train.lr').fill('1');
    await page.getByTestId('range-scale-train.lr').selectOption('log');
    // val_loss rather than the 15-sample val_acc: no ties, so a worse run is really behind.
    await page.getByTestId('field-search.metric').selectOption('val_loss');
    await page.getByTestId('field-search.pruner.type').selectOption('asha');
    await page.getByTestId('field-search.pruner.minEpochs').fill('1');
    await page.getByTestId('field-search.pruner.reductionFactor').fill('2');
    await expect.poll(() => page.getByTestId('trial-summary').textContent()).toBe('up to 8 trials');
    await expect.poll(() => page.getByTestId('launch').isDisabled()).toBe(false);
    await keepScreenshot(page, 'new-sweep-tuner');
    await page.getByTestId('launch').click();
    await page.waitForURL(/#\/sweeps\/\d+$/);
    const statuses = () => page.getByTestId('run-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')));
    await expect.poll(async () => (await statuses()).includes('pruned'), { timeout: 25_000 }).toBe(true);
    const badges = await page.getByTestId('run-row').locator('[data-status="pruned"]').allTextContents();
    expect(badges.length).toBeGreaterThan(0);
    expect(badges[0].trim()).toBe('pruned');
    await keepScreenshot(page, 'tpe-asha-pruned');
    expect(errors).toEqual([]);
    await page.context().close();
  }, 60_000);
});

describe('data sets and settings', () => {
  it('shows a Fashion-MNIST sample grid and reshuffles it', async () => {
    const { page, errors } = await openPage(browser, server.url);
    await page.getByTestId('nav-datasets').click();
    await page.getByTestId('dataset-item').filter({ hasText: 'subset' }).click();
    const grid = page.getByTestId('dataset-grid');
    await grid.waitFor();
    // Drawn: the canvas has dark and light pixels (images are white on black).
    const snapshot = () => grid.evaluate((c: PageCanvas) => c.toDataURL());
    const before = await snapshot();
    expect(await grid.evaluate((c: PageCanvas) => c.width)).toBeGreaterThan(100);
    await page.getByTestId('reshuffle').click();
    await expect.poll(snapshot).not.toBe(before);
    await keepScreenshot(page, 'dataset-view');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('refuses a settings data folder that does not exist, naming it', async () => {
    const { page, errors } = await openPage(browser, server.url);
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-data-dir').fill('/no/such/folder');
    await page.getByTestId('settings-save').click();
    await expect.poll(() => page.getByTestId('field-error').allTextContents()).toEqual([expect.stringContaining('no such folder: /no/such/folder')]);
    await page.getByTestId('settings-concurrency').fill('3');
    await page.getByTestId('settings-data-dir').fill('');
    await page.getByTestId('settings-save').click();
    await expect.poll(() => page.getByTestId('notification').allTextContents()).toContainEqual(expect.stringContaining('Settings saved'));
    await keepScreenshot(page, 'settings');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
