import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { DataError } from '../../src-main/data/errors';
import { encodeIdx, parseIdx, readIdx, readIdxHeader, readIdxHeaderSync } from '../../src-main/data/idx';

// A hand-built 2 × 2 × 3 file: magic 00 00 08 03, dims big-endian, then 12 bytes.
const handBuilt = Buffer.from([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3, ...Array.from({ length: 12 }, (_, i) => i * 20)]);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sweeplab-idx-'));
});

function write(name: string, bytes: Uint8Array): string {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

async function refusal(name: string, bytes: Uint8Array): Promise<string> {
  const file = write(name, bytes);
  const err = await readIdx(file).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(DataError);
  const message = (err as Error).message;
  expect(message.startsWith(`${file}: `)).toBe(true);
  // The in-memory parser says the same thing.
  expect(() => parseIdx(bytes, file)).toThrow(message);
  return message;
}

describe('IDX parsing', () => {
  it('round-trips a hand-built buffer, raw and gzipped', async () => {
    expect(encodeIdx([2, 2, 3], handBuilt.subarray(16))).toEqual(handBuilt);
    for (const [name, bytes] of [['raw.idx', handBuilt], ['gz.idx.gz', zlib.gzipSync(handBuilt)]] as const) {
      const parsed = await readIdx(write(name, bytes));
      expect(parsed.dims).toEqual([2, 2, 3]);
      expect([...parsed.data]).toEqual([...handBuilt.subarray(16)]);
      expect(parseIdx(bytes, name).dims).toEqual([2, 2, 3]);
      expect((await readIdxHeader(path.join(dir, name))).dims).toEqual([2, 2, 3]);
    }
  });

  it('refuses a bad magic number', async () => {
    const bytes = Buffer.from(handBuilt);
    bytes[0] = 0x50;
    expect(await refusal('magic.idx', bytes)).toMatch(/bad magic number 0x50 0x00 .*not an IDX file/);
  });

  it('refuses an unsupported data type, naming it', async () => {
    const bytes = Buffer.from(handBuilt);
    bytes[2] = 0x0d;
    expect(await refusal('float.idx', bytes)).toMatch(/unsupported IDX data type 0x0D \(float32\); only 0x08 \(unsigned byte\)/);
  });

  it('refuses a truncated payload, raw or gzipped', async () => {
    const short = handBuilt.subarray(0, handBuilt.length - 1);
    expect(await refusal('short.idx', short)).toMatch(/truncated data: the header declares 2 × 2 × 3 = 12 bytes, the file holds 11/);
    expect(await refusal('short.idx.gz', zlib.gzipSync(short))).toMatch(/truncated data/);
    expect(await refusal('header.idx', handBuilt.subarray(0, 10))).toMatch(/truncated header/);
  });

  it('refuses trailing bytes after the declared data', async () => {
    expect(await refusal('long.idx', Buffer.concat([handBuilt, Buffer.from([1, 2])]))).toMatch(/2 unexpected bytes after the 2 × 2 × 3 data/);
  });

  it('refuses corrupt and cut gzip data', async () => {
    const gz = zlib.gzipSync(handBuilt);
    const flipped = Buffer.from(gz);
    flipped[gz.length - 6] ^= 0xff; // inside the CRC-32
    expect(await refusal('crc.gz', flipped)).toMatch(/gzip data is corrupt/);
    expect(await refusal('cut.gz', gz.subarray(0, gz.length - 5))).toMatch(/gzip data is truncated/);
    expect(await refusal('garbage.gz', Buffer.concat([gz, Buffer.from('junk')]))).toMatch(/gzip data is corrupt/);
  });

  it('names a missing file', async () => {
    const missing = path.join(dir, 'missing.idx');
    await expect(readIdx(missing)).rejects.toThrow(`${missing}: no such file`);
  });

  it('catches a truncated gzip file from its header alone', async () => {
    const big = encodeIdx([50, 28, 28], Uint8Array.from({ length: 50 * 784 }, (_, i) => (i * 7919) % 251));
    const gz = zlib.gzipSync(big);
    const file = write('cut-listing.gz', gz.subarray(0, gz.length - 100));
    await expect(readIdxHeader(file)).rejects.toThrow(/does not hold the 50 × 28 × 28 data its header declares/);
    const rawFile = write('cut-listing.idx', big.subarray(0, big.length - 1));
    await expect(readIdxHeader(rawFile)).rejects.toThrow(/the file has 39,215 bytes/);
  });

  it('the synchronous header reader (config-time checks) says exactly what the async one says', async () => {
    const big = encodeIdx([50, 28, 28], new Uint8Array(50 * 784));
    const gz = zlib.gzipSync(big);
    const files = [write('sync-ok.gz', gz), write('sync-cut.gz', gz.subarray(0, gz.length - 100)), write('sync-cut.idx', big.subarray(0, 999)), write('sync-magic.idx', Buffer.from([1, 0, 8, 1]))];
    expect(readIdxHeaderSync(files[0])).toEqual(await readIdxHeader(files[0]));
    for (const file of files.slice(1)) {
      const async = await readIdxHeader(file).then(() => 'no error', (e: Error) => e.message);
      expect(() => readIdxHeaderSync(file)).toThrow(async);
    }
    expect(() => readIdxHeaderSync(path.join(dir, 'nope.idx'))).toThrow(`${path.join(dir, 'nope.idx')}: no such file`);
    expect(() => readIdxHeaderSync(dir)).toThrow(`${dir}: is not a regular file`);
  });
});
