import { beforeEach, describe, expect, it, vi } from 'vitest';
import { appPage } from '../../src-main/electron/appUrl';
import { contentSecurityPolicy, hardenSession } from '../../src-main/electron/security';
import { resetFakes, session } from './fakeElectron';
import type { Session } from 'electron';

vi.mock('electron', () => import('./fakeElectron'));

const ses = session.defaultSession;
const filePage = appPage({ rendererHtml: '/opt/sweeplab/out/renderer/index.html', devServerUrl: undefined, isPackaged: false });
const devPage = appPage({ rendererHtml: '/opt/sweeplab/out/renderer/index.html', devServerUrl: 'http://localhost:5173', isPackaged: false });

beforeEach(() => resetFakes());

function headersFor(responseHeaders?: Record<string, string[]>): Record<string, string[]> {
  let out: Record<string, string[]> | undefined;
  ses.webRequest.listener!({ url: 'file:///opt/sweeplab/out/renderer/index.html', responseHeaders }, (r) => (out = r.responseHeaders));
  return out!;
}

function directives(csp: string): Map<string, string> {
  return new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k!, v.join(' ')]));
}

describe('session hardening', () => {
  it('sends a strict Content-Security-Policy with every response, replacing any other', () => {
    hardenSession(ses as unknown as Session, filePage);
    const headers = headersFor({ 'content-security-policy': ["default-src *"], 'Content-Type': ['text/html'] });
    expect(headers['Content-Type']).toEqual(['text/html']);
    expect(Object.keys(headers).filter((k) => k.toLowerCase() === 'content-security-policy')).toEqual(['Content-Security-Policy']);
    const csp = directives(headers['Content-Security-Policy']![0]!);
    expect(csp.get('default-src')).toBe("'self'");
    expect(csp.get('script-src')).toBe("'self'"); // no inline script, no eval
    expect(csp.get('style-src')).toBe("'self' 'unsafe-inline'");
    expect(csp.get('img-src')).toBe("'self' data: blob:");
    expect(csp.get('connect-src')).toBe("'self'");
    expect(csp.get('object-src')).toBe("'none'");
  });

  it('also sets the policy on responses without headers', () => {
    hardenSession(ses as unknown as Session, filePage);
    expect(headersFor(undefined)['Content-Security-Policy']).toHaveLength(1);
  });

  it('in development lets the page reach the dev server and its hot-reload socket, nothing else', () => {
    const csp = directives(contentSecurityPolicy(devPage.devOrigin));
    expect(csp.get('connect-src')).toBe("'self' http://localhost:5173 ws://localhost:5173");
    expect(csp.get('script-src')).toBe("'self'");
  });

  it('refuses every permission request and check but clipboard writes', () => {
    hardenSession(ses as unknown as Session, filePage);
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'display-capture', 'midiSysex', 'unknown']) {
      const cb = vi.fn();
      ses.requestHandler!({}, permission, cb, {});
      expect(cb, permission).toHaveBeenCalledWith(false);
      expect(ses.checkHandler!({}, permission), permission).toBe(false);
    }
    const cb = vi.fn();
    ses.requestHandler!({}, 'clipboard-sanitized-write', cb, {});
    expect(cb).toHaveBeenCalledWith(true);
  });
});
