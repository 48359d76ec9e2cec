/**
 * User keys never reach into Object.prototype, and deep nesting is refused before
 * anything recursive sees it: each case here once crashed validation, was dropped
 * silently, or polluted every object in the process.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { applyOverride, loadConfigFile, parseSetOverride } from '../../src-main/sweep/configFile';
import { validateSweepConfig } from '../../src-main/sweep/configSchema';
import { configTreeProblem } from '../../src-main/sweep/configTree';
import { MAX_CONFIG_DEPTH } from '../../src-main/sweep/limits';
import { setPath } from '../../src-main/sweep/searchSpace';
import { jsonNestingProblem, yamlNestingProblem } from '../../src-main/sweep/textNesting';
import { refusal, scratchDir } from './helpers';

const { write } = scratchDir('sweeplab-tree-');

const base = {
  name: 'c',
  dataset: { name: 'iris' },
  model: { hidden: [10] },
  train: { epochs: 3, batchSize: 16, lr: 0.03 },
};



/** Object.prototype as a fresh object sees it: nothing added by the code under test. */
function prototypeIsClean(): boolean {
  const probe = {} as Record<string, unknown>;
  return probe.polluted === undefined && probe.x === undefined && Object.keys(Object.prototype).length === 0;
}

afterEach(() => {
  // A failing case must not leak into the next one.
  delete (Object.prototype as Record<string, unknown>).polluted;
  expect(prototypeIsClean()).toBe(true);
});

const nested = (depth: number, leaf: unknown = 1): unknown => {
  let v: unknown = leaf;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
};

describe('search keys that are names of Object.prototype', () => {
  it.each(['constructor', 'toString', 'hasOwnProperty', 'valueOf'])('%s is an issue on its field, not a crash', (key) => {
    const r = validateSweepConfig({ ...base, search: { params: { [key]: [1, 2] } } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues[0].path).toBe(`search.params.${key}`);
    expect(r.issues[0].message).toMatch(key === 'constructor' ? /reserved name/ : /cannot be swept \(sweepable: train\.lr/);
  });

  it('__proto__ from JSON.parse (an own key) is refused by name, not dropped', () => {
    const raw = JSON.parse(`{"name":"c","dataset":{"name":"iris"},"model":{"hidden":[10]},"train":{"epochs":3,"batchSize":16,"lr":0.03},"search":{"params":{"__proto__":[1]}}}`);
    const r = validateSweepConfig(raw);
    expect(r).toEqual({ ok: false, issues: [{ path: 'search.params.__proto__', message: expect.stringMatching(/reserved name/) }] });
    // And at the top level of a file.
    const file = write('proto.json', `{"__proto__": {"polluted": 1}, "name": "c"}`);
    expect(refusal(() => loadConfigFile(file)).message).toBe(`${file}: __proto__: is a reserved name: __proto__, constructor, prototype cannot be used as keys`);
  });

  it('YAML __proto__ and constructor keys are refused by name', () => {
    const yaml = 'name: c\nmodel: {hidden: [10]}\ntrain: {epochs: 3, batchSize: 16, lr: 0.03}\n';
    const proto = write('p.yaml', `${yaml}dataset: {name: iris}\nsearch:\n  params:\n    __proto__: [1]\n`);
    expect(refusal(() => loadConfigFile(proto)).message).toBe(`${proto}: search.params.__proto__: is a reserved name: __proto__, constructor, prototype cannot be used as keys`);
    const ctor = write('c.yaml', `${yaml}dataset:\n  name: iris\n  constructor: {x: 1}\n`);
    expect(refusal(() => loadConfigFile(ctor)).message).toContain('dataset.constructor: is a reserved name');
  });
});

describe('--set and setPath', () => {
  it.each([
    ['__proto__.polluted=1', '"__proto__" is a reserved name'],
    ['constructor.prototype.polluted=1', '"constructor" is a reserved name'],
    ['train.__proto__.polluted=1', '"__proto__" is a reserved name'],
    ['search.params.__proto__=[1]', '"__proto__" is a reserved name'],
    ['search.params.constructor=[1]', '"constructor" is a reserved name'],
    ['train..lr=1', 'empty field name'],
  ])('--set %s is refused and Object.prototype stays clean', (arg, message) => {
    const file = write('set.json', JSON.stringify(base));
    const e = refusal(() => loadConfigFile(file, [arg]));
    expect(e.message).toContain(`--set ${arg.slice(0, arg.indexOf('='))}: ${message}`);
    expect(prototypeIsClean()).toBe(true);
  });

  it('search.params.toString and hasOwnProperty are named as not sweepable', () => {
    const file = write('set2.json', JSON.stringify(base));
    for (const key of ['toString', 'hasOwnProperty'])
      expect(refusal(() => loadConfigFile(file, [`search.params.${key}=[1]`])).message).toContain(`search.params.${key}: cannot be swept`);
  });

  it('setPath walks own properties only', () => {
    const target: Record<string, unknown> = {};
    expect(() => setPath(target, '__proto__.polluted', 1)).toThrow(/reserved name/);
    expect(() => setPath(target, 'a.prototype', 1)).toThrow(/reserved name/);
    // An inherited name is not an object to write into: `toString` becomes an own field.
    setPath(target, 'toString.x', 1);
    expect(Object.hasOwn(target, 'toString')).toBe(true);
    expect(prototypeIsClean()).toBe(true);
    const raw: Record<string, unknown> = { search: 'grid' };
    expect(() => applyOverride(raw, 'search.params.train.lr', [1])).toThrow(/"search" is not an object/);
  });

  it('a --set value nested too deeply is refused before YAML parses it', () => {
    const e = refusal(() => parseSetOverride(`model.hidden=${'['.repeat(10_000)}${']'.repeat(10_000)}`));
    expect(e.message).toBe(`--set model.hidden: the value is nested more than ${MAX_CONFIG_DEPTH} levels deep`);
  });
});

describe('nesting', () => {
  it('configTreeProblem refuses more than the limit, names the field, and does not recurse', () => {
    expect(configTreeProblem({ a: nested(MAX_CONFIG_DEPTH - 1) })).toBeNull();
    expect(configTreeProblem({ a: nested(MAX_CONFIG_DEPTH) })).toEqual({ path: 'a[0][0]', message: `nested more than ${MAX_CONFIG_DEPTH} levels deep` });
    // 100,000 levels would overflow any recursive walk.
    expect(configTreeProblem({ search: { params: { x: nested(100_000) } } })?.path).toBe('search.params.x');
  });

  it('ends on shared and cyclic objects', () => {
    const shared = { a: 1 };
    const wide = Array.from({ length: 1000 }, () => Array.from({ length: 1000 }, () => shared));
    expect(configTreeProblem({ wide })).toBeNull();
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(configTreeProblem(loop)?.message).toMatch(/nested more than/);
  });

  it('deep JSON and YAML files are refused with their line, before the parsers recurse', () => {
    const deepJson = write('deep.json', `{"name": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    expect(refusal(() => loadConfigFile(deepJson)).message).toBe(`${deepJson}: line 1, column ${9 + MAX_CONFIG_DEPTH}: nested more than ${MAX_CONFIG_DEPTH} levels deep`);
    // YAML's composer overflowed at 1,000 levels, and ran Node out of memory at 10,000.
    const deepYaml = write('deep.yaml', `name: c\nmodel: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`);
    expect(refusal(() => loadConfigFile(deepYaml)).message).toMatch(/deep\.yaml: line 2, column \d+: nested more than 32 levels deep/);
    const dashes = write('dashes.yaml', `name: c\nmodel:\n  ${'- '.repeat(5000)}x\n`);
    expect(refusal(() => loadConfigFile(dashes)).message).toMatch(/nested more than 32 levels deep/);
  });

  it('the text scans ignore brackets in strings and accept what a real config nests', () => {
    expect(jsonNestingProblem(JSON.stringify({ name: '['.repeat(100), search: { params: { 'model.hidden': [[64, 32]] } } }))).toBeNull();
    expect(yamlNestingProblem(`name: "${'['.repeat(100)}"\nsearch:\n  params:\n    model.hidden: [[64, 32], 10]\n`)).toBeNull();
    expect(jsonNestingProblem(`{"a": "\\"${'['.repeat(40)}"}`)).toBeNull();
  });

  it('closing brackets first do not let as many opening ones through', () => {
    expect(jsonNestingProblem(`${']'.repeat(1000)}${'['.repeat(1000)}`)).toMatchObject({ line: 1, column: 1000 + MAX_CONFIG_DEPTH + 1 });
  });
});
