import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DownloadProgress, downloadFashionMnist } from '../../src-main/data/download';
import { DataError } from '../../src-main/data/errors';
import { DEBIAN_DIR, FASHION_MNIST_FILES } from '../../src-main/data/fashionMnist';

const haveDebian = FASHION_MNIST_FILES.every((f) => existsSync(path.join(DEBIAN_DIR, f.name)));
const title = `downloadFashionMnist${haveDebian ? '' : ` — SKIPPED: ${DEBIAN_DIR} is absent (apt install dataset-fashion-mnist)`}`;

/** Upstream's exact bytes: Debian's deflate stream under upstream's gzip header (see fashionMnist.test.ts). */
function upstreamBytes(name: string, debian: Buffer): Buffer {
  const header = Buffer.from(debian.subarray(0, 10));
  header[3] = 0x08;
  header.writeUInt32LE(name.startsWith('train') ? 1504176606 : 1504176627, 4);
  return Buffer.concat([header, Buffer.from(`${name.replace(/\.gz$/, '')}\0`), debian.subarray(10)]);
}

describe.skipIf(!haveDebian)(title, () => {
  const files = new Map<string, Buffer>();
  let server: http.Server;
  let base: string;
  let root: string;
  let n = 0;
  const freshDir = () => path.join(root, `dest-${n++}`);

  beforeAll(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'sweeplab-download-'));
    for (const f of FASHION_MNIST_FILES) files.set(f.name, readFileSync(path.join(DEBIAN_DIR, f.name)));
    server = http.createServer((req, res) => {
      const [, mode, name] = (req.url ?? '').split('/');
      const body = files.get(name);
      if (!body || mode === '404') return res.writeHead(404, 'Not Found').end();
      if (mode === 'ok') return res.writeHead(200, { 'content-length': body.length }).end(body);
      if (mode === 'upstream') {
        const up = upstreamBytes(name, body);
        return res.writeHead(200, { 'content-length': up.length }).end(up);
      }
      if (mode === 'wrong') {
        const junk = Buffer.from(body);
        junk[junk.length >> 1] ^= 0xff; // one flipped byte in the middle
        return res.writeHead(200, { 'content-length': junk.length }).end(junk);
      }
      if (mode === 'cut') {
        res.writeHead(200, { 'content-length': body.length });
        res.write(body.subarray(0, body.length >> 1), () => res.socket?.destroy());
        return;
      }
      res.writeHead(500, 'Internal Server Error').end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('downloads, verifies and lands all four files, reporting progress', async () => {
    const destDir = freshDir();
    const events: DownloadProgress[] = [];
    const result = await downloadFashionMnist({ baseUrl: `${base}/ok`, destDir, onProgress: (p) => events.push(p) });
    expect(result.downloaded).toEqual(FASHION_MNIST_FILES.map((f) => f.name));
    expect(readdirSync(destDir).sort()).toEqual(FASHION_MNIST_FILES.map((f) => f.name).sort());
    for (const f of FASHION_MNIST_FILES) expect(readFileSync(path.join(destDir, f.name)).equals(files.get(f.name)!)).toBe(true);
    for (const [i, f] of FASHION_MNIST_FILES.entries()) {
      const mine = events.filter((e) => e.file === f.name);
      expect(mine.every((e) => e.fileIndex === i && e.files === 4 && e.total === files.get(f.name)!.length)).toBe(true);
      for (let k = 1; k < mine.length; k++) expect(mine[k].received).toBeGreaterThan(mine[k - 1].received);
      expect(mine.at(-1)!.received).toBe(files.get(f.name)!.length);
    }
    expect(events.filter((e) => e.file === FASHION_MNIST_FILES[0].name).length).toBeGreaterThan(10);

    // A second run finds them intact and fetches nothing.
    const again = await downloadFashionMnist({ baseUrl: `${base}/404`, destDir });
    expect(again.skipped).toHaveLength(4);
    expect(again.downloaded).toEqual([]);
  });

  it('accepts the mirror’s exact bytes against the recorded .gz digests', async () => {
    const destDir = freshDir();
    await downloadFashionMnist({ baseUrl: `${base}/upstream/`, destDir });
    expect(readFileSync(path.join(destDir, 't10k-labels-idx1-ubyte.gz')).length).toBe(5148);
  });

  it('leaves neither a final file nor a .part when the connection is cut mid-file', async () => {
    const destDir = freshDir();
    const err = await downloadFashionMnist({ baseUrl: `${base}/cut`, destDir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).code).toBe('DOWNLOAD_FAILED');
    expect((err as Error).message).toMatch(new RegExp(`^${base}/cut/train-images-idx3-ubyte\\.gz: download failed after [\\d,]+ bytes: the connection broke off`));
    expect(readdirSync(destDir)).toEqual([]);
  });

  it('refuses wrong bytes with a digest mismatch and saves nothing', async () => {
    const destDir = freshDir();
    const err = await downloadFashionMnist({ baseUrl: `${base}/wrong`, destDir }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(new RegExp(`^${base}/wrong/train-images-idx3-ubyte\\.gz: SHA-256 mismatch: got [0-9a-f]{64}, expected 3aede38d`));
    expect(readdirSync(destDir)).toEqual([]);
  });

  it('replaces a damaged file already present, and reports HTTP errors with the URL', async () => {
    const destDir = freshDir();
    mkdirSync(destDir);
    writeFileSync(path.join(destDir, 'train-images-idx3-ubyte.gz'), 'not the real thing');
    await expect(downloadFashionMnist({ baseUrl: `${base}/404`, destDir })).rejects.toThrow(`${base}/404/train-images-idx3-ubyte.gz: HTTP 404 Not Found`);
    expect(readdirSync(destDir)).toEqual([]); // the damaged copy is gone, nothing half-written
    const result = await downloadFashionMnist({ baseUrl: `${base}/ok`, destDir });
    expect(result.downloaded).toHaveLength(4);
  });

  it('stops cleanly when cancelled', async () => {
    const destDir = freshDir();
    const controller = new AbortController();
    const err = await downloadFashionMnist({
      baseUrl: `${base}/ok`,
      destDir,
      signal: controller.signal,
      onProgress: (p) => p.received > 1_000_000 && controller.abort(),
    }).catch((e: unknown) => e);
    expect((err as DataError).code).toBe('CANCELLED');
    expect((err as Error).message).toMatch(/train-images-idx3-ubyte\.gz: download cancelled/);
    expect(readdirSync(destDir)).toEqual([]);
  });

  it('names the URL when the server cannot be reached', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const destDir = freshDir();
    await expect(downloadFashionMnist({ baseUrl: `http://127.0.0.1:${port}/`, destDir })).rejects.toThrow(
      new RegExp(`^http://127\\.0\\.0\\.1:${port}/train-images-idx3-ubyte\\.gz: download failed after 0 bytes: fetch failed \\(ECONNREFUSED\\)`),
    );
    expect(readdirSync(destDir)).toEqual([]);
  });
});
