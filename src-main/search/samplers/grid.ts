/**
 * Grid search: every combination of the parameters' grid values exactly once, inactive
 * parameters left out (so a conditional branch multiplies only its own side). Stateless:
 * the next proposal is the first combination, in (optionally shuffled) order, that no
 * finished or running trial already holds — a resumed grid carries on where it was.
 */
import { createRng } from '../../engine/random';
import { gridValues, isActive, paramOrder, type Params, type SearchSpace } from '../space';
import type { Sampler } from './types';

export interface GridOptions {
  /** Shuffle the order of the combinations with this seed (the set stays the same). */
  shuffleSeed?: number;
}

/** Every combination, first parameter varying slowest. */
export function gridPoints(space: SearchSpace): Params[] {
  let partial: Params[] = [{}];
  for (const name of paramOrder(space)) {
    const spec = space[name];
    const values = gridValues(spec);
    const next: Params[] = [];
    for (const p of partial) {
      if (!isActive(spec, p)) next.push(p);
      else for (const v of values) next.push({ ...p, [name]: v });
    }
    partial = next;
  }
  return partial;
}

/** One key per point, independent of the order its fields were written in. */
export function pointKey(p: Params): string {
  return JSON.stringify(Object.keys(p).sort().map((k) => [k, p[k]]));
}

export class GridExhaustedError extends Error {
  readonly code = 'GRID_EXHAUSTED';
  constructor(size: number) {
    super(`every one of the grid's ${size} combinations has been proposed`);
  }
}

export function gridSampler(options: GridOptions = {}): Sampler {
  return {
    name: 'grid',
    propose(space, history) {
      const points = gridPoints(space);
      if (options.shuffleSeed !== undefined) createRng(options.shuffleSeed).shuffle(points);
      const taken = new Set([...history.finished.map((t) => pointKey(t.params)), ...history.running.map(pointKey)]);
      const next = points.find((p) => !taken.has(pointKey(p)));
      if (!next) throw new GridExhaustedError(points.length);
      return next;
    },
  };
}
