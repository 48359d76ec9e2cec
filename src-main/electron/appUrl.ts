/**
 * What "the app's own page" is. The window may only navigate to it, and only a frame
 * showing it may call the API. In development that is the Vite dev server (any path on
 * its origin: Vite serves modules and reloads from it); once built it is exactly the
 * bundled index.html file (a file: URL has no origin worth trusting: every local file
 * shares it).
 */
import { pathToFileURL } from 'node:url';

export interface AppPage {
  /** What the window loads. */
  url: string;
  /** The dev server's origin, when running under `electron-vite dev`. */
  devOrigin: string | null;
}

/** The dev server URL counts only in an unpackaged app, so a packaged one never honours it. */
export function appPage(opts: { rendererHtml: string; devServerUrl: string | undefined; isPackaged: boolean }): AppPage {
  if (!opts.isPackaged && opts.devServerUrl) {
    const dev = parse(opts.devServerUrl);
    if (dev && (dev.protocol === 'http:' || dev.protocol === 'https:')) return { url: dev.href, devOrigin: dev.origin };
  }
  return { url: pathToFileURL(opts.rendererHtml).href, devOrigin: null };
}

export function isAppUrl(candidate: string, page: AppPage): boolean {
  const url = parse(candidate);
  if (!url) return false;
  if (page.devOrigin) return url.origin === page.devOrigin;
  const own = new URL(page.url);
  // Query and fragment are the page's own business (hash routing); the file is not.
  return url.protocol === 'file:' && url.host === own.host && url.pathname === own.pathname;
}

/** Only web links leave the app, and only to the user's browser. */
export function isExternalWebUrl(candidate: string): boolean {
  const url = parse(candidate);
  return url !== null && (url.protocol === 'http:' || url.protocol === 'https:');
}

function parse(s: string): URL | null {
  try {
    return new URL(s);
  } catch {
    return null;
  }
}
