/**
 * Downloading Fashion-MNIST from the official mirror.
 *
 * Each file streams into `<name>.part` while its SHA-256 is computed, and is renamed to
 * its real name only after the digest checks out. Loaders look for the real names only,
 * so a download that was cut, cancelled or corrupted can never pass as a data set.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import { appDatasetsDir } from '../paths';
import { DataError, formatCount } from './errors';
import { FASHION_MNIST_BASE_URL, FASHION_MNIST_FILES, type FashionFile } from './fashionMnist';

export interface DownloadProgress {
  file: string;
  received: number;
  total: number | null;
  /** 0-based index of `file` among `files`. */
  fileIndex: number;
  files: number;
}

export interface DownloadOptions {
  baseUrl?: string;
  /** Default: `<app datasets folder>/fashion-mnist`. */
  destDir?: string;
  env?: NodeJS.ProcessEnv;
  onProgress?(p: DownloadProgress): void;
  signal?: AbortSignal;
  fetchImpl?: typeof fetch;
}

export interface DownloadResult {
  dir: string;
  downloaded: string[];
  /** Files already present with a correct digest. */
  skipped: string[];
}

/**
 * SHA-256 of the bytes and of what they gunzip to, computed as the bytes pass. The
 * content digest lets a correct file from a mirror that recompresses (Debian does) pass
 * too; a file that is not gzip simply has no content digest.
 */
class Digests {
  private readonly raw = createHash('sha256');
  private readonly content = createHash('sha256');
  private readonly gunzip = zlib.createGunzip();
  private failed = false;
  private readonly ended: Promise<void>;

  constructor() {
    this.gunzip.on('data', (c: Buffer) => this.content.update(c));
    this.ended = new Promise((resolve) => {
      this.gunzip.on('end', resolve);
      this.gunzip.on('error', () => {
        this.failed = true;
        resolve();
      });
    });
  }

  update(chunk: Uint8Array): void {
    this.raw.update(chunk);
    if (!this.failed) this.gunzip.write(chunk);
  }

  async finish(): Promise<{ sha256: string; contentSha256: string | null }> {
    this.gunzip.end();
    await this.ended;
    return { sha256: this.raw.digest('hex'), contentSha256: this.failed ? null : this.content.digest('hex') };
  }

  discard(): void {
    this.gunzip.destroy();
  }
}

const matches = (d: { sha256: string; contentSha256: string | null }, f: FashionFile) =>
  d.sha256 === f.sha256 || d.contentSha256 === f.contentSha256;

async function fileIsValid(file: string, spec: FashionFile): Promise<boolean> {
  if (!(await stat(file).then((s) => s.isFile(), () => false))) return false;
  const digests = new Digests();
  for await (const chunk of createReadStream(file)) digests.update(chunk as Buffer);
  return matches(await digests.finish(), spec);
}

function describeFetchError(err: unknown): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  const cause = e.cause ? ` (${e.cause.code ?? e.cause.message})` : '';
  // undici's word for a body cut short; say what it means.
  if (e.message === 'terminated') return `the connection broke off before the file was complete${cause}`;
  return `${e.message}${cause}`;
}

async function downloadOne(url: string, final: string, spec: FashionFile, opts: DownloadOptions, report: (r: number, t: number | null) => void) {
  const part = `${final}.part`;
  const digests = new Digests();
  const fetchImpl = opts.fetchImpl ?? fetch;
  let received = 0;
  try {
    const res = await fetchImpl(url, { signal: opts.signal });
    if (!res.ok || !res.body) throw new DataError(`${url}: HTTP ${res.status} ${res.statusText}`.trim(), 'DOWNLOAD_FAILED');
    const header = Number(res.headers.get('content-length'));
    const total = Number.isFinite(header) && header > 0 ? header : null;
    report(0, total);
    const fh = await open(part, 'w');
    try {
      for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
        await fh.write(chunk);
        digests.update(chunk);
        received += chunk.length;
        report(received, total);
      }
      await fh.sync(); // the rename below must not publish a file whose bytes are still in flight
    } finally {
      await fh.close();
    }
    if (total !== null && received !== total)
      throw new DataError(`${url}: the connection closed after ${formatCount(received)} of ${formatCount(total)} bytes`, 'DOWNLOAD_FAILED');
    const got = await digests.finish();
    if (!matches(got, spec))
      throw new DataError(
        `${url}: SHA-256 mismatch: got ${got.sha256}, expected ${spec.sha256} (the download is corrupt or not the official file); nothing was saved`,
        'DOWNLOAD_FAILED',
      );
    await rename(part, final);
  } catch (err) {
    digests.discard();
    await rm(part, { force: true });
    if (err instanceof DataError) throw err;
    if (opts.signal?.aborted) throw new DataError(`${url}: download cancelled`, 'CANCELLED', { cause: err });
    throw new DataError(`${url}: download failed after ${formatCount(received)} bytes: ${describeFetchError(err)}`, 'DOWNLOAD_FAILED', { cause: err });
  }
}

/** Downloads the four files into `destDir`, skipping those already there and intact. */
export async function downloadFashionMnist(opts: DownloadOptions = {}): Promise<DownloadResult> {
  const dir = path.resolve(opts.destDir ?? path.join(appDatasetsDir(opts.env), 'fashion-mnist'));
  const base = (opts.baseUrl ?? FASHION_MNIST_BASE_URL).replace(/\/?$/, '/');
  try {
    await mkdir(dir, { recursive: true });
  } catch (err) {
    throw new DataError(`${dir}: cannot create the download folder (${(err as Error).message})`, 'DOWNLOAD_FAILED');
  }
  const result: DownloadResult = { dir, downloaded: [], skipped: [] };
  const files = FASHION_MNIST_FILES.length;
  for (const [fileIndex, spec] of FASHION_MNIST_FILES.entries()) {
    const final = path.join(dir, spec.name);
    const report = (received: number, total: number | null) => opts.onProgress?.({ file: spec.name, received, total, fileIndex, files });
    if (await fileIsValid(final, spec)) {
      const size = (await stat(final)).size;
      report(size, size);
      result.skipped.push(spec.name);
      continue;
    }
    // A damaged copy must go before the download starts, or a failed download would leave it looking complete.
    await rm(final, { force: true });
    if (opts.signal?.aborted) throw new DataError(`${base}${spec.name}: download cancelled`, 'CANCELLED');
    await downloadOne(new URL(spec.name, base).href, final, spec, opts, report);
    result.downloaded.push(spec.name);
  }
  return result;
}
