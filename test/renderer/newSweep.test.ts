import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setApi } from '../../src-renderer/src/api/client';
import { backendFor, defaultDraft, fromConfig, newSearchParam, toConfig } from '../../src-renderer/src/lib/configDraft';
import { formLosses } from '../../src-renderer/src/lib/formLosses';
import { fieldOf } from '../../src-renderer/src/lib/issuePaths';
import { parseValues } from '../../src-renderer/src/lib/paramValues';
import { validateSweepConfig } from '../../src-renderer/src/shared';
import { CHECK_DEBOUNCE_MS, useNewSweepStore } from '../../src-renderer/src/stores/newSweep';
import { createFakeApi, fail, flush, type FakeApi } from './fakeApi';

const examples = import.meta.glob<{ default: object }>('../../resources/examples/*.json', { eager: true });

describe('issue paths → form fields', () => {
  it.each([
    ['train.lr', { field: 'train.lr' }],
    ['model.hidden[1]', { field: 'model.hidden[1]' }],
    ['dataset.split', { field: 'dataset.split' }],
    ['search.params.train.lr[2]', { field: 'search.params.train.lr', index: 2 }],
    ['search.params.train.lr.min', { field: 'search.params.train.lr.min' }],
    ['search.params.model.hidden[0]', { field: 'search.params.model.hidden', index: 0 }],
    ['search.params.engine', { field: 'search.params.engine' }],
    ['search.params.bogus', { field: 'search.params.bogus' }],
    // A choice's bad value is marked on the same editor as a list's.
    ['search.params.model.activation.values[1]', { field: 'search.params.model.activation', index: 1 }],
    ['search.params.model.width.2.when.param', { field: 'search.params.model.width.2.when.param' }],
    ['search.params.model.dropout.step', { field: 'search.params.model.dropout.step' }],
    ['(config)', { field: '' }],
  ])('%s', (path, expected) => expect(fieldOf(path)).toEqual(expected));
});

describe('config draft', () => {
  it('keeps the frames block: left out when every setting is the default, written back as given otherwise', () => {
    expect(toConfig(defaultDraft())).not.toHaveProperty('frames');
    const moons = { name: 'm', dataset: { name: 'moons' }, model: { hidden: [8] }, train: { epochs: 5, batchSize: 16, optimizer: 'adam', lr: 0.01 } };
    expect(toConfig(fromConfig({ ...moons, frames: { enabled: false } })).frames).toEqual({ enabled: false });
    expect(toConfig(fromConfig({ ...moons, frames: { count: 40, grid: 64, units: 8 } })).frames).toEqual({ count: 40, grid: 64, units: 8 });
    const draft = fromConfig(moons);
    draft.frames.enabled = 'on';
    expect(toConfig(draft).frames).toEqual({ enabled: true });
    // Frames on a data set with nothing to draw: the schema refuses it, at the form's field.
    const iris = fromConfig({ ...moons, dataset: { name: 'iris' }, frames: { enabled: true } });
    const checked = validateSweepConfig(toConfig(iris));
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.issues.map((i) => fieldOf(i.path).field)).toContain('frames.enabled');
  });

  it('round-trips every preset: the form launches exactly what the file says', () => {
    expect(Object.keys(examples).length).toBeGreaterThan(0);
    for (const [file, mod] of Object.entries(examples)) {
      const original = validateSweepConfig(mod.default);
      const fromForm = validateSweepConfig(toConfig(fromConfig(mod.default)));
      expect(fromForm.ok, file).toBe(true);
      if (original.ok && fromForm.ok) expect(fromForm.config, file).toEqual(original.config);
    }
  });

  it('starts from scratch with the documented defaults, and they are valid', () => {
    const c = validateSweepConfig(toConfig(defaultDraft()));
    expect(c.ok).toBe(true);
    if (c.ok) expect([c.config.dataset.name, c.config.engine, c.config.model.hidden, c.config.train]).toEqual(['iris', 'scratch', [10], expect.objectContaining({ optimizer: 'sgd', lr: 0.03, batchSize: 16, epochs: 100 })]);
  });

  it('sends the backend for either engine, keeps a known one on loading and makes an unknown one auto', () => {
    const scratch = { ...defaultDraft(), backend: 'native' as const };
    expect(toConfig(scratch)).toMatchObject({ engine: 'scratch', backend: 'native' });
    expect(validateSweepConfig(toConfig(scratch)).ok).toBe(true);
    expect(fromConfig({ engine: 'scratch', backend: 'js' }).backend).toBe('js');
    expect(fromConfig({ engine: 'tfjs', backend: 'wasm' }).backend).toBe('wasm');
    expect(fromConfig({ engine: 'tfjs', backend: 'cuda' }).backend).toBe('auto');
    expect(fromConfig({ engine: 'tfjs' }).backend).toBe('auto');
    // Known but not this engine's: kept, so the schema can say what is wrong with the file.
    expect(fromConfig({ engine: 'scratch', backend: 'wasm' }).backend).toBe('wasm');
  });

  it('backendFor keeps what the engine takes and falls back to auto', () => {
    expect(backendFor('scratch', 'native')).toBe('native');
    expect(backendFor('tfjs', 'native')).toBe('auto');
    expect(backendFor('scratch', 'tensorflow')).toBe('auto');
    expect(backendFor('tfjs', 'cpu')).toBe('cpu');
  });

  it('reads lists of values: numbers, layer lists and bare words', () => {
    expect(parseValues('0.001, 1e-2,.5')).toEqual([0.001, 0.01, 0.5]);
    expect(parseValues('[64], [128, 64]')).toEqual([[64], [128, 64]]);
    expect(parseValues('sgd, adamw,')).toEqual(['sgd', 'adamw']);
  });
});

describe('newSweep store', () => {
  let api: FakeApi;
  beforeEach(() => {
    setActivePinia(createPinia());
    api = createFakeApi({
      checkConfig: () => ({ ok: true, issues: [], trials: 3, estimateSeconds: 90, config: null }),
      createSweep: () => ({ sweepId: 5, trials: 3 }),
    });
    setApi(api);
  });
  afterEach(() => {
    vi.useRealTimers();
    setApi(null);
  });

  it('marks each invalid field with the schema message and blocks launch', async () => {
    const store = useNewSweepStore();
    store.draft.train.lr = -1;
    store.draft.hidden = [10, 0];
    store.draft.search.params.push(newSearchParam('train.lr', '0.1, 0.2, -3'));
    expect(store.valid).toBe(false);
    expect(store.trials).toBeNull();
    expect(store.grouped.byField['train.lr'][0].message).toBe('must be > 0');
    expect(store.grouped.byField['model.hidden[1]'][0].message).toMatch(/positive integer/);
    expect(store.grouped.byField['search.params.train.lr']).toEqual([expect.objectContaining({ index: 2, message: 'must be > 0' })]);
    expect(await store.launch()).toBeNull();
    expect(api.callsOf('createSweep')).toEqual([]);
  });

  it('an empty required field says it is required', () => {
    const store = useNewSweepStore();
    store.draft.train.epochs = '';
    expect(store.grouped.byField['train.epochs'][0].message).toBe('is required');
  });

  it('asks the server for the estimate once typing pauses, only for a valid config', async () => {
    vi.useFakeTimers();
    const store = useNewSweepStore();
    await vi.advanceTimersByTimeAsync(CHECK_DEBOUNCE_MS);
    expect(api.callsOf('checkConfig')).toHaveLength(1);
    store.draft.train.lr = 0.1;
    await flush();
    store.draft.train.lr = 0.2;
    await vi.advanceTimersByTimeAsync(CHECK_DEBOUNCE_MS);
    expect(api.callsOf('checkConfig')).toHaveLength(2);
    expect(store.check?.estimateSeconds).toBe(90);
    store.draft.train.lr = -1;
    await vi.advanceTimersByTimeAsync(CHECK_DEBOUNCE_MS * 2);
    expect(api.callsOf('checkConfig')).toHaveLength(2);
  });

  it('shows issues from createSweep on their fields until the draft changes', async () => {
    api.handlers.createSweep = () => {
      throw fail('BAD_INPUT', 'dataset.path: no such file', [{ path: 'name', message: 'is already taken' }]);
    };
    const store = useNewSweepStore();
    expect(await store.launch()).toBeNull();
    expect(store.grouped.byField.name[0].message).toBe('is already taken');
    expect(store.valid).toBe(false);
    store.draft.name = 'another';
    await flush();
    expect(store.grouped.byField.name).toBeUndefined();
  });

  it('resets a backend the new engine does not take, but not one a loaded config names', () => {
    const store = useNewSweepStore();
    store.draft.backend = 'js';
    store.draft.engine = 'tfjs';
    expect(store.draft.backend).toBe('auto');
    store.draft.backend = 'cpu';
    store.draft.engine = 'tfjs'; // no change, nothing to reset
    expect(store.draft.backend).toBe('cpu');
    store.draft.engine = 'scratch';
    expect(store.draft.backend).toBe('auto');

    store.load({ ...toConfig(defaultDraft()), engine: 'tfjs', backend: 'native' }, 'file:x.json');
    expect(store.draft.backend).toBe('native');
    expect(store.grouped.byField.backend[0].message).toContain('"native" is not a backend of TensorFlow.js');
    expect(store.valid).toBe(false);
  });

  it('knows when the draft was edited since it was loaded', async () => {
    const store = useNewSweepStore();
    expect(store.dirty).toBe(false);
    store.draft.train.epochs = 5;
    expect(store.dirty).toBe(true);
    store.load(Object.values(examples)[0].default, 'preset:x');
    expect(store.dirty).toBe(false);
  });
});

/** Issue 10's file, as the server parses it: valid but for three mistyped keys. */
const typos = {
  name: 'typos',
  dataset: { name: 'iris', split: { train: 0.7, val: 0.1, test: 0.2 } },
  model: { hidden: [10], activaton: 'relu' },
  train: { epochs: 2, batchSize: 16, lr: 0.03, learning_rate: 0.1 },
  concurency: 4,
};
const typoIssues = ['model.activaton', 'train.learning_rate', 'concurency'].map((path) => ({ path, message: 'unknown key' }));

describe('opening a config file', () => {
  let api: FakeApi;
  beforeEach(() => {
    setActivePinia(createPinia());
    api = createFakeApi({ checkConfig: () => ({ ok: true, issues: [], trials: 1, estimateSeconds: 1, config: null }) });
    setApi(api);
  });
  afterEach(() => setApi(null));

  it('keeps the draft and every problem when the server refuses the file', async () => {
    api.handlers.parseConfig = () => {
      throw fail('BAD_INPUT', 'typos.yaml: 3 problems', typoIssues);
    };
    const store = useNewSweepStore();
    const before = JSON.stringify(store.draft);
    expect(await store.loadFile({ name: 'typos.yaml', text: '…' })).toBe(false);
    expect(store.error?.issues).toEqual(typoIssues);
    expect(JSON.stringify(store.draft)).toBe(before);
    expect(store.source).toBe('scratch');
  });

  it('refuses by itself what the form cannot hold, even from a server that let it through', async () => {
    api.handlers.parseConfig = () => ({ config: structuredClone(typos) });
    const store = useNewSweepStore();
    const before = JSON.stringify(store.draft);
    expect(await store.loadFile({ name: 'typos.json', text: '…' })).toBe(false);
    expect(store.error?.issues).toEqual(typoIssues);
    expect(store.error?.message.split('\n')).toEqual(['typos.json: the form cannot hold all of this file', ...typoIssues.map((i) => `  ${i.path}: unknown key`)]);
    expect(JSON.stringify(store.draft)).toBe(before);
  });

  it('loads a file the form holds completely', async () => {
    const { activaton: _a, ...model } = typos.model;
    const { learning_rate: _l, ...train } = typos.train;
    api.handlers.parseConfig = () => ({ config: { name: 'typos', dataset: typos.dataset, model, train, concurrency: 4 } });
    const store = useNewSweepStore();
    expect(await store.loadFile({ name: 'fixed.yaml', text: '…' })).toBe(true);
    expect([store.error, store.source, store.draft.name, store.draft.concurrency]).toEqual([null, 'file:fixed.yaml', 'typos', 4]);
  });
});

describe('formLosses', () => {
  const valid = { name: 'fixed', dataset: typos.dataset, model: { hidden: [10] }, train: { epochs: 2, batchSize: 16, lr: 0.03 } };
  it('starts from a valid file', () => expect(validateSweepConfig(valid).ok).toBe(true));

  it('finds nothing lost in the presets, a saved unfinished form, or a YAML block description', () => {
    for (const mod of Object.values(examples)) expect(formLosses(mod.default)).toEqual([]);
    const unfinished = { ...defaultDraft(), hidden: [10, ''] as (number | '')[] };
    unfinished.train.lr = '';
    // What formatConfig writes: JSON turns the empty layer into null and drops the empty lr.
    expect(formLosses(JSON.parse(JSON.stringify(toConfig(unfinished))))).toEqual([]);
    expect(formLosses({ ...valid, description: 'line one\nline two\n' })).toEqual([]);
    // Defaults the form leaves out are not losses, valid file or not.
    const defaults = { ...valid, dataset: { ...valid.dataset, standardize: true }, train: { epochs: 2, batchSize: 16, optimizer: 'sgd', momentum: 0.9, weightDecay: 0.01 } };
    expect(formLosses(defaults)).toEqual([]);
  });

  it('names what the form would drop or change, with the schema\'s reason when there is one', () => {
    expect(formLosses(typos)).toEqual(typoIssues);
    expect(formLosses({ ...valid, train: { ...valid.train, weightDecay: 0.05 } })).toEqual([{ path: 'train.weightDecay', message: 'the form cannot keep this value (0.05): it would become 0.01' }]);
    expect(formLosses({ ...valid, search: { strategy: 'grid', trials: 20, params: { 'train.lr': [0.1, 0.2] } } })).toEqual([
      { path: 'search.trials', message: 'the form cannot keep this value (20): it would be left out' },
    ]);
    expect(formLosses({ ...valid, engine: 'pytorch' })).toEqual([{ path: 'engine', message: 'must be one of scratch, tfjs' }]);
    expect(formLosses({ ...valid, train: { ...valid.train, lr: '0.1' } })).toEqual([{ path: 'train.lr', message: 'must be a number > 0' }]);
  });
});
