/**
 * Gradient check: every hand-derived backward against central finite differences,
 * in float64, as `sweeplab gradcheck` prints it, through either implementation of the
 * ops (the TypeScript reference, or the native addon's dgemm and C kernels).
 *
 * Numerical derivative of entry θᵢ, the five-point central difference
 *   ∂f/∂θᵢ ≈ (8[f(θ + h) − f(θ − h)] − [f(θ + 2h) − f(θ − 2h)]) / 12h,
 * contracted with an arbitrary upstream gradient G (for a loss, f is the scalar loss
 * and G = 1). Outputs are differenced before being weighted by G, so the rounding of
 * a long sum never reaches the numerator.
 *
 * Why not the two-point difference with h ≈ 1e-5: its rounding error, ε·|f|/h ≈ 1e-11,
 * alone exceeds the 1e-6 tolerance on any gradient entry below 1e-5, and such entries
 * do occur (17 of seeds 0–999 failed that way, with correct code). The
 * five-point stencil's truncation error is O(h⁴), so h = 1e-3 is safe: truncation
 * ≈ 1e-12·f⁽⁵⁾ and rounding ≈ 2e-13; over seeds 0–999 the worst entry is 6e-7 (a
 * gradient of 1e-6 off by 5e-13) and the default seed's worst is 6e-9.
 * Inputs are kept ≥ 1e-2 from ReLU's kink, which ±2h (times |x| ≤ 2) never crosses.
 *
 * Relative error |a − n| / max(|a|, |n|, 1e-8): scale-free for ordinary gradients; the
 * 1e-8 floor only stops 0/0 where both are (correctly) exactly zero — the unlabelled
 * entries of dL/dŶ, units behind an inactive ReLU — which the difference reproduces
 * exactly because f does not depend on those entries at all.
 */
import type { MaskSource } from '../dropout';
import type { Activation as ActivationName, Float, ModelSpec, SmoothActivation } from '../types';
import { Activation } from './activation';
import { Dropout } from './dropout';
import { initWeights } from '../init';
import { createRng, type Rng } from '../random';
import { CrossEntropy } from './crossEntropy';
import { FullyConnected } from './fullyConnected';
import type { Param } from './layer';
import { referenceOps, type Ops } from './ops';
import { ReLU } from './relu';
import { buildMlp } from './sequential';
import { Softmax } from './softmax';

export const GRADCHECK_TOLERANCE = 1e-6;
const H = 1e-3;
const FLOOR = 1e-8;
/** ReLU inputs stay this far from its kink, where the derivative jumps. */
const KINK_MARGIN = 1e-2;

export interface GradcheckEntry {
  name: string;
  maxRelError: number;
  checked: number;
}

export interface GradcheckReport {
  /** Which kernels computed the analytic and the numeric side: `js` or `native`. */
  ops: Ops['name'];
  entries: GradcheckEntry[];
  maxRelError: number;
  passed: boolean;
  tolerance: typeof GRADCHECK_TOLERANCE;
}

export function relativeError(analytic: number, numeric: number): number {
  return Math.abs(analytic - numeric) / Math.max(Math.abs(analytic), Math.abs(numeric), FLOOR);
}

/**
 * Compares `analytic` (dL/dθ) with finite differences of `output()` (a fresh copy of
 * the outputs, recomputed from the current θ) weighted by `upstream`.
 */
export function checkGradient(name: string, theta: Float, analytic: Float, output: () => Float64Array, upstream: Float): GradcheckEntry {
  let maxRelError = 0;
  for (let i = 0; i < theta.length; i++) {
    const saved = theta[i];
    const at = (delta: number) => {
      theta[i] = saved + delta;
      return output();
    };
    const plus1 = at(H), minus1 = at(-H), plus2 = at(2 * H), minus2 = at(-2 * H);
    theta[i] = saved;
    let numeric = 0;
    for (let j = 0; j < plus1.length; j++) numeric += upstream[j] * (8 * (plus1[j] - minus1[j]) - (plus2[j] - minus2[j]));
    numeric /= 12 * H;
    const err = relativeError(analytic[i], numeric);
    // `!(err <= max)` so that a NaN marks the check as failed instead of vanishing.
    if (!(err <= maxRelError)) maxRelError = err;
  }
  return { name, maxRelError, checked: theta.length };
}

function uniforms(rng: Rng, n: number, lo: number, hi: number): Float64Array {
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = lo + (hi - lo) * rng.next();
  return a;
}

function normals(rng: Rng, n: number, std = 1): Float64Array {
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = std * rng.normal();
  return a;
}

/** Normals with |z| > KINK_MARGIN, so ±h never crosses ReLU's kink. */
function awayFromKink(rng: Rng, n: number): Float64Array {
  const a = normals(rng, n);
  for (let i = 0; i < n; i++) while (Math.abs(a[i]) <= KINK_MARGIN) a[i] = rng.normal();
  return a;
}

function checkRelu(rng: Rng, ops: Ops): GradcheckEntry[] {
  const rows = 4, width = 6;
  const layer = new ReLU(width, 'float64', ops);
  const z = awayFromKink(rng, rows * width);
  const g = normals(rng, rows * width);
  layer.forward(z, rows);
  const dZ = Float64Array.from(layer.backward(g));
  return [checkGradient('relu.input', z, dZ, () => Float64Array.from(layer.forward(z, rows)), g)];
}

function checkFullyConnected(rng: Rng, ops: Ops): GradcheckEntry[] {
  const rows = 5, inputs = 4, outputs = 3;
  const layer = new FullyConnected('fc', inputs, outputs, 'float64', ops);
  layer.W.value.set(normals(rng, inputs * outputs));
  layer.b.value.set(normals(rng, outputs));
  const x = normals(rng, rows * inputs);
  const g = normals(rng, rows * outputs);
  layer.forward(x, rows);
  const dX = Float64Array.from(layer.backward(g)!);
  const dW = Float64Array.from(layer.W.grad);
  const db = Float64Array.from(layer.b.grad);
  const output = () => Float64Array.from(layer.forward(x, rows));
  return [
    checkGradient('fullyConnected.W', layer.W.value, dW, output, g),
    checkGradient('fullyConnected.b', layer.b.value, db, output, g),
    checkGradient('fullyConnected.input', x, dX, output, g),
  ];
}

function checkSoftmax(rng: Rng, ops: Ops): GradcheckEntry[] {
  const rows = 4, classes = 5;
  const layer = new Softmax(classes, 'float64', ops);
  const s = normals(rng, rows * classes, 2);
  const g = normals(rng, rows * classes);
  layer.forward(s, rows);
  const dS = Float64Array.from(layer.backward(g));
  return [checkGradient('softmax.input', s, dS, () => Float64Array.from(layer.forward(s, rows)), g)];
}

function labelsFor(rng: Rng, rows: number, classes: number): Int32Array {
  const y = new Int32Array(rows);
  for (let r = 0; r < rows; r++) y[r] = rng.int(classes);
  return y;
}

function checkCrossEntropy(rng: Rng, ops: Ops): GradcheckEntry[] {
  const rows = 4, classes = 5;
  const loss = new CrossEntropy(classes, 'float64', ops);
  // Probabilities well inside (0, 1]: the clamp at 1e-12 must not touch them.
  const yHat = new Float64Array(rows * classes);
  for (let i = 0; i < yHat.length; i++) yHat[i] = 0.1 + 0.9 * rng.next();
  const y = labelsFor(rng, rows, classes);
  loss.forward(yHat, y, rows);
  const dYHat = Float64Array.from(loss.backward());
  return [checkGradient('crossEntropy.input', yHat, dYHat, () => Float64Array.of(loss.forward(yHat, y, rows)), Float64Array.of(1))];
}

/** The smooth activations' layer: leaky_relu's inputs kept off its kink, the others on N(0, 2²). */
function checkActivation(kind: SmoothActivation, rng: Rng, ops: Ops): GradcheckEntry[] {
  const rows = 4, width = 6;
  const layer = new Activation(kind, width, 'float64', ops);
  const z = kind === 'leaky_relu' ? awayFromKink(rng, rows * width) : normals(rng, rows * width, 2);
  const g = normals(rng, rows * width);
  layer.forward(z, rows);
  const dZ = Float64Array.from(layer.backward(g));
  return [checkGradient(`${kind}.input`, z, dZ, () => Float64Array.from(layer.forward(z, rows)), g)];
}

/**
 * A mask source that hands out the same mask at every call: a gradient check needs
 * f(θ) to be one function, not a fresh draw per evaluation.
 */
export function fixedMasks(p: number, rng: Rng, n: number): MaskSource {
  const mask = new Float64Array(n);
  for (let i = 0; i < n; i++) mask[i] = rng.next() >= p ? 1 / (1 - p) : 0;
  return { p, fill: (out, k) => out.set(mask.subarray(0, k)) };
}

function checkDropoutLayer(rng: Rng, ops: Ops): GradcheckEntry[] {
  const rows = 4, width = 6, p = 0.3;
  const layer = new Dropout(width, fixedMasks(p, rng, rows * width), 'float64', ops);
  const x = normals(rng, rows * width);
  const g = normals(rng, rows * width);
  layer.forward(x, rows, true);
  const dX = Float64Array.from(layer.backward(g));
  return [checkGradient('dropout.input', x, dX, () => Float64Array.from(layer.forward(x, rows, true)), g)];
}

/**
 * fc1 → act → fc2 → Softmax → cross-entropy, end to end (with `masks`: fc1 → act →
 * Dropout → fc2 …, the mask fixed). ReLU without dropout is the original check.
 */
function checkNetwork(rng: Rng, seed: number, ops: Ops, activation: ActivationName = 'relu', masks?: MaskSource): GradcheckEntry[] {
  const rows = 6;
  const spec: ModelSpec = { inputs: 4, hidden: [5], outputs: 3, activation, dropout: masks?.p ?? 0 };
  const net = buildMlp(spec, 'float64', ops, masks);
  const prefix = activation === 'relu' && !masks ? 'network' : `network[${activation}${masks ? `, dropout ${masks.p}` : ''}]`;
  const training = masks !== undefined;
  const params: Param[] = net.params();
  const byName = new Map(initWeights(spec, seed, 'float64').map((t) => [t.name, t.values]));
  for (const p of params) p.value.set(p.name.endsWith('.b') ? normals(rng, p.value.length, 0.5) : byName.get(p.name)!);
  const y = labelsFor(rng, rows, spec.outputs);
  // Redraw inputs until every hidden pre-activation clears the kink: a nudge of 2h to
  // a weight moves them by at most 2h·|x| ≤ 4e-3, less than the margin.
  const draw = () => uniforms(rng, rows * spec.inputs, -2, 2);
  let x = draw();
  const minAbs = (z: Float) => {
    let m = Infinity;
    for (let i = 0; i < z.length; i++) m = Math.min(m, Math.abs(z[i]));
    return m;
  };
  while (minAbs(net.layers[0].forward(x, rows)) <= KINK_MARGIN) x = draw();

  const loss = new CrossEntropy(spec.outputs, 'float64', ops);
  loss.forward(net.forward(x, rows, training), y, rows);
  net.backward(loss.backward());
  const analytic = params.map((p) => Float64Array.from(p.grad));
  const output = () => Float64Array.of(loss.forward(net.forward(x, rows, training), y, rows));
  return params.map((p, i) => checkGradient(`${prefix}.${p.name}`, p.value, analytic[i], output, Float64Array.of(1)));
}

const SMOOTH: SmoothActivation[] = ['leaky_relu', 'tanh', 'sigmoid', 'gelu'];

/**
 * The tuner's layers: each smooth activation alone and in a network, and dropout (a
 * fixed mask, p = 0.3) alone and in a ReLU network. Kept apart from runGradcheck, whose
 * report `sweeplab gradcheck` prints entry by entry.
 */
export function runTunerGradcheck(opts: { seed?: number; ops?: Ops } = {}): GradcheckReport {
  const seed = opts.seed ?? 0;
  const ops = opts.ops ?? referenceOps;
  const rng = createRng(seed);
  const entries: GradcheckEntry[] = [];
  for (const kind of SMOOTH) entries.push(...checkActivation(kind, rng, ops), ...checkNetwork(rng, seed, ops, kind));
  entries.push(...checkDropoutLayer(rng, ops), ...checkNetwork(rng, seed, ops, 'relu', fixedMasks(0.3, rng, 6 * 5)));
  const maxRelError = entries.reduce((m, e) => (e.maxRelError > m || Number.isNaN(e.maxRelError) ? e.maxRelError : m), 0);
  return { ops: ops.name, entries, maxRelError, passed: maxRelError < GRADCHECK_TOLERANCE, tolerance: GRADCHECK_TOLERANCE };
}

/** Checks every layer computing through `ops` (default the TypeScript reference). */
export function runGradcheck(opts: { seed?: number; ops?: Ops } = {}): GradcheckReport {
  const seed = opts.seed ?? 0;
  const ops = opts.ops ?? referenceOps;
  const rng = createRng(seed);
  const entries = [...checkRelu(rng, ops), ...checkFullyConnected(rng, ops), ...checkSoftmax(rng, ops), ...checkCrossEntropy(rng, ops), ...checkNetwork(rng, seed, ops)];
  const maxRelError = entries.reduce((m, e) => (e.maxRelError > m || Number.isNaN(e.maxRelError) ? e.maxRelError : m), 0);
  return { ops: ops.name, entries, maxRelError, passed: maxRelError < GRADCHECK_TOLERANCE, tolerance: GRADCHECK_TOLERANCE };
}
