/**
 * Builds resources/datasets/fashion-mnist-subset/ from the real Fashion-MNIST files:
 * 200 training and 50 test images per class, chosen with a fixed seed, written as
 * gzipped IDX under the standard names so the same loader reads both.
 *
 *   npx tsx scripts/make-fashion-subset.ts [--from DIR]
 *
 * The source files are checked against the recorded digests first, so the bundled
 * subset is provably cut from the published data set. Output is deterministic.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRng } from '../src-main/engine/random';
import { fashionSubsetDir } from '../src-main/data/catalog';
import { FASHION_MNIST_CLASSES, FASHION_MNIST_FILES, fashionFilePath, locateFashionMnist, readFashionMnist, type FashionPartData } from '../src-main/data/fashionMnist';
import { encodeIdx } from '../src-main/data/idx';

const SEED = 20170825; // Fashion-MNIST's arXiv date; any fixed number would do
const PER_CLASS = { train: 200, test: 50 };
const PIXELS = 28 * 28;

function fail(message: string): never {
  console.error(`make-fashion-subset: ${message}`);
  process.exit(1);
}

function sourceDir(): string {
  const i = process.argv.indexOf('--from');
  if (i >= 0) {
    const dir = process.argv[i + 1];
    if (!dir) fail('--from needs a folder');
    return path.resolve(dir);
  }
  const found = locateFashionMnist();
  if (!found.dir) fail(`Fashion-MNIST not found in ${found.looked.join(', ')}; pass --from DIR`);
  return found.dir;
}

function verifySources(dir: string): void {
  for (const f of FASHION_MNIST_FILES) {
    const file = fashionFilePath(dir, f) ?? fail(`${path.join(dir, f.name)}: no such file`);
    const bytes = readFileSync(file);
    const content = file.endsWith('.gz') ? zlib.gunzipSync(bytes) : bytes;
    const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
    if (sha(bytes) !== f.sha256 && sha(content) !== f.contentSha256) fail(`${file}: SHA-256 does not match the published Fashion-MNIST file`);
  }
}

/** `perClass` rows of each class, shuffled per class with one seeded stream, in original order. */
function choose(part: FashionPartData, perClass: number, seed: number): number[] {
  const rng = createRng(seed);
  const chosen: number[] = [];
  for (let c = 0; c < FASHION_MNIST_CLASSES.length; c++) {
    const rows: number[] = [];
    part.labels.forEach((l, i) => l === c && rows.push(i));
    if (rows.length < perClass) fail(`class ${c} has only ${rows.length} rows, ${perClass} needed`);
    chosen.push(...rng.shuffle(rows).slice(0, perClass));
  }
  return chosen.sort((a, b) => a - b);
}

function write(dir: string, name: string, dims: number[], data: Uint8Array): number {
  const file = path.join(dir, name);
  writeFileSync(file, zlib.gzipSync(encodeIdx(dims, data), { level: 9 }));
  return statSync(file).size;
}

async function main(): Promise<void> {
  const from = sourceDir();
  verifySources(from);
  const data = await readFashionMnist(from);
  const out = fashionSubsetDir();
  mkdirSync(out, { recursive: true });
  let total = 0;
  for (const [half, imagesName, labelsName] of [
    ['train', 'train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz'],
    ['test', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'],
  ] as const) {
    const part = data[half];
    const idx = choose(part, PER_CLASS[half], SEED + (half === 'test' ? 1 : 0));
    const images = new Uint8Array(idx.length * PIXELS);
    idx.forEach((i, k) => images.set(part.images.subarray(i * PIXELS, (i + 1) * PIXELS), k * PIXELS));
    const labels = Uint8Array.from(idx, (i) => part.labels[i]);
    total += write(out, imagesName, [idx.length, 28, 28], images);
    total += write(out, labelsName, [idx.length], labels);
    console.log(`${half}: ${idx.length} images (${PER_CLASS[half]} per class)`);
  }
  console.log(`wrote ${out} (${(total / 1024).toFixed(0)} KiB) from ${from}`);
}

main().catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)));
