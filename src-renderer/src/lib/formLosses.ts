/**
 * What the New sweep form would lose of an opened file. The form holds a config as a
 * draft (configDraft.ts) with one field per setting it knows, so anything else in the
 * file (a key it has no field for, a weight decay with an optimizer that takes none, an
 * engine it does not offer) would vanish or change on loading without a word, and the
 * sweep launched would not be the one in the file. Opening such a file is refused
 * instead, naming each such value; the CLI refuses unknown keys just the same.
 */
import { validateSweepConfig, type ConfigIssue } from '../shared';
import { defaultDraft, fromConfig, toConfig } from './configDraft';

interface Change {
  path: string;
  was: unknown;
  now: unknown;
}

const isEmpty = (v: unknown) => v === null || v === undefined;
const isContainer = (v: unknown): v is Record<string, unknown> | unknown[] => typeof v === 'object' && v !== null;
const childOf = (v: unknown, key: string | number): unknown => (isContainer(v) && Object.hasOwn(v, key) ? (v as Record<string | number, unknown>)[key] : undefined);
/** The schema's way of writing paths: `search.params.train.lr[2]`. */
const join = (path: string, key: string | number) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key);

/** Each value in `file` that `form` does not hold the same; null and missing are alike. */
function changes(file: unknown, form: unknown, path = ''): Change[] {
  if (isEmpty(file)) return [];
  if (!isContainer(file)) return file === form ? [] : [{ path, was: file, now: form }];
  const entries: [string | number, unknown][] = Array.isArray(file) ? file.map((v, i) => [i, v]) : Object.entries(file);
  return entries.flatMap(([key, value]) => changes(value, childOf(form, key), join(path, key)));
}

function show(v: unknown): string {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** What the schema fills in when a config leaves it out; a form leaving it out loses nothing. */
let defaults: unknown;
function schemaDefault(path: string): unknown {
  if (defaults === undefined) {
    const d = validateSweepConfig(toConfig(defaultDraft()));
    defaults = d.ok ? d.config : {};
  }
  return path.split('.').reduce<unknown>((v, key) => childOf(v, key), defaults);
}

/**
 * The values of `raw` (a parsed config file) the form would not keep, as issues. When
 * the file and the form's version of it are both valid they are compared as the sweep
 * would run them, defaults filled in; otherwise as written, where a value the form leaves
 * out is a loss unless it is the default. A value the schema refuses is named with the
 * schema's message (`model.activaton: unknown key`).
 */
export function formLosses(raw: unknown): ConfigIssue[] {
  const kept = toConfig(fromConfig(raw));
  const before = validateSweepConfig(raw);
  const after = validateSweepConfig(kept);
  const compared = before.ok && after.ok;
  const lost = compared ? changes(before.config, after.config) : changes(raw, kept).filter((c) => !(c.now === undefined && schemaDefault(c.path) === c.was));
  const schemaIssues = before.ok ? [] : before.issues;
  return lost.map(({ path, was, now }) => {
    const refused = schemaIssues.find((i) => path === i.path || path.startsWith(`${i.path}.`) || path.startsWith(`${i.path}[`));
    if (refused) return { path, message: refused.message };
    return { path, message: `the form cannot keep this value (${show(was)}): it would ${isEmpty(now) ? 'be left out' : `become ${show(now)}`}` };
  });
}
