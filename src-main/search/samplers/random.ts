/**
 * Random search: each active parameter drawn uniformly in its internal domain (so log
 * ranges are log-uniform and every step value is equally likely), parents before
 * children so conditions see the values they depend on.
 */
import type { Rng } from '../../engine/random';
import { fromInternal, internalBounds, isActive, paramOrder, type ParamSpec, type Params, type SearchSpace } from '../space';
import type { Sampler } from './types';

export function sampleParam(spec: ParamSpec, rng: Rng): unknown {
  if (spec.type === 'choice') return spec.values[rng.int(spec.values.length)];
  const { low, high } = internalBounds(spec);
  return fromInternal(spec, low + rng.next() * (high - low));
}

/** A random point; `fixed` values (already chosen by another sampler) are kept. */
export function sampleSpace(space: SearchSpace, rng: Rng, fixed: Params = {}): Params {
  const out: Params = {};
  for (const name of paramOrder(space)) {
    const spec = space[name];
    if (!isActive(spec, out)) continue;
    out[name] = Object.prototype.hasOwnProperty.call(fixed, name) ? fixed[name] : sampleParam(spec, rng);
  }
  return out;
}

export const randomSampler: Sampler = {
  name: 'random',
  propose: (space, _history, rng) => sampleSpace(space, rng),
};
