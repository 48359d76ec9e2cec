/**
 * fANOVA importance on synthetic objectives whose answer is known: a random search where
 * only the learning rate matters (the acceptance test), a pure interaction, a
 * conditional parameter, and the exact decomposition of a hand-made tree.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src-main/engine/random';
import { fitForest, predictForest, type Tree } from '../../src-main/analysis/forest';
import { MIN_TRIALS, parameterImportance, spearman, treeMainEffects } from '../../src-main/analysis/importance';
import { analysisParams, encodeTrial } from '../../src-main/analysis/parameters';
import { importanceReport } from '../../src-main/analysis/report';
import type { AnalysisTrial } from '../../src-main/analysis/types';
import { sampleSpace } from '../../src-main/search/samplers/random';
import { validateSweepConfig } from '../../src-main/sweep/configSchema';
import { toSearchSpace as configSpace } from '../../src-main/sweep/searchSpace';

/** A search space from config-style params (the schema fills `scale` and `integer` in the real path). */
const toSearchSpace = (params: Record<string, unknown>) => configSpace(params as Parameters<typeof configSpace>[0]);

const SPACE = toSearchSpace({
  'train.lr': { min: 1e-4, max: 1, scale: 'log' },
  'train.seed': [0, 1, 2, 3, 4],
  'model.hidden': { min: 4, max: 64, integer: true },
});
const PARAMS = analysisParams(SPACE);

/** A random search of `n` trials with objective f(params) + tiny noise. */
function randomSearch(n: number, f: (p: Record<string, unknown>) => number, seed = 1): AnalysisTrial[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => {
    const params = sampleSpace(SPACE, rng);
    return { runId: i + 1, trialIndex: i, status: 'completed', params, value: f(params) + 1e-3 * rng.normal() };
  });
}

/** Validation accuracy that peaks at lr = 1e-2 and ignores everything else. */
const lrOnly = (p: Record<string, unknown>) => 0.95 - 0.1 * (Math.log10(p['train.lr'] as number) + 2) ** 2;

describe('parameterImportance', () => {
  it('ranks the learning rate first with more than half the variance when only it matters', () => {
    const rows = parameterImportance(PARAMS, randomSearch(60, lrOnly))!;
    expect(rows.map((r) => r.key)[0]).toBe('train.lr');
    const total = rows.reduce((s, r) => s + r.importance!, 0);
    expect(rows[0].importance! / total).toBeGreaterThan(0.5);
    expect(rows[0].importance!).toBeGreaterThan(0.7);
    for (const r of rows.slice(1)) expect(r.importance!).toBeLessThan(0.1);
    expect(rows[0].std!).toBeGreaterThan(0);
    expect(rows[0].std!).toBeLessThan(rows[0].importance!);
  });

  it('is deterministic for a seed', () => {
    const trials = randomSearch(40, lrOnly);
    expect(parameterImportance(PARAMS, trials)).toEqual(parameterImportance(PARAMS, trials));
  });

  it('says nothing below the minimum of finished trials; running and failed trials do not count', () => {
    const trials = randomSearch(MIN_TRIALS, lrOnly);
    expect(parameterImportance(PARAMS, trials)).not.toBeNull();
    trials[0] = { ...trials[0], status: 'running' };
    expect(parameterImportance(PARAMS, trials)).toBeNull();
    trials[0] = { ...trials[0], status: 'pruned' };
    expect(parameterImportance(PARAMS, trials)).not.toBeNull();
    trials[1] = { ...trials[1], status: 'failed' };
    expect(parameterImportance(PARAMS, trials)).toBeNull();
  });

  it('finds no main effect in a pure interaction, though the forest fits it', () => {
    const xor = (p: Record<string, unknown>) => ((p['train.lr'] as number) > 1e-2) !== ((p['model.hidden'] as number) > 34) ? 1 : 0;
    const trials = randomSearch(300, xor, 7);
    const rows = parameterImportance(PARAMS, trials)!;
    for (const r of rows) expect(r.importance!).toBeLessThan(0.15);
    // The surrogate itself is right: the variance is all in the interaction.
    const X = trials.map((t) => encodeTrial(PARAMS, t.params)!);
    const forest = fitForest(X, trials.map((t) => t.value!));
    const wrong = X.filter((x, i) => Math.round(predictForest(forest, x)) !== Math.round(trials[i].value!)).length;
    expect(wrong / X.length).toBeLessThan(0.1);
  });

  it('gives the correlation sign of each numeric parameter, none for a categorical one', () => {
    const rows = parameterImportance(PARAMS, randomSearch(60, (p) => -Math.log(p['train.lr'] as number)))!;
    const byKey = Object.fromEntries(rows.map((r) => [r.key, r]));
    expect(byKey['train.lr'].correlation!).toBeLessThan(-0.95);
    expect(Math.abs(byKey['model.hidden'].correlation!)).toBeLessThan(0.4);
    expect(byKey['train.seed'].correlation).toBeNull();
  });

  it('reads a conditional parameter that is inactive as its own value, not as zero', () => {
    const space = toSearchSpace({
      'model.depth': [1, 2],
      'model.width.2': { min: 4, max: 64, when: { param: 'model.depth', op: '>=', value: 2 } },
      'train.lr': { min: 1e-3, max: 1e-1, scale: 'log' },
    });
    const params = analysisParams(space);
    expect(params.find((p) => p.key === 'model.width.2')!.conditional).toBe(true);
    const rng = createRng(3);
    // Only whether the second layer exists matters.
    const trials: AnalysisTrial[] = Array.from({ length: 80 }, (_, i) => {
      const p = sampleSpace(space, rng);
      return { runId: i, trialIndex: i, status: 'completed', params: p, value: p['model.width.2'] === undefined ? 0 : 1 };
    });
    const rows = parameterImportance(params, trials)!;
    expect(rows[rows.length - 1].key).toBe('train.lr');
    expect(rows[0].importance! + rows[1].importance!).toBeGreaterThan(0.9);
  });
});

describe('treeMainEffects', () => {
  const measure = (points: number[]) => ({ points, cum: points.map((_, i) => i / points.length).concat(1) });
  it('decomposes an additive tree exactly', () => {
    // f(x0, x1) = 2·[x0 > 0.5] + 1·[x1 > 0.5] on a uniform 2×2 grid: variances 1 and 0.25, no interaction.
    const tree: Tree = {
      feature: [0, 1, -1, -1, 1, -1, -1],
      threshold: [0.5, 0.5, 0, 0, 0.5, 0, 0],
      left: [1, 2, -1, -1, 5, -1, -1],
      right: [4, 3, -1, -1, 6, -1, -1],
      value: [0, 0, 0, 1, 0, 2, 3],
    };
    const shares = treeMainEffects(tree, [measure([0, 1]), measure([0, 1])])!;
    expect(shares[0]).toBeCloseTo(1 / 1.25, 12);
    expect(shares[1]).toBeCloseTo(0.25 / 1.25, 12);
  });
  it('is null for a flat tree', () => {
    expect(treeMainEffects({ feature: [-1], threshold: [0], left: [-1], right: [-1], value: [3] }, [measure([0, 1])])).toBeNull();
  });
});

describe('spearman', () => {
  it('is ±1 for monotone data, with ties averaged, and null when undefined', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 1000])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
    expect(spearman([1, 2, 2, 3], [1, 2, 2, 3])).toBeCloseTo(1, 12);
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNull();
    expect(spearman([1, 2], [1, 2])).toBeNull();
  });
});

describe('importanceReport', () => {
  it('describes the axes, counts the finished trials and reads a swept width recorded as [n]', () => {
    const v = validateSweepConfig({
      name: 'r', dataset: { name: 'iris' }, model: { hidden: [10] }, train: { epochs: 5, batchSize: 16, optimizer: 'sgd', lr: 0.03 },
      search: { strategy: 'random', trials: 12, params: { 'train.lr': { min: 1e-4, max: 1, scale: 'log' }, 'model.hidden': { min: 2, max: 64, integer: true } } },
    });
    if (!v.ok) throw new Error(JSON.stringify(v.issues));
    const trials: AnalysisTrial[] = Array.from({ length: 12 }, (_, i) => ({
      runId: i + 1, trialIndex: i, status: i === 11 ? 'running' : 'completed', params: { 'train.lr': 10 ** (-4 + i / 3), 'model.hidden': [2 + i] }, value: i === 11 ? null : i,
    }));
    const r = importanceReport(5, v.config, trials);
    expect(r).toMatchObject({ sweepId: 5, finished: 11, minTrials: 10, objective: { metric: 'val_acc', direction: 'maximize' } });
    expect(r.params.map((p) => [p.key, p.kind, p.log])).toEqual([['train.lr', 'numeric', true], ['model.hidden', 'numeric', false]]);
    expect(r.importance).toHaveLength(2);
    expect(r.importance!.find((x) => x.key === 'model.hidden')!.correlation).toBeCloseTo(1, 12);
  });
});
