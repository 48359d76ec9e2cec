/**
 * Frames: the snapshots a run recorded while training (src-main/frames/types.ts), one
 * row each. The scheduler appends a worker's batch in one transaction, like metrics; the
 * API reads a run's frames back, or a live run's new ones (`sinceSeq`).
 *
 * `data` travels as base64 of the quantised bytes everywhere but here: the store keeps
 * the bytes, deflated (node:zlib deflateRaw) when that saves at least MIN_SAVING of them,
 * and says which in `codec`. Measured on the defaults (bench/frames.ts): a moons run's
 * 60 plane frames are 1.66 MB raw and about 0.6 MB deflated (class probabilities are
 * flat away from the boundary, unit maps are half-planes), while an image run's 60
 * frames of 64 weight tiles are 3.0 MB raw and 2.5 MB deflated (weights are close to
 * noise at 8 bits); the per-row codec lets each frame take what pays.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type Database from 'better-sqlite3';
import type { Frame, FrameKind, FrameMeta } from '../frames/types';

export interface FrameRepository {
  /** Stores one run's batch atomically; a frame at an existing (run, seq) replaces it. */
  append(runId: number, frames: readonly Frame[]): void;
  /** The run's frames after `sinceSeq` (default: all), in seq order. */
  list(runId: number, sinceSeq?: number): Frame[];
  /** The kind of the run's frames; null when it has none (yet). */
  kind(runId: number): FrameKind | null;
  /** How many frames the run has, and the bytes its rows hold (as stored, compressed or not). */
  size(runId: number): { frames: number; bytes: number };
}

/** Deflate only when it saves this share of the bytes: below it, inflating on every read is not worth it. */
const MIN_SAVING = 0.1;
/**
 * The fastest level: the scheduler deflates every lane's frames on the app's main
 * process. Measured on a moons run's 60 frames (1.66 MB): level 1 → 671 kB in 23 ms,
 * level 6 → 601 kB in 38 ms, level 9 → 597 kB in 326 ms.
 */
const DEFLATE_LEVEL = 1;

interface FrameRow {
  seq: number;
  step: number;
  epoch: number;
  time: number;
  loss: number | null;
  meta: string;
  codec: 'raw' | 'deflate';
  data: Buffer;
}

function checkFrame(runId: number, f: Frame): void {
  const where = `frame ${String(f?.seq)} of run ${runId}`;
  for (const key of ['seq', 'step', 'epoch'] as const)
    if (!Number.isInteger(f[key]) || f[key] < 0) throw new TypeError(`${where}: ${key} must be an integer ≥ 0 (got ${String(f[key])})`);
  if (!Number.isFinite(f.time)) throw new TypeError(`${where}: time must be a number of milliseconds (got ${String(f.time)})`);
  if (f.loss !== null && (typeof f.loss !== 'number' || !Number.isFinite(f.loss))) throw new TypeError(`${where}: loss must be a finite number or null (got ${String(f.loss)})`);
  if (!f.meta || (f.meta.kind !== 'plane' && f.meta.kind !== 'image')) throw new TypeError(`${where}: meta.kind must be "plane" or "image"`);
  if (typeof f.data !== 'string') throw new TypeError(`${where}: data must be a base64 string`);
}

/** The stored form of a frame's bytes: deflated when that pays (see MIN_SAVING). */
export function encodeFrameData(bytes: Buffer): { codec: 'raw' | 'deflate'; data: Buffer } {
  const packed = deflateRawSync(bytes, { level: DEFLATE_LEVEL });
  return packed.length <= bytes.length * (1 - MIN_SAVING) ? { codec: 'deflate', data: packed } : { codec: 'raw', data: bytes };
}

export function decodeFrameData(codec: 'raw' | 'deflate', data: Buffer): Buffer {
  return codec === 'deflate' ? inflateRawSync(data) : data;
}

export function createFrameRepository(db: Database.Database): FrameRepository {
  const insert = db.prepare<[number, number, number, number, number, number | null, string, string, Buffer]>(
    'INSERT OR REPLACE INTO frames (run_id, seq, step, epoch, time, loss, meta, codec, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const since = db.prepare<[number, number], FrameRow>('SELECT seq, step, epoch, time, loss, meta, codec, data FROM frames WHERE run_id = ? AND seq > ? ORDER BY seq');
  const kindOf = db.prepare<[number], FrameKind>("SELECT json_extract(meta, '$.kind') FROM frames WHERE run_id = ? ORDER BY seq LIMIT 1").pluck();
  const sizeOf = db.prepare<[number], { frames: number; bytes: number | null }>('SELECT COUNT(*) AS frames, SUM(LENGTH(data) + LENGTH(meta)) AS bytes FROM frames WHERE run_id = ?');

  const appendBatch = db.transaction((runId: number, frames: readonly Frame[]) => {
    if (!Number.isInteger(runId)) throw new TypeError(`frames: runId must be an integer (got ${runId})`);
    for (const f of frames) {
      checkFrame(runId, f);
      const { codec, data } = encodeFrameData(Buffer.from(f.data, 'base64'));
      insert.run(runId, f.seq, f.step, f.epoch, Math.round(f.time), f.loss, JSON.stringify(f.meta), codec, data);
    }
  });

  return {
    append(runId, frames) {
      if (frames.length) appendBatch(runId, frames);
    },
    list(runId, sinceSeq = -1) {
      return since.all(runId, sinceSeq).map((r) => ({
        seq: r.seq,
        step: r.step,
        epoch: r.epoch,
        time: r.time,
        loss: r.loss,
        meta: JSON.parse(r.meta) as FrameMeta,
        data: decodeFrameData(r.codec, r.data).toString('base64'),
      }));
    },
    kind(runId) {
      return kindOf.get(runId) ?? null;
    },
    size(runId) {
      const r = sizeOf.get(runId)!;
      return { frames: r.frames, bytes: r.bytes ?? 0 };
    },
  };
}
