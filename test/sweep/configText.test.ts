/**
 * The one reader of config text (sweep/configText.ts), used by the CLI and the API alike:
 * it once came in two versions that accepted different files. Each case here is a file a
 * person could write, and what every door must say about it.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../src-main/sweep/configFile';
import { describeProblems } from '../../src-main/sweep/configIssues';
import { formatConfigText, parseConfigForEditing, parseConfigText } from '../../src-main/sweep/configText';
import { runCli, ROOT } from '../cli/helpers';
import { refusal, scratchDir } from './helpers';
import { TYPO_ISSUES, TYPO_JSON, TYPO_KEYS, TYPO_YAML } from './typoConfig';

const { dir, write } = scratchDir('sweeplab-text-');

const issuesOf = (fn: () => unknown) => refusal(fn).issues;

describe('a file with mistyped keys', () => {
  it('is refused by the CLI: exit 2, each key on its own line, no database', async () => {
    const file = write('typos.yaml', TYPO_YAML);
    const db = path.join(dir, 'typos.db');
    const r = await runCli(['sweep', file, '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toEqual([`sweeplab: ${file}: 3 problems`, '  model.activaton: unknown key', '  train.learning_rate: unknown key', '  concurency: unknown key']);
    expect(existsSync(db)).toBe(false);
  });

  it('is refused the same way in JSON and YAML, for running and for editing', () => {
    for (const [name, text] of [['typos.yaml', TYPO_YAML], ['typos.json', TYPO_JSON]]) {
      const file = write(name, text);
      expect(issuesOf(() => loadConfigFile(file))).toEqual(TYPO_ISSUES);
      const e = refusal(() => parseConfigForEditing(text, name));
      expect(e.issues).toEqual(TYPO_ISSUES);
      expect(e.message).toBe([`${name}: 3 problems`, ...TYPO_KEYS.map((k) => `  ${k}: unknown key`)].join('\n'));
    }
  });

  it('for editing, lists the other problems the CLI would list too, and opens a file without unknown keys', () => {
    const text = TYPO_YAML.replace('lr: 0.03', 'lr: -1');
    expect(issuesOf(() => parseConfigForEditing(text, 'x.yaml')).map((i) => i.path)).toEqual(['model.activaton', 'train.lr', 'train.learning_rate', 'concurency']);
    // Only invalid values: the form shows them on their fields, so the file opens.
    expect(parseConfigForEditing('name: x\ntrain: {lr: -1}\n', 'x.yaml')).toEqual({ name: 'x', train: { lr: -1 } });
  });
});

describe('syntax errors', () => {
  it.each([
    ['JSON: a value missing', 'a.json', '{\n  "name": "x",\n  "train": { "lr": }\n}\n', 'line 3, column 20', 'not valid JSON: expected a value'],
    ['JSON: a trailing comma', 'a.json', '{\n  "name": "x",\n  "train": { "lr": 0.1, }\n}\n', 'line 3, column 25', 'not valid JSON: a trailing comma (JSON allows none before a closing bracket)'],
    ['JSON: a bare word', 'a.json', '{"name": "x",\n "engine": tfjs}', 'line 2, column 12', 'not valid JSON: unexpected "tfjs"'],
    ['JSON: a comment', 'a.json', '{\n  // the name\n  "name": "x"\n}', 'line 2, column 3', 'not valid JSON: comments are not allowed in JSON'],
    ['JSON: not closed', 'a.json', '{"name": "x"', 'line 1, column 13', 'not valid JSON: expected } to close the object'],
    ['JSON: empty', 'a.json', '', 'line 1, column 1', 'not valid JSON: expected a value'],
    ['YAML: a tab as indentation', 'a.yaml', 'name: x\ntrain:\n  lr: 1\n\tepochs: 2\n', 'line 4, column 1', 'not valid YAML: Tabs are not allowed as indentation'],
    ['YAML: an unclosed quote', 'a.yml', 'name: "x\nengine: tfjs\n', 'line 3, column 1', 'not valid YAML: Missing closing "quote'],
    ['YAML: two documents', 'a.yaml', 'name: x\n---\nname: y\n', 'line 2, column 1', 'not valid YAML: a config file holds one document, and this one starts a second (---)'],
  ])('%s: the line and the column', (_what, name, text, where, message) => {
    const e = refusal(() => parseConfigText(text, name));
    expect(e.issues).toEqual([{ path: where, message }]);
    expect(e.message).toBe(`${name}: ${where}: ${message}`);
  });

  it('is counted from after a byte-order mark, which is not an error', () => {
    expect(parseConfigText('\uFEFF{"name": "x"}', 'a.json')).toEqual({ name: 'x' });
    expect(refusal(() => parseConfigText('\uFEFF{"name": }', 'a.json')).issues[0].path).toBe('line 1, column 10');
  });
});

describe('what both formats refuse alike', () => {
  it('a key given twice: every one, by path and line (JSON.parse kept the last without a word)', () => {
    const json = '{\n  "name": "x",\n  "train": {"lr": 0.1, "lr": 0.2},\n  "name": "y"\n}';
    expect(issuesOf(() => parseConfigText(json, 'd.json'))).toEqual([
      { path: 'train.lr', message: 'appears more than once (again at line 3, column 24)' },
      { path: 'name', message: 'appears more than once (again at line 4, column 3)' },
    ]);
    const yaml = 'name: x\ntrain:\n  lr: 0.1\n  lr: 0.2\nname: y\n';
    expect(issuesOf(() => parseConfigText(yaml, 'd.yaml'))).toEqual([
      { path: 'name', message: 'appears more than once (again at line 5, column 1)' },
      { path: 'train.lr', message: 'appears more than once (again at line 4, column 3)' },
    ]);
  });

  it('reserved keys, another extension, a list, and more bytes than the limit', () => {
    expect(refusal(() => parseConfigText('{"__proto__": {"x": 1}}', 'p.json')).message).toBe('p.json: __proto__: is a reserved name: __proto__, constructor, prototype cannot be used as keys');
    expect(refusal(() => parseConfigText('constructor: 1\n', 'p.yaml')).message).toContain('p.yaml: constructor: is a reserved name');
    expect(refusal(() => parseConfigText('a = 1', 'p.toml')).message).toBe('p.toml: the name must end in .json, .yaml or .yml (it says which format the file is in)');
    expect(refusal(() => parseConfigText('[1]', 'p.json')).message).toBe('p.json: must be an object with name, dataset, model and train');
    // Counted in bytes, as the CLI reads files: 400,000 three-byte characters are 1.2 MB.
    expect(refusal(() => parseConfigText(`name: ${'€'.repeat(400_000)}\n`, 'big.yaml')).message).toBe('big.yaml: 1,200,007 bytes is too large for a config file (at most 1,000,000 bytes)');
  });

  it('an alias with no anchor, where it is', () => {
    expect(issuesOf(() => parseConfigText('name: x\nmodel: *m\n', 'a.yaml'))).toEqual([{ path: 'model', message: 'the alias *m has no anchor &m before it (line 2, column 8)' }]);
  });
});

describe('formatConfigText', () => {
  const config = {
    name: 'Ünïcode: sweep #1',
    description: 'Two lines,\nthe second with "quotes" and a tab\t.\n',
    dataset: { name: 'csv', path: 'data/iris.csv', label: '3', split: { train: 0.7, val: 0.1, test: 0.2 }, standardize: false },
    engine: 'scratch',
    model: { hidden: [64, 32] },
    train: { epochs: 5, batchSize: 16, optimizer: 'adamw', lr: 1e-4, weightDecay: 0 },
    search: { strategy: 'grid', params: { 'train.lr': [0.001, 0.01], 'model.hidden': [[64], [128, 64]], 'train.optimizer': ['sgd', 'yes', 'null', '1e3'] } },
  };

  it.each(['json', 'yaml'] as const)('%s reads back to the same config', (format) => {
    const file = formatConfigText(config, format);
    expect(file.filename).toBe(`unicode-sweep-1.${format}`);
    expect(parseConfigText(file.text, file.filename)).toEqual(config);
  });
});

it('no "(and N more)" is left anywhere: every problem is listed', () => {
  const files = (d: string): string[] =>
    readdirSync(d).flatMap((f) => {
      const p = path.join(d, f);
      return statSync(p).isDirectory() ? files(p) : /\.(ts|vue)$/.test(f) ? [p] : [];
    });
  const summaries = [...files(path.join(ROOT, 'src-main')), ...files(path.join(ROOT, 'src-renderer/src'))].filter((f) => /\(and \$\{[^}]*\} more\)|\(and \d+ more\)/.test(readFileSync(f, 'utf8')));
  expect(summaries.map((f) => path.relative(ROOT, f))).toEqual([]);
  expect(describeProblems('x.yaml', TYPO_ISSUES).split('\n')).toHaveLength(4);
});
