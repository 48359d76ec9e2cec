/**
 * CSV files shipped to the workers through Redis. A person's CSV lives on the machine
 * they coordinate from; a worker elsewhere cannot read it by that path. So the
 * coordinator stores the file's bytes once under keys.dataFile(sha256), and each job
 * names the hash; a worker keeps a copy named by the hash and fetches only what it
 * lacks. The hash, not the path, says which file: a copy is used only if it still
 * hashes to the name (a truncated or tampered cache file is fetched again).
 *
 * The key expires JOB_KEY_TTL_S after the last job that used it, like the per-job keys.
 * Files above MAX_CSV_BYTES are not shipped: no worker could load them anyway.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { MAX_CSV_BYTES } from '../data/csv';
import { DataError } from '../data/errors';
import { resolveCsv } from '../data/registry';
import type { TrialConfig } from '../sweep/configSchema';
import { JOB_KEY_TTL_S, keys, type DataFile } from './jobs';

export const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** How a file is named in messages: its name and the start of its hash. */
export const describeDataFile = (f: DataFile) => `${f.name} (sha256 ${f.sha256.slice(0, 12)}…)`;

/**
 * The coordinator's side: puts a trial's CSV into Redis, once per file version for the
 * life of the router. Jobs after the first only refresh the key's expiry; an expiry that
 * finds no key (it lapsed, or Redis restarted) uploads again.
 */
export class DataFileShipper {
  /** By path, size and mtime: a file edited during the sweep is read and shipped again. */
  private readonly shipped = new Map<string, Promise<DataFile>>();
  private readonly tooLarge = new Set<string>();

  constructor(private readonly notice: (message: string) => void) {}

  /**
   * What the job says about the trial's file; undefined when the file is too large to
   * ship (the worker must then have it at the same path). A file that cannot be read
   * throws a DataError; a Redis failure throws as it comes.
   */
  async ship(redis: Redis, dataset: TrialConfig['dataset']): Promise<DataFile | undefined> {
    // Resolved as the local trial process would (its cwd is the coordinator's); the path is absolute once a config is loaded.
    const file = resolveCsv(dataset, {});
    const st = await stat(file).catch((e: Error) => {
      throw new DataError(`${file}: cannot be read to send it to the workers (${e.message})`, 'NOT_FOUND');
    });
    if (st.size > MAX_CSV_BYTES) {
      if (!this.tooLarge.has(file)) this.notice(`${file} is too large to send to the workers (over ${MAX_CSV_BYTES / 2 ** 20} MB); a worker can only run its trials if it has the file at that path`);
      this.tooLarge.add(file);
      return undefined;
    }
    const version = `${file}\0${st.size}\0${st.mtimeMs}`;
    const known = this.shipped.get(version);
    if (known) {
      const f = await known.catch(() => undefined);
      if (f && (await redis.expire(keys.dataFile(f.sha256), JOB_KEY_TTL_S)) === 1) return f;
      // Gone: a job that found so first is uploading it again already; share that.
      const again = this.shipped.get(version);
      if (again && again !== known) return again;
    }
    const pending = this.upload(redis, file);
    this.shipped.set(version, pending);
    // A failure is not remembered: the next trial tries again.
    pending.catch(() => {
      if (this.shipped.get(version) === pending) this.shipped.delete(version);
    });
    return pending;
  }

  private async upload(redis: Redis, file: string): Promise<DataFile> {
    const bytes = await readFile(file).catch((e: Error) => {
      throw new DataError(`${file}: cannot be read to send it to the workers (${e.message})`, 'NOT_FOUND');
    });
    const f: DataFile = { sha256: sha256Of(bytes), bytes: bytes.length, name: path.basename(file) };
    if (f.bytes > MAX_CSV_BYTES) throw new DataError(`${file}: grew past ${MAX_CSV_BYTES} bytes while the sweep ran`);
    const key = keys.dataFile(f.sha256);
    // Another coordinator (or this one before a restart) may have sent it already: then the bytes need not travel.
    if ((await redis.expire(key, JOB_KEY_TTL_S)) === 0) await redis.set(key, bytes, 'EX', JOB_KEY_TTL_S);
    return f;
  }
}

export interface LocalCopy {
  path: string;
  /** Whether it was fetched from Redis now (else the cached copy was used). */
  fetched: boolean;
}

/**
 * The worker's side: a folder of `<sha256>.csv` copies. Written through a temporary file
 * and a rename, so concurrent jobs (or worker processes sharing the folder) never read
 * a half-written copy.
 */
export class DataFileCache {
  private dir: string | null = null;
  /** Fetches in flight, by hash: concurrent jobs on one file fetch it once. */
  private readonly pending = new Map<string, Promise<LocalCopy | { gap: string }>>();

  /** `dirs`: where the copies may go, in order of preference (cacheDirsFor). */
  constructor(
    private readonly redis: Redis,
    private readonly dirs: string[],
    private readonly log: (line: string) => void,
  ) {}

  /** The local copy of `f`, or why there can be none (a reason for refusing the job). */
  localCopy(f: DataFile): Promise<LocalCopy | { gap: string }> {
    let p = this.pending.get(f.sha256);
    if (!p) {
      p = this.obtain(f).finally(() => this.pending.delete(f.sha256));
      this.pending.set(f.sha256, p);
    }
    return p;
  }

  private async obtain(f: DataFile): Promise<LocalCopy | { gap: string }> {
    let dir: string;
    try {
      dir = this.folder();
    } catch (e) {
      return { gap: `cannot keep a copy of the data file ${describeDataFile(f)}: ${(e as Error).message}` };
    }
    const file = path.join(dir, `${f.sha256}.csv`);
    // Hashed on every use (a few MB at most): a copy damaged since it was written is never trained on.
    const cached = await readFile(file).catch(() => null);
    if (cached && sha256Of(cached) === f.sha256) return { path: file, fetched: false };
    if (cached) this.log(`data file ${describeDataFile(f)}: the cached copy does not match its hash; fetching it again`);
    const bytes = await this.redis.getBuffer(keys.dataFile(f.sha256));
    if (!bytes) return { gap: `the data file ${describeDataFile(f)} is no longer on the queue (it expires ${JOB_KEY_TTL_S / 3600} h after a sweep last used it)` };
    if (sha256Of(bytes) !== f.sha256) return { gap: `the data file ${describeDataFile(f)} on the queue does not match its hash` };
    const temp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
    try {
      // Again each time: a temporary folder may be cleaned while the worker runs.
      mkdirSync(dir, { recursive: true });
      writeFileSync(temp, bytes);
      renameSync(temp, file);
    } catch (e) {
      rmSync(temp, { force: true });
      return { gap: `cannot write the data file ${describeDataFile(f)} into ${dir}: ${(e as Error).message}` };
    }
    return { path: file, fetched: true };
  }

  /** The first of `dirs` that can be made and written to; chosen at the first shipped file. */
  private folder(): string {
    if (this.dir) return this.dir;
    const why: string[] = [];
    for (const dir of this.dirs) {
      try {
        mkdirSync(dir, { recursive: true });
        // mkdir succeeds on an existing read-only folder: a write says whether copies can go there.
        const probe = path.join(dir, `.probe-${process.pid}`);
        writeFileSync(probe, '');
        rmSync(probe);
        if (dir !== this.dirs[0]) this.log(`data files are kept in ${dir} (${why.join('; ')})`);
        return (this.dir = dir);
      } catch (e) {
        why.push(`${dir}: ${(e as Error).message}`);
      }
    }
    throw new Error(why.join('; '));
  }
}

/**
 * Where a worker keeps shipped data files: beside its Fashion-MNIST in `--data-dir`
 * (they outlive a reboot there), else in the system's temporary folder. A data folder
 * that is read-only (Debian's package folder) falls back to the temporary one.
 */
export function cacheDirsFor(dataDir: string | undefined): string[] {
  const temp = path.join(os.tmpdir(), 'sweeplab-data-cache');
  return dataDir === undefined ? [temp] : [path.join(dataDir, 'sweeplab-data-cache'), temp];
}
