/**
 * Bayesian optimisation with a Gaussian process ("bayes"). Points live on the unit cube:
 * numeric ranges through their internal domain (log ranges in log space, steps and ints
 * snapped when decoded), choices one-hot, an inactive parameter at 0. After 10 random
 * trials: a Matérn 5/2 ARD GP on the standardised losses, hyperparameters by maximum
 * marginal likelihood, and the candidate with the highest expected improvement among
 * random points, perturbations of the best trials and a short local refinement.
 * Running trials are fantasised at the GP mean (kriging believer), which shrinks the
 * uncertainty there so the next proposal goes elsewhere.
 * Cost: O(n³) in the points kept, so the GP keeps at most 150 (the 75 best and the most
 * recent) and fits its hyperparameters on at most 60 of those.
 */
import type { Rng } from '../../engine/random';
import { chooseHyper, fitGp, predict } from '../math/gaussianProcess';
import { normalCdf, normalPdf } from '../math/normal';
import { fromInternal, internalBounds, isActive, paramOrder, sameValue, toInternal, type Params, type SearchSpace } from '../space';
import { sampleSpace } from './random';
import { lossesOf, type Sampler } from './types';

export interface GpOptions {
  nStartupTrials?: number;
  maxPoints?: number;
  maxFitPoints?: number;
  randomCandidates?: number;
}

function encoder(space: SearchSpace) {
  const order = paramOrder(space);
  const encode = (p: Params): number[] => {
    const out: number[] = [];
    for (const name of order) {
      const spec = space[name];
      const has = Object.prototype.hasOwnProperty.call(p, name);
      if (spec.type === 'choice') {
        for (const v of spec.values) out.push(has && sameValue(v, p[name]) ? 1 : 0);
      } else {
        const { low, high } = internalBounds(spec);
        out.push(has && high > low ? (toInternal(spec, p[name] as number) - low) / (high - low) : 0);
      }
    }
    return out;
  };
  const decode = (u: number[]): Params => {
    const out: Params = {};
    let at = 0;
    for (const name of order) {
      const spec = space[name];
      const width = spec.type === 'choice' ? spec.values.length : 1;
      if (isActive(spec, out)) {
        if (spec.type === 'choice') {
          let best = 0;
          for (let j = 1; j < width; j++) if (u[at + j] > u[at + best]) best = j;
          out[name] = spec.values[best];
        } else {
          const { low, high } = internalBounds(spec);
          out[name] = fromInternal(spec, low + Math.min(1, Math.max(0, u[at])) * (high - low));
        }
      }
      at += width;
    }
    return out;
  };
  return { encode, decode };
}

/** Indices of the `k` best losses and the most recent, at most `max` in all. */
function keep(losses: number[], max: number): number[] {
  if (losses.length <= max) return losses.map((_, i) => i);
  const byLoss = losses.map((_, i) => i).sort((a, b) => losses[a] - losses[b]);
  const chosen = new Set(byLoss.slice(0, Math.floor(max / 2)));
  for (let i = losses.length - 1; chosen.size < max; i--) chosen.add(i);
  return [...chosen].sort((a, b) => a - b);
}

export function gpSampler(options: GpOptions = {}): Sampler {
  const nStartup = options.nStartupTrials ?? 10;
  const maxPoints = options.maxPoints ?? 150;
  const maxFit = options.maxFitPoints ?? 60;
  const nRandom = options.randomCandidates ?? 256;
  return {
    name: 'bayes',
    propose(space, history, rng) {
      if (history.finished.length < nStartup) return sampleSpace(space, rng);
      const { encode, decode } = encoder(space);
      const allLosses = lossesOf(history);
      const idx = keep(allLosses, maxPoints);
      const losses = idx.map((i) => allLosses[i]);
      const mean = losses.reduce((a, b) => a + b, 0) / losses.length;
      const sd = Math.sqrt(losses.reduce((a, b) => a + (b - mean) ** 2, 0) / losses.length) || 1;
      const y = losses.map((v) => (v - mean) / sd);
      const x = idx.map((i) => encode(history.finished[i].params));
      const fitIdx = keep(y, maxFit);
      const hyper = chooseHyper(fitIdx.map((i) => x[i]), fitIdx.map((i) => y[i]));
      let model = fitGp(x, y, hyper);
      let best = Math.min(...y);
      if (history.running.length) {
        const xr = history.running.map(encode);
        const believed = predict(model, xr).mean;
        model = fitGp([...x, ...xr], [...y, ...believed], hyper);
        // A believed value counts as observed, or a point predicted below the best
        // would keep its improvement and be proposed again.
        best = Math.min(best, ...believed);
      }
      const ei = (pts: number[][]): number[] => {
        const p = predict(model, pts);
        return p.mean.map((m, i) => {
          const z = (best - m) / p.sd[i];
          return (best - m) * normalCdf(z) + p.sd[i] * normalPdf(z);
        });
      };
      const perturb = (u: number[], s: number): number[] => encode(decode(u.map((v) => v + s * rng.normal())));
      let cands: number[][] = [];
      for (let i = 0; i < nRandom; i++) cands.push(encode(sampleSpace(space, rng)));
      const top = y.map((_, i) => i).sort((a, b) => y[a] - y[b]).slice(0, 5);
      for (const t of top) for (let j = 0; j < 24; j++) cands.push(perturb(x[t], 0.08));
      let scores = ei(cands);
      for (const s of [0.03, 0.01]) {
        const leaders = scores.map((_, i) => i).sort((a, b) => scores[b] - scores[a]).slice(0, 3);
        const local = leaders.flatMap((l) => Array.from({ length: 12 }, () => perturb(cands[l], s)));
        cands = cands.concat(local);
        scores = scores.concat(ei(local));
      }
      let pick = 0;
      for (let i = 1; i < cands.length; i++) if (scores[i] > scores[pick]) pick = i;
      return decode(cands[pick]);
    },
  };
}
