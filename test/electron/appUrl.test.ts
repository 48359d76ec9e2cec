import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { appPage, isAppUrl, isExternalWebUrl } from '../../src-main/electron/appUrl';

const html = '/opt/sweeplab/out/renderer/index.html';

describe('the app page', () => {
  it('is the bundled file once packaged, even when a dev server URL is set', () => {
    const page = appPage({ rendererHtml: html, devServerUrl: 'http://localhost:5173', isPackaged: true });
    expect(page).toEqual({ url: pathToFileURL(html).href, devOrigin: null });
  });

  it('is the dev server in an unpackaged app, when it is a web URL', () => {
    expect(appPage({ rendererHtml: html, devServerUrl: 'http://127.0.0.1:5173/', isPackaged: false })).toEqual({ url: 'http://127.0.0.1:5173/', devOrigin: 'http://127.0.0.1:5173' });
    expect(appPage({ rendererHtml: html, devServerUrl: 'file:///tmp/x.html', isPackaged: false }).devOrigin).toBeNull();
    expect(appPage({ rendererHtml: html, devServerUrl: 'not a url', isPackaged: false }).devOrigin).toBeNull();
  });

  it('matches only the same file (any query or fragment) when built', () => {
    const page = appPage({ rendererHtml: html, devServerUrl: undefined, isPackaged: false });
    expect(isAppUrl(pathToFileURL(html).href, page)).toBe(true);
    expect(isAppUrl(pathToFileURL(html).href + '?a=1#/sweeps/2', page)).toBe(true);
    expect(isAppUrl('file:///opt/sweeplab/out/renderer/evil.html', page)).toBe(false);
    expect(isAppUrl('file://otherhost/opt/sweeplab/out/renderer/index.html', page)).toBe(false);
    expect(isAppUrl('https://opt/sweeplab/out/renderer/index.html', page)).toBe(false);
    expect(isAppUrl('::garbage::', page)).toBe(false);
    expect(isAppUrl('', page)).toBe(false);
  });

  it('matches the dev server origin only in development', () => {
    const page = appPage({ rendererHtml: html, devServerUrl: 'http://localhost:5173', isPackaged: false });
    expect(isAppUrl('http://localhost:5173/src/main.ts', page)).toBe(true);
    expect(isAppUrl('http://localhost:5173.evil.example/', page)).toBe(false);
    expect(isAppUrl('https://localhost:5173/', page)).toBe(false);
    expect(isAppUrl(pathToFileURL(html).href, page)).toBe(false);
  });

  it('lets only http(s) links out', () => {
    expect(isExternalWebUrl('https://example.org')).toBe(true);
    expect(isExternalWebUrl('http://example.org')).toBe(true);
    for (const u of ['file:///etc/passwd', 'javascript:alert(1)', 'mailto:a@b.c', 'smb://x/y', 'ms-settings:', 'nope']) expect(isExternalWebUrl(u), u).toBe(false);
  });
});
