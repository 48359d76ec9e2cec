/**
 * Browser mode's "access needed" page: shown over the whole window when the page has no
 * access token, or the server refused it (401: usually `sweeplab serve` was restarted and
 * made a new token). Without it a person would see an app that fails every call, or a
 * "reconnecting…" banner forever. Plain DOM and text, so it works whatever state the Vue
 * app is in; the app underneath is hidden, not torn down.
 */

/** Why access is missing: no token at all, or one the server refused. */
export type AccessProblem = 'missing' | 'stale';

export const ACCESS_PAGE_ID = 'sweeplab-access-needed';

const LEAD: Record<AccessProblem, string> = {
  missing: 'This page was opened without its access token, so it cannot talk to the Sweeplab server.',
  stale: 'The Sweeplab server no longer accepts this page’s access token. It has probably been restarted: each start makes a new token.',
};

/** A paragraph of text runs; `{ code }` runs are commands or addresses to type or copy. */
function paragraph(doc: Document, parts: (string | { code: string })[]): HTMLParagraphElement {
  const p = doc.createElement('p');
  p.style.cssText = 'margin:0 0 1em;max-width:48em';
  for (const part of parts) {
    if (typeof part === 'string') p.append(part);
    else {
      const c = doc.createElement('code');
      c.textContent = part.code;
      c.style.cssText = 'font:0.95em ui-monospace,monospace;padding:0 0.2em';
      p.append(c);
    }
  }
  return p;
}

/** Shows (or updates) the page; idempotent, so every refused call may ask for it. */
export function showAccessPage(doc: Document, problem: AccessProblem): void {
  doc.getElementById(ACCESS_PAGE_ID)?.remove();
  const page = doc.createElement('main');
  page.id = ACCESS_PAGE_ID;
  page.setAttribute('role', 'alert');
  page.setAttribute('data-testid', 'access-needed');
  page.setAttribute('data-problem', problem);
  // System colours follow the browser's light or dark scheme without the app's styles.
  page.style.cssText =
    'position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:12vh 8vw;box-sizing:border-box;' +
    'background:Canvas;color:CanvasText;font:16px/1.5 system-ui,sans-serif';

  const title = doc.createElement('h1');
  title.textContent = problem === 'missing' ? 'Sweeplab needs its access link' : 'Sweeplab: this access token is no longer valid';
  title.style.cssText = 'font-size:1.6em;margin:0 0 0.8em';
  const example = `http://${doc.location?.host || '127.0.0.1:PORT'}/?token=…`;
  page.append(
    title,
    paragraph(doc, [LEAD[problem]]),
    paragraph(doc, ['Open the address that ', { code: 'sweeplab serve' }, ' printed in its terminal, in this browser. It looks like ', { code: example }, '.']),
    paragraph(doc, [
      'If the server is no longer running, start it again with ',
      { code: 'sweeplab serve' },
      ' and open the new address. To keep tabs working across restarts, start it with ',
      { code: 'sweeplab serve --token-file FILE' },
      '.',
    ]),
  );
  doc.body.append(page);
  doc.getElementById('app')?.setAttribute('hidden', '');
  doc.title = 'Sweeplab — access needed';
}
