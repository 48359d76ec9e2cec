import { describe, expect, it } from 'vitest';
import { issueLine } from '../../src-main/sweep/configIssues';
import { ENGINE_BACKENDS, backendProblem, validateSweepConfig } from '../../src-main/sweep/configSchema';

const seedIris = {
  name: 'seed-iris',
  dataset: { name: 'iris', split: { train: 0.7, val: 0.1, test: 0.2 }, seed: 0 },
  engine: 'scratch',
  model: { hidden: [10], activation: 'relu' },
  train: { epochs: 200, batchSize: 16, optimizer: 'sgd', lr: 0.03, seed: 0 },
  search: { strategy: 'grid', params: { 'train.lr': [0.001, 0.01, 0.03, 0.05], 'model.hidden': [[5], [10], [100]] } },
  concurrency: 2,
};

function messageFor(patch: (c: any) => void): string {
  const c = structuredClone(seedIris) as any;
  patch(c);
  const r = validateSweepConfig(c);
  if (r.ok) throw new Error('expected the config to be refused');
  return r.issues.map(issueLine).join('\n');
}

describe('sweep config schema', () => {
  it('accepts the issue example and fills defaults', () => {
    const r = validateSweepConfig(seedIris);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.backend).toBe('auto');
    expect(r.config.train.momentum).toBe(0.9);
    expect(r.config.dataset.standardize).toBe(true);
    expect(r.config.search.params['model.hidden']).toEqual([[5], [10], [100]]);
  });

  it.each([
    ['unknown top-level key', (c: any) => (c.colour = 'red'), 'colour: unknown key'],
    ['unknown nested key', (c: any) => (c.train.learningRate = 1), 'train.learningRate: unknown key'],
    ['lr = 0', (c: any) => (c.train.lr = 0), 'train.lr: must be > 0'],
    ['lr < 0', (c: any) => (c.train.lr = -0.1), 'train.lr: must be > 0'],
    ['fractional width', (c: any) => (c.model.hidden = [1.5]), 'model.hidden[0]: must be a positive integer'],
    ['zero width', (c: any) => (c.model.hidden = [10, 0]), 'model.hidden[1]: must be a positive integer'],
    ['split sum', (c: any) => (c.dataset.split.val = 0.2), 'dataset.split: ratios must sum to 1 (train + val + test = 1.1)'],
    ['swept lr ≤ 0', (c: any) => (c.search.params['train.lr'] = [0.1, 0]), 'search.params.train.lr[1]: must be > 0'],
    ['swept width', (c: any) => (c.search.params['model.hidden'] = [[5], [-3]]), 'search.params.model.hidden[1]: '],
    ['unsweepable key', (c: any) => (c.search.params['train.colour'] = [1]), 'search.params.train.colour: cannot be swept'],
    ['missing epochs', (c: any) => delete c.train.epochs, 'train.epochs: is required'],
    ['csv without path', (c: any) => (c.dataset.name = 'csv'), 'dataset.path: is required when name is "csv"'],
    ['random without trials', (c: any) => (c.search.strategy = 'random'), 'search.trials: is required for random search'],
  ])('refuses %s with a message naming the field', (_what, patch, expected) => {
    expect(messageFor(patch)).toContain(expected);
  });

  it('Fashion-MNIST keeps its official test split', () => {
    expect(
      messageFor((c) => {
        c.dataset.name = 'fashion-mnist';
      }),
    ).toContain('dataset.split.test: must be omitted');
  });
});

describe('backends', () => {
  const backendIssues = (patch: (c: any) => void) => {
    const c = structuredClone(seedIris) as any;
    patch(c);
    const r = validateSweepConfig(c);
    return r.ok ? [] : r.issues;
  };

  it('default to auto for either engine', () => {
    for (const engine of ['scratch', 'tfjs']) {
      const r = validateSweepConfig({ ...seedIris, engine });
      expect(r.ok && r.config.backend, engine).toBe('auto');
    }
  });

  it('accept each engine\'s own', () => {
    for (const [engine, backends] of Object.entries(ENGINE_BACKENDS))
      for (const backend of backends) expect(validateSweepConfig({ ...seedIris, engine, backend }).ok, `${engine} + ${backend}`).toBe(true);
  });

  it('refuse a TensorFlow.js backend on the scratch engine, naming the ones it takes', () => {
    expect(backendIssues((c) => (c.backend = 'wasm'))).toEqual([
      { path: 'backend', message: '"wasm" is not a backend of the scratch engine (it takes auto, native, js)' },
    ]);
  });

  it('refuse a scratch backend on TensorFlow.js', () => {
    expect(
      messageFor((c) => {
        c.engine = 'tfjs';
        c.backend = 'native';
      }),
    ).toBe('backend: "native" is not a backend of TensorFlow.js (it takes auto, tensorflow, wasm, cpu)');
  });

  it('must suit every engine a sweep tries: only auto suits both', () => {
    const both = (backend: string) => (c: any) => {
      c.search.params.engine = ['scratch', 'tfjs'];
      c.backend = backend;
    };
    expect(backendIssues(both('auto'))).toEqual([]);
    expect(backendIssues(both('native'))).toEqual([{ path: 'backend', message: expect.stringContaining('not a backend of TensorFlow.js') }]);
    expect(backendIssues(both('wasm'))).toEqual([{ path: 'backend', message: expect.stringContaining('not a backend of the scratch engine') }]);
    // The swept engines decide, not the base one: a tfjs base sweeping only scratch takes native.
    expect(
      backendIssues((c) => {
        c.engine = 'tfjs';
        c.search.params.engine = ['scratch'];
        c.backend = 'native';
      }),
    ).toEqual([]);
  });

  it('still refuse a backend nobody has with the list of all of them', () => {
    expect(messageFor((c) => (c.backend = 'cuda'))).toBe('backend: must be one of auto, native, js, tensorflow, wasm, cpu');
  });

  it('backendProblem says null for a fit and what fits otherwise', () => {
    expect(backendProblem('scratch', 'js')).toBeNull();
    expect(backendProblem('tfjs', 'cpu')).toBeNull();
    expect(backendProblem('tfjs', 'js')).toContain('it takes auto, tensorflow, wasm, cpu');
  });
});

describe('split defaults', () => {
  it('depend on the data set', () => {
    const c = structuredClone(seedIris) as any;
    delete c.dataset.split;
    const tab = validateSweepConfig(c);
    expect(tab.ok && tab.config.dataset.split).toEqual({ train: 0.7, val: 0.1, test: 0.2 });
    c.dataset.name = 'fashion-mnist';
    const img = validateSweepConfig(c);
    expect(img.ok && img.config.dataset.split).toEqual({ train: 0.9, val: 0.1 });
  });
});

describe('the tuner’s model and training knobs', () => {
  const accepted = (patch: (c: any) => void) => {
    const c = structuredClone(seedIris) as any;
    patch(c);
    const r = validateSweepConfig(c);
    if (!r.ok) throw new Error(r.issues.map(issueLine).join('\n'));
    return r.config;
  };

  it('leave an existing config exactly as it was: no dropout, no schedule added', () => {
    const config = accepted(() => {});
    expect(config.model).toEqual({ hidden: [10], activation: 'relu' });
    expect(config.train).not.toHaveProperty('schedule');
    expect(accepted((c) => delete c.model.activation).model.activation).toBe('relu');
  });

  it('accept every activation, dropout in [0, 0.9] and each schedule type', () => {
    for (const activation of ['relu', 'leaky_relu', 'tanh', 'sigmoid', 'gelu']) expect(accepted((c) => (c.model.activation = activation)).model.activation).toBe(activation);
    for (const dropout of [0, 0.3, 0.9]) expect(accepted((c) => (c.model.dropout = dropout)).model.dropout).toBe(dropout);
    expect(accepted((c) => (c.train.schedule = { type: 'cosine', warmupEpochs: 5, minLr: 0.001 })).train.schedule).toEqual({ type: 'cosine', warmupEpochs: 5, minLr: 0.001 });
    expect(accepted((c) => (c.train.schedule = { type: 'step', stepEpochs: 50, gamma: 0.5 })).train.schedule?.type).toBe('step');
    expect(accepted((c) => (c.train.schedule = { type: 'constant', warmupEpochs: 0.5 })).train.schedule?.type).toBe('constant');
  });

  it.each([
    ['unknown activation', (c: any) => (c.model.activation = 'swish'), 'model.activation: must be one of relu, leaky_relu, tanh, sigmoid, gelu'],
    ['dropout 1', (c: any) => (c.model.dropout = 1), 'model.dropout: must be < 1 (dropout 1 would drop every unit)'],
    ['dropout 0.95', (c: any) => (c.model.dropout = 0.95), 'model.dropout: must be ≤ 0.9'],
    ['dropout < 0', (c: any) => (c.model.dropout = -0.1), 'model.dropout: must be ≥ 0'],
    ['dropout not a number', (c: any) => (c.model.dropout = '0.5'), 'model.dropout: must be a number from 0 to 0.9'],
    ['unknown schedule', (c: any) => (c.train.schedule = { type: 'linear' }), 'train.schedule.type: must be one of constant, cosine, step'],
    ['schedule without type', (c: any) => (c.train.schedule = { warmupEpochs: 1 }), 'train.schedule.type: must be one of constant, cosine, step'],
    ['unknown schedule key', (c: any) => (c.train.schedule = { type: 'cosine', warmup: 1 }), 'train.schedule.warmup: unknown key'],
    ['negative warm-up', (c: any) => (c.train.schedule = { type: 'cosine', warmupEpochs: -1 }), 'train.schedule.warmupEpochs: must be ≥ 0'],
    ['warm-up ≥ epochs', (c: any) => (c.train.schedule = { type: 'cosine', warmupEpochs: 200 }), 'train.schedule.warmupEpochs: must be less than train.epochs (200)'],
    ['step without stepEpochs', (c: any) => (c.train.schedule = { type: 'step' }), 'train.schedule.stepEpochs: is required when type is "step"'],
    ['stepEpochs 0', (c: any) => (c.train.schedule = { type: 'step', stepEpochs: 0 }), 'train.schedule.stepEpochs: must be > 0'],
    ['gamma 0', (c: any) => (c.train.schedule = { type: 'step', stepEpochs: 1, gamma: 0 }), 'train.schedule.gamma: must be > 0'],
    ['gamma > 1', (c: any) => (c.train.schedule = { type: 'step', stepEpochs: 1, gamma: 2 }), 'train.schedule.gamma: must be ≤ 1'],
    ['gamma on cosine', (c: any) => (c.train.schedule = { type: 'cosine', gamma: 0.5 }), 'train.schedule.gamma: is only used when type is "step"'],
    ['minLr on constant', (c: any) => (c.train.schedule = { type: 'constant', minLr: 0.001 }), 'train.schedule.minLr: is only used when type is "cosine" or "step"'],
    ['minLr ≥ lr', (c: any) => (c.train.schedule = { type: 'cosine', minLr: 0.03 }), 'train.schedule.minLr: must be less than train.lr (0.03)'],
  ])('refuse %s, naming the field', (_, patch, message) => {
    expect(messageFor(patch)).toBe(message);
  });

  it('are sweepable, each value checked like the field', () => {
    const swept = accepted((c) => (c.search.params = { 'model.activation': ['relu', 'gelu'], 'model.dropout': { min: 0, max: 0.5, count: 3 }, 'train.schedule': [{ type: 'constant' }, { type: 'cosine', warmupEpochs: 2 }] }));
    expect(Object.keys(swept.search.params)).toEqual(['model.activation', 'model.dropout', 'train.schedule']);
    expect(messageFor((c) => (c.search.params = { 'model.dropout': [0.2, 1] }))).toBe('search.params.model.dropout[1]: must be < 1 (dropout 1 would drop every unit)');
    expect(messageFor((c) => (c.search.params = { 'model.activation': ['tanh', 'elu'] }))).toBe('search.params.model.activation[1]: must be one of relu, leaky_relu, tanh, sigmoid, gelu');
    expect(messageFor((c) => (c.search.params = { 'train.schedule': [{ type: 'step' }] }))).toBe('search.params.train.schedule[0]: is required when type is "step"');
  });
});
