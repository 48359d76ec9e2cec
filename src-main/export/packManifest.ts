/**
 * The paper pack's manifest.json: what someone needs to reproduce or audit the numbers
 * in the pack without the database — the sweep config as validated, every run's seed,
 * engine, backend and versions, the SHA-256 of the data files the runs read, and the
 * machine the pack was written on. Data files are hashed as streams (Fashion-MNIST is
 * ~30 MB). A .gz also gets the SHA-256 of its decompressed bytes: gzip output differs
 * between compressors (Debian's package re-compresses the official files), the content
 * does not, so that digest is the one to compare with the published one. A file that is gone since training is listed with sha256 null and why,
 * rather than failing the whole pack.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import os from 'node:os';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import path from 'node:path';
import { FASHION_MNIST_FILES, fashionFilePath } from '../data/fashionMnist';
import type { RunRecord } from '../store/types';
import type { SweepConfig } from '../sweep/configSchema';
import { APP_VERSION } from '../version';

export const MANIFEST_FORMAT = 'sweeplab-paper-pack/1';

export interface DataFileDigest {
  /** Absolute path the file was read from. */
  path: string;
  bytes: number | null;
  /** Hex SHA-256 of the file's bytes as stored (a .gz is hashed compressed); null when it could not be read. */
  sha256: string | null;
  /** A .gz only: SHA-256 of the decompressed content, comparable across re-compressions. */
  contentSha256?: string;
  /** Why sha256 is null. */
  missing?: string;
}

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryBytes: number;
  platform: string;
  arch: string;
  osRelease: string;
  node: string;
}

/** Hex SHA-256 of a file, read as a stream; `gunzip`: of its decompressed content. */
export async function sha256File(file: string, opts: { gunzip?: boolean } = {}): Promise<string> {
  const hash = createHash('sha256');
  const sink = async (chunks: AsyncIterable<Buffer>) => {
    for await (const chunk of chunks) hash.update(chunk);
  };
  if (opts.gunzip) await pipeline(createReadStream(file), createGunzip(), sink);
  else await pipeline(createReadStream(file), sink);
  return hash.digest('hex');
}

/**
 * The files behind a recorded data source: a CSV's file itself, or the four IDX files
 * of a Fashion-MNIST folder (the .gz or its decompressed twin, as the loader picks).
 */
export function dataFilesOf(source: string): string[] {
  if (!existsSync(source)) return [source];
  if (!statSync(source).isDirectory()) return [source];
  return FASHION_MNIST_FILES.map((f) => fashionFilePath(source, f) ?? path.join(source, f.name));
}

export async function digestDataFiles(sources: readonly string[]): Promise<DataFileDigest[]> {
  const files = [...new Set(sources.flatMap(dataFilesOf))];
  return Promise.all(
    files.map(async (file): Promise<DataFileDigest> => {
      try {
        const bytes = statSync(file).size;
        const digest: DataFileDigest = { path: file, bytes, sha256: await sha256File(file) };
        if (file.endsWith('.gz')) digest.contentSha256 = await sha256File(file, { gunzip: true });
        return digest;
      } catch (err) {
        return { path: file, bytes: null, sha256: null, missing: `cannot be read now: ${(err as Error).message}` };
      }
    }),
  );
}

/** The machine writing the pack: the runs record their own engine and backend, not their CPU. */
export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() || 'unknown',
    cores: cpus.length,
    memoryBytes: os.totalmem(),
    platform: os.platform(),
    arch: os.arch(),
    osRelease: os.release(),
    node: process.versions.node,
  };
}

/** The data sources the runs recorded (what the workers actually loaded), in run order. */
export function recordedSources(runs: readonly RunRecord[]): string[] {
  return [...new Set(runs.flatMap((r) => (typeof r.dataset?.source === 'string' ? [r.dataset.source] : [])))];
}

const unique = <T>(values: readonly (T | null | undefined)[]): T[] => [...new Set(values.filter((v): v is T => v !== null && v !== undefined))];

export interface ManifestInput {
  sweep: { id: number; name: string; createdAt?: number };
  config: SweepConfig;
  runs: readonly RunRecord[];
  chosenRunId: number | null;
  bestGroup: { key: string; label: string; runIds: number[] } | null;
  data: DataFileDigest[];
  machine: MachineInfo;
  /** The other files of the pack, by name. */
  files: string[];
}

export function buildManifest(m: ManifestInput): Record<string, unknown> {
  const { config, runs } = m;
  return {
    format: MANIFEST_FORMAT,
    writtenAt: new Date().toISOString(),
    writtenBy: { sweeplab: APP_VERSION, node: process.versions.node },
    sweep: m.sweep,
    config,
    seeds: {
      search: config.search.seed,
      dataSplit: config.dataset.seed,
      training: unique(runs.map((r) => r.seed)).sort((a, b) => a - b),
    },
    engines: unique(runs.map((r) => r.engine)),
    backends: unique(runs.map((r) => r.backend)),
    versions: unique(runs.map((r) => (r.versions ? JSON.stringify(r.versions) : null))).map((v) => JSON.parse(v) as Record<string, string>),
    data: { name: config.dataset.name, files: m.data },
    machine: m.machine,
    chosenRunId: m.chosenRunId,
    bestGroup: m.bestGroup,
    runs: runs.map((r) => ({
      id: r.id,
      trialIndex: r.trialIndex,
      attempt: r.attempt,
      status: r.status,
      seed: r.seed,
      replicateOf: (r as { replicateOf?: number | null }).replicateOf ?? null,
      params: r.params,
      engine: r.engine,
      backend: r.backend,
      gpu: r.gpu,
      appVersion: r.appVersion,
      versions: r.versions,
      dataset: r.dataset,
      metrics: r.metrics,
      startedAt: r.startedAt,
      finishedAt: r.finishedAt,
    })),
    files: m.files,
  };
}
