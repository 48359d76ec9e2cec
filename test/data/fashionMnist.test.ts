import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  DEBIAN_DIR,
  FASHION_MNIST_CLASSES,
  FASHION_MNIST_FILES,
  inspectFashionMnist,
  loadFashionMnist,
  locateFashionMnist,
  readFashionMnist,
  requireFashionMnist,
} from '../../src-main/data/fashionMnist';
import { encodeIdx } from '../../src-main/data/idx';

const haveDebian = FASHION_MNIST_FILES.every((f) => existsSync(path.join(DEBIAN_DIR, f.name)));
const skipNote = haveDebian ? '' : ` — SKIPPED: ${DEBIAN_DIR} is absent (apt install dataset-fashion-mnist)`;
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('hex');

/** A folder holding the four file names (contents irrelevant to locating). */
function fakeFolder(dir: string): string {
  mkdirSync(dir, { recursive: true });
  for (const f of FASHION_MNIST_FILES) writeFileSync(path.join(dir, f.name), '');
  return dir;
}

/** A small but valid set of the four files. */
function tinySet(dir: string, n: number, labels: (i: number) => number, size = 28): string {
  mkdirSync(dir, { recursive: true });
  const gz = (dims: number[], data: Uint8Array) => zlib.gzipSync(encodeIdx(dims, data));
  const images = Uint8Array.from({ length: n * size * size }, (_, i) => i % 256);
  const labs = Uint8Array.from({ length: n }, (_, i) => labels(i));
  for (const prefix of ['train', 't10k']) {
    writeFileSync(path.join(dir, `${prefix}-images-idx3-ubyte.gz`), gz([n, size, size], images));
    writeFileSync(path.join(dir, `${prefix}-labels-idx1-ubyte.gz`), gz([n], labs));
  }
  return dir;
}

describe(`the real Fashion-MNIST files${skipNote}`, () => {
  it.skipIf(!haveDebian)('load as 60000 × 784 and 10000 × 784 float32 in [0, 1], 6000 / 1000 per class', async () => {
    const { train, test } = await loadFashionMnist(DEBIAN_DIR);
    expect(train.n).toBe(60000);
    expect(train.x).toBeInstanceOf(Float32Array);
    expect(train.x.length).toBe(60000 * 784);
    expect(test.n).toBe(10000);
    expect(test.x.length).toBe(10000 * 784);
    let min = Infinity;
    let max = -Infinity;
    for (const v of train.x) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    expect([min, max]).toEqual([0, 1]);
    const perClass = (y: Int32Array) => Array.from({ length: 10 }, (_, c) => y.filter((l) => l === c).length);
    expect(perClass(train.y)).toEqual(Array(10).fill(6000));
    expect(perClass(test.y)).toEqual(Array(10).fill(1000));
  });

  // Debian rewrote the gzip headers (no file name, new time stamp); putting upstream's
  // header back onto the same deflate stream must give upstream's published MD5 and the
  // SHA-256 recorded for the mirror's file. This is the provenance of the digests.
  it.skipIf(!haveDebian)('match the recorded digests, and upstream’s MD5s once upstream’s gzip header is restored', () => {
    const mtime = { train: 1504176606, t10k: 1504176627 }; // 2017-08-31, found by search against the MD5s
    for (const f of FASHION_MNIST_FILES) {
      const debian = readFileSync(path.join(DEBIAN_DIR, f.name));
      expect(sha256(zlib.gunzipSync(debian))).toBe(f.contentSha256);
      const header = Buffer.from(debian.subarray(0, 10));
      header[3] = 0x08; // FNAME
      header.writeUInt32LE(f.name.startsWith('train') ? mtime.train : mtime.t10k, 4);
      const upstream = Buffer.concat([header, Buffer.from(`${f.name.replace(/\.gz$/, '')}\0`), debian.subarray(10)]);
      expect(upstream.length).toBe(f.size);
      expect(md5(upstream)).toBe(f.md5);
      expect(sha256(upstream)).toBe(f.sha256);
    }
  });
});

describe('Fashion-MNIST constants', () => {
  it('lists the classes in upstream label order', () => {
    expect(FASHION_MNIST_CLASSES).toEqual(['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot']);
  });
});

describe('locateFashionMnist', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'sweeplab-locate-'));
  const configured = fakeFolder(path.join(root, 'configured'));
  const fromEnv = fakeFolder(path.join(root, 'from-env'));
  const home = path.join(root, 'home');
  const appDir = fakeFolder(path.join(home, 'datasets', 'fashion-mnist'));
  const system = fakeFolder(path.join(root, 'system'));
  const env = { SWEEPLAB_HOME: home, SWEEPLAB_DATA: fromEnv };

  it('prefers the configured folder, then SWEEPLAB_DATA, then the app folder, then system folders', () => {
    expect(locateFashionMnist({ dataDir: configured, env, systemDirs: [system] }).dir).toBe(configured);
    expect(locateFashionMnist({ env, systemDirs: [system] }).dir).toBe(fromEnv);
    expect(locateFashionMnist({ env: { SWEEPLAB_HOME: home }, systemDirs: [system] }).dir).toBe(appDir);
    expect(locateFashionMnist({ env: { SWEEPLAB_HOME: path.join(root, 'empty-home') }, systemDirs: [system] }).dir).toBe(system);
  });

  it('accepts a data root holding fashion-mnist/, and reports every place it looked', () => {
    const dataRoot = path.join(root, 'data-root');
    fakeFolder(path.join(dataRoot, 'fashion-mnist'));
    expect(locateFashionMnist({ dataDir: dataRoot, env: {}, systemDirs: [] }).dir).toBe(path.join(dataRoot, 'fashion-mnist'));
    const none = locateFashionMnist({ dataDir: path.join(root, 'nothing'), env: { SWEEPLAB_HOME: path.join(root, 'empty-home') }, systemDirs: [path.join(root, 'sys')] });
    expect(none.dir).toBeNull();
    expect(none.looked).toEqual([
      path.join(root, 'nothing'),
      path.join(root, 'nothing', 'fashion-mnist'),
      path.join(root, 'empty-home', 'datasets', 'fashion-mnist'),
      path.join(root, 'sys'),
    ]);
  });

  it('skips a folder missing one of the four files', () => {
    const incomplete = path.join(root, 'incomplete');
    mkdirSync(incomplete);
    writeFileSync(path.join(incomplete, FASHION_MNIST_FILES[0].name), '');
    expect(locateFashionMnist({ dataDir: incomplete, env: { SWEEPLAB_HOME: home }, systemDirs: [] }).dir).toBe(appDir);
  });
});

describe('readFashionMnist validation', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'sweeplab-fm-'));

  it('loads a valid small set', async () => {
    const data = await readFashionMnist(tinySet(path.join(root, 'ok'), 20, (i) => i % 10));
    expect(data.train.n).toBe(20);
    expect([...data.train.labels.subarray(0, 3)]).toEqual([0, 1, 2]);
  });

  it('refuses labels ≥ 10, wrong image sizes and mismatched counts, naming the file', async () => {
    const badLabel = tinySet(path.join(root, 'label'), 5, (i) => (i === 3 ? 10 : 0));
    await expect(readFashionMnist(badLabel)).rejects.toThrow(`${path.join(badLabel, 'train-labels-idx1-ubyte.gz')}: label 10 at position 3 is not a class (0–9)`);
    const badSize = tinySet(path.join(root, 'size'), 5, () => 0, 27);
    await expect(readFashionMnist(badSize)).rejects.toThrow(/train-images-idx3-ubyte\.gz: expected images of 28×28 pixels .* found dims 5 × 27 × 27/);
    const mismatch = tinySet(path.join(root, 'count'), 5, () => 0);
    writeFileSync(path.join(mismatch, 't10k-labels-idx1-ubyte.gz'), zlib.gzipSync(encodeIdx([4], new Uint8Array(4))));
    await expect(readFashionMnist(mismatch)).rejects.toThrow(/t10k-labels-idx1-ubyte\.gz: holds 4 labels but t10k-images-idx3-ubyte\.gz holds 5 images/);
  });
});

describe('a data folder named for the run', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'sweeplab-require-'));

  it('is the folder itself or its fashion-mnist/ subfolder', () => {
    const direct = tinySet(path.join(root, 'direct'), 10, (i) => i % 10);
    expect(requireFashionMnist(direct)).toBe(direct);
    tinySet(path.join(root, 'parent', 'fashion-mnist'), 10, (i) => i % 10);
    expect(requireFashionMnist(path.join(root, 'parent'))).toBe(path.join(root, 'parent', 'fashion-mnist'));
  });

  it('lacking a file, names the file it looked for (in whichever folder holds more of them)', () => {
    const partial = tinySet(path.join(root, 'partial'), 10, (i) => i % 10);
    rmSync(path.join(partial, 'train-labels-idx1-ubyte.gz'));
    expect(() => requireFashionMnist(partial)).toThrow(`data folder ${partial}: no ${path.join(partial, 'train-labels-idx1-ubyte.gz')} (nor train-labels-idx1-ubyte)`);
    const nested = tinySet(path.join(root, 'outer', 'fashion-mnist'), 10, (i) => i % 10);
    rmSync(path.join(nested, 't10k-images-idx3-ubyte.gz'));
    expect(() => requireFashionMnist(path.join(root, 'outer'))).toThrow(`no ${path.join(nested, 't10k-images-idx3-ubyte.gz')}`);
    expect(() => requireFashionMnist(path.join(root, 'absent'))).toThrow(`data folder ${path.join(root, 'absent')}: no such folder`);
  });
});

describe('inspectFashionMnist (config time: headers, sizes and labels, no image decoding)', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'sweeplab-inspect-'));

  it('counts a valid set and refuses what readFashionMnist refuses, with the same message', async () => {
    expect(inspectFashionMnist(tinySet(path.join(root, 'ok'), 20, (i) => i % 10))).toEqual({ train: 20, test: 20 });
    const cases = [
      tinySet(path.join(root, 'label'), 5, (i) => (i === 3 ? 10 : 0)),
      tinySet(path.join(root, 'size'), 5, () => 0, 27),
    ];
    const cut = tinySet(path.join(root, 'cut'), 50, (i) => i % 10);
    const gz = readFileSync(path.join(cut, 'train-images-idx3-ubyte.gz'));
    writeFileSync(path.join(cut, 'train-images-idx3-ubyte.gz'), gz.subarray(0, gz.length - 200));
    for (const dir of [...cases, cut]) {
      const full = await readFashionMnist(dir).then(() => 'no error', (e: Error) => e.message);
      if (dir === cut) expect(() => inspectFashionMnist(dir)).toThrow(/train-images-idx3-ubyte\.gz: the gzip file does not hold the 50 × 28 × 28 data/);
      else expect(() => inspectFashionMnist(dir)).toThrow(full);
    }
  });

  it.skipIf(!haveDebian)('checks the real files in milliseconds', () => {
    const started = performance.now();
    expect(inspectFashionMnist(DEBIAN_DIR)).toEqual({ train: 60000, test: 10000 });
    expect(performance.now() - started).toBeLessThan(500);
  });
});
