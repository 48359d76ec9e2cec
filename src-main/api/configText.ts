/**
 * Config files as text: parsing what a person opened or dropped (JSON or YAML, by the
 * file's extension) with errors that name the file and the line, and writing a config
 * back out. Node 20's JSON.parse rarely says where it failed, so a small scanner finds
 * the spot; YAML's parser reports lines itself. Both directions refuse what the CLI
 * refuses: nesting deeper than MAX_CONFIG_DEPTH (measured before anything recursive
 * runs) and reserved keys such as `__proto__` (configTree.ts).
 */
import path from 'node:path';
import YAML from 'yaml';
import { configTreeProblem } from '../sweep/configTree';
import { jsonNestingProblem, yamlNestingProblem, type NestingProblem } from '../sweep/textNesting';
import { badInput } from './errors';

export type ConfigFormat = 'json' | 'yaml';

export function formatOf(name: string): ConfigFormat | null {
  const ext = path.extname(name).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  return null;
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** The offset of the first JSON syntax error in `text` (text.length if it ends too soon). */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const literal = (word: string) => (text.startsWith(word, i) ? (i += word.length) : fail());
  const string = () => {
    i++; // opening quote
    while (i < text.length && text[i] !== '"') {
      if (text.charCodeAt(i) < 0x20) fail();
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) fail();
      }
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m) fail();
    i += m![0].length;
  };
  const list = (close: string, item: () => void) => {
    i++;
    ws();
    if (text[i] === close) return void i++;
    for (;;) {
      item();
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === close) return void i++;
      fail();
    }
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{')
      list('}', () => {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
      });
    else if (c === '[') list(']', value);
    else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else number();
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
  } catch (at) {
    if (typeof at === 'number') return Math.min(at, text.length);
    throw at;
  }
  return text.length;
}

function tooDeep(name: string, deep: NestingProblem) {
  const where = `line ${deep.line}, column ${deep.column}`;
  return badInput(`${name}: ${where}: ${deep.message}`, [{ path: '(file)', message: `${where}: ${deep.message}` }]);
}

function parseJson(name: string, raw: string): unknown {
  const text = raw.replace(/^\uFEFF/, ''); // editors on Windows like to start files with a BOM
  // First: jsonErrorOffset recurses once per bracket.
  const deep = jsonNestingProblem(text);
  if (deep) throw tooDeep(name, deep);
  try {
    return JSON.parse(text);
  } catch (e) {
    const { line, column } = lineColumn(text, jsonErrorOffset(text));
    const reason = (e as Error).message.replace(/, ".*" is not valid JSON$/s, '').replace(/ in JSON at position \d+.*$/s, '');
    throw badInput(`${name}: not valid JSON at line ${line}, column ${column}: ${reason}`, [{ path: '(file)', message: `line ${line}, column ${column}: ${reason}` }]);
  }
}

function parseYaml(name: string, text: string): unknown {
  const deep = yamlNestingProblem(text);
  if (deep) throw tooDeep(name, deep);
  try {
    return YAML.parse(text, { prettyErrors: true, uniqueKeys: true });
  } catch (e) {
    const err = e as Error & { linePos?: { line: number; col: number }[] };
    const pos = err.linePos?.[0];
    const reason = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    const where = pos ? `line ${pos.line}, column ${pos.col}` : null;
    throw badInput(`${name}: not valid YAML${where ? ` at ${where}` : ''}: ${reason}`, [{ path: '(file)', message: where ? `${where}: ${reason}` : reason }]);
  }
}

/** A config file's text → the object the form edits (not yet validated as a config). */
export function parseConfigFile(name: string, text: string): Record<string, unknown> {
  const format = formatOf(name);
  if (!format) throw badInput(`name: "${name}" must end in .json, .yaml or .yml`, [{ path: 'name', message: 'must end in .json, .yaml or .yml' }]);
  const value = format === 'json' ? parseJson(name, text) : parseYaml(name, text);
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw badInput(`${name}: a sweep config must be an object with name, dataset, model and train`, [{ path: '(file)', message: 'must be an object with name, dataset, model and train' }]);
  // JSON.parse keeps `__proto__` as an own key, which the form would carry along: refused by name.
  const tree = configTreeProblem(value);
  if (tree) throw badInput(`${name}: ${tree.path}: ${tree.message}`, [tree]);
  return value as Record<string, unknown>;
}

/** `My LR sweep!` → `my-lr-sweep`: a file name that works on every platform. */
export function fileStem(name: unknown): string {
  const stem = typeof name === 'string' ? name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '') : '';
  return stem.slice(0, 100) || 'sweep';
}

export function formatConfigFile(config: Record<string, unknown>, format: ConfigFormat): { filename: string; mime: string; text: string } {
  // Before stringifying, which recurses: a deep payload overflowed the stack (HTTP 500).
  const tree = configTreeProblem(config);
  if (tree) throw badInput(`config: ${tree.path}: ${tree.message}`, [{ ...tree, path: tree.path === '(config)' ? 'config' : `config.${tree.path}` }]);
  const stem = fileStem(config.name);
  if (format === 'json') return { filename: `${stem}.json`, mime: 'application/json', text: `${JSON.stringify(config, null, 2)}\n` };
  return { filename: `${stem}.yaml`, mime: 'application/yaml', text: YAML.stringify(config, { lineWidth: 0 }) };
}
