/**
 * The text of a "list of values" search parameter, both ways: `0.001, 0.01, 3e-2`,
 * `[64], [128, 64]`, `sgd, adam`. Commas inside brackets belong to the value, so layer
 * lists can be written as JSON arrays; bare words are strings.
 */

/** Splits at commas outside brackets and quotes. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') depth = Math.max(0, depth - 1);
    else if ((ch === ',' || ch === ';') && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

export function parseValue(token: string): unknown {
  const n = Number(token);
  if (token !== '' && Number.isFinite(n)) return n;
  try {
    return JSON.parse(token);
  } catch {
    return token;
  }
}

export function parseValues(text: string): unknown[] {
  return splitTopLevel(text).map(parseValue);
}

export function formatValue(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export function formatValues(values: readonly unknown[]): string {
  return values.map(formatValue).join(', ');
}
