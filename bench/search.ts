/**
 * `npm run bench:search [-- --json] [--seeds N] [--samplers a,b] [--functions f,g]`: the tuner's samplers on synthetic
 * functions with known minima — Branin (2-D), Hartmann-6 (6-D) and a mixed space (ints,
 * a log range, a step range, a categorical) — at 50 and 100 evaluations over N seeds
 * (default 10), reporting the median simple regret (best found − known minimum). The
 * 50-evaluation figure is the same runs' best after 50, as a person stopping early sees.
 * When /usr/bin/python3 has Optuna, its TPE (univariate and multivariate) runs on Branin
 * and Hartmann-6 with the same seeds and budgets, in the same run; otherwise a note says so.
 * Also times one proposal of each model-based sampler with 500 finished trials.
 * Progress goes to stderr; `--json` prints exactly one object on stdout.
 * `--samplers` keeps only the named samplers, a name also selecting its variants
 * (`tpe` → tpe, tpe-multivariate, …; `optuna` → both Optuna runs), e.g. `--samplers tpe,optuna`;
 * `--functions` keeps only the named functions (Optuna runs only on branin and hartmann6).
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createSampler, trialRng, type FinishedTrial, type Sampler, type SamplerSpec } from '../src-main/search/samplers';
import type { Params, SearchSpace } from '../src-main/search/space';

const { values: args } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    seeds: { type: 'string', default: '10' },
    samplers: { type: 'string' },
    functions: { type: 'string' },
  },
});
const SEEDS = Number(args.seeds);
const list = (s: string | undefined): string[] | undefined => s?.split(',').map((x) => x.trim()).filter(Boolean);
const samplerFilter = list(args.samplers), functionFilter = list(args.functions);
/** Whether `--samplers` keeps `name`: an exact name, or a prefix naming its variants. */
const keepSampler = (name: string): boolean => !samplerFilter || samplerFilter.some((k) => name === k || name.startsWith(`${k}-`));
const keepFunction = (name: string): boolean => !functionFilter || functionFilter.includes(name);
const BUDGETS = [50, 100];

interface Problem { space: SearchSpace; f: (p: Params) => number; min: number }

const A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]];
const P = [[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991], [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]];
const ALPHA = [1.0, 1.2, 3.0, 3.2];
const num = (p: Params, k: string): number => p[k] as number;

const allProblems: Record<string, Problem> = {
  branin: {
    space: { x1: { type: 'float', min: -5, max: 10 }, x2: { type: 'float', min: 0, max: 15 } },
    f: (p) => {
      const x1 = num(p, 'x1'), x2 = num(p, 'x2');
      const b = 5.1 / (4 * Math.PI ** 2), c = 5 / Math.PI;
      return (x2 - b * x1 ** 2 + c * x1 - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x1) + 10;
    },
    min: 0.397887,
  },
  hartmann6: {
    space: Object.fromEntries([1, 2, 3, 4, 5, 6].map((j) => [`x${j}`, { type: 'float', min: 0, max: 1 }])),
    f: (p) => -ALPHA.reduce((s, a, i) => s + a * Math.exp(-A[i].reduce((t, aij, j) => t + aij * (num(p, `x${j + 1}`) - P[i][j] * 1e-4) ** 2, 0)), 0),
    min: -3.32237,
  },
  // Minimum 0 at lr = 10^-2.5, width = 64, depth = 3, dropout = 0.2, act = gelu.
  mixed: {
    space: {
      lr: { type: 'float', min: 1e-5, max: 1, log: true },
      width: { type: 'int', min: 8, max: 512, log: true },
      depth: { type: 'int', min: 1, max: 8 },
      dropout: { type: 'float', min: 0, max: 0.8, step: 0.1 },
      act: { type: 'choice', values: ['relu', 'tanh', 'gelu', 'sigmoid'] },
    },
    f: (p) =>
      0.5 * (Math.log10(num(p, 'lr')) + 2.5) ** 2 + 0.25 * (Math.log2(num(p, 'width')) - 6) ** 2 +
      0.3 * (num(p, 'depth') - 3) ** 2 + 4 * (num(p, 'dropout') - 0.2) ** 2 +
      ({ relu: 0.3, tanh: 0.6, gelu: 0, sigmoid: 1 } as Record<string, number>)[p.act as string],
    min: 0,
  },
};

const problems = Object.fromEntries(Object.entries(allProblems).filter(([n]) => keepFunction(n)));
const OPTUNA_FUNCTIONS = ['branin', 'hartmann6'].filter(keepFunction);

const allSamplers: Record<string, SamplerSpec> = {
  random: { kind: 'random' },
  // The app's default: Optuna 3.1's TPE with 48 candidates (see samplers/tpe.ts).
  tpe: { kind: 'tpe' },
  'tpe-multivariate': { kind: 'tpe', multivariate: true },
  // Optuna 3.1's defaults exactly (24 candidates): shows the rest matches Optuna.
  'tpe-optuna31': { kind: 'tpe', nEiCandidates: 24 },
  // Kernels with their 1/sigma (Optuna's later fix of optuna#5109), for comparison.
  'tpe-true-density': { kind: 'tpe', optuna31Density: false },
  'tpe-multivariate-true-density': { kind: 'tpe', multivariate: true, optuna31Density: false },
  bayes: { kind: 'bayes' },
};

const samplers = Object.fromEntries(Object.entries(allSamplers).filter(([n]) => keepSampler(n)));
const runOptuna = ['optuna-tpe', 'optuna-tpe-multivariate'].some(keepSampler) && OPTUNA_FUNCTIONS.length > 0;

/** Best loss after each evaluation. */
function run(sampler: Sampler, problem: Problem, seed: number, budget: number): number[] {
  const finished: FinishedTrial[] = [];
  const curve: number[] = [];
  for (let i = 0; i < budget; i++) {
    const params = sampler.propose(problem.space, { direction: 'minimize', finished, running: [] }, trialRng(seed, i));
    finished.push({ params, value: problem.f(params) });
    curve.push(Math.min(curve.at(-1) ?? Infinity, finished[i].value));
  }
  return curve;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const summarise = (curves: number[][], min: number) =>
  Object.fromEntries(BUDGETS.map((b) => [String(b), { median: Number(median(curves.map((c) => c[b - 1] - min)).toPrecision(4)) }]));

function optunaCurves(): Record<string, Record<string, number[][]>> | string | undefined {
  if (!runOptuna) return undefined;
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import optuna'], { stdio: 'ignore' });
  } catch {
    return 'Optuna not available (/usr/bin/python3 -c "import optuna" failed): skipped';
  }
  const script = path.join(path.dirname(new URL(import.meta.url).pathname), 'search-optuna.py');
  return JSON.parse(execFileSync('/usr/bin/python3', [script, String(SEEDS), String(Math.max(...BUDGETS)), OPTUNA_FUNCTIONS.join(',')], { encoding: 'utf8', maxBuffer: 1 << 26 }));
}

/** Milliseconds for one proposal with 500 finished trials on Hartmann-6 (median of 5). */
function proposalMs(spec: SamplerSpec): number {
  const pb = allProblems.hartmann6;
  const finished: FinishedTrial[] = [];
  const rnd = createSampler({ kind: 'random' });
  for (let i = 0; i < 500; i++) {
    const params = rnd.propose(pb.space, { direction: 'minimize', finished, running: [] }, trialRng(99, i));
    finished.push({ params, value: pb.f(params) });
  }
  const sampler = createSampler(spec);
  const times: number[] = [];
  for (let k = 0; k < 6; k++) {
    const t0 = performance.now();
    sampler.propose(pb.space, { direction: 'minimize', finished, running: [] }, trialRng(7, 500 + k));
    if (k > 0) times.push(performance.now() - t0); // the first call warms the JIT
  }
  return Number(median(times).toFixed(2));
}

const results: Record<string, Record<string, unknown>> = {};
for (const [fname, problem] of Object.entries(problems)) {
  results[fname] = {};
  for (const [sname, spec] of Object.entries(samplers)) {
    const t0 = performance.now();
    const curves = Array.from({ length: SEEDS }, (_, seed) => run(createSampler(spec), problem, seed, Math.max(...BUDGETS)));
    results[fname][sname] = summarise(curves, problem.min);
    process.stderr.write(`${fname} ${sname}: ${JSON.stringify(results[fname][sname])} (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
  }
}
const optuna = optunaCurves();
const notes: string[] = [];
if (typeof optuna === 'string') notes.push(optuna);
else if (optuna) {
  for (const [fname, bySampler] of Object.entries(optuna)) {
    results[fname] ??= {};
    for (const [sname, curves] of Object.entries(bySampler)) if (keepSampler(sname)) results[fname][sname] = summarise(curves, allProblems[fname].min);
  }
}
const proposalMsAt500 = Object.fromEntries(Object.entries(samplers).filter(([n]) => n !== 'random').map(([n, s]) => [n, proposalMs(s)]));
const minima = Object.fromEntries(Object.entries(allProblems).filter(([n]) => n in results).map(([n, p]) => [n, p.min]));
const out = { results, minima, seeds: SEEDS, proposalMsAt500, notes };

if (args.json) {
  process.stdout.write(JSON.stringify(out) + '\n');
} else {
  for (const [fname, bySampler] of Object.entries(results)) {
    console.log(`\n${fname} (minimum ${minima[fname]}), median simple regret over ${SEEDS} seeds`);
    console.log('sampler'.padEnd(26) + BUDGETS.map((b) => `@${b}`.padStart(12)).join(''));
    for (const [sname, r] of Object.entries(bySampler)) console.log(sname.padEnd(26) + BUDGETS.map((b) => String((r as Record<string, { median: number }>)[b].median).padStart(12)).join(''));
  }
  console.log(`\nms per proposal with 500 finished trials (Hartmann-6): ${JSON.stringify(proposalMsAt500)}`);
  for (const n of notes) console.log(`note: ${n}`);
}
