import { describe, expect, it } from 'vitest';
import { createRng } from '../../src-main/engine/random';
import { buildParzen, logPdfParzen, sampleParzen } from '../../src-main/search/math/parzen';
import { defaultWeights, gamma } from '../../src-main/search/samplers/tpe';

// Hand-computed from Optuna 3.1's _ParzenEstimator and default_gamma / default_weights.
describe('TPE parts as Optuna 3.1 defines them', () => {
  it('gamma and the recency weights', () => {
    expect([1, 10, 11, 100, 249, 251, 1000].map(gamma)).toEqual([1, 1, 2, 10, 25, 25, 25]);
    expect(defaultWeights(3)).toEqual([1, 1, 1]);
    const w = defaultWeights(27);
    expect(w).toHaveLength(27);
    expect(w[0]).toBeCloseTo(1 / 27, 12);
    expect(w.slice(1)).toEqual(new Array(26).fill(1));
  });

  it('univariate bandwidths: the larger neighbour gap, endpoints ignored, magic clip, prior sigma', () => {
    // mus 2, 9 and the prior at 5 on [0, 10]: sorted 2 | 5 | 9 with endpoints 0 and 10.
    const est = buildParzen([{ kind: 'numeric', low: 0, high: 10 }], [[2], [9]], [1, 1], { priorWeight: 1, multivariate: false });
    expect(est.mus[0]).toEqual([2, 9, 5]);
    expect(est.sigmas[0]).toEqual([3, 4, 10]);
    expect(est.logWeights.map(Math.exp)).toEqual([1 / 3, 1 / 3, 1 / 3]);
    // Four kernels → the magic clip floors sigma at 10 / min(100, 1 + 4) = 2.
    const tight = buildParzen([{ kind: 'numeric', low: 0, high: 10 }], [[5], [5.1], [5.2]], [1, 1, 1], { priorWeight: 1, multivariate: false });
    expect(Math.min(...tight.sigmas[0])).toBe(2);
  });

  it('multivariate bandwidth 0.2 · n^(-1/(d+4)) · range', () => {
    // 30 observations, so the magic clip (range / 31) does not bind.
    const obs = Array.from({ length: 30 }, (_, i) => [i / 30, (2 * i) / 30]);
    const est = buildParzen([{ kind: 'numeric', low: 0, high: 1 }, { kind: 'numeric', low: 0, high: 2 }], obs, new Array(30).fill(1), { priorWeight: 1, multivariate: true });
    expect(est.sigmas[0][0]).toBeCloseTo(0.2 * 30 ** (-1 / 6), 12);
    expect(est.sigmas[1][0]).toBeCloseTo(0.4 * 30 ** (-1 / 6), 12);
    expect(est.sigmas[1][30]).toBe(2); // the prior spans the range
  });

  it('categorical kernels: the observed choice plus prior / (n + 1) everywhere', () => {
    const est = buildParzen([{ kind: 'categorical', n: 3 }], [[0], [2]], [1, 1], { priorWeight: 1, multivariate: false });
    // Rows before normalising: [4/3, 1/3, 1/3], [1/3, 1/3, 4/3], [1/3, 1/3, 1/3].
    const p = logPdfParzen(est, [[0], [1], [2]]).map(Math.exp);
    expect(p[0]).toBeCloseTo((4 / 6 + 1 / 6 + 1 / 3) / 3, 10);
    expect(p[1]).toBeCloseTo((1 / 6 + 1 / 6 + 1 / 3) / 3, 10);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
  });

  it('a truncated mixture integrates to 1 and samples stay in range; a step scores bins', () => {
    const est = buildParzen([{ kind: 'numeric', low: 0, high: 1 }], [[0.05], [0.5], [0.93]], [1, 1, 1], { priorWeight: 1, multivariate: false });
    const xs = Array.from({ length: 2001 }, (_, i) => [i / 2000]);
    const dens = logPdfParzen(est, xs).map(Math.exp);
    const integral = dens.reduce((a, d, i) => a + (i === 0 || i === 2000 ? d / 2 : d), 0) / 2000;
    expect(integral).toBeCloseTo(1, 4);
    for (const [x] of sampleParzen(est, createRng(1), 500)) expect(x >= 0 && x <= 1).toBe(true);
    const stepped = buildParzen([{ kind: 'numeric', low: -0.5, high: 4.5, step: 1 }], [[1], [3]], [1, 1], { priorWeight: 1, multivariate: false });
    const mass = logPdfParzen(stepped, [[0], [1], [2], [3], [4]]).map(Math.exp);
    expect(mass.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });
});

describe('parity with Optuna 3.1', () => {
  // Printed by Optuna 3.1.0's _ParzenEstimator(...).log_pdf on the same observations
  // (default parameters): its continuous kernels lack the 1/sigma factor (optuna#5109).
  const obs = [-4.2, 3.0, 3.3, 9.7, 0.1, 7.7].map((x) => [x]);
  const xs = [-5, -2.5, 0, 3.1, 6, 9.99].map((x) => [x]);
  const optuna31 = [-1.2971998770412196, -1.1397515793157051, -1.0361215859378414, -0.9390961297354007, -1.0833118933626809, -1.113389703581653];

  it('reproduces its log densities when asked to, from the same bandwidths', () => {
    const dims = [{ kind: 'numeric' as const, low: -5, high: 10 }];
    const legacy = buildParzen(dims, obs, new Array(6).fill(1), { priorWeight: 1, multivariate: false, optuna31Density: true });
    logPdfParzen(legacy, xs).forEach((v, i) => expect(v).toBeCloseTo(optuna31[i], 6));
    const exact = buildParzen(dims, obs, new Array(6).fill(1), { priorWeight: 1, multivariate: false });
    expect(exact.sigmas[0]).toEqual([4.3, 1.875, 4.4, 1.9999999999999991, 4.3, 4.4, 15]);
  });

  it('matches its probability masses on an int range (no sigma involved)', () => {
    const est = buildParzen([{ kind: 'numeric', low: -0.5, high: 12.5, step: 1 }], [[2], [5], [9]], [1, 1, 1], { priorWeight: 1, multivariate: false });
    const optuna = [-2.8060528804168547, -2.3900592100076015, -2.3502740992640305, -3.1355534728292818];
    logPdfParzen(est, [[0], [3], [5], [12]]).forEach((v, i) => expect(v).toBeCloseTo(optuna[i], 5));
  });
});
