/**
 * The IDX format (MNIST, Fashion-MNIST), gzipped or not.
 *
 * Layout: two zero bytes, a dtype byte, a byte giving the number of dimensions, one
 * big-endian uint32 per dimension, then the payload in row-major order. A download cut
 * short still gunzips to *something*, so the payload length is checked against the
 * dimensions in both directions: a short file must never become a smaller data set.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { DataError, formatCount } from './errors';

export interface IdxData {
  dims: number[];
  data: Uint8Array;
}

const UBYTE = 0x08;
const DTYPES: Record<number, string> = { 0x08: 'unsigned byte', 0x09: 'signed byte', 0x0b: 'int16', 0x0c: 'int32', 0x0d: 'float32', 0x0e: 'float64' };
/** Far above Fashion-MNIST's 47 MB; stops a corrupt or hostile file from filling memory. */
const MAX_DECOMPRESSED = 1 << 30;
const gunzipAsync = promisify(zlib.gunzip);

export function isGzip(buf: Uint8Array): boolean {
  return buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b;
}

const hex = (b: number) => `0x${b.toString(16).padStart(2, '0').toUpperCase()}`;

function gzipProblem(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'Z_BUF_ERROR') return 'the gzip data is truncated (unexpected end of file)';
  if (e.code === 'ERR_BUFFER_TOO_LARGE') return `the gzip data expands to more than ${formatCount(MAX_DECOMPRESSED)} bytes`;
  if (/data check|length check/.test(e.message)) return `the gzip data is corrupt (checksum mismatch: ${e.message})`;
  return `the gzip data is corrupt (${e.message}${/header check/.test(e.message) ? ', or unexpected bytes after the gzip stream' : ''})`;
}

interface Header {
  dtype: number;
  dims: number[];
  headerBytes: number;
  payloadBytes: number;
}

/** Reads and checks the header; `buf` may be only the beginning of the file. */
function parseHeader(buf: Uint8Array, source: string): Header {
  if (buf.length < 4) throw new DataError(`${source}: too short to be an IDX file (${buf.length} bytes)`);
  if (buf[0] !== 0 || buf[1] !== 0)
    throw new DataError(`${source}: bad magic number ${hex(buf[0])} ${hex(buf[1])} (an IDX file starts with two zero bytes): not an IDX file`);
  const dtype = buf[2];
  if (dtype !== UBYTE) {
    const name = DTYPES[dtype] ? `${hex(dtype)} (${DTYPES[dtype]})` : `${hex(dtype)} (unknown)`;
    throw new DataError(`${source}: unsupported IDX data type ${name}; only ${hex(UBYTE)} (unsigned byte) is supported`);
  }
  const ndim = buf[3];
  if (ndim === 0) throw new DataError(`${source}: the IDX header declares 0 dimensions`);
  const headerBytes = 4 + 4 * ndim;
  if (buf.length < headerBytes)
    throw new DataError(`${source}: truncated header (${ndim} dimensions need ${headerBytes} bytes, the file has ${buf.length})`);
  const view = new DataView(buf.buffer, buf.byteOffset, headerBytes);
  const dims = Array.from({ length: ndim }, (_, i) => view.getUint32(4 + 4 * i, false));
  return { dtype, dims, headerBytes, payloadBytes: dims.reduce((a, b) => a * b, 1) };
}

const shape = (dims: number[]) => dims.map(formatCount).join(' × ');

/** Parses a whole IDX file (gzipped or raw) already in memory. */
export function parseIdx(buf: Uint8Array, source: string): IdxData {
  let raw = buf;
  if (isGzip(buf)) {
    try {
      raw = zlib.gunzipSync(buf, { maxOutputLength: MAX_DECOMPRESSED });
    } catch (err) {
      throw new DataError(`${source}: ${gzipProblem(err)}`, 'BAD_DATA', { cause: err });
    }
  }
  return checkPayload(raw, source);
}

function checkPayload(raw: Uint8Array, source: string): IdxData {
  const h = parseHeader(raw, source);
  const found = raw.length - h.headerBytes;
  if (found < h.payloadBytes)
    throw new DataError(
      `${source}: truncated data: the header declares ${shape(h.dims)} = ${formatCount(h.payloadBytes)} bytes, the file holds ${formatCount(found)}`,
    );
  if (found > h.payloadBytes)
    throw new DataError(`${source}: ${formatCount(found - h.payloadBytes)} unexpected bytes after the ${shape(h.dims)} data declared in the header`);
  return { dims: h.dims, data: raw.subarray(h.headerBytes) };
}

/** Reads an IDX file; the gunzip runs on libuv's thread pool, not the event loop. */
export async function readIdx(file: string): Promise<IdxData> {
  let buf: Uint8Array;
  try {
    buf = await readFile(file);
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    throw new DataError(missing ? `${file}: no such file` : `${file}: cannot be read (${(err as Error).message})`, missing ? 'NOT_FOUND' : 'BAD_DATA');
  }
  if (!isGzip(buf)) return checkPayload(buf, file);
  try {
    buf = await gunzipAsync(buf, { maxOutputLength: MAX_DECOMPRESSED });
  } catch (err) {
    throw new DataError(`${file}: ${gzipProblem(err)}`, 'BAD_DATA', { cause: err });
  }
  return checkPayload(buf, file);
}

const openError = (file: string, err: NodeJS.ErrnoException) =>
  new DataError(err.code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot be read (${err.message})`, err.code === 'ENOENT' ? 'NOT_FOUND' : 'BAD_DATA');

/** readIdx for config-time checks of small files (the label lists), inside synchronous validation. */
export function readIdxSync(file: string): IdxData {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (err) {
    throw openError(file, err as NodeJS.ErrnoException);
  }
  return parseIdx(buf, file);
}

/** How much of the file's start the header-only readers look at. */
const HEAD_BYTES = 16384;

/**
 * Only the dimensions, for listings: reads the first few KB and, for a gzip file, the
 * trailer's uncompressed size, which catches most truncated downloads without
 * decompressing 47 MB.
 */
export async function readIdxHeader(file: string): Promise<{ dims: number[] }> {
  let head: Buffer;
  let size: number;
  let trailer: Buffer;
  const fh = await open(file, 'r').catch((err: NodeJS.ErrnoException) => {
    throw openError(file, err);
  });
  try {
    const stat = await fh.stat();
    if (!stat.isFile()) throw new DataError(`${file}: is not a regular file`);
    size = stat.size;
    head = Buffer.alloc(Math.min(size, HEAD_BYTES));
    await fh.read(head, 0, head.length, 0);
    trailer = Buffer.alloc(4);
    if (size >= 4) await fh.read(trailer, 0, 4, size - 4);
  } finally {
    await fh.close();
  }
  return checkHeaderAgainstSize(file, head, size, trailer);
}

/** readIdxHeader for config-time checks, which run inside synchronous validation. */
export function readIdxHeaderSync(file: string): { dims: number[] } {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    throw openError(file, err as NodeJS.ErrnoException);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new DataError(`${file}: is not a regular file`);
    const head = Buffer.alloc(Math.min(stat.size, HEAD_BYTES));
    readSync(fd, head, 0, head.length, 0);
    const trailer = Buffer.alloc(4);
    if (stat.size >= 4) readSync(fd, trailer, 0, 4, stat.size - 4);
    return checkHeaderAgainstSize(file, head, stat.size, trailer);
  } finally {
    closeSync(fd);
  }
}

/** The header, checked against the file's size (raw) or the gzip trailer's (ISIZE). */
function checkHeaderAgainstSize(file: string, head: Buffer, size: number, trailer: Buffer): { dims: number[] } {
  if (!isGzip(head)) {
    const h = parseHeader(head, file);
    if (size !== h.headerBytes + h.payloadBytes)
      throw new DataError(`${file}: the header declares ${shape(h.dims)} data (${formatCount(h.headerBytes + h.payloadBytes)} bytes in all), the file has ${formatCount(size)} bytes`);
    return { dims: h.dims };
  }
  let raw: Buffer;
  try {
    raw = zlib.gunzipSync(head, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
  } catch (err) {
    throw new DataError(`${file}: ${gzipProblem(err)}`, 'BAD_DATA', { cause: err });
  }
  const h = parseHeader(raw, file);
  // ISIZE is the uncompressed length modulo 2^32 (RFC 1952).
  if (trailer.readUInt32LE(0) !== (h.headerBytes + h.payloadBytes) % 2 ** 32)
    throw new DataError(`${file}: the gzip file does not hold the ${shape(h.dims)} data its header declares (truncated or corrupt download?)`);
  return { dims: h.dims };
}

/** Serialises unsigned-byte data as a raw (not gzipped) IDX file. */
export function encodeIdx(dims: number[], data: Uint8Array): Buffer {
  const expected = dims.reduce((a, b) => a * b, 1);
  if (data.length !== expected) throw new RangeError(`encodeIdx: ${data.length} bytes for dims ${dims.join('×')} (${expected})`);
  const out = Buffer.alloc(4 + 4 * dims.length + data.length);
  out[2] = UBYTE;
  out[3] = dims.length;
  dims.forEach((d, i) => out.writeUInt32BE(d, 4 + 4 * i));
  out.set(data, 4 + 4 * dims.length);
  return out;
}
