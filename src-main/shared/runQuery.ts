/**
 * The runs table's query language, one definition for the GUI's filter box and the CLI's
 * `--filter`. Space-separated terms, all of which must hold:
 *
 *   key=value   key!=value   exact: `hidden=10` matches [10], not [100]; `lr=0.01`; `status=failed`
 *   key>n  key>=n  key<n  key<=n   numbers; accuracies are fractions (`val_acc>0.9`) or `val_acc>90%`
 *   tag=foo  tag!=foo   starred (or star)   a bare word: substring of the row's text
 *
 * A key is a swept key by full name (`model.hidden`) or last segment (`hidden`), a column
 * (`status`, `backend`, `duration_s`) or a metric (`val_acc`). A term that cannot mean
 * anything (an unknown key, `lr>abc`) is reported and ignored, never matches nothing in
 * silence. Pure: no DOM, no Node.
 */
export type QueryOp = '=' | '!=' | '>' | '>=' | '<' | '<=';

export type QueryTerm =
  | { kind: 'compare'; text: string; key: string; op: QueryOp; value: string; number: number | null }
  | { kind: 'tag'; text: string; value: string; negate: boolean }
  | { kind: 'starred'; text: string }
  | { kind: 'word'; text: string; value: string };

export interface QueryProblem {
  /** The term as typed. */
  term: string;
  message: string;
}

export interface ParsedQuery {
  terms: QueryTerm[];
  problems: QueryProblem[];
}

/** What a row offers the query: its values by key, tags, star and searchable text. */
export interface QueryRow {
  valueOf(key: string): unknown;
  tags: readonly string[];
  starred: boolean;
  /** Lower-case text a bare word is searched in. */
  search: string;
}

const TERM = /^([A-Za-z_][\w.-]*)(!=|>=|<=|=|>|<)(.*)$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?%?$/i;

const lastSegment = (k: string) => k.slice(k.lastIndexOf('.') + 1);

/** Keys a query may name, besides the special `tag`: the fixed columns, the swept keys, the table's columns and metrics. */
export function queryKeys(sweptKeys: readonly string[], columnKeys: readonly string[] = [], metricKeys: readonly string[] = []): string[] {
  return [...new Set(['run', 'id', 'name', 'status', 'note', ...sweptKeys, ...columnKeys, ...metricKeys])];
}

/** A typed key as a known one: exact (case-insensitive), else by last segment when only one key ends that way. */
function resolveKey(typed: string, keys: readonly string[]): { key: string } | { error: string } {
  const t = typed.toLowerCase();
  const exact = keys.find((k) => k.toLowerCase() === t);
  if (exact) return { key: exact };
  const bySegment = keys.filter((k) => lastSegment(k).toLowerCase() === t);
  if (bySegment.length === 1) return { key: bySegment[0] };
  if (bySegment.length > 1) return { error: `"${typed}" could be ${bySegment.join(' or ')}: write the full name` };
  return { error: `no column or parameter "${typed}" (try ${keys.filter((k) => k !== 'id').slice(0, 8).join(', ')}…)` };
}

function parseNumber(v: string): number | null {
  if (!NUMBER.test(v)) return null;
  const n = Number(v.replace(/%$/, ''));
  return v.endsWith('%') ? n / 100 : n;
}

export function parseQuery(text: string, keys: readonly string[]): ParsedQuery {
  const terms: QueryTerm[] = [];
  const problems: QueryProblem[] = [];
  for (const raw of text.trim().split(/\s+/).filter(Boolean)) {
    const lower = raw.toLowerCase();
    if (lower === 'starred' || lower === 'star') {
      terms.push({ kind: 'starred', text: raw });
      continue;
    }
    const m = TERM.exec(raw);
    if (!m) {
      terms.push({ kind: 'word', text: raw, value: lower });
      continue;
    }
    const [, typedKey, op, value] = m as unknown as [string, string, QueryOp, string];
    if (!value) {
      problems.push({ term: raw, message: `${raw}: a value is missing after ${op}` });
      continue;
    }
    if (typedKey.toLowerCase() === 'tag' || typedKey.toLowerCase() === 'tags') {
      if (op !== '=' && op !== '!=') problems.push({ term: raw, message: `${raw}: tags take = or !=` });
      else terms.push({ kind: 'tag', text: raw, value: value.toLowerCase(), negate: op === '!=' });
      continue;
    }
    const resolved = resolveKey(typedKey, keys);
    if ('error' in resolved) {
      problems.push({ term: raw, message: `${raw}: ${resolved.error}` });
      continue;
    }
    const number = parseNumber(value);
    const ordered = op !== '=' && op !== '!=';
    if (ordered && number === null) {
      problems.push({ term: raw, message: `${raw}: ${op} needs a number, not "${value}"` });
      continue;
    }
    // An accuracy above 1 without a % sign is a percentage typed as a fraction: it would match nothing.
    if (number !== null && !value.endsWith('%') && number > 1 && /acc$/.test(resolved.key)) {
      problems.push({ term: raw, message: `${raw}: accuracies are fractions (0.9) or percentages (90%)` });
      continue;
    }
    terms.push({ kind: 'compare', text: raw, key: resolved.key, op, value, number });
  }
  return { terms, problems };
}

/** A cell or param value as one number, when it is one (`[10]`, a one-layer width, counts as 10). */
function asNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (Array.isArray(v) && v.length === 1) return asNumber(v[0]);
  return null;
}

/** The ways a value may be written: `64-32`, `64,32`, `[64,32]` for layers; text case-insensitively. */
function spellings(v: unknown): string[] {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) return [v.join('-'), v.join(','), JSON.stringify(v)].map((s) => s.toLowerCase());
  return [String(v).toLowerCase()];
}

function equals(v: unknown, term: Extract<QueryTerm, { kind: 'compare' }>): boolean {
  const n = asNumber(v);
  if (term.number !== null && n !== null) return n === term.number;
  return spellings(v).includes(term.value.toLowerCase());
}

function holds(term: QueryTerm, row: QueryRow): boolean {
  switch (term.kind) {
    case 'starred':
      return row.starred;
    case 'word':
      return row.search.includes(term.value);
    case 'tag': {
      const has = row.tags.some((t) => t.toLowerCase() === term.value);
      return term.negate ? !has : has;
    }
    case 'compare': {
      const v = row.valueOf(term.key);
      if (term.op === '=') return equals(v, term);
      if (term.op === '!=') return !equals(v, term);
      const n = asNumber(v);
      if (n === null || term.number === null) return false;
      switch (term.op) {
        case '>':
          return n > term.number;
        case '>=':
          return n >= term.number;
        case '<':
          return n < term.number;
        case '<=':
          return n <= term.number;
      }
    }
  }
}

/** Whether the row meets every term (terms with problems were dropped by parseQuery). */
export function matchesQuery(query: ParsedQuery, row: QueryRow): boolean {
  return query.terms.every((t) => holds(t, row));
}

/** What a run record offers a query, for callers without a table (the CLI). */
export interface QueryRun {
  id: number;
  status: string;
  name?: string | null;
  note?: string | null;
  tags?: readonly string[];
  starred?: boolean;
  backend?: string | null;
  error?: string | null;
  params: Record<string, unknown>;
  metrics: Record<string, number | null>;
}

/**
 * A run as a query row: params first, then `cells` (the table's columns: best_epoch,
 * duration_s, …), then its latest metrics.
 */
export function runQueryRow(run: QueryRun, cells: Record<string, unknown> = {}, search?: string): QueryRow {
  const fixed: Record<string, unknown> = { run: run.id, id: run.id, name: run.name ?? null, status: run.status, note: run.note ?? null, backend: run.backend ?? null };
  return {
    valueOf(key) {
      if (key in run.params) return run.params[key];
      if (key in fixed && (key !== 'backend' || !(key in cells))) return fixed[key];
      if (key in cells) return cells[key];
      return run.metrics[key] ?? null;
    },
    tags: run.tags ?? [],
    starred: run.starred ?? false,
    search:
      search ??
      [`run ${run.id}`, `#${run.id}`, run.name ?? '', run.status, run.backend ?? '', ...Object.entries(run.params).map(([k, v]) => `${k}=${spellings(v)[0] ?? ''}`), run.error ?? '', ...(run.tags ?? [])]
        .join(' ')
        .toLowerCase(),
  };
}
