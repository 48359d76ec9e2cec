import { describe, expect, it } from 'vitest';
import { humanPath, ordinal } from '../../src-renderer/src/lib/humanPath';

describe('humanPath', () => {
  it.each([
    ['search.params.train.lr[1]', 'Learning rate, 2nd value'],
    ['search.params.train.lr.min', 'Learning rate, min'],
    ['search.params.model.activation.values[0]', 'Activation, 1st value'],
    ['search.params.model.width.2.when.param', "Width of hidden layer 2, condition's parameter"],
    ['search.params.model.depth', 'Depth (number of hidden layers)'],
    ['search.pruner.minEpochs', 'Pruner, min epochs'],
    ['search.budget', 'Budget'],
    ['model.hidden[2]', 'Hidden layers, 3rd value'],
    ['train.lr', 'Learning rate'],
    ['dataset.split.val', 'Validation split'],
    ['(config)', 'The config'],
    ['something.unknown', 'something.unknown'],
  ])('%s → %s', (path, expected) => expect(humanPath(path)).toBe(expected));

  it('ordinals', () => expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 112].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '101st', '112th']));
});
