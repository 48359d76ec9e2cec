import { describe, expect, it } from 'vitest';
import { fromInternal, gridValues, internalBounds, validateSpace, type SearchSpace } from '../../src-main/search/space';

const messages = (space: SearchSpace) => validateSpace(space).map((i) => `${i.path}: ${i.message}`);

describe('validateSpace', () => {
  it('accepts a usable space with a condition', () => {
    expect(validateSpace({
      'model.depth': { type: 'int', min: 1, max: 4 },
      'model.width.3': { type: 'int', min: 8, max: 256, log: true, when: { param: 'model.depth', op: '>=', value: 3 } },
      lr: { type: 'float', min: 1e-4, max: 1e-1, log: true },
      act: { type: 'choice', values: ['relu', { name: 'gelu' }, null] },
    })).toEqual([]);
  });

  it('names each impossible part and where it is', () => {
    expect(messages({
      a: { type: 'float', min: 2, max: 1 },
      b: { type: 'float', min: 0, max: 1, log: true },
      c: { type: 'float', min: -1, max: 1, log: true },
      d: { type: 'choice', values: [] },
      e: { type: 'int', min: 0, max: 4, step: 5 },
      f: { type: 'int', min: 0, max: 4, when: { param: 'nope', op: '==', value: 1 } },
    })).toEqual([
      'a: min (2) is greater than max (1)',
      'b.min: a log range must stay above 0 (min is 0)',
      'c.min: a log range must stay above 0 (min is -1)',
      'd.values: a choice needs at least one value',
      'e.step: step 5 is larger than the range 0..4',
      'f.when.param: no parameter named "nope"',
    ]);
  });

  it('refuses cycles, self-reference, non-integer ints and misused operators', () => {
    expect(messages({
      a: { type: 'int', min: 0, max: 3, when: { param: 'b', op: '==', value: 1 } },
      b: { type: 'int', min: 0, max: 3, when: { param: 'a', op: '==', value: 1 } },
      c: { type: 'int', min: 0.5, max: 3, when: { param: 'c', op: '==', value: 1 } },
      d: { type: 'choice', values: [1, 1], when: { param: 'a', op: '>=', value: 'x' } },
    })).toEqual([
      'a.when.param: conditions form a cycle through "a"',
      'b.when.param: conditions form a cycle through "b"',
      'c.min: an int range needs an integer min',
      'c.when.param: a parameter cannot depend on itself',
      'd.values: a choice lists the same value twice',
      'd.when.value: ">=" needs a number',
    ]);
  });
});

describe('the internal domain', () => {
  it('gives every int of a range an equal slice and snaps back', () => {
    const p = { type: 'int' as const, min: 1, max: 3 };
    expect(internalBounds(p)).toEqual({ low: 0.5, high: 3.5 });
    expect([0.5, 1.49, 1.51, 3.5].map((x) => fromInternal(p, x))).toEqual([1, 1, 2, 3]);
  });

  it('snaps steps onto the grid and keeps log ranges in log space', () => {
    expect(fromInternal({ type: 'float', min: 0, max: 1, step: 0.1 }, 0.2999)).toBe(0.3);
    expect(fromInternal({ type: 'float', min: 1e-4, max: 1, log: true }, Math.log(1e-2))).toBeCloseTo(1e-2, 12);
  });

  it('discretises ranges for a grid by step or by a number of points', () => {
    expect(gridValues({ type: 'float', min: 0, max: 0.5, step: 0.1 })).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(gridValues({ type: 'float', min: 1e-4, max: 1, log: true, points: 5 })).toEqual([1e-4, 1e-3, 1e-2, 1e-1, 1]);
    expect(gridValues({ type: 'int', min: 2, max: 5 })).toEqual([2, 3, 4, 5]);
    expect(gridValues({ type: 'choice', values: ['a', 'b'] })).toEqual(['a', 'b']);
  });
});
