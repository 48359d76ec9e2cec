/**
 * Fashion-MNIST (Xiao, Rasul & Vollgraf, 2017): where its four IDX files are, their
 * digests, and loading them into splits.
 *
 * Digests: upstream publishes MD5s of its .gz files. Debian's dataset-fashion-mnist
 * ships the same deflate streams with a rewritten gzip header (file name dropped,
 * time stamp changed), so its .gz bytes differ but the decompressed files are the
 * same: putting upstream's header back (name, mtime 2017-08-31) reproduces upstream's
 * MD5s exactly. So each file records two SHA-256s: of the .gz as the mirror serves it,
 * and of the decompressed IDX, which any honest repackaging keeps.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { appDatasetsDir } from '../paths';
import { DataError, formatCount } from './errors';
import { readIdx, readIdxHeaderSync, readIdxSync } from './idx';
import type { Split } from './types';

/** Label 0–9, in upstream's order (Sneaker is 7, Bag is 8). */
export const FASHION_MNIST_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'] as const;
export const FASHION_MNIST_BASE_URL = 'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/';
export const IMAGE_SIZE = 28;
/** Where Debian's dataset-fashion-mnist package installs the files. */
export const DEBIAN_DIR = '/usr/share/datasets/fashion-mnist';

export type FashionPart = 'trainImages' | 'trainLabels' | 'testImages' | 'testLabels';

export interface FashionFile {
  part: FashionPart;
  /** File name on the mirror and on disk. */
  name: string;
  /** Upstream's published MD5 of the .gz (kept to tie the digests below to it). */
  md5: string;
  /** SHA-256 of the .gz exactly as the official mirror serves it. */
  sha256: string;
  /** SHA-256 of the decompressed IDX file. */
  contentSha256: string;
  /** Size of the .gz on the mirror, in bytes. */
  size: number;
}

export const FASHION_MNIST_FILES: readonly FashionFile[] = [
  {
    part: 'trainImages',
    name: 'train-images-idx3-ubyte.gz',
    md5: '8d4fb7e6c68d591d4c3dfef9ec88bf0d',
    sha256: '3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84',
    contentSha256: 'c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888',
    size: 26_421_880,
  },
  {
    part: 'trainLabels',
    name: 'train-labels-idx1-ubyte.gz',
    md5: '25c81989df183df01b3e8a0aad5dffbe',
    sha256: 'a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845',
    contentSha256: 'bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9',
    size: 29_515,
  },
  {
    part: 'testImages',
    name: 't10k-images-idx3-ubyte.gz',
    md5: 'bef4ecab320f06d8554ea6380940ec79',
    sha256: '346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073',
    contentSha256: '5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b',
    size: 4_422_102,
  },
  {
    part: 'testLabels',
    name: 't10k-labels-idx1-ubyte.gz',
    md5: 'bb300cfdad3c16e7a12a480ee83cd310',
    sha256: '67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5',
    contentSha256: '0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34',
    size: 5_148,
  },
];

export interface LocateOptions {
  /** A folder the user configured; also tried with `fashion-mnist/` appended. Default: env SWEEPLAB_DATA. */
  dataDir?: string;
  env?: NodeJS.ProcessEnv;
  /** Folders tried last; default the Debian package's. Tests pass [] to ignore the machine. */
  systemDirs?: string[];
}

export interface Located {
  /** The folder holding all four files, or null. */
  dir: string | null;
  /** Every folder looked in, in order, for messages. */
  looked: string[];
}

/** The path of `file` in `dir`: the .gz, or else its decompressed twin (many people gunzip them). */
export function fashionFilePath(dir: string, file: FashionFile): string | null {
  for (const candidate of [file.name, file.name.replace(/\.gz$/, '')]) {
    const p = path.join(dir, candidate);
    if (existsSync(p) && statSync(p).isFile()) return p;
  }
  return null;
}

const holdsAll = (dir: string) => FASHION_MNIST_FILES.every((f) => fashionFilePath(dir, f) !== null);

/**
 * The folder a person named for this run (`--data-dir`), which must hold all four
 * files: falling back to another copy would train on data they did not choose. The
 * folder itself or its `fashion-mnist/` subfolder; the error names the file missing
 * from whichever of the two holds more of them.
 */
export function requireFashionMnist(dataDir: string): string {
  const candidates = [path.resolve(dataDir), path.resolve(dataDir, 'fashion-mnist')];
  if (!existsSync(candidates[0]) || !statSync(candidates[0]).isDirectory()) throw new DataError(`data folder ${candidates[0]}: no such folder`, 'NOT_FOUND');
  const found = candidates.map((dir) => FASHION_MNIST_FILES.filter((f) => fashionFilePath(dir, f) !== null).length);
  const best = found[1] > found[0] ? 1 : 0;
  if (found[best] === FASHION_MNIST_FILES.length) return candidates[best];
  const dir = candidates[best];
  const missing = FASHION_MNIST_FILES.find((f) => fashionFilePath(dir, f) === null)!;
  throw new DataError(
    `data folder ${path.resolve(dataDir)}: no ${path.join(dir, missing.name)} (nor ${missing.name.replace(/\.gz$/, '')}); ` +
      `a data folder given for a run must hold all four Fashion-MNIST files (looked in ${candidates.join(' and ')})`,
    'NOT_FOUND',
  );
}

/** Searches: the configured folder, the app's own download folder, then system folders. */
export function locateFashionMnist(opts: LocateOptions = {}): Located {
  const env = opts.env ?? process.env;
  const configured = opts.dataDir ?? env.SWEEPLAB_DATA;
  const looked: string[] = [];
  if (configured) looked.push(path.resolve(configured), path.resolve(configured, 'fashion-mnist'));
  looked.push(path.join(appDatasetsDir(env), 'fashion-mnist'), ...(opts.systemDirs ?? [DEBIAN_DIR]));
  const unique = [...new Set(looked)];
  return { dir: unique.find(holdsAll) ?? null, looked: unique };
}

/** One half (train or test) with pixels still as bytes, so splits convert only what they keep. */
export interface FashionPartData {
  images: Uint8Array;
  labels: Int32Array;
  n: number;
}

export interface FashionData {
  dir: string;
  train: FashionPartData;
  test: FashionPartData;
}

/** Checks one half's images and labels agree in shape; returns how many images it holds. */
export function checkHalfShapes(imageFile: string, imageDims: number[], labelFile: string, labelDims: number[]): number {
  if (imageDims.length !== 3 || imageDims[1] !== IMAGE_SIZE || imageDims[2] !== IMAGE_SIZE)
    throw new DataError(`${imageFile}: expected images of ${IMAGE_SIZE}×${IMAGE_SIZE} pixels (dims n × 28 × 28), found dims ${imageDims.join(' × ')}`);
  if (labelDims.length !== 1) throw new DataError(`${labelFile}: expected a list of labels (1 dimension), found dims ${labelDims.join(' × ')}`);
  const n = imageDims[0];
  if (labelDims[0] !== n)
    throw new DataError(`${labelFile}: holds ${formatCount(labelDims[0])} labels but ${path.basename(imageFile)} holds ${formatCount(n)} images`);
  if (n === 0) throw new DataError(`${imageFile}: holds no images`);
  return n;
}

function checkLabelValues(labelFile: string, labels: Uint8Array): void {
  const bad = labels.findIndex((v) => v >= FASHION_MNIST_CLASSES.length);
  if (bad >= 0) throw new DataError(`${labelFile}: label ${labels[bad]} at position ${bad} is not a class (0–9)`);
}

function halfFiles(dir: string, images: FashionFile, labels: FashionFile): { imageFile: string; labelFile: string } {
  return { imageFile: fashionFilePath(dir, images) ?? path.join(dir, images.name), labelFile: fashionFilePath(dir, labels) ?? path.join(dir, labels.name) };
}

async function readHalf(dir: string, images: FashionFile, labels: FashionFile): Promise<FashionPartData> {
  const { imageFile, labelFile } = halfFiles(dir, images, labels);
  const [imgResult, labResult] = await Promise.allSettled([readIdx(imageFile), readIdx(labelFile)]);
  if (imgResult.status === 'rejected') throw imgResult.reason;
  if (labResult.status === 'rejected') throw labResult.reason;
  const [img, lab] = [imgResult.value, labResult.value];
  const n = checkHalfShapes(imageFile, img.dims, labelFile, lab.dims);
  checkLabelValues(labelFile, lab.data);
  return { images: img.data, labels: Int32Array.from(lab.data), n };
}

/**
 * The checks readFashionMnist makes, without decoding the images: each file's header
 * against its size (or its gzip trailer), the shapes against each other, and every
 * label (a few KB). For config time, inside synchronous validation: milliseconds.
 */
export function inspectFashionMnist(dir: string): { train: number; test: number } {
  const [trainImages, trainLabels, testImages, testLabels] = FASHION_MNIST_FILES;
  const half = (images: FashionFile, labels: FashionFile) => {
    const { imageFile, labelFile } = halfFiles(dir, images, labels);
    const n = checkHalfShapes(imageFile, readIdxHeaderSync(imageFile).dims, labelFile, readIdxHeaderSync(labelFile).dims);
    checkLabelValues(labelFile, readIdxSync(labelFile).data);
    return n;
  };
  return { train: half(trainImages, trainLabels), test: half(testImages, testLabels) };
}

/** Reads and validates the four files in `dir`. */
export async function readFashionMnist(dir: string): Promise<FashionData> {
  const [trainImages, trainLabels, testImages, testLabels] = FASHION_MNIST_FILES;
  // Both halves decompress in parallel; the first failure in file order is reported, so messages are stable.
  const [train, test] = await Promise.allSettled([readHalf(dir, trainImages, trainLabels), readHalf(dir, testImages, testLabels)]);
  if (train.status === 'rejected') throw train.reason;
  if (test.status === 'rejected') throw test.reason;
  return { dir, train: train.value, test: test.value };
}

// p/255 for every byte, computed once: exact float32 values, same as torchvision's ToTensor.
const SCALE = Float32Array.from({ length: 256 }, (_, p) => p / 255);

/** Rows `idx` (default all) as a float32 split with pixels in [0, 1]. */
export function toImageSplit(part: FashionPartData, idx?: ArrayLike<number>): Split {
  const px = IMAGE_SIZE * IMAGE_SIZE;
  const n = idx ? idx.length : part.n;
  const x = new Float32Array(n * px);
  const y = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const i = idx ? idx[k] : k;
    const src = part.images.subarray(i * px, (i + 1) * px);
    for (let j = 0; j < px; j++) x[k * px + j] = SCALE[src[j]];
    y[k] = part.labels[i];
  }
  return { x, y, n };
}

/** The whole of train and test as float32 splits. */
export async function loadFashionMnist(dir: string): Promise<{ train: Split; test: Split }> {
  const data = await readFashionMnist(dir);
  return { train: toImageSplit(data.train), test: toImageSplit(data.test) };
}
