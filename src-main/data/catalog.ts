/**
 * What data sets exist and whether they are installed, for `sweeplab datasets` and the
 * GUI's dataset picker. Cheap by design: Fashion-MNIST is described from its IDX
 * headers (a few KB each), never decompressed in full.
 */
import path from 'node:path';
import { resourcesDir } from '../paths';
import { readLabelledCsv } from './csv';
import { DataError } from './errors';
import { FASHION_MNIST_CLASSES, FASHION_MNIST_FILES, checkHalfShapes, fashionFilePath, locateFashionMnist } from './fashionMnist';
import { readIdxHeader } from './idx';
import { TOY_CLASSES, TOY_DATASETS, TOY_DEFAULT_NOISE, TOY_SAMPLES, type ToyKind } from '../sweep/configSchema';
import { toyClassNames } from './toy2d';
import type { DatasetInfo } from './types';

export interface DatasetContext {
  /** A folder the user configured for data (`--data-dir`, settings); env SWEEPLAB_DATA otherwise. */
  dataDir?: string;
  /** The folder of the config file; relative CSV paths are resolved against it. */
  configDir?: string;
  env?: NodeJS.ProcessEnv;
  /** Fashion-MNIST system folders searched last (default: Debian's). Tests pass []. */
  systemDirs?: string[];
  /**
   * `dataDir` was named for this run (`--data-dir`): Fashion-MNIST must be there, with
   * no fallback to another copy. A folder from the settings or the environment is one
   * place among those searched.
   */
  requireDataDir?: boolean;
}

export type { DatasetInfo };

export const FETCH_HINT = 'Run `sweeplab datasets fetch fashion-mnist` for the full set.';

export const irisPath = (env?: NodeJS.ProcessEnv) => path.join(resourcesDir(env), 'datasets', 'iris.csv');
export const fashionSubsetDir = (env?: NodeJS.ProcessEnv) => path.join(resourcesDir(env), 'datasets', 'fashion-mnist-subset');

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

async function describeIris(env?: NodeJS.ProcessEnv): Promise<DatasetInfo> {
  const info: DatasetInfo = { name: 'iris', title: 'Iris (Fisher, 1936)', kind: 'tabular', available: false, location: null, counts: null, classes: null };
  try {
    const file = irisPath(env);
    const table = await readLabelledCsv(file);
    return { ...info, available: true, location: file, counts: { rows: table.n }, classes: table.classes };
  } catch (err) {
    return { ...info, note: message(err) };
  }
}

/** Train/test counts from the four headers, checking they agree with each other. */
async function countImages(dir: string): Promise<{ train: number; test: number }> {
  const dims = await Promise.all(
    FASHION_MNIST_FILES.map(async (f) => {
      const file = fashionFilePath(dir, f);
      if (!file) throw new DataError(`${path.join(dir, f.name)}: no such file`, 'NOT_FOUND');
      return { file, dims: (await readIdxHeader(file)).dims };
    }),
  );
  const [trainImages, trainLabels, testImages, testLabels] = dims;
  return {
    train: checkHalfShapes(trainImages.file, trainImages.dims, trainLabels.file, trainLabels.dims),
    test: checkHalfShapes(testImages.file, testImages.dims, testLabels.file, testLabels.dims),
  };
}

async function describeImages(name: 'fashion-mnist' | 'fashion-mnist-subset', title: string, dir: string | null, missingNote: string): Promise<DatasetInfo> {
  const info: DatasetInfo = { name, title, kind: 'image', available: false, location: dir, counts: null, classes: [...FASHION_MNIST_CLASSES] };
  if (!dir) return { ...info, note: missingNote };
  try {
    return { ...info, available: true, counts: await countImages(dir) };
  } catch (err) {
    return { ...info, note: message(err) };
  }
}

const TOY_TITLES: Record<ToyKind, [title: string, description: string]> = {
  moons: ['Two moons (generated)', 'two interleaved half circles, radius 1 (as scikit-learn’s make_moons)'],
  circles: ['Two circles (generated)', 'a circle of radius 0.5 inside one of radius 1 (make_circles, factor 0.5)'],
  spirals: ['Spirals (generated)', '2–5 spiral arms winding 1.5 turns out to radius 1'],
  xor: ['XOR (generated)', 'points in [−1, 1]², labelled by whether x and y have the same sign'],
  blobs: ['Gaussian blobs (generated)', '2–5 round clusters with centres on a circle of radius 2'],
};

/** A generated set as listed: always available, its defaults in the note. */
function describeToy(name: ToyKind): DatasetInfo {
  const [title, description] = TOY_TITLES[name];
  const { min, max, default: classes } = TOY_CLASSES[name];
  const classOption = min === max ? '' : `, classes ${min}–${max} (default ${classes})`;
  return {
    name,
    title,
    kind: 'generated',
    description,
    available: true,
    location: null,
    counts: { rows: TOY_SAMPLES.default },
    classes: toyClassNames(name, classes),
    // The CLI prints notes under its table: there, this line is the data set's description.
    note: `${description}; dataset.toy: samples (default ${TOY_SAMPLES.default}), noise (default ${TOY_DEFAULT_NOISE[name]})${classOption}; dataset.seed seeds it`,
  };
}

/** Every data set Sweeplab knows, with where it is and whether it can be loaded. */
export async function listDatasets(ctx: DatasetContext = {}): Promise<DatasetInfo[]> {
  const located = locateFashionMnist({ dataDir: ctx.dataDir, env: ctx.env, systemDirs: ctx.systemDirs });
  const subset = fashionSubsetDir(ctx.env);
  return Promise.all([
    describeIris(ctx.env),
    describeImages(
      'fashion-mnist',
      'Fashion-MNIST (Zalando, 2017)',
      located.dir,
      `not found in ${located.looked.join(', ')}; runs use the bundled subset instead. ${FETCH_HINT}`,
    ),
    describeImages('fashion-mnist-subset', 'Fashion-MNIST subset (bundled, 200 + 50 images per class)', subset, ''),
    Promise.resolve<DatasetInfo>({
      name: 'csv',
      title: 'CSV file',
      kind: 'tabular',
      available: true,
      location: null,
      counts: null,
      classes: null,
      note: 'any CSV of numeric features and a label column: set dataset.path (and dataset.label) in the config',
    }),
    ...TOY_DATASETS.map((name) => Promise.resolve(describeToy(name))),
  ]);
}
