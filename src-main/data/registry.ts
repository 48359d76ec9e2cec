/**
 * The dataset registry: turns a config's `dataset` block into train/val/test splits,
 * and lists what is installed for `sweeplab datasets`.
 *
 * Tabular data (Iris, any CSV) is split three ways by ratio and standardised with the
 * training split's statistics. Fashion-MNIST keeps its official test set; validation is
 * carved out of the training images, and pixels stay in [0, 1] as float32. The toy
 * sets (moons, circles, …) are generated from the config's seed and then treated like
 * any table; two-feature tables also get the `plane` a decision boundary is drawn on.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { isToyDataset, toyDefaults, type TrialConfig } from '../sweep/configSchema';
import { FETCH_HINT, fashionSubsetDir, irisPath } from './catalog';
import { readLabelledCsv } from './csv';
import { DataError, formatCount } from './errors';
import { FASHION_MNIST_CLASSES, IMAGE_SIZE, locateFashionMnist, readFashionMnist, requireFashionMnist, toImageSplit, type Located } from './fashionMnist';
import { stratifiedSplit, standardize, takeRows, type SplitIndices } from './split';
import { generateToy, planeOf } from './toy2d';
import type { Dataset, LabelledTable } from './types';
import type { DatasetContext } from './catalog';

export type DatasetConfig = TrialConfig['dataset'];
export type DatasetName = DatasetConfig['name'];

export type { DatasetContext } from './catalog';

/** The config's split of a table's rows; the check inspect.ts makes at config time too. */
export function splitTable(table: LabelledTable, cfg: DatasetConfig, file: string): SplitIndices {
  const idx = stratifiedSplit(table.y, { train: cfg.split.train, val: cfg.split.val, test: cfg.split.test ?? 0 }, cfg.seed);
  if (idx.train.length === 0)
    throw new DataError(`${file}: ${table.n} rows leave no rows for training at split.train = ${cfg.split.train}`);
  return idx;
}

/** The table a toy config generates: its options with the kind's defaults, and the config's seed. */
export function toyTable(cfg: DatasetConfig): { table: LabelledTable; options: NonNullable<Dataset['toy']> } {
  if (!isToyDataset(cfg.name)) throw new DataError(`dataset.name: "${cfg.name}" is not a generated data set`);
  const options = { ...toyDefaults(cfg.name, cfg.toy), seed: cfg.seed };
  return { table: generateToy(cfg.name, options), options };
}

/** Where a generated set comes from, in words: what `source` records with each run. */
export const toySource = (name: DatasetName, o: NonNullable<Dataset['toy']>) => `generated ${name}: ${o.samples} samples, noise ${o.noise}, ${o.classes} classes, seed ${o.seed}`;

async function loadTabular(name: DatasetName, file: string, cfg: DatasetConfig): Promise<Dataset> {
  return tableDataset(name, await readLabelledCsv(file, { label: cfg.label }), file, cfg);
}

function tableDataset(name: DatasetName, table: LabelledTable, file: string, cfg: DatasetConfig): Dataset {
  const idx = splitTable(table, cfg, file);
  const [train, val, test] = [idx.train, idx.val, idx.test].map((i) => takeRows(table, table.features, i));
  const dataset: Dataset = { name, features: table.features, featureNames: table.featureNames, classes: table.classes, source: file, train, val, test };
  // Before standardising: the box stays in the units a person reads on the scatter's axes.
  if (table.features === 2) dataset.plane = planeOf(table.x, table.n);
  if (cfg.standardize) {
    const { mean, std } = standardize(train, [val, test], table.features);
    dataset.standardization = { mean: [...mean], std: [...std] };
  }
  return dataset;
}

export function resolveCsv(cfg: DatasetConfig, ctx: DatasetContext): string {
  if (!cfg.path) throw new DataError('dataset.path: is required when name is "csv"');
  const base = ctx.configDir ?? process.cwd();
  const file = path.resolve(base, cfg.path);
  if (!existsSync(file)) throw new DataError(`dataset.path "${cfg.path}": no such file (looked for ${file})`, 'NOT_FOUND');
  if (!statSync(file).isFile()) throw new DataError(`dataset.path "${cfg.path}": ${file} is not a file`);
  return file;
}

/** Which folder to read Fashion-MNIST from; `located` is set when the full set was searched for. */
export function chooseImageFolder(cfg: DatasetConfig, ctx: DatasetContext): { dir: string; located?: Located } {
  const subset = fashionSubsetDir(ctx.env);
  if (cfg.name === 'fashion-mnist-subset') return { dir: subset };
  if (ctx.requireDataDir && ctx.dataDir) return { dir: requireFashionMnist(ctx.dataDir) };
  const located = locateFashionMnist({ dataDir: ctx.dataDir, env: ctx.env, systemDirs: ctx.systemDirs });
  return { dir: located.dir ?? subset, located };
}

async function loadImages(cfg: DatasetConfig, ctx: DatasetContext): Promise<Dataset> {
  const { dir, located } = chooseImageFolder(cfg, ctx);
  const fallback = located !== undefined && located.dir === null;
  const data = await readFashionMnist(dir).catch((err: unknown) => {
    if (!fallback || !(err instanceof DataError)) throw err;
    throw new DataError(`Fashion-MNIST not found in ${located!.looked.join(', ')}, and the bundled subset cannot be read: ${err.message}`, 'NOT_FOUND');
  });
  // Validation comes out of the training images only: the official test set stays untouched.
  const { train: t, val: v } = cfg.split;
  const idx = stratifiedSplit(data.train.labels, { train: t / (t + v), val: v / (t + v), test: 0 }, cfg.seed);
  const dataset: Dataset = {
    name: cfg.name,
    features: IMAGE_SIZE * IMAGE_SIZE,
    classes: [...FASHION_MNIST_CLASSES],
    image: { width: IMAGE_SIZE, height: IMAGE_SIZE },
    source: dir,
    train: toImageSplit(data.train, idx.train),
    val: toImageSplit(data.train, idx.val),
    test: toImageSplit(data.test),
  };
  if (fallback)
    dataset.note =
      `Fashion-MNIST not found in ${located!.looked.join(', ')}; using the bundled subset ` +
      `(${formatCount(data.train.n)} train / ${formatCount(data.test.n)} test images). ${FETCH_HINT}`;
  return dataset;
}

/** Loads the data set a trial config names, split and (for tabular data) standardised. */
export async function loadDataset(cfg: DatasetConfig, ctx: DatasetContext = {}): Promise<Dataset> {
  switch (cfg.name) {
    case 'iris':
      return loadTabular('iris', irisPath(ctx.env), cfg);
    case 'csv':
      return loadTabular('csv', resolveCsv(cfg, ctx), cfg);
    case 'fashion-mnist':
    case 'fashion-mnist-subset':
      return loadImages(cfg, ctx);
    case 'moons':
    case 'circles':
    case 'spirals':
    case 'xor':
    case 'blobs': {
      const { table, options } = toyTable(cfg);
      const source = toySource(cfg.name, options);
      return { ...tableDataset(cfg.name, table, source, cfg), toy: options };
    }
    default:
      throw new DataError(`dataset.name: unknown data set "${String((cfg as { name: unknown }).name)}"`);
  }
}

export { listDatasets, type DatasetInfo } from './catalog';
