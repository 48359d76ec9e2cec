/**
 * Guards on any object a person hands us as a config (a file, a `--set`, an API
 * payload, the form), run before code that trusts its shape touches it:
 *
 * - Keys that reach into JavaScript's object machinery are refused by name.
 *   JSON.parse makes `__proto__` an ordinary own key, which zod's record then drops
 *   without a word; `constructor` looked up in a plain table finds Object's own
 *   function ("valueSchema.safeParse is not a function"); and a path through
 *   `__proto__` (`--set __proto__.polluted=1`) writes into Object.prototype for the
 *   whole process. No config field has any of these names.
 * - Nesting deeper than MAX_CONFIG_DEPTH is refused by an iterative walk, before
 *   anything recursive (zod, JSON.stringify, YAML) overflows the stack on it.
 *
 * Pure: the config schema (and so the renderer) uses it.
 */
import type { ConfigIssue } from './configSchema';
import { MAX_CONFIG_DEPTH } from './limits';

export const RESERVED_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

export function isReservedKey(key: string): boolean {
  return RESERVED_KEYS.includes(key);
}

export const RESERVED_KEY_MESSAGE = `is a reserved name: ${RESERVED_KEYS.join(', ')} cannot be used as keys`;

/** `['search', 'params', 'train.lr', 2]` → `search.params.train.lr[2]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out || '(config)';
}

/** The value at `key` when `obj` holds it itself; never one inherited from Object.prototype. */
export function ownValue(obj: object, key: PropertyKey): unknown {
  return Object.hasOwn(obj, key) ? (obj as Record<PropertyKey, unknown>)[key] : undefined;
}

/**
 * The first reserved key or over-deep nesting in `value`, or null. A node reached again
 * (YAML aliases and IPC payloads may share objects, or even loop) is walked again only
 * when reached deeper than before, so shared subtrees cost little and a loop ends at the
 * depth limit instead of running forever.
 */
export function configTreeProblem(value: unknown): ConfigIssue | null {
  const deepest = new WeakMap<object, number>();
  const stack: { node: unknown; path: PropertyKey[] }[] = [{ node: value, path: [] }];
  while (stack.length) {
    const { node, path } = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    const depth = path.length + 1;
    // Named by the field it starts under: the full path would be 33 segments long.
    if (depth > MAX_CONFIG_DEPTH) return { path: formatPath(path.slice(0, 3)), message: `nested more than ${MAX_CONFIG_DEPTH} levels deep` };
    if ((deepest.get(node) ?? 0) >= depth) continue;
    deepest.set(node, depth);
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) if (typeof node[i] === 'object' && node[i] !== null) stack.push({ node: node[i], path: [...path, i] });
      continue;
    }
    const keys = Object.keys(node);
    const reserved = keys.find(isReservedKey);
    if (reserved !== undefined) return { path: formatPath([...path, reserved]), message: RESERVED_KEY_MESSAGE };
    for (let i = keys.length - 1; i >= 0; i--) {
      const child = (node as Record<string, unknown>)[keys[i]];
      if (typeof child === 'object' && child !== null) stack.push({ node: child, path: [...path, keys[i]] });
    }
  }
  return null;
}
