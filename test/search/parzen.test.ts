import { describe, expect, it } from 'vitest';
import { createRng } from '../../src-main/engine/random';
import { buildParzen, logPdfParzen, sampleParzen } from '../../src-main/search/math/parzen';
import { defaultWeights, gamma, split, type Observed } from '../../src-main/search/samplers/tpe';

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

describe('parity with Optuna 3.1 on a Branin history (split, recency weights, densities)', () => {
  // 30 random Branin trials (values rounded to 6 digits). Printed by Optuna 3.1.0: the
  // indices of _split_observation_pairs(…, default_gamma(30)) and, per parameter, the
  // log_pdf of _ParzenEstimator(below/above, …, sampler._parzen_estimator_parameters).
  // The 27 "above" trials exercise default_weights' ramp (weight 1/27 on the oldest).
  const X = [[5.447038, 1.381574], [-0.70791, 6.505518], [-1.597228, 6.462941], [3.269722, 7.405276], [5.792035, 6.387454], [1.346597, 4.683918], [9.711463, 6.39527], [5.272446, 13.400837], [2.213979, 14.1624], [0.881763, 7.52755], [0.14767, 9.359294], [5.935746, 1.734276], [1.578584, 4.759282], [-4.104832, 6.222393], [0.970664, 12.994637], [6.069931, 3.75683], [-2.262624, 7.245514], [-2.368224, 14.783397], [2.973271, 7.792277], [2.977414, 9.193418], [4.516014, 1.80943], [7.741477, 12.395112], [5.86683, 9.045902], [4.165353, 8.17602], [5.836651, 5.141458], [-0.155616, 4.561812], [0.42683, 6.255333], [-1.576052, 10.219511], [-0.594289, 13.131853], [4.464642, 7.656335]];
  const V = [16.484021, 17.765393, 15.548035, 27.809399, 46.260247, 12.486257, 14.242742, 163.966246, 126.406294, 24.116544, 32.396489, 19.424938, 10.827263, 76.553841, 86.281839, 26.448198, 12.976179, 21.530813, 29.503279, 46.589014, 8.257707, 131.505967, 81.773964, 48.091645, 34.900817, 22.33876, 19.570774, 11.882357, 55.660157, 45.924273];
  const optuna = {
    x1: {
      low: -5, high: 10, pts: [-5, -3.2, 0, 2.5, 3.3, 6, 9.5, 10],
      logl: [-1.182866826410373, -0.9677236717899755, -0.7290068027630613, -0.7115055817599479, -0.7376774234728674, -0.9427625958594137, -1.3311318263842131, -1.3770820254520106],
      logg: [-2.8548898872440756, -2.562998375895398, -2.1483612731456136, -2.361592244928297, -2.24524028201287, -1.9706517106613946, -2.6038923012357627, -2.661495407061593],
    },
    x2: {
      low: 0, high: 15, pts: [0, 1.5, 2.4, 5, 7.5, 12, 15],
      logl: [-0.9818552149679274, -0.8276502744381963, -0.7731372749768578, -0.7690444542804351, -0.8607151302025187, -1.0678511515149534, -1.3476489570362515],
      logg: [-3.0043222842500628, -2.762591956220559, -2.6853641358044937, -2.1783322848623063, -1.8106228798208925, -2.6081831967162388, -2.497533279856918],
    },
  };
  const trials: Observed[] = X.map(([x1, x2], i) => ({ params: { x1, x2 }, loss: V[i], order: i }));

  it('splits into the same good and bad trials, in trial order', () => {
    const [good, bad] = split(trials, ['x1', 'x2']);
    expect(good.map((t) => t.order)).toEqual([12, 20, 27]);
    expect(bad.map((t) => t.order)).toEqual(X.map((_, i) => i).filter((i) => ![12, 20, 27].includes(i)));
  });

  for (const [name, o] of Object.entries(optuna)) {
    it(`reproduces l(${name}) and g(${name}) to 6 digits`, () => {
      const d = name === 'x1' ? 0 : 1;
      const dims = [{ kind: 'numeric' as const, low: o.low, high: o.high }];
      const opts = { priorWeight: 1, multivariate: false, optuna31Density: true };
      const [good, bad] = split(trials, [name]);
      const l = buildParzen(dims, good.map((t) => [X[t.order][d]]), defaultWeights(good.length), opts);
      const g = buildParzen(dims, bad.map((t) => [X[t.order][d]]), defaultWeights(bad.length), opts);
      expect(Math.exp(g.logWeights[0])).toBeCloseTo(0.00136986301369863, 12);
      const pts = o.pts.map((x) => [x]);
      logPdfParzen(l, pts).forEach((v, i) => expect(v).toBeCloseTo(o.logl[i], 6));
      logPdfParzen(g, pts).forEach((v, i) => expect(v).toBeCloseTo(o.logg[i], 6));
    });
  }
});
