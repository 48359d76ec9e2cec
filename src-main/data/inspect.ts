/**
 * The data a config names, checked at config time, before a sweep is written: the
 * reads and checks the loader makes (registry.ts), minus decoding images, so a bad
 * file is refused with its name and its problem instead of failing the first trial
 * after the sweep and its runs are in the database.
 *
 * Synchronous, because config validation is (the API's checkConfig runs as a person
 * edits the form). Tables are parsed whole, which MAX_CSV_BYTES keeps affordable, and
 * the outcome is kept per file version so re-checking the form does not re-parse.
 * Fashion-MNIST is checked from its headers, sizes and labels: milliseconds.
 */
import { statSync } from 'node:fs';
import { irisPath, type DatasetContext } from './catalog';
import { readLabelledCsvSync } from './csv';
import { DataError } from './errors';
import { IMAGE_SIZE, inspectFashionMnist } from './fashionMnist';
import { chooseImageFolder, resolveCsv, splitTable, toySource, type DatasetConfig } from './registry';
import { isToyDataset, toyDefaults } from '../sweep/configSchema';
import { classSizes, toyOptionsProblem } from './toy2d';

/** What the memory estimate needs to know about a data set, and where it was found. */
export interface DataFacts {
  /** The file or folder checked: the one trials will read. */
  source: string;
  features: number;
  classes: number;
  rows: { train: number; val: number; test: number };
  /** Bytes per feature value in memory: float64 for tables, float32 for images. */
  bytesPerValue: 4 | 8;
  /** What loading holds besides the splits: the unsplit table, or the images' raw bytes. */
  loadBytes: number;
}

/** Outcomes per file version and config; a handful is plenty for one form or one CLI run. */
const tableCache = new Map<string, DataFacts | DataError>();
const CACHE_ENTRIES = 16;

function inspectTable(file: string, cfg: DatasetConfig): DataFacts {
  const st = statSync(file, { throwIfNoEntry: false });
  const key = JSON.stringify([file, st?.size, st?.mtimeMs, cfg.label ?? null, cfg.split, cfg.seed]);
  let outcome = tableCache.get(key);
  if (outcome === undefined) {
    outcome = tableFacts(file, cfg);
    if (tableCache.size >= CACHE_ENTRIES) tableCache.delete(tableCache.keys().next().value!);
    tableCache.set(key, outcome);
  }
  if (outcome instanceof DataError) throw outcome;
  return outcome;
}

function tableFacts(file: string, cfg: DatasetConfig): DataFacts | DataError {
  try {
    const table = readLabelledCsvSync(file, { label: cfg.label });
    const idx = splitTable(table, cfg, file);
    return {
      source: file,
      features: table.features,
      classes: table.classes.length,
      rows: { train: idx.train.length, val: idx.val.length, test: idx.test.length },
      bytesPerValue: 8,
      loadBytes: table.n * table.features * 8,
    };
  } catch (err) {
    if (err instanceof DataError) return err;
    throw err;
  }
}

function imageFacts(cfg: DatasetConfig, ctx: DatasetContext): DataFacts {
  // The folder trials will read: the full set, or the bundled subset they fall back to.
  const source = chooseImageFolder(cfg, ctx).dir;
  return imageFactsOf(cfg, source, inspectFashionMnist(source));
}

/** The published Fashion-MNIST's images per file. */
const FASHION_MNIST_COUNTS = { train: 60_000, test: 10_000 };

/**
 * Fashion-MNIST's facts with no files at hand: what a coordinator that hands the trials
 * to other machines plans with when it has no copy itself (cluster/launchOnQueue.ts).
 */
export function publishedFashionFacts(cfg: DatasetConfig): DataFacts {
  return imageFactsOf(cfg, 'the workers\' copies of Fashion-MNIST', FASHION_MNIST_COUNTS);
}

function imageFactsOf(cfg: DatasetConfig, source: string, counts: { train: number; test: number }): DataFacts {
  const { train: t, val: v } = cfg.split;
  const train = Math.round((counts.train * t) / (t + v));
  return {
    source,
    features: IMAGE_SIZE * IMAGE_SIZE,
    classes: 10,
    rows: { train, val: counts.train - train, test: counts.test },
    bytesPerValue: 4,
    loadBytes: (counts.train + counts.test) * IMAGE_SIZE * IMAGE_SIZE,
  };
}

/** A generated set's facts from its options alone: the split only needs how many rows each class has. */
function toyFacts(cfg: DatasetConfig): DataFacts {
  if (!isToyDataset(cfg.name)) throw new DataError(`dataset.name: "${cfg.name}" is not a generated data set`);
  const options = { ...toyDefaults(cfg.name, cfg.toy), seed: cfg.seed };
  const problem = toyOptionsProblem(cfg.name, options);
  if (problem) throw new DataError(problem);
  const y = Int32Array.from(classSizes(options.samples, options.classes).flatMap((count, c) => new Array<number>(count).fill(c)));
  const source = toySource(cfg.name, options);
  const idx = splitTable({ features: 2, featureNames: ['x', 'y'], classes: [], x: new Float64Array(0), y, n: y.length }, cfg, source);
  return {
    source,
    features: 2,
    classes: options.classes,
    rows: { train: idx.train.length, val: idx.val.length, test: idx.test.length },
    bytesPerValue: 8,
    loadBytes: options.samples * 2 * 8,
  };
}

/** Checks the data a config names and says what it holds; throws a DataError naming the file. */
export function inspectDataset(cfg: DatasetConfig, ctx: DatasetContext = {}): DataFacts {
  switch (cfg.name) {
    case 'iris':
      return inspectTable(irisPath(ctx.env), cfg);
    case 'csv':
      return inspectTable(resolveCsv(cfg, ctx), cfg);
    case 'fashion-mnist':
    case 'fashion-mnist-subset':
      return imageFacts(cfg, ctx);
    case 'moons':
    case 'circles':
    case 'spirals':
    case 'xor':
    case 'blobs':
      return toyFacts(cfg);
    default:
      throw new DataError(`dataset.name: unknown data set "${String((cfg as { name: unknown }).name)}"`);
  }
}
