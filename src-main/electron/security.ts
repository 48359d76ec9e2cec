/**
 * The renderer is treated as untrusted: it shows data from files and databases the user
 * opens. So the session sends a strict Content-Security-Policy with every response,
 * refuses every permission a page can ask for, and the window can neither open new
 * windows nor navigate away from the app's page (see Electron's security checklist).
 * Web links go to the user's browser instead.
 */
import { shell, type Session, type WebContents } from 'electron';
import { isAppUrl, isExternalWebUrl, type AppPage } from './appUrl';

/**
 * Scripts only from the app itself (no inline script, no eval); inline styles are
 * allowed because Vue and Chart.js set style attributes; images also from data:/blob:
 * URLs (generated sample grids and chart downloads); network only back to the app (in
 * development, the Vite dev server and its hot-reload socket).
 */
export function contentSecurityPolicy(devOrigin: string | null): string {
  const connect = ["'self'"];
  if (devOrigin) connect.push(devOrigin, devOrigin.replace(/^http/, 'ws'));
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    `connect-src ${connect.join(' ')}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * The one permission granted: writing text to the clipboard (copying a results table).
 * Everything else (camera, microphone, geolocation, notifications, clipboard reads,
 * openExternal via protocol handlers …) is refused.
 */
const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

export function hardenSession(session: Session, page: AppPage): void {
  const csp = contentSecurityPolicy(page.devOrigin);
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value;
    }
    headers['Content-Security-Policy'] = [csp];
    callback({ responseHeaders: headers });
  });
  // Both hooks: most web APIs check first and only ask when the check says no.
  session.setPermissionRequestHandler((_contents, permission, callback) => callback(ALLOWED_PERMISSIONS.has(permission)));
  session.setPermissionCheckHandler((_contents, permission) => ALLOWED_PERMISSIONS.has(permission));
}

/** Opens a web link in the user's browser; anything that is not http(s) is dropped. */
export function openExternalSafely(url: string): void {
  if (isExternalWebUrl(url)) void shell.openExternal(url);
}

export function guardWebContents(contents: WebContents, page: AppPage): void {
  contents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    if (isAppUrl(event.url, page)) return;
    event.preventDefault();
    openExternalSafely(event.url);
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
