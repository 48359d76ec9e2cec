/**
 * The URL of a request, parsed without trusting it. Only origin-form targets (`/path?q`)
 * are accepted: `//host/path` would otherwise parse as another host, and absolute-form
 * or `*` targets are for proxies, which this server is not. Percent-encodings are left
 * as they are; whoever decodes a part must expect malformed ones.
 */
import type { IncomingMessage } from 'node:http';

export function requestUrl(req: IncomingMessage, port: number): URL | null {
  const target = req.url ?? '';
  if (!target.startsWith('/')) return null;
  try {
    // Concatenated, not resolved against a base, so a leading `//` stays part of the path.
    return new URL(`http://127.0.0.1:${port}${target}`);
  } catch {
    return null;
  }
}
