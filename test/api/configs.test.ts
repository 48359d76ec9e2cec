import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConfigCheck, DatasetSamples, Preset, Settings, TextFile } from '../../src-main/api/contract';
import { describePreset } from '../../src-main/api/presets';
import type { AppServices } from '../../src-main/api/services';
import { resourcesDir } from '../../src-main/paths';
import { validateSweepConfig } from '../../src-main/sweep/configSchema';
import { TYPO_ISSUES, TYPO_JSON, TYPO_KEYS, TYPO_YAML } from '../sweep/typoConfig';
import { call, failure, openServices, tempDir, tinyIrisConfig } from './helpers';

let t: ReturnType<typeof tempDir>;
let s: AppServices;

beforeEach(() => {
  t = tempDir();
  s = openServices(t.dir);
});
afterEach(async () => {
  await s.close();
  t.cleanup();
});

const error = (method: string, payload: unknown) => failure(s, method, payload);

describe('checkConfig', () => {
  it('counts the trials, fills in the defaults and estimates the time', async () => {
    const config = tinyIrisConfig({ train: { epochs: 400, batchSize: 8, lr: 0.1 }, search: { params: { 'train.lr': [0.01, 0.1, 1], 'model.hidden': [4, 8] } }, concurrency: 1 });
    const check = await call<ConfigCheck>(s, 'checkConfig', { config });
    expect(check.ok).toBe(true);
    expect(check.trials).toBe(6);
    expect(check.config?.train.optimizer).toBe('sgd');
    expect(check.config?.backend).toBe('auto');
    // 6 short trials one at a time, 5,600 steps each: per-step overhead, seconds not minutes.
    expect(check.estimateSeconds).toBeGreaterThanOrEqual(3);
    expect(check.estimateSeconds).toBeLessThan(30);
    // Twice the concurrency, about half the time (the one worker start-up is not halved).
    const parallel = await call<ConfigCheck>(s, 'checkConfig', { config: { ...config, concurrency: 2 } });
    expect(parallel.estimateSeconds!).toBeLessThan(check.estimateSeconds! * 0.7);
    expect(parallel.estimateSeconds!).toBeGreaterThan(check.estimateSeconds! * 0.4);
  });

  it('estimates a Fashion-MNIST MLP as the heavy job it is', async () => {
    const preset = (await call<Preset[]>(s, 'presets')).find((p) => p.id === 'seed-iris')!;
    const iris = await call<ConfigCheck>(s, 'checkConfig', { config: preset.config });
    const fashionOn = (backend: string) =>
      call<ConfigCheck>(s, 'checkConfig', {
        config: { name: 'f', dataset: { name: 'fashion-mnist-subset' }, engine: 'scratch', backend, model: { hidden: [256] }, train: { epochs: 20, batchSize: 128, lr: 0.01 }, concurrency: 1 },
      });
    // On the TypeScript ops: 1,620 training images × 20 epochs × 203k multiply-adds × 6
    // FLOPs / 5 GFLOP/s ≈ 8 s, plus start-up (measured: 10 epochs train in ≈ 4 s on the
    // build machine). Pinned to `js`: `auto` is the native ops wherever the addon is built.
    const fashion = await fashionOn('js');
    expect(fashion.estimateSeconds).toBeGreaterThanOrEqual(7);
    expect(fashion.estimateSeconds).toBeLessThanOrEqual(12);
    expect(fashion.estimateSeconds!).toBeGreaterThan(iris.estimateSeconds! / 6);
    expect(iris.trials).toBe(12);
    // The native ops do the arithmetic 16× faster: what is left is mostly start-up.
    const native = await fashionOn('native');
    expect(native.estimateSeconds).toBeGreaterThanOrEqual(1);
    expect(native.estimateSeconds!).toBeLessThan(fashion.estimateSeconds! / 4);
  });

  it('returns issues (not an error) for an invalid config', async () => {
    const check = await call<ConfigCheck>(s, 'checkConfig', {
      config: { ...tinyIrisConfig(), train: { epochs: 0, batchSize: 8, lr: 0.1 }, search: { params: { 'train.nope': [1] } } },
    });
    expect(check).toMatchObject({ ok: false, trials: 0, estimateSeconds: null, config: null });
    expect(check.issues).toContainEqual({ path: 'train.epochs', message: 'must be a positive integer' });
    expect(check.issues.map((i) => i.path)).toContain('search.params.train.nope');
  });

  it('says so when the payload is not an object', async () => {
    const check = await call<ConfigCheck>(s, 'checkConfig', { config: 'lr=0.1' });
    expect(check.ok).toBe(false);
    expect(check.issues[0].message).toContain('must be an object');
  });

  it('refuses a sweep of more trials than anyone can look at', async () => {
    const wide = { 'train.lr': { min: 0.001, max: 1, count: 1000 }, 'train.seed': { min: 0, max: 99, count: 100, integer: true } };
    const check = await call<ConfigCheck>(s, 'checkConfig', { config: tinyIrisConfig({ search: { params: wide } }) });
    expect(check.ok).toBe(false);
    expect(check.issues[0]).toMatchObject({ path: 'search' });
    expect(check.issues[0].message).toContain('100,000 trials');
    expect((await error('createSweep', { config: tinyIrisConfig({ search: { params: wide } }) })).code).toBe('BAD_INPUT');
  });

  it('takes the default backend from the settings when the config names none', async () => {
    await call(s, 'setSettings', { backend: 'cpu' });
    const tfjs = { ...tinyIrisConfig(), engine: 'tfjs' };
    expect((await call<ConfigCheck>(s, 'checkConfig', { config: tfjs })).config?.backend).toBe('cpu');
    expect((await call<ConfigCheck>(s, 'checkConfig', { config: { ...tfjs, backend: 'wasm' } })).config?.backend).toBe('wasm');
    // The CLI's door: a config the schema already filled in (backend 'auto') gets the same.
    expect((await call<ConfigCheck>(s, 'checkConfig', { config: { ...tfjs, backend: 'auto' } })).config?.backend).toBe('cpu');
  });

  it('leaves the settings\' backend out of scratch configs and of sweeps over both engines', async () => {
    await call(s, 'setSettings', { backend: 'wasm' });
    const scratch = await call<ConfigCheck>(s, 'checkConfig', { config: tinyIrisConfig() });
    expect(scratch).toMatchObject({ ok: true, issues: [] });
    expect(scratch.config?.backend).toBe('auto');
    const both = await call<ConfigCheck>(s, 'checkConfig', { config: tinyIrisConfig({ search: { params: { engine: ['scratch', 'tfjs'] } } }) });
    expect(both).toMatchObject({ ok: true, issues: [] });
    expect(both.config?.backend).toBe('auto');
    // A scratch config naming its own backend keeps it.
    expect((await call<ConfigCheck>(s, 'checkConfig', { config: tinyIrisConfig({ backend: 'js' }) })).config?.backend).toBe('js');
  });

  it('refuses a backend the engine does not take, on the backend field', async () => {
    const check = await call<ConfigCheck>(s, 'checkConfig', { config: tinyIrisConfig({ backend: 'wasm' }) });
    expect(check.ok).toBe(false);
    expect(check.issues).toEqual([{ path: 'backend', message: '"wasm" is not a backend of the scratch engine (it takes auto, native, js)' }]);
    const e = await error('createSweep', { config: { ...tinyIrisConfig(), engine: 'tfjs', backend: 'native' } });
    expect(e.code).toBe('BAD_INPUT');
    expect(e.issues).toEqual([{ path: 'backend', message: '"native" is not a backend of TensorFlow.js (it takes auto, tensorflow, wasm, cpu)' }]);
  });
});

/**
 * The checks the CLI makes, made the same way for the form and the API: each of these
 * once crashed (HTTP 500), was dropped without a word, or passed and failed at trial time.
 */
describe('checkConfig and createSweep refuse what the CLI refuses', () => {
  const withKey = (key: string) => JSON.parse(JSON.stringify(tinyIrisConfig({ search: { params: { placeholder: [1] } } })).replace('"placeholder"', JSON.stringify(key)));

  it.each(['constructor', 'toString', 'hasOwnProperty', '__proto__'])('search key %s is an issue on its field, not an internal error', async (key) => {
    const check = await call<ConfigCheck>(s, 'checkConfig', { config: withKey(key) });
    expect(check.ok).toBe(false);
    expect(check.issues[0].path).toBe(`search.params.${key}`);
    const e = await error('createSweep', { config: withKey(key) });
    expect(e.code).toBe('BAD_INPUT');
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(await call(s, 'listSweeps')).toEqual([]);
  });

  it('a sweep that cannot fit in memory: the field and the estimate', async () => {
    const seeds = Array.from({ length: 16 }, (_, i) => i);
    const config = tinyIrisConfig({ model: { hidden: [20000, 20000] }, train: { epochs: 1, batchSize: 8, lr: 0.1, optimizer: 'adamw' }, search: { params: { 'train.seed': seeds } }, concurrency: 16 });
    const check = await call<ConfigCheck>(s, 'checkConfig', { config });
    expect(check.ok).toBe(false);
    expect(check.issues[0].path).toBe('model.hidden');
    expect(check.issues[0].message).toMatch(/needs about \d+\.\d GB .*16 at once \(concurrency\) need about \d+ GB, more than the [\d.]+ GB this machine can spare/);
    expect((await error('createSweep', { config })).code).toBe('BAD_INPUT');
    expect(await call(s, 'listSweeps')).toEqual([]);
  });

  it('concurrency above the bound, and a CSV that does not parse, are issues before anything is written', async () => {
    expect((await call<ConfigCheck>(s, 'checkConfig', { config: tinyIrisConfig({ concurrency: 10000 }) })).issues).toEqual([{ path: 'concurrency', message: 'must be ≤ 64' }]);
    const csv = path.join(t.dir, 'ragged.csv');
    writeFileSync(csv, 'a,b,label\n1,2,x\n3,4\n5,6,y\n');
    const config = tinyIrisConfig({ dataset: { name: 'csv', path: csv, label: 'label' } });
    const check = await call<ConfigCheck>(s, 'checkConfig', { config });
    expect(check.issues).toEqual([{ path: 'dataset.path', message: `${csv}: line 3: expected 3 cells, found 2` }]);
    expect((await error('createSweep', { config })).message).toBe(`config: dataset.path: ${csv}: line 3: expected 3 cells, found 2`);
    expect(await call(s, 'listSweeps')).toEqual([]);
  });

  it('formatConfig refuses deep nesting (it overflowed the stack: HTTP 500) and a cycle', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    for (const format of ['json', 'yaml']) {
      const e = await error('formatConfig', { config: { name: 'x', model: deep }, format });
      expect(e.code).toBe('BAD_INPUT');
      expect(e.message).toBe('config: model[0][0]: nested more than 32 levels deep');
    }
    const loop: Record<string, unknown> = { name: 'x' };
    loop.self = loop;
    expect((await error('formatConfig', { config: loop, format: 'json' })).code).toBe('BAD_INPUT');
  });

  it('parseConfig refuses __proto__ by name, and deep text before parsing it', async () => {
    const proto = await error('parseConfig', { name: 'p.json', text: '{"name": "x", "__proto__": {"polluted": true}}' });
    expect(proto).toMatchObject({ code: 'BAD_INPUT', message: 'p.json: __proto__: is a reserved name: __proto__, constructor, prototype cannot be used as keys' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    for (const name of ['deep.json', 'deep.yaml']) {
      const e = await error('parseConfig', { name, text: `{"name": ${'['.repeat(100_000)}${']'.repeat(100_000)}}` });
      expect(e).toMatchObject({ code: 'BAD_INPUT', message: `${name}: line 1, column 41: nested more than 32 levels deep` });
    }
  });
});

describe('presets', () => {
  it('lists every example config, seed presets first, each valid with a title', async () => {
    const presets = await call<Preset[]>(s, 'presets');
    const files = readdirSync(path.join(resourcesDir(), 'examples')).filter((f) => f.endsWith('.json'));
    expect(presets.map((p) => `${p.id}.json`).sort()).toEqual(files.sort());
    expect(presets[0].id.startsWith('seed-')).toBe(true);
    const iris = presets.find((p) => p.id === 'seed-iris')!;
    expect(iris.title).toBe('Part 1 of the course assignment');
    expect(iris.description).toMatch(/^A from-scratch one-hidden-layer ReLU network on Iris/);
    for (const p of presets) {
      expect(validateSweepConfig(p.config).ok, p.id).toBe(true);
      expect(p.title.length).toBeGreaterThan(0);
    }
  });

  it('skips a broken example instead of failing the list', async () => {
    const res = path.join(t.dir, 'resources');
    mkdirSync(path.join(res, 'examples'), { recursive: true });
    mkdirSync(path.join(res, 'datasets'), { recursive: true });
    writeFileSync(path.join(res, 'examples', 'good.json'), JSON.stringify({ ...tinyIrisConfig(), description: 'no colon here' }));
    writeFileSync(path.join(res, 'examples', 'bad.json'), '{ "name": ');
    const other = openServices(t.dir, { dbPath: path.join(t.dir, 'other.db'), env: { ...process.env, SWEEPLAB_RESOURCES: res } });
    try {
      const presets = await call<Preset[]>(other, 'presets');
      expect(presets.map((p) => p.id)).toEqual(['good']);
      expect(presets[0].title).toBe('tiny-iris');
    } finally {
      await other.close();
    }
  });

  it('takes the title from before a colon only when that is short', () => {
    expect(describePreset('x', { name: 'n', description: 'A: b' })).toEqual({ title: 'A', description: 'B' });
    const long = `${'word '.repeat(20)}: rest`;
    expect(describePreset('x', { name: 'n', description: long }).title).toBe('n');
  });
});

describe('parseConfig and formatConfig', () => {
  it('parses JSON and YAML by file extension', async () => {
    const config = tinyIrisConfig();
    expect(await call(s, 'parseConfig', { name: 'a.json', text: JSON.stringify(config) })).toEqual({ config });
    expect(await call(s, 'parseConfig', { name: 'a.YML', text: YAML.stringify(config) })).toEqual({ config });
  });

  it('names the file, the line and the column of a JSON syntax error', async () => {
    const text = '{\n  "name": "x",\n  "train": { "lr": 0.1, }\n}\n';
    const e = await error('parseConfig', { name: 'sweep.json', text });
    expect(e.code).toBe('BAD_INPUT');
    expect(e.issues).toEqual([{ path: 'line 3, column 25', message: 'not valid JSON: a trailing comma (JSON allows none before a closing bracket)' }]);
    expect(e.message).toBe(`sweep.json: line 3, column 25: ${e.issues![0].message}`);
  });

  it('names the file, the line and the column of a YAML syntax error', async () => {
    const e = await error('parseConfig', { name: 'sweep.yaml', text: 'name: x\ntrain:\n  lr: 1\n\tepochs: 2\n' });
    expect(e.code).toBe('BAD_INPUT');
    expect(e.issues).toEqual([{ path: 'line 4, column 1', message: expect.stringMatching(/^not valid YAML: Tabs are not allowed as indentation/) }]);
    expect(e.message).toMatch(/^sweep\.yaml: line 4, column 1: not valid YAML: /);
  });

  it('refuses a file with mistyped keys as the CLI does, listing every one', async () => {
    for (const [name, text] of [['typos.yaml', TYPO_YAML], ['typos.json', TYPO_JSON]]) {
      const e = await error('parseConfig', { name, text });
      expect(e.code).toBe('BAD_INPUT');
      expect(e.issues).toEqual(TYPO_ISSUES);
      expect(e.message.split('\n')).toEqual([`${name}: 3 problems`, ...TYPO_KEYS.map((k) => `  ${k}: unknown key`)]);
    }
    // The check and the launch of the same config say the same, and nothing is written.
    const config = JSON.parse(TYPO_JSON);
    expect((await call<ConfigCheck>(s, 'checkConfig', { config })).issues).toEqual(TYPO_ISSUES);
    const launch = await error('createSweep', { config });
    expect(launch.issues).toEqual(TYPO_ISSUES);
    expect(launch.message).toBe(['config: 3 problems', ...TYPO_KEYS.map((k) => `  ${k}: unknown key`)].join('\n'));
    expect(await call(s, 'listSweeps')).toEqual([]);
  });

  it('opens a file whose values are wrong, for the form to mark them', async () => {
    const config = { ...tinyIrisConfig(), train: { epochs: 0, batchSize: 8, lr: -1 } };
    expect(await call(s, 'parseConfig', { name: 'wrong.json', text: JSON.stringify(config) })).toEqual({ config });
  });

  it('refuses other extensions and documents that are not objects', async () => {
    expect((await error('parseConfig', { name: 'sweep.toml', text: 'a = 1' })).message).toContain('must end in .json, .yaml or .yml');
    expect((await error('parseConfig', { name: 'list.yaml', text: '- 1\n- 2\n' })).message).toContain('must be an object');
  });

  it('writes JSON (2-space) and YAML named after the config, that parse back to the same config', async () => {
    const config = tinyIrisConfig({ name: 'My LR sweep!' });
    const json = await call<TextFile>(s, 'formatConfig', { config, format: 'json' });
    expect(json.filename).toBe('my-lr-sweep.json');
    expect(json.text).toContain('\n  "name": "My LR sweep!"');
    expect(JSON.parse(json.text)).toEqual(config);
    const yaml = await call<TextFile>(s, 'formatConfig', { config, format: 'yaml' });
    expect(yaml.filename).toBe('my-lr-sweep.yaml');
    expect(await call(s, 'parseConfig', { name: yaml.filename, text: yaml.text })).toEqual({ config });
    expect(await call(s, 'parseConfig', { name: json.filename, text: json.text })).toEqual({ config });
  });
});

describe('settings', () => {
  it('persists in the database and applies null as "back to default"', async () => {
    expect(await call<Settings>(s, 'getSettings')).toEqual({ dataDir: null, backend: 'auto', concurrency: null, queue: null });
    const updated = await call<Settings>(s, 'setSettings', { dataDir: t.dir, concurrency: 3 });
    expect(updated).toEqual({ dataDir: t.dir, backend: 'auto', concurrency: 3, queue: null });
    await s.close();
    s = openServices(t.dir);
    expect(await call<Settings>(s, 'getSettings')).toEqual(updated);
    expect(await call<Settings>(s, 'setSettings', { dataDir: null })).toEqual({ dataDir: null, backend: 'auto', concurrency: 3, queue: null });
  });

  it('keeps the default backend among TensorFlow.js\'s', async () => {
    expect(await call<Settings>(s, 'setSettings', { backend: 'tensorflow' })).toMatchObject({ backend: 'tensorflow' });
    const e = await error('setSettings', { backend: 'native' });
    expect(e.code).toBe('BAD_INPUT');
    expect(e.issues).toEqual([{ path: 'backend', message: 'must be one of auto, tensorflow, wasm, cpu' }]);
    expect(await call<Settings>(s, 'getSettings')).toMatchObject({ backend: 'tensorflow' });
    // A scratch backend stored by hand (or another version) reads back as the default.
    s.store.settings.set('backend', 'native');
    expect(await call<Settings>(s, 'getSettings')).toMatchObject({ backend: 'auto' });
  });

  it('refuses a data folder that does not exist', async () => {
    const e = await error('setSettings', { dataDir: path.join(t.dir, 'missing') });
    expect(e.code).toBe('BAD_INPUT');
    expect(e.issues?.[0].path).toBe('dataDir');
  });

  it('uses the data folder setting to find Fashion-MNIST', async () => {
    const dir = path.join(t.dir, 'my-data');
    mkdirSync(dir);
    // The real files when the Debian package is installed; otherwise the folder stays empty.
    const system = '/usr/share/datasets/fashion-mnist';
    const installed = existsSync(system);
    if (installed) for (const f of readdirSync(system)) symlinkSync(path.join(system, f), path.join(dir, f));
    await call(s, 'setSettings', { dataDir: dir });
    const list = await call<{ name: string; location: string | null; note?: string }[]>(s, 'listDatasets');
    const full = list.find((d) => d.name === 'fashion-mnist')!;
    if (installed) expect(full.location).toBe(dir);
    else expect(full.note).toContain(dir);
  });
});

describe('datasetSamples', () => {
  it('returns Fashion-MNIST images as gray levels with their labels and the class counts', async () => {
    const r = await call<DatasetSamples>(s, 'datasetSamples', { name: 'fashion-mnist-subset', count: 9, seed: 3 });
    expect(r.classes).toHaveLength(10);
    expect(r.images).toMatchObject({ width: 28, height: 28, count: 9 });
    const pixels = Buffer.from(r.images!.pixelsBase64, 'base64');
    expect(pixels.length).toBe(9 * 28 * 28);
    expect(Math.max(...pixels)).toBeGreaterThan(200);
    // Nine different classes in a 3×3 grid, as pickSamples promises.
    expect(new Set(r.labels).size).toBe(9);
    expect(r.classCounts.reduce((a, b) => a + b, 0)).toBeGreaterThan(1000);
    expect(r.rows).toBeNull();
    // Same seed, same picks.
    expect((await call<DatasetSamples>(s, 'datasetSamples', { name: 'fashion-mnist-subset', count: 9, seed: 3 })).labels).toEqual(r.labels);
  });

  it('returns raw feature rows for tabular data', async () => {
    const r = await call<DatasetSamples>(s, 'datasetSamples', { name: 'iris', count: 5, seed: 0 });
    expect(r.images).toBeNull();
    expect(r.featureNames).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
    expect(r.rows).toHaveLength(5);
    // Not standardised: Iris petal lengths are between 1 and 7 cm.
    for (const row of r.rows!) expect(row[2]).toBeGreaterThanOrEqual(1);
    expect(r.classCounts).toEqual([35, 35, 35]);
  });

  it('reads a CSV by path and reports a missing one as NOT_FOUND', async () => {
    const csv = path.join(t.dir, 'pts.csv');
    writeFileSync(csv, 'x,y,label\n' + Array.from({ length: 20 }, (_, i) => `${i},${i * 2},${i % 2 ? 'odd' : 'even'}`).join('\n'));
    const r = await call<DatasetSamples>(s, 'datasetSamples', { name: 'csv', path: csv, count: 3, seed: 0 });
    expect(r.classes).toEqual(['even', 'odd']);
    expect(r.featureNames).toEqual(['x', 'y']);
    expect((await error('datasetSamples', { name: 'csv', path: path.join(t.dir, 'nope.csv'), count: 3, seed: 0 })).code).toBe('NOT_FOUND');
  });
});
