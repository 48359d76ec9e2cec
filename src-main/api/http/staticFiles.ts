/**
 * The built renderer (out/renderer) as static files. Only files under the folder are
 * served: the URL path is decoded, normalised and resolved, and anything that ends up
 * outside (`..`, encoded slashes, symlinks pointing out) is refused.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sweeplab</title></head>
<body style="font-family: sans-serif; margin: 3em">
<h1>Sweeplab</h1>
<p>The API is running, but the web interface has not been built yet.</p>
<p>Run <code>npm run build</code> in the Sweeplab folder, then start <code>sweeplab serve</code> again.</p>
</body></html>
`;

export type StaticResult = 'served' | 'forbidden' | 'not-found';

/** The file under `root` a URL path names, or null if the path tries to leave it. */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  if (decoded.split('/').some((seg) => seg === '..')) return null;
  const rel = path.posix.normalize(decoded).replace(/^\/+/, '');
  const abs = path.resolve(root, rel);
  const base = path.resolve(root);
  return abs === base || abs.startsWith(base + path.sep) ? abs : null;
}

async function fileInside(root: string, file: string): Promise<{ file: string; size: number } | null> {
  try {
    const [real, realRoot] = await Promise.all([realpath(file), realpath(root)]);
    if (!real.startsWith(realRoot + path.sep)) return null;
    const info = await stat(real);
    return info.isFile() ? { file: real, size: info.size } : null;
  } catch {
    return null;
  }
}

export async function serveStatic(root: string, req: IncomingMessage, res: ServerResponse, urlPath: string, headers: Record<string, string>): Promise<StaticResult> {
  const abs = resolveStaticPath(root, urlPath);
  if (!abs) return 'forbidden';
  const wantsIndex = urlPath === '/' || urlPath.endsWith('/');
  let found = await fileInside(root, wantsIndex ? path.join(abs, 'index.html') : abs);
  // The renderer's router owns paths like /sweeps/3: a path without a file extension that
  // names no file gets the app's page.
  if (!found && !wantsIndex && !path.extname(abs)) found = await fileInside(root, path.join(root, 'index.html'));
  if (!found) {
    if (!wantsIndex) return 'not-found';
    res.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : NOT_BUILT);
    return 'served';
  }
  const ext = path.extname(found.file).toLowerCase();
  res.writeHead(200, {
    ...headers,
    'Content-Type': MIME[ext] ?? 'application/octet-stream',
    'Content-Length': String(found.size),
    // Vite fingerprints asset names; the page itself must always be fresh.
    'Cache-Control': ext === '.html' ? 'no-store' : 'no-cache',
  });
  if (req.method === 'HEAD') {
    res.end();
    return 'served';
  }
  await new Promise<void>((resolve) => {
    const stream = createReadStream(found.file);
    stream.on('error', () => {
      res.destroy();
      resolve();
    });
    stream.on('end', resolve);
    stream.pipe(res);
  });
  return 'served';
}
