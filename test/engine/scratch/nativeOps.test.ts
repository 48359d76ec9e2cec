/**
 * The native ops (the `sweeplab_ops` addon behind `native.ts`) against the TypeScript
 * reference: every kernel on seeded random data, its argument checking, the gradient
 * check through it, and whole training runs.
 *
 * Where the addon is missing the native blocks are skipped, and the first test says why;
 * with SWEEPLAB_REQUIRE_NATIVE=1 (CI) that test fails instead, so a broken build can
 * never pass as "skipped".
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { Split } from '../../../src-main/data/types';
import { runGradcheck } from '../../../src-main/engine/scratch/gradcheck';
import { createScratchModel } from '../../../src-main/engine/scratch/network';
import { referenceOps, selectOps, type AdamCoefficients, type Ops } from '../../../src-main/engine/scratch/ops';
import { blasThreadsFromEnv, loadNativeOps } from '../../../src-main/engine/scratch/ops/native';
import { createRng } from '../../../src-main/engine/random';
import { trainLoop } from '../../../src-main/engine/trainLoop';
import { DEFAULT_OPTIMIZER, type DType, type Float, type ModelSpec, type NamedTensor } from '../../../src-main/engine/types';
import { blobs } from '../fixtures';

const native = loadNativeOps();
const required = process.env.SWEEPLAB_REQUIRE_NATIVE === '1';

/** The native ops; only called inside blocks that are skipped when the addon is missing. */
function nat(): Ops {
  if (!native.ok) throw new Error(`native ops unavailable: ${native.reason}`);
  return native.ops;
}

describe('native ops availability', () => {
  it('the addon loads (a failure when SWEEPLAB_REQUIRE_NATIVE=1, else the native tests are skipped)', (ctx) => {
    if (!native.ok) {
      if (required) expect.fail(`SWEEPLAB_REQUIRE_NATIVE=1 but the native ops cannot be used: ${native.reason}`);
      ctx.skip(`native ops unavailable: ${native.reason}`);
      return;
    }
    expect(native.ops.name).toBe('native');
    expect(native.file).toMatch(/sweeplab_ops\.node$/);
    expect(['OpenBLAS', 'Accelerate', 'CBLAS']).toContain(native.info.blas);
    expect(Number.isInteger(native.info.threads)).toBe(true);
  });
});

// ---- helpers ----

interface Kind {
  name: DType;
  make: (n: number) => Float;
  /** Agreement with the reference, relative. */
  tol: number;
}

const kinds: Kind[] = [
  { name: 'float32', make: (n) => new Float32Array(n), tol: 1e-5 },
  { name: 'float64', make: (n) => new Float64Array(n), tol: 1e-12 },
];

/** Values past the dimensions: a kernel that reads them puts 1e30 into its result. */
const POISON = 1e30;
/** Values past the dimensions of an output: a kernel that writes there changes them. */
const SENTINEL = -7;
const PAD = 5;

/** `n` normals (times `scale`), then PAD poisoned values: a reused, longer buffer. */
function randomPadded(make: (n: number) => Float, n: number, seed: number, scale = 1): Float {
  const rng = createRng(seed);
  const a = make(n + PAD).fill(POISON);
  for (let i = 0; i < n; i++) a[i] = scale * rng.normal();
  return a;
}

/** An output buffer of `n` NaNs (every entry must be written) and PAD sentinels (none may be). */
function outPadded(make: (n: number) => Float, n: number): Float {
  return make(n + PAD).fill(SENTINEL).fill(NaN, 0, n);
}

function expectTailUntouched(out: ArrayLike<number>, n: number): void {
  expect(Array.from(out).slice(n)).toEqual(new Array(out.length - n).fill(SENTINEL));
}

/**
 * Norm-wise relative error max|a − b| / max(max|ref|, tiny) over the first n entries.
 * For sums and products (gemm, column sums, a + v, axpy, Adam's p − step): an entry
 * that cancels to near zero has a tiny reference value, and rounding differences of
 * the order of the summands make its own relative error meaningless, while the error
 * measured against the size of the whole result stays at rounding level. NaN anywhere
 * returns NaN, which fails every `toBeLessThan`.
 */
function normRel(a: ArrayLike<number>, ref: ArrayLike<number>, n = ref.length): number {
  let diff = 0, size = 0;
  for (let i = 0; i < n; i++) {
    const d = Math.abs(a[i] - ref[i]);
    if (Number.isNaN(d)) return NaN;
    diff = Math.max(diff, d);
    size = Math.max(size, Math.abs(ref[i]));
  }
  return diff / Math.max(size, 1e-300);
}

/** Entry-wise relative error max |a − b| / |b| (exact zeros must match exactly); NaN → NaN. */
function entryRel(a: ArrayLike<number>, ref: ArrayLike<number>, n = ref.length): number {
  let worst = 0;
  for (let i = 0; i < n; i++) {
    const e = ref[i] === 0 ? (a[i] === 0 ? 0 : Infinity) : Math.abs(a[i] - ref[i]) / Math.abs(ref[i]);
    if (Number.isNaN(e)) return NaN;
    worst = Math.max(worst, e);
  }
  return worst;
}

/** `call` throws exactly this error class and message, with the addon's error code. */
function expectOpsError(call: () => unknown, type: ErrorConstructor, message: string): void {
  let thrown: unknown;
  try {
    call();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(type);
  expect((thrown as Error).message).toBe(message);
  expect((thrown as { code?: string }).code).toBe('ERR_SWEEPLAB_OPS');
}

/** Builds identical inputs twice (deterministic `setup`), runs native on one and the reference on the other. */
function both<T>(setup: () => T, call: (ops: Ops, t: T) => void): { n: T; r: T } {
  const n = setup(), r = setup();
  call(nat(), n);
  call(referenceOps, r);
  return { n, r };
}

// ---- agreement, kernel by kernel ----

/** (m, k, n): a 1×1×1, odd sizes, vectors, one larger product across OpenBLAS's blocking. */
const gemmShapes: [number, number, number][] = [[1, 1, 1], [7, 13, 5], [2, 33, 1], [1, 9, 31], [16, 64, 3], [129, 785, 257]];

describe.skipIf(!native.ok).each(kinds)('native ops agree with the reference ($name)', ({ name, make, tol }) => {
  describe('matrix products', () => {
    // Operand lengths for matmul: A m×k, B k×n; transA: A m×k, B m×n, out k×n; transB: A m×k, B n×k.
    const products = [
      { op: 'matmul', sizes: (m: number, k: number, n: number) => [m * k, k * n, m * n] },
      { op: 'matmulTransA', sizes: (m: number, k: number, n: number) => [m * k, m * n, k * n] },
      { op: 'matmulTransB', sizes: (m: number, k: number, n: number) => [m * k, n * k, m * n] },
    ] as const;

    for (const { op, sizes } of products)
      it.each(gemmShapes)(`${op} with m=%i, k=%i, n=%i reads and writes only the leading values`, (m, k, n) => {
        const [la, lb, lo] = sizes(m, k, n);
        const { n: nv, r: rv } = both(
          () => ({ a: randomPadded(make, la, 1), b: randomPadded(make, lb, 2), out: outPadded(make, lo) }),
          (ops, t) => ops[op](t.a, t.b, t.out, m, k, n),
        );
        expect(normRel(nv.out, rv.out, lo)).toBeLessThan(tol);
        expectTailUntouched(nv.out, lo);
        expectTailUntouched(rv.out, lo);
      });

    it.each(products)('$op of an empty batch or zero-width output writes nothing', ({ op, sizes }) => {
      for (const [m, k, n] of [[0, 5, 3], [4, 5, 0], [0, 0, 0]]) {
        const [la, lb, lo] = sizes(m, k, n);
        const out = make(lo + PAD).fill(SENTINEL);
        nat()[op](randomPadded(make, la, 3), randomPadded(make, lb, 4), out, m, k, n);
        expectTailUntouched(out, lo);
      }
    });

    it.each(products)('$op with an inner size of 0 writes zeros (an empty sum)', ({ op, sizes }) => {
      // The inner size is k for matmul and matmulTransB, m (the rows of A and B) for matmulTransA.
      const [m, k, n] = op === 'matmulTransA' ? [0, 4, 3] : [4, 0, 3];
      const lo = sizes(m, k, n)[2];
      for (const ops of [nat(), referenceOps]) {
        const out = outPadded(make, lo);
        ops[op](make(PAD).fill(POISON), make(PAD).fill(POISON), out, m, k, n);
        expect(Array.from(out.subarray(0, lo))).toEqual(new Array(lo).fill(0));
        expectTailUntouched(out, lo);
      }
    });

    it('reads and writes typed-array views at their byte offset', () => {
      const m = 3, k = 4, n = 5;
      const backing = randomPadded(make, 40, 5);
      const a = backing.subarray(3, 3 + m * k);
      const b = backing.subarray(17, 17 + k * n);
      const outBacking = make(m * n + 9).fill(SENTINEL);
      const out = outBacking.subarray(4, 4 + m * n);
      nat().matmul(a, b, out, m, k, n);
      const ref = make(m * n);
      referenceOps.matmul(a.slice(), b.slice(), ref, m, k, n);
      expect(normRel(out, ref)).toBeLessThan(tol);
      expect(Array.from(outBacking.subarray(0, 4))).toEqual([SENTINEL, SENTINEL, SENTINEL, SENTINEL]);
      expect(Array.from(outBacking.subarray(4 + m * n))).toEqual(new Array(5).fill(SENTINEL));
    });
  });

  const rowShapes: [number, number][] = [[1, 1], [7, 13], [129, 257], [0, 5]];

  it.each(rowShapes)('addRowVector (%i×%i), into another array and in place', (rows, cols) => {
    const setup = () => ({ a: randomPadded(make, rows * cols, 6), v: randomPadded(make, cols, 7), out: outPadded(make, rows * cols) });
    const apart = both(setup, (ops, t) => ops.addRowVector(t.a, t.v, t.out, rows, cols));
    expect(normRel(apart.n.out, apart.r.out, rows * cols)).toBeLessThan(tol);
    expectTailUntouched(apart.n.out, rows * cols);
    const inPlace = both(setup, (ops, t) => ops.addRowVector(t.a, t.v, t.a, rows, cols));
    expect(normRel(inPlace.n.a, inPlace.r.a, rows * cols)).toBeLessThan(tol);
    // Past rows×cols the poison stays: nothing was written there.
    expect(Array.from(inPlace.n.a.subarray(rows * cols))).toEqual(Array.from(make(PAD).fill(POISON)));
    // In place must give the same as into a separate array.
    expect(Array.from(inPlace.n.a.subarray(0, rows * cols))).toEqual(Array.from(apart.n.out.subarray(0, rows * cols)));
  });

  it.each(rowShapes)('columnSums (%i×%i) overwrites every output, zeros for no rows', (rows, cols) => {
    const { n, r } = both(() => ({ a: randomPadded(make, rows * cols, 8), out: outPadded(make, cols) }), (ops, t) => ops.columnSums(t.a, t.out, rows, cols));
    expect(normRel(n.out, r.out, cols)).toBeLessThan(tol);
    if (rows === 0) expect(Array.from(n.out.subarray(0, cols))).toEqual(new Array(cols).fill(0));
    expectTailUntouched(n.out, cols);
  });

  it('reluForward and reluBackward match exactly, with z = 0 and −0 masked to 0', () => {
    const len = 1001;
    const z = randomPadded(make, len, 9);
    z[3] = 0;
    z[4] = -0;
    z[5] = NaN; // NaN > 0 is false: 0, in both
    const dY = randomPadded(make, len, 10);
    const fwd = both(() => ({ out: outPadded(make, len) }), (ops, t) => ops.reluForward(z, t.out, len));
    expect(Array.from(fwd.n.out)).toEqual(Array.from(fwd.r.out));
    expect([fwd.n.out[3], fwd.n.out[4], fwd.n.out[5]]).toEqual([0, 0, 0]);
    expect(Object.is(fwd.n.out[4], 0)).toBe(true); // +0, not −0
    expectTailUntouched(fwd.n.out, len);
    const bwd = both(() => ({ out: outPadded(make, len) }), (ops, t) => ops.reluBackward(dY, z, t.out, len));
    expect(Array.from(bwd.n.out)).toEqual(Array.from(bwd.r.out));
    expect(dY[3]).not.toBe(0);
    expect([bwd.n.out[3], bwd.n.out[4], bwd.n.out[5]]).toEqual([0, 0, 0]);
    expectTailUntouched(bwd.n.out, len);
    // n = 0 touches nothing.
    const empty = make(PAD).fill(SENTINEL);
    nat().reluForward(z, empty, 0);
    nat().reluBackward(dY, z, empty, 0);
    expectTailUntouched(empty, 0);
  });

  it('scale, into another array and in place', () => {
    const len = 1001, s = 0.37;
    // One product per entry: an entry-wise comparison is meaningful here.
    const apart = both(() => ({ x: randomPadded(make, len, 11), out: outPadded(make, len) }), (ops, t) => ops.scale(t.x, s, t.out, len));
    expect(entryRel(apart.n.out, apart.r.out, len)).toBeLessThan(tol);
    expectTailUntouched(apart.n.out, len);
    const inPlace = both(() => ({ x: randomPadded(make, len, 11) }), (ops, t) => ops.scale(t.x, s, t.x, len));
    expect(entryRel(inPlace.n.x, inPlace.r.x, len)).toBeLessThan(tol);
    expect(inPlace.n.x[len]).toBe(make(1).fill(POISON)[0]);
  });

  it('axpy and axpby update only the first n values of y', () => {
    const len = 1001;
    const setup = () => {
      const y = make(len + PAD).fill(SENTINEL);
      y.set(randomPadded(make, len, 13).subarray(0, len));
      return { x: randomPadded(make, len, 12), y };
    };
    const ax = both(setup, (ops, t) => ops.axpy(-0.7, t.x, t.y, len));
    expect(normRel(ax.n.y, ax.r.y, len)).toBeLessThan(tol);
    expect(normRel(ax.n.y, setup().y, len)).toBeGreaterThan(0.1); // y did change
    expectTailUntouched(ax.n.y, len);
    const axb = both(setup, (ops, t) => ops.axpby(0.3, t.x, -1.2, t.y, len));
    expect(normRel(axb.n.y, axb.r.y, len)).toBeLessThan(tol);
    expectTailUntouched(axb.n.y, len);
  });

  it.each([
    ['AdamW (decay ≠ 1)', 1 - 0.01 * 0.05],
    ['Adam (decay = 1)', 1],
  ])('adamUpdate over several steps: %s', (_, decay) => {
    const len = 1001, steps = 6;
    const beta1 = 0.9, beta2 = 0.999, lr = 0.01;
    const { n, r } = both(
      () => ({ p: randomPadded(make, len, 14), m: make(len + PAD).fill(POISON).fill(0, 0, len), v: make(len + PAD).fill(POISON).fill(0, 0, len) }),
      (ops, t) => {
        for (let step = 1; step <= steps; step++) {
          const g = randomPadded(make, len, 100 + step);
          const c: AdamCoefficients = { lr, beta1, beta2, eps: 1e-8, correction1: 1 - beta1 ** step, correction2: 1 - beta2 ** step, decay };
          ops.adamUpdate(t.p, g, t.m, t.v, len, c);
        }
      },
    );
    expect(normRel(n.p, r.p, len)).toBeLessThan(tol);
    expect(normRel(n.m, r.m, len)).toBeLessThan(tol);
    expect(normRel(n.v, r.v, len)).toBeLessThan(tol);
    // The parameters moved, by about lr per step.
    expect(normRel(n.p, randomPadded(make, len, 14), len)).toBeGreaterThan(1e-3);
    for (const a of [n.p, n.m, n.v]) expect(Array.from(a.subarray(len))).toEqual(Array.from(make(PAD).fill(POISON)));
  });

  /**
   * 1 − β2 must be formed in double, as the reference does: in float32, 1 − fround(0.999)
   * = 0.00099998713 would leave every v 1.3e-5 too small (1.7e-4 for β2 = 0.9999).
   */
  it.each([0.999, 0.9999])('adamUpdate: v from one step agrees within the tolerance for β2 = %f (1 − β2 in double)', (beta2) => {
    const { n, r } = both(
      () => ({ p: make(1).fill(1), g: make(1).fill(1), m: make(1), v: make(1) }),
      (ops, t) => ops.adamUpdate(t.p, t.g, t.m, t.v, 1, { lr: 0.01, beta1: 0.9, beta2, eps: 1e-8, correction1: 0.1, correction2: 1 - beta2, decay: 1 }),
    );
    expect(entryRel(n.v, r.v)).toBeLessThan(tol);
  });

  const softmaxShapes: [number, number][] = [[1, 1], [7, 13], [64, 10], [0, 4]];

  it.each(softmaxShapes)('softmaxRows (%i×%i)', (rows, cols) => {
    const { n, r } = both(() => ({ x: randomPadded(make, rows * cols, 15, 3), out: outPadded(make, rows * cols) }), (ops, t) => ops.softmaxRows(t.x, t.out, rows, cols));
    // Positive outputs, each a single exp over a sum of positives: entry-wise.
    expect(entryRel(n.out, r.out, rows * cols)).toBeLessThan(tol);
    expectTailUntouched(n.out, rows * cols);
  });

  it('softmaxRows stays finite with logits like ±1000 and ties', () => {
    const x = make(16);
    x.set([1000, 999, -1000, 0, 1000, 1000, 1000, 1000, -1000, -1000, -1000, -1000, 88, 89, 90, -90]);
    const { n, r } = both(() => ({ out: outPadded(make, 16) }), (ops, t) => ops.softmaxRows(x, t.out, 4, 4));
    expect(Array.from(n.out.subarray(0, 16)).every(Number.isFinite)).toBe(true);
    expect(entryRel(n.out, r.out, 16)).toBeLessThan(tol);
    for (let row = 0; row < 4; row++) expect(n.out[4 * row] + n.out[4 * row + 1] + n.out[4 * row + 2] + n.out[4 * row + 3]).toBeCloseTo(1, 6);
    expect(n.out[4]).toBeCloseTo(0.25, 7);
    expect(n.out[0] / n.out[1]).toBeCloseTo(Math.E, 4);
  });

  it.each(softmaxShapes)('softmaxBackwardRows (%i×%i)', (rows, cols) => {
    const s = make(rows * cols);
    referenceOps.softmaxRows(randomPadded(make, rows * cols, 16, 2), s, rows, cols);
    const { n, r } = both(() => ({ dY: randomPadded(make, rows * cols, 17), out: outPadded(make, rows * cols) }), (ops, t) => ops.softmaxBackwardRows(s, t.dY, t.out, rows, cols));
    // dYⱼ − Σ dYᵢσᵢ cancels: norm-wise.
    expect(normRel(n.out, r.out, rows * cols)).toBeLessThan(tol);
    expectTailUntouched(n.out, rows * cols);
  });

  /** Softmax rows of seeded logits and seeded labels, padded. */
  function probabilities(rows: number, cols: number, seed: number): { yHat: Float; labels: Int32Array } {
    const yHat = make(rows * cols + PAD).fill(POISON);
    referenceOps.softmaxRows(randomPadded(make, rows * cols, seed, 2), yHat, rows, cols);
    const rng = createRng(seed + 1);
    const labels = new Int32Array(rows + PAD).fill(99); // labels past `rows` are out of range: must not be read
    for (let i = 0; i < rows; i++) labels[i] = rng.int(cols);
    return { yHat, labels };
  }

  it.each([[1, 1], [7, 13], [129, 10], [0, 3]])('crossEntropySum and crossEntropyBackward (%i×%i)', (rows, cols) => {
    const { yHat, labels } = probabilities(rows, cols, 18);
    const floor = 1e-12;
    const sumN = nat().crossEntropySum(yHat, labels, rows, cols, floor);
    const sumR = referenceOps.crossEntropySum(yHat, labels, rows, cols, floor);
    expect(entryRel([sumN], [sumR])).toBeLessThan(tol);
    if (rows === 0) expect(sumN).toBe(0);
    const { n, r } = both(() => ({ out: outPadded(make, rows * cols) }), (ops, t) => ops.crossEntropyBackward(yHat, labels, t.out, rows, cols, floor));
    // One division per labelled entry, in double in both: the very same values.
    expect(Array.from(n.out)).toEqual(Array.from(r.out));
    expectTailUntouched(n.out, rows * cols);
  });

  it('cross-entropy clamps a probability of 0 to the floor and lets NaN through (as Math.max does)', () => {
    const floor = 1e-8;
    const yHat = make(9);
    yHat.set([0, 0.5, 0.5, 0.2, NaN, 0.8, NaN, 0.3, 0.7]);
    // Row 0: the label's probability is 0 → floor. Row 1: NaN at the label. Row 2: NaN elsewhere only.
    const labels = Int32Array.of(0, 1, 2);
    const sumN = nat().crossEntropySum(yHat, labels, 3, 3, floor);
    expect(sumN).toBeNaN();
    expect(referenceOps.crossEntropySum(yHat, labels, 3, 3, floor)).toBeNaN();
    // Without the NaN row: −ln(floor) − ln(0.7), a NaN off the label ignored.
    const rowsNoNan = make(6);
    rowsNoNan.set([0, 0.5, 0.5, NaN, 0.3, 0.7]);
    const two = Int32Array.of(0, 2);
    const expected = -Math.log(floor) - Math.log(make(1).fill(0.7)[0]);
    expect(nat().crossEntropySum(rowsNoNan, two, 2, 3, floor)).toBeCloseTo(expected, 10);
    expect(nat().crossEntropySum(rowsNoNan, two, 2, 3, floor)).toBe(referenceOps.crossEntropySum(rowsNoNan, two, 2, 3, floor));
    const { n, r } = both(() => ({ out: outPadded(make, 9) }), (ops, t) => ops.crossEntropyBackward(yHat, labels, t.out, 3, 3, floor));
    expect(Array.from(n.out)).toEqual(Array.from(r.out));
    expect(n.out[0]).toBe(make(1).fill(-1 / (3 * floor))[0]);
    expect(n.out[4]).toBeNaN();
    expect([n.out[1], n.out[2], n.out[3], n.out[5], n.out[6], n.out[7]]).toEqual([0, 0, 0, 0, 0, 0]);
    expect(n.out[8]).toBe(make(1).fill(-1 / (3 * make(1).fill(0.7)[0]))[0]);
  });

  it('argmaxRows picks the first maximum on ties and matches the reference everywhere', () => {
    const cols = 7, rows = 40;
    const x = randomPadded(make, rows * cols, 19);
    x.set([1, 3, 3, 2, 0, 0, 0], 0); // tie → 1
    x.set([5, 5, 5, 5, 5, 5, 5], cols); // all equal → 0
    x.set([-Infinity, -Infinity, -Infinity, -Infinity, -Infinity, -Infinity, -Infinity], 2 * cols); // → 0
    x.set([-1, -2, -3, -4, -5, -6, -0.5], 3 * cols); // last → 6
    x.set([NaN, 1, 2, 3, 4, 5, 6], 4 * cols); // NaN first: no comparison is true → 0, in both
    const { n, r } = both(() => ({ out: new Int32Array(rows + PAD).fill(SENTINEL) }), (ops, t) => ops.argmaxRows(x, t.out, rows, cols));
    expect(Array.from(n.out)).toEqual(Array.from(r.out));
    expect(Array.from(n.out.subarray(0, 5))).toEqual([1, 0, 0, 6, 0]);
    expectTailUntouched(n.out, rows);
    // One column: always 0; no rows: nothing written.
    const one = new Int32Array(3).fill(SENTINEL);
    nat().argmaxRows(x, one, 3, 1);
    expect(Array.from(one)).toEqual([0, 0, 0]);
    const none = new Int32Array(2).fill(SENTINEL);
    nat().argmaxRows(make(0), none, 0, 0);
    expect(Array.from(none)).toEqual([SENTINEL, SENTINEL]);
  });

  it('gatherRows copies the indexed rows from `start` on, exactly', () => {
    const srcRows = 50, cols = 13, start = 7, count = 20;
    const src = randomPadded(make, srcRows * cols, 20);
    const index = new Int32Array(srcRows);
    for (let i = 0; i < srcRows; i++) index[i] = i;
    createRng(21).shuffle(index);
    const { n, r } = both(() => ({ out: outPadded(make, count * cols) }), (ops, t) => ops.gatherRows(src, index, start, count, cols, t.out));
    expect(Array.from(n.out)).toEqual(Array.from(r.out));
    expect(Array.from(n.out.subarray(cols, 2 * cols))).toEqual(Array.from(src.subarray(index[start + 1] * cols, (index[start + 1] + 1) * cols)));
    expectTailUntouched(n.out, count * cols);
    // count = 0: nothing written.
    const empty = make(PAD).fill(SENTINEL);
    nat().gatherRows(src, index, srcRows, 0, cols, empty);
    expectTailUntouched(empty, 0);
  });
});

// ---- bad input ----

describe.skipIf(!native.ok)('bad input throws a TypeError or RangeError naming the function and argument', () => {
  const f64 = (n: number) => new Float64Array(n);
  const f32 = (n: number) => new Float32Array(n);
  const asFloat = (x: unknown) => x as Float;
  const adam: AdamCoefficients = { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, correction1: 0.1, correction2: 0.001, decay: 1 };

  const cases: [string, () => void, ErrorConstructor, string][] = [
    ['float64 mixed with float32', () => nat().matmul(f64(6), f32(6), f64(4), 2, 3, 2), TypeError, 'ops.gemm: b must have the same element type as a'],
    ['float32 out after float64 inputs', () => nat().matmul(f64(6), f64(6), f32(4), 2, 3, 2), TypeError, 'ops.gemm: out must have the same element type as a'],
    ['a plain array', () => nat().matmul(asFloat([1, 2, 3, 4, 5, 6]), f64(6), f64(4), 2, 3, 2), TypeError, 'ops.gemm: a must be a typed array'],
    ['an Int32Array where floats are expected', () => nat().reluForward(asFloat(new Int32Array(3)), f64(3), 3), TypeError, 'ops.reluForward: z must be a Float32Array or Float64Array'],
    ['a Uint8Array (Buffer)', () => nat().columnSums(asFloat(Buffer.alloc(16)), f64(2), 1, 2), TypeError, 'ops.columnSums: a must be a Float32Array or Float64Array'],
    ['a DataView', () => nat().scale(asFloat(new DataView(new ArrayBuffer(16))), 2, f64(2), 2), TypeError, 'ops.scale: x must be a typed array'],
    ['undefined output', () => nat().softmaxRows(f64(4), asFloat(undefined), 2, 2), TypeError, 'ops.softmaxRows: out must be a typed array'],
    ['a short A', () => nat().matmul(f64(4), f64(6), f64(4), 2, 3, 2), RangeError, 'ops.gemm: a holds 4 values, fewer than the 6 its sizes need'],
    ['a short out', () => nat().matmulTransB(f64(6), f64(6), f64(3), 2, 3, 2), RangeError, 'ops.gemm: out holds 3 values, fewer than the 4 its sizes need'],
    ['a short bias', () => nat().addRowVector(f32(6), f32(2), f32(6), 2, 3), RangeError, 'ops.addRowVector: v holds 2 values, fewer than the 3 its sizes need'],
    ['a short Adam state', () => nat().adamUpdate(f64(4), f64(4), f64(4), f64(3), 4, adam), RangeError, 'ops.adamUpdate: v holds 3 values, fewer than the 4 its sizes need'],
    ['short labels', () => nat().crossEntropySum(f64(6), new Int32Array(1), 2, 3, 1e-12), RangeError, 'ops.crossEntropySum: labels holds 1 values, fewer than the 2 its sizes need'],
    ['a short index', () => nat().gatherRows(f64(20), new Int32Array(4), 2, 3, 2, f64(6)), RangeError, 'ops.gatherRows: index holds 4 values, fewer than the 5 its sizes need'],
    ['a negative size', () => nat().matmul(f64(6), f64(6), f64(4), -1, 3, 2), RangeError, 'ops.gemm: M must be an integer from 0 to 2147483647, got -1'],
    ['a non-integer size', () => nat().matmul(f64(6), f64(6), f64(4), 2.5, 3, 2), RangeError, 'ops.gemm: M must be an integer from 0 to 2147483647, got 2.5'],
    ['a NaN size', () => nat().reluForward(f64(3), f64(3), NaN), RangeError, 'ops.reluForward: n must be an integer from 0 to 2147483647, got nan'],
    ['an infinite size', () => nat().softmaxRows(f64(3), f64(3), Infinity, 1), RangeError, 'ops.softmaxRows: rows must be an integer from 0 to 2147483647, got inf'],
    ['a size past 2³¹ − 1', () => nat().axpy(1, f64(3), f64(3), 2 ** 31), RangeError, 'ops.axpy: n must be an integer from 0 to 2147483647, got 2.14748e+09'],
    ['a size as a string', () => nat().columnSums(f64(4), f64(2), asFloat('2') as unknown as number, 2), TypeError, 'ops.columnSums: rows must be a number'],
    ['a BigInt size', () => nat().argmaxRows(f64(4), new Int32Array(2), 2n as unknown as number, 2), TypeError, 'ops.argmaxRows: rows must be a number'],
    ['a scalar as a string', () => nat().scale(f64(2), '2' as unknown as number, f64(2), 2), TypeError, 'ops.scale: s must be a number'],
    ['a label past the classes', () => nat().crossEntropySum(f64(4), Int32Array.of(0, 5), 2, 2, 1e-12), RangeError, 'ops.crossEntropySum: label 5 of row 1 is outside 0..1'],
    ['a negative label', () => nat().crossEntropyBackward(f64(4), Int32Array.of(-1, 0), f64(4), 2, 2, 1e-12), RangeError, 'ops.crossEntropyBackward: label -1 of row 0 is outside 0..1'],
    ['float labels', () => nat().crossEntropySum(f64(4), asFloat(f64(2)) as unknown as Int32Array, 2, 2, 1e-12), TypeError, 'ops.crossEntropySum: labels must be an Int32Array'],
    ['a NaN floor', () => nat().crossEntropySum(f64(4), Int32Array.of(0, 1), 2, 2, NaN), RangeError, 'ops.crossEntropySum: floor must be finite, got nan'],
    ['float argmax output', () => nat().argmaxRows(f64(4), asFloat(f64(2)) as unknown as Int32Array, 2, 2), TypeError, 'ops.argmaxRows: out must be an Int32Array'],
    ['cross-entropy of rows with no columns', () => nat().crossEntropySum(f64(0), Int32Array.of(0, 0), 2, 0, 1e-12), RangeError, 'ops.crossEntropySum: cols must be at least 1 when rows > 0'],
    ['argmax of rows with no columns', () => nat().argmaxRows(f64(0), new Int32Array(2), 2, 0), RangeError, 'ops.argmaxRows: cols must be at least 1 when rows > 0'],
    ['an infinite learning rate', () => nat().adamUpdate(f64(2), f64(2), f64(2), f64(2), 2, { ...adam, lr: Infinity }), RangeError, 'ops.adamUpdate: lr must be finite, got inf'],
    ['a zero bias correction', () => nat().adamUpdate(f64(2), f64(2), f64(2), f64(2), 2, { ...adam, correction1: 0 }), RangeError, 'ops.adamUpdate: the bias corrections must be positive, got 0 and 0.001'],
    ['a gather index past the source', () => nat().gatherRows(f64(8), Int32Array.of(0, 1, 10), 0, 3, 2, f64(6)), RangeError, "ops.gatherRows: index 10 at position 2 is outside the source's 4 rows"],
    ['a negative gather index', () => nat().gatherRows(f64(8), Int32Array.of(3, 0, -1), 1, 2, 2, f64(4)), RangeError, "ops.gatherRows: index -1 at position 2 is outside the source's 4 rows"],
  ];

  it.each(cases)('%s', (_, call, type, message) => expectOpsError(call, type, message));

  describe('overlapping arrays', () => {
    const buf = new Float64Array(64);
    const view = (from: number, len: number) => buf.subarray(from, from + len);
    it.each([
      ['gemm out over a', () => nat().matmul(view(0, 4), view(10, 4), view(2, 4), 2, 2, 2), 'ops.gemm: out must not share memory with a or b'],
      ['gemm out over b', () => nat().matmul(view(0, 4), view(10, 4), view(13, 4), 2, 2, 2), 'ops.gemm: out must not share memory with a or b'],
      ['columnSums out inside a', () => nat().columnSums(view(0, 6), view(4, 3), 2, 3), 'ops.columnSums: out must not share memory with a'],
      ['axpy y = x', () => nat().axpy(2, view(0, 4), view(0, 4), 4), 'ops.axpy: y must not share memory with x'],
      ['axpby y over x', () => nat().axpby(2, view(0, 4), 3, view(3, 4), 4), 'ops.axpby: y must not share memory with x'],
      ['adamUpdate m = v', () => nat().adamUpdate(view(0, 3), view(3, 3), view(6, 3), view(6, 3), 3, { lr: 0.1, beta1: 0.9, beta2: 0.99, eps: 1e-8, correction1: 0.1, correction2: 0.01, decay: 1 }), 'ops.adamUpdate: p, g, m and v must be four separate arrays'],
      ['gatherRows out over src', () => nat().gatherRows(view(0, 8), Int32Array.of(0, 1), 0, 2, 2, view(6, 4)), 'ops.gatherRows: out must not share memory with src'],
    ] as [string, () => void, string][])('%s', (_, call, message) => {
      buf.fill(1.5);
      expect(call).toThrow(RangeError);
      expect(call).toThrow(message);
      // Checked before anything is written.
      expect(Array.from(buf).every((x) => x === 1.5)).toBe(true);
    });

    it('views of one buffer that do not overlap are fine', () => {
      const a = view(0, 6), b = view(6, 6), out = view(12, 4);
      a.set([1, 2, 3, 4, 5, 6]);
      b.set([1, 0, 0, 1, 1, 1]);
      nat().matmul(a, b, out, 2, 3, 2);
      expect(Array.from(out)).toEqual([4, 5, 10, 11]);
    });
  });

  it('a failed check leaves the output untouched', () => {
    const out = new Float64Array(4).fill(SENTINEL);
    expect(() => nat().matmul(f64(6), f64(5), out, 2, 3, 2)).toThrow(RangeError);
    expect(() => nat().crossEntropyBackward(Float64Array.of(0.5, 0.5, 0.5, 0.5), Int32Array.of(0, 2), out, 2, 2, 1e-12)).toThrow(RangeError);
    expect(Array.from(out)).toEqual([SENTINEL, SENTINEL, SENTINEL, SENTINEL]);
  });

  describe('argument counts, straight to the addon', () => {
    const addon = () => {
      if (!native.ok) throw new Error('unreachable');
      return createRequire(native.file)(native.file) as Record<string, (...args: unknown[]) => unknown>;
    };
    const arity: [string, number][] = [
      ['gemm', 8], ['addRowVector', 5], ['columnSums', 4], ['reluForward', 3], ['reluBackward', 4], ['activationForward', 4], ['activationBackward', 5], ['multiply', 4], ['scale', 4], ['axpy', 4], ['axpby', 5],
      ['adamUpdate', 12], ['softmaxRows', 4], ['softmaxBackwardRows', 5], ['crossEntropySum', 5], ['crossEntropyBackward', 6], ['argmaxRows', 4],
      ['gatherRows', 6], ['setThreads', 1],
    ];

    it('the addon exports exactly these functions and info', () => {
      expect(Object.keys(addon()).sort()).toEqual([...arity.map(([f]) => f), 'info'].sort());
    });

    it.each(arity)('%s takes exactly %i arguments', (fn, n) => {
      const f = addon()[fn];
      const args = (k: number) => new Array(k).fill(undefined);
      expectOpsError(() => f(...args(n - 1)), TypeError, `ops.${fn}: expects ${n} arguments, got ${n - 1}`);
      expectOpsError(() => f(...args(n + 1)), TypeError, `ops.${fn}: expects ${n} arguments, got ${n + 1}`);
      // With the right count, undefined in the first checked slot is a type error, never a crash.
      expect(() => f(...args(n))).toThrow(TypeError);
    });

    it('gemm names a non-boolean transpose flag, and setThreads an out-of-range count', () => {
      expectOpsError(() => addon().gemm(0, false, 1, 1, 1, f64(1), f64(1), f64(1)), TypeError, 'ops.gemm: transA must be a boolean');
      expectOpsError(() => addon().gemm(true, 'no', 1, 1, 1, f64(1), f64(1), f64(1)), TypeError, 'ops.gemm: transB must be a boolean');
      expectOpsError(() => addon().setThreads(0), RangeError, 'ops.setThreads: n must be from 1 to 256, got 0');
      expectOpsError(() => addon().setThreads(257), RangeError, 'ops.setThreads: n must be from 1 to 256, got 257');
    });
  });
});

// ---- the gradient check, and training ----

describe.skipIf(!native.ok)('the gradient check through native float64', () => {
  it('passes, with the same entries as through the reference', () => {
    const viaNative = runGradcheck({ ops: nat() });
    const viaReference = runGradcheck();
    expect(viaNative.ops).toBe('native');
    expect(viaNative.passed).toBe(true);
    expect(viaNative.maxRelError).toBeLessThan(1e-6);
    expect(viaNative.entries.map((e) => [e.name, e.checked])).toEqual(viaReference.entries.map((e) => [e.name, e.checked]));
    expect(viaNative.entries.length).toBeGreaterThan(5);
  });
});

const spec: ModelSpec = { inputs: 20, hidden: [16], outputs: 3, activation: 'relu' };
const adamw = { ...DEFAULT_OPTIMIZER, name: 'adamw' as const, lr: 0.01 };
const f32 = (n: number) => new Float32Array(n);
const train32: Split = blobs(600, 20, 3, 3, { make: f32 });
const val32: Split = blobs(90, 20, 3, 3, { make: f32, noiseSeed: 77 });

describe.skipIf(!native.ok)('training with the native ops', () => {
  async function trainNative(): Promise<{ weights: NamedTensor[]; losses: number[]; trainLoss: number[] }> {
    const model = createScratchModel(spec, adamw, { dtype: 'float32', seed: 11, ops: selectOps('native') });
    const losses: number[] = [];
    const summary = await trainLoop(model, { train: train32, val: val32 }, { epochs: 2, batchSize: 32, seed: 5 }, { onStep: (s) => losses.push(s.loss) });
    return { weights: model.getWeights(), losses, trainLoss: summary.epochs.map((e) => e.train_loss) };
  }

  it('is bit-for-bit repeatable: two seeded models, same data, same weights and loss curves', async () => {
    const a = await trainNative();
    const b = await trainNative();
    // 600 rows in batches of 32: 19 steps per epoch, the last one partial.
    expect(a.losses).toHaveLength(38);
    expect(a.losses.every(Number.isFinite)).toBe(true);
    expect(a.trainLoss[1]).toBeLessThan(a.trainLoss[0]);
    expect(b.losses).toEqual(a.losses);
    expect(b.weights).toEqual(a.weights);
    expect(a.weights[0].values).toBeInstanceOf(Float32Array);
    // And training moved the weights: an untrained model differs.
    const untrained = createScratchModel(spec, adamw, { dtype: 'float32', seed: 11, ops: selectOps('native') }).getWeights();
    expect(normRel(a.weights[0].values, untrained[0].values)).toBeGreaterThan(1e-3);
  });

  it.each([
    ['float32', 1e-4],
    ['float64', 1e-9],
  ] as [DType, number][])('native and reference training agree on the weights after a few steps (%s)', (dtype, tol) => {
    const make = dtype === 'float32' ? f32 : (n: number) => new Float64Array(n);
    const data = blobs(160, 20, 3, 4, { make });
    const models = [selectOps('native'), selectOps('js')].map((ops) => createScratchModel(spec, adamw, { dtype, seed: 12, ops }));
    const losses = models.map(() => [] as number[]);
    for (let step = 0; step < 10; step++) {
      const start = (step * 16) % 160;
      const x = data.x.subarray(start * 20, (start + 16) * 20);
      const y = data.y.subarray(start, start + 16);
      models.forEach((m, i) => losses[i].push(m.trainStep(x, y, 16).loss));
    }
    expect(losses[0].every(Number.isFinite)).toBe(true);
    expect(entryRel(losses[0], losses[1])).toBeLessThan(tol);
    const [wn, wr] = models.map((m) => m.getWeights());
    expect(wn.map((t) => t.name)).toEqual(wr.map((t) => t.name));
    wn.forEach((t, i) => expect(normRel(t.values, wr[i].values), t.name).toBeLessThan(tol));
  });

  it('a model on the native ops reports its backend, BLAS and threads', () => {
    for (const dtype of ['float32', 'float64'] as DType[]) {
      const model = createScratchModel(spec, adamw, { dtype, seed: 0, ops: selectOps('native') });
      expect(model.backend).toBe(`native-${dtype}`);
      expect(model.versions).toBeDefined();
      const versions = model.versions!;
      if (process.platform === 'linux') expect(versions.blas).toContain('OpenBLAS');
      // One BLAS thread unless SWEEPLAB_BLAS_THREADS asks for more.
      if (blasThreadsFromEnv() === undefined) expect(versions.blasThreads).toBe('1');
      else expect(versions.blasThreads).toMatch(/^[1-9]\d*$/);
      expect(versions.nativeOps).toBeUndefined();
    }
    // `auto` takes the addon when it loads.
    const auto = selectOps('auto');
    expect(auto.ops).toBe(nat());
    expect(createScratchModel(spec, adamw, { dtype: 'float64', seed: 0, ops: auto }).backend).toBe('native-float64');
  });
});
