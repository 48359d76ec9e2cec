/**
 * Browser mode's access flow in a real Chromium against the real `sweeplab serve`: the
 * printed address lets the page in (token in the tab, not in a cookie, not in the
 * address bar, never in a Referer or a WebSocket URL), and a page without a valid token
 * says what to do instead of failing call after call.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { keepScreenshot, openPage, serve, type Served, startServedBrowser, stopServedBrowser } from './harness';

let server: Served;
let browser: Browser;

beforeAll(async () => void ([server, browser] = await startServedBrowser()), 240_000);
afterAll(() => stopServedBrowser(server, browser));

describe('access', () => {
  it('the printed address: the app works, the token stays in the tab and out of URLs, cookies and Referers', async () => {
    const token = new URL(server.url).searchParams.get('token')!;
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const leaks: string[] = [];
    const apiAuth: (string | undefined)[] = [];
    page.on('request', (r) => {
      const referer = r.headers()['referer'];
      if (referer?.includes(token)) leaks.push(`Referer of ${r.url()}`);
      if (new URL(r.url()).pathname.startsWith('/api/')) apiAuth.push(r.headers()['authorization']);
    });
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));

    await page.goto(server.url);
    await page.getByTestId('nav-new-sweep').waitFor();
    await expect.poll(() => sockets.length).toBeGreaterThan(0);
    expect(new URL(page.url()).search).toBe('');
    expect(await page.evaluate("sessionStorage.getItem('sweeplab.token')")).toBe(token);
    expect(await context.cookies()).toEqual([]);
    expect(apiAuth.length).toBeGreaterThan(0);
    expect(new Set(apiAuth)).toEqual(new Set([`Bearer ${token}`]));
    for (const url of sockets) {
      expect(url).toMatch(/\/api\/events\?ticket=[\w-]+$/);
      expect(url).not.toContain(token);
    }
    expect(leaks).toEqual([]);
    expect(await page.getByTestId('access-needed').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('without a token: the page loads and explains which address to open', async () => {
    const { page, errors } = await openPage(browser, `${new URL(server.url).origin}/#/sweeps/1`);
    const notice = page.getByTestId('access-needed');
    await notice.waitFor();
    expect(await notice.getAttribute('data-problem')).toBe('missing');
    const text = (await notice.textContent()) ?? '';
    expect(text).toContain('sweeplab serve');
    expect(text).not.toContain('FORBIDDEN');
    expect(await page.locator('#app').isVisible()).toBe(false);
    await keepScreenshot(page, 'access-missing');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('with a token the server refuses (it was restarted): says so instead of reconnecting forever', async () => {
    const { page, errors } = await openPage(browser, server.url);
    await page.getByTestId('nav-new-sweep').waitFor();
    // What a restart without --token-file does to an open tab: the token it holds is dead.
    // (A string expression: the Node tsconfig has no DOM types, on purpose.)
    await page.evaluate("sessionStorage.setItem('sweeplab.token', 'a-token-from-a-previous-launch')");
    await page.reload();
    const notice = page.getByTestId('access-needed');
    await notice.waitFor();
    expect(await notice.getAttribute('data-problem')).toBe('stale');
    expect(await notice.textContent()).toMatch(/restarted/);
    expect(await page.getByTestId('connection-lost').isVisible()).toBe(false);
    await keepScreenshot(page, 'access-stale');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
