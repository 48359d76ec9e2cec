/**
 * Config files as text: the one reader (and writer) for every door. The CLI reads a file
 * with it, the API's parseConfig (the form's "Open config…") and formatConfig use it,
 * so a file is accepted or refused the same way wherever it is opened; two parsers once
 * disagreed, and the GUI silently dropped keys the CLI refused.
 *
 * The format is the file's extension. JSON is read strictly (no comments, no trailing
 * commas), as every other tool reads a .json file: jsonc-parser finds where a syntax
 * error is (JSON.parse rarely says), JSON.parse builds the value (it keeps `__proto__`
 * as an ordinary key, which the tree check then refuses by name). YAML is read by
 * `yaml`, which reports its own positions. Before either parser runs: the size limit and
 * the nesting depth (both parsers recurse; textNesting.ts scans without recursing).
 * After: a key given twice is refused in both formats (JSON.parse would keep the last
 * one without a word), and so are reserved keys and deep objects (configTree.ts).
 *
 * A syntax error is reported alone, at its line and column: past it the parser is
 * guessing, and what it reports next is mostly an echo of the first mistake.
 */
import path from 'node:path';
import { printParseErrorCode, visit, type ParseErrorCode } from 'jsonc-parser';
import YAML, { isAlias, isMap, isScalar, isSeq, LineCounter, type Document } from 'yaml';
import { sweepConfigSchema, toConfigIssues, type ConfigIssue } from './configSchema';
import { ConfigError, configError, describeProblems, WHOLE_FILE } from './configIssues';
import { configTreeProblem, formatPath } from './configTree';
import { MAX_CONFIG_BYTES } from './limits';
import { jsonNestingProblem, yamlNestingProblem } from './textNesting';

export type ConfigFormat = 'json' | 'yaml';

export function formatOf(name: string): ConfigFormat | null {
  const ext = path.extname(name).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  return null;
}

const at = (line: number, column: number) => `line ${line}, column ${column}`;
const count = (n: number) => n.toLocaleString('en-US');

/** The value of a text, or why there is none. */
type Read = { ok: true; value: unknown } | { ok: false; issues: ConfigIssue[] };

/** jsonc-parser's error codes, said the way a person fixes them. */
const JSON_ERRORS: Record<string, string> = {
  InvalidSymbol: 'unexpected text',
  InvalidNumberFormat: 'not a valid number',
  PropertyNameExpected: 'expected a key in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected a colon after the key',
  CommaExpected: 'expected a comma',
  CloseBraceExpected: 'expected } to close the object',
  CloseBracketExpected: 'expected ] to close the list',
  EndOfFileExpected: 'unexpected text after the end of the config',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'a comment is not closed',
  UnexpectedEndOfString: 'a string is not closed (missing ")',
  UnexpectedEndOfNumber: 'a number ends too soon',
  InvalidUnicode: 'a \\u escape needs four hex digits',
  InvalidEscapeCharacter: 'not a valid escape in a string',
  InvalidCharacter: 'a control character in a string (write it escaped, e.g. \\t)',
};

function jsonSyntaxMessage(text: string, code: ParseErrorCode, offset: number, length: number): string {
  const name = printParseErrorCode(code);
  // A comma before a closing bracket is the usual cause of "expected a key/value" there.
  if ((name === 'PropertyNameExpected' || name === 'ValueExpected') && /[}\]]/.test(text[offset] ?? '') && text.slice(0, offset).trimEnd().endsWith(','))
    return 'a trailing comma (JSON allows none before a closing bracket)';
  const found = text.slice(offset, offset + Math.min(length, 20));
  if (name === 'InvalidSymbol' && found) return `unexpected ${JSON.stringify(found)}`;
  return JSON_ERRORS[name] ?? name;
}

function readJson(text: string): Read {
  let syntax: ConfigIssue | null = null;
  const duplicates: ConfigIssue[] = [];
  const keysOf: Set<string>[] = [];
  visit(
    text,
    {
      onObjectBegin: () => void keysOf.push(new Set()),
      onObjectEnd: () => void keysOf.pop(),
      onObjectProperty(name, _offset, _length, line, character, pathOf) {
        const keys = keysOf[keysOf.length - 1];
        if (keys?.has(name)) duplicates.push({ path: formatPath([...pathOf(), name]), message: `appears more than once (again at ${at(line + 1, character + 1)})` });
        keys?.add(name);
      },
      onError(code, offset, length, line, character) {
        syntax ??= { path: at(line + 1, character + 1), message: `not valid JSON: ${jsonSyntaxMessage(text, code, offset, length)}` };
      },
    },
    { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
  );
  if (syntax) return { ok: false, issues: [syntax] };
  if (duplicates.length) return { ok: false, issues: duplicates };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    // Only if the two parsers ever disagree on what is JSON.
    return { ok: false, issues: [{ path: WHOLE_FILE, message: `not valid JSON: ${(e as Error).message}` }] };
  }
}

/**
 * Keys given twice in one mapping, and aliases with no anchor before them: walked on the
 * document (nesting already bounded), with the paths the schema would use.
 */
function yamlContentIssues(doc: Document, lines: LineCounter): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const where = (offset: number | undefined) => {
    const pos = lines.linePos(offset ?? 0);
    return at(pos.line, pos.col);
  };
  const stack: { node: unknown; path: (string | number)[] }[] = [{ node: doc.contents, path: [] }];
  while (stack.length) {
    const { node, path: p } = stack.pop()!;
    if (isAlias(node)) {
      if (!node.resolve(doc)) issues.push({ path: formatPath(p), message: `the alias *${node.source} has no anchor &${node.source} before it (${where(node.range?.[0])})` });
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => stack.push({ node: item, path: [...p, i] }));
    } else if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        if (seen.has(key)) issues.push({ path: formatPath([...p, key]), message: `appears more than once (again at ${where(pair.key.range?.[0])})` });
        seen.add(key);
        stack.push({ node: pair.value, path: [...p, key] });
      }
    }
  }
  return issues;
}

function readYaml(text: string): Read {
  const lines = new LineCounter();
  // uniqueKeys off: duplicates are found below, by path, as they are for JSON.
  const doc = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: false, lineCounter: lines });
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0] ?? lines.linePos(first.pos[0]);
    const reason =
      first.code === 'MULTIPLE_DOCS' ? 'a config file holds one document, and this one starts a second (---)' : first.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    return { ok: false, issues: [{ path: at(pos.line, pos.col), message: `not valid YAML: ${reason}` }] };
  }
  const issues = yamlContentIssues(doc, lines);
  if (issues.length) return { ok: false, issues };
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: 100 }) };
  } catch (e) {
    // Aliases expanding past maxAliasCount: a "billion laughs" file.
    return { ok: false, issues: [{ path: WHOLE_FILE, message: `not valid YAML: ${(e as Error).message}` }] };
  }
}

/**
 * A config file's text → the object it holds, not yet checked against the schema.
 * `source` is how the file is named in messages, and its extension picks the format.
 * Throws a ConfigError listing the problems.
 */
export function parseConfigText(text: string, source: string): Record<string, unknown> {
  function refuse(issues: ConfigIssue[]): never {
    throw configError(source, issues);
  }
  const format = formatOf(source);
  if (!format) refuse([{ path: WHOLE_FILE, message: 'the name must end in .json, .yaml or .yml (it says which format the file is in)' }]);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_CONFIG_BYTES) refuse([{ path: WHOLE_FILE, message: `${count(bytes)} bytes is too large for a config file (at most ${count(MAX_CONFIG_BYTES)} bytes)` }]);
  const body = text.replace(/^\uFEFF/, ''); // editors on Windows like to start files with a BOM
  const deep = format === 'json' ? jsonNestingProblem(body) : yamlNestingProblem(body);
  if (deep) refuse([{ path: at(deep.line, deep.column), message: deep.message }]);
  const read = format === 'json' ? readJson(body) : readYaml(body);
  if (!read.ok) refuse(read.issues);
  const value = read.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) refuse([{ path: WHOLE_FILE, message: 'must be an object with name, dataset, model and train' }]);
  const tree = configTreeProblem(value);
  if (tree) refuse([tree]);
  return value as Record<string, unknown>;
}

/**
 * A config file opened to be edited in the form: what parseConfigText accepts, except a
 * file with a key the schema does not know. The form has no field for such a key and
 * would drop it without a word (`activaton: relu` loaded, then launched without it),
 * where the CLI refuses the file; so it is refused here with every problem the CLI would
 * list. Other invalid values still open: the form shows them on their fields.
 */
export function parseConfigForEditing(text: string, source: string): Record<string, unknown> {
  const value = parseConfigText(text, source);
  const checked = sweepConfigSchema.safeParse(value);
  if (!checked.success && checked.error.issues.some((i) => i.code === 'unrecognized_keys')) throw configError(source, toConfigIssues(checked.error, value));
  return value;
}

/** `My LR sweep!` → `my-lr-sweep`: a file name that works on every platform. */
export function fileStem(name: unknown): string {
  const stem = typeof name === 'string' ? name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '') : '';
  return stem.slice(0, 100) || 'sweep';
}

/** A config as a file to save, that parseConfigText reads back to the same object. */
export function formatConfigText(config: Record<string, unknown>, format: ConfigFormat): { filename: string; mime: string; text: string } {
  // Before stringifying, which recurses: a deep payload overflowed the stack (HTTP 500).
  const tree = configTreeProblem(config);
  // The issue's path is a field of the API's payload, where the config is `config`.
  if (tree) throw new ConfigError(describeProblems('config', [tree]), [{ ...tree, path: tree.path === '(config)' ? 'config' : `config.${tree.path}` }]);
  const stem = fileStem(config.name);
  if (format === 'json') return { filename: `${stem}.json`, mime: 'application/json', text: `${JSON.stringify(config, null, 2)}\n` };
  return { filename: `${stem}.yaml`, mime: 'application/yaml', text: YAML.stringify(config, { lineWidth: 0 }) };
}
